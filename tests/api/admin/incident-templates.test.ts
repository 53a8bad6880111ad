import { describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { call, pointersOf, rawCall } from './http.ts';

const component = async (t: TestApp, name: string) =>
  (await call(t, 'POST', '/admin/v1/components', { name })).body as { id: string };

const template = async (t: TestApp, body: Record<string, unknown>) => {
  const answer = await call(t, 'POST', '/admin/v1/incident-templates', body);
  expect(answer.status).toBe(201);
  return answer.body as { id: string };
};

const auditActions = async (t: TestApp, id: string) =>
  (await call(t, 'GET', `/admin/v1/audit-log?resource_type=incident_template&resource_id=${id}`)).body.map(
    (entry: { action: string }) => entry.action,
  );

describe('incident templates', () => {
  test('are created, listed, changed and deleted, each change audited', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const created = await template(t, {
      name: 'Database failover',
      title: 'Degraded database',
      body: 'We are failing over the **primary** database.',
      status: 'identified',
      impact: 'major',
      components: { [api.id]: 'degraded_performance' },
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^tpl_/),
      name: 'Database failover',
      title: 'Degraded database',
      status: 'identified',
      impact: 'major',
      components: { [api.id]: 'degraded_performance' },
    });
    expect((await call(t, 'GET', '/admin/v1/incident-templates')).body).toEqual([created]);
    const changed = await call(t, 'PATCH', `/admin/v1/incident-templates/${created.id}`, {
      title: null,
      impact: 'critical',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: null, impact: 'critical', name: 'Database failover' });
    expect((await call(t, 'GET', `/admin/v1/incident-templates/${created.id}`)).body).toEqual(changed.body);
    expect((await call(t, 'DELETE', `/admin/v1/incident-templates/${created.id}`)).status).toBe(204);
    expect((await call(t, 'GET', `/admin/v1/incident-templates/${created.id}`)).status).toBe(404);
    expect((await auditActions(t, created.id)).sort()).toEqual([
      'incident_template.create',
      'incident_template.delete',
      'incident_template.update',
    ]);
  });

  test('refuse bad fields with a 400 naming each one, and write nothing', async () => {
    const t = await createTestApp();
    const before = t.changes.count;
    const refused = await call(t, 'POST', '/admin/v1/incident-templates', {
      name: '   ',
      title: 'Bad\u0007title',
      body: '>'.repeat(5000),
      status: 'postmortem',
      components: { cmp_nope: 'major_outage' },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(pointersOf(refused.body)).toEqual(['/body', '/name', '/status', '/title']);
    const unknownComponent = await call(t, 'POST', '/admin/v1/incident-templates', {
      name: 'Ghost',
      components: { cmp_nope: 'major_outage' },
    });
    expect(unknownComponent.status).toBe(400);
    expect(pointersOf(unknownComponent.body)).toEqual(['/components/cmp_nope']);
    expect((await call(t, 'GET', '/admin/v1/incident-templates')).body).toEqual([]);
    expect(t.changes.count).toBe(before);
  });

  test('refuse a second template of the same name with 409', async () => {
    const t = await createTestApp();
    await template(t, { name: 'Outage' });
    expect((await call(t, 'POST', '/admin/v1/incident-templates', { name: 'Outage' })).status).toBe(409);
  });

  test('open an incident: the template fills what the request leaves out, the request wins', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const web = await component(t, 'Web');
    const tpl = await template(t, {
      name: 'Elevated errors',
      title: 'Elevated error rates',
      body: 'We are looking into elevated error rates.',
      status: 'investigating',
      impact: 'minor',
      components: { [api.id]: 'partial_outage' },
    });
    const fromTemplate = await call(t, 'POST', '/admin/v1/incidents', { template_id: tpl.id });
    expect(fromTemplate.status).toBe(201);
    expect(fromTemplate.body).toMatchObject({
      name: 'Elevated error rates',
      status: 'investigating',
      impact: 'minor',
    });
    expect(fromTemplate.body.incident_updates[0].body).toBe('We are looking into elevated error rates.');
    expect(fromTemplate.body.component_ids).toEqual([api.id]);

    const overridden = await call(t, 'POST', '/admin/v1/incidents', {
      template_id: tpl.id,
      name: 'Errors on the web app',
      impact: 'major',
      components: { [web.id]: 'major_outage' },
    });
    expect(overridden.status).toBe(201);
    expect(overridden.body).toMatchObject({
      name: 'Errors on the web app',
      impact: 'major',
      status: 'investigating',
    });
    expect(overridden.body.component_ids).toEqual([web.id]);
  });

  test('post an update from a template; a component deleted since simply drops out', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const gone = await component(t, 'Legacy');
    const incident = (
      await call(t, 'POST', '/admin/v1/incidents', {
        name: 'Down',
        status: 'investigating',
        impact: 'critical',
        message: 'Looking.',
        components: { [api.id]: 'major_outage' },
      })
    ).body;
    const tpl = await template(t, {
      name: 'Fixed',
      body: 'A fix is **deployed**; we are watching.',
      status: 'monitoring',
      components: { [api.id]: 'degraded_performance', [gone.id]: 'degraded_performance' },
    });
    expect((await call(t, 'DELETE', `/admin/v1/components/${gone.id}`)).status).toBe(204);
    const posted = await call(t, 'POST', `/admin/v1/incidents/${incident.id}/updates`, {
      template_id: tpl.id,
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      status: 'monitoring',
      body: 'A fix is **deployed**; we are watching.',
    });
    expect((await call(t, 'GET', `/admin/v1/components/${api.id}`)).body.status).toBe('degraded_performance');
    const withOwnMessage = await call(t, 'POST', `/admin/v1/incidents/${incident.id}/updates`, {
      template_id: tpl.id,
      message: 'Still watching.',
    });
    expect(withOwnMessage.body).toMatchObject({ status: 'monitoring', body: 'Still watching.' });
  });

  test('name the missing field when neither the request nor the template gives it, and write nothing', async () => {
    const t = await createTestApp();
    const tpl = await template(t, { name: 'Only a title', title: 'Something is off' });
    const before = t.changes.count;
    const refused = await call(t, 'POST', '/admin/v1/incidents', { template_id: tpl.id, impact: 'minor' });
    expect(refused.status).toBe(400);
    expect(pointersOf(refused.body)).toEqual(['/message', '/status']);
    const unknown = await call(t, 'POST', '/admin/v1/incidents', { template_id: 'tpl_missing' });
    expect(unknown.status).toBe(400);
    expect(pointersOf(unknown.body)).toEqual(['/template_id']);
    const bare = await call(t, 'POST', '/admin/v1/incidents', { name: 'No template' });
    expect(bare.status).toBe(400);
    expect(pointersOf(bare.body)).toEqual(['/impact', '/message', '/status']);
    expect((await call(t, 'GET', '/admin/v1/incidents')).body).toEqual([]);
    expect(t.changes.count).toBe(before);
  });

  test('are open to responder tokens', async () => {
    const t = await createTestApp();
    const issued = (await call(t, 'POST', '/admin/v1/tokens', { name: 'on call', scope: 'responder' })).body;
    const headers = { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json' };
    const created = await rawCall(t, 'POST', '/admin/v1/incident-templates', {
      headers,
      body: JSON.stringify({
        name: 'Quick',
        title: 'Outage',
        body: 'Down.',
        status: 'investigating',
        impact: 'major',
      }),
    });
    expect(created.status).toBe(201);
    const opened = await rawCall(t, 'POST', '/admin/v1/incidents', {
      headers,
      body: JSON.stringify({ template_id: created.body.id }),
    });
    expect(opened.status).toBe(201);
  });
});
