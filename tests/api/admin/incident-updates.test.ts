import { describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { ALL_TABLES, countRows } from '../../support/factories.ts';
import { call, pointersOf } from './http.ts';

const component = async (t: TestApp, name: string) =>
  (await call(t, 'POST', '/admin/v1/components', { name })).body as { id: string };

const statusOf = async (t: TestApp, id: string) =>
  (await call(t, 'GET', `/admin/v1/components/${id}`)).body.status;

const openIncident = async (t: TestApp, components: Record<string, string> = {}) =>
  (
    await call(t, 'POST', '/admin/v1/incidents', {
      name: 'Elevated errors',
      status: 'investigating',
      impact: 'major',
      message: 'Looking into it.',
      components,
    })
  ).body as { id: string };

const postUpdate = (t: TestApp, incidentId: string, body: Record<string, unknown>) =>
  call(t, 'POST', `/admin/v1/incidents/${incidentId}/updates`, body);

describe('posting incident updates', () => {
  test('changes the incident status and the named components, listing only real changes', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const web = await component(t, 'Web');
    const incident = await openIncident(t, { [api.id]: 'major_outage' });
    const posted = await postUpdate(t, incident.id, {
      status: 'identified',
      message: 'Found it.',
      components: { [api.id]: 'major_outage', [web.id]: 'degraded_performance' },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ incident_id: incident.id, status: 'identified', body: 'Found it.' });
    expect(posted.body.affected_components).toEqual([
      { code: web.id, name: 'Web', old_status: 'operational', new_status: 'degraded_performance' },
    ]);
    const after = (await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).body;
    expect(after.status).toBe('identified');
    expect(after.incident_updates.map((update: { id: string }) => update.id)[0]).toBe(posted.body.id);
    expect(after.component_ids).toEqual([api.id, web.id].sort());
    expect(await statusOf(t, web.id)).toBe('degraded_performance');
    const history = await t.db.execute({
      sql: 'SELECT old_status, new_status, incident_update_id FROM component_status_changes WHERE component_id = ? AND old_status IS NOT NULL',
      args: [web.id],
    });
    expect(history.rows.map((row) => ({ ...row }))).toEqual([
      { old_status: 'operational', new_status: 'degraded_performance', incident_update_id: posted.body.id },
    ]);
  });

  test('an unknown component id in the map changes nothing at all', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const incident = await openIncident(t, { [api.id]: 'partial_outage' });
    const before = await countRows(t.db, ALL_TABLES);
    const changesBefore = t.changes.count;
    const refused = await postUpdate(t, incident.id, {
      status: 'resolved',
      message: 'Fixed.',
      components: { [api.id]: 'operational', cmp_gone: 'operational' },
    });
    expect(refused.status).toBe(400);
    expect(pointersOf(refused.body)).toEqual(['/components/cmp_gone']);
    expect(await countRows(t.db, ALL_TABLES)).toEqual(before);
    expect(await statusOf(t, api.id)).toBe('partial_outage');
    expect((await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).body.status).toBe('investigating');
    expect(t.changes.count).toBe(changesBefore);
  });

  test('resolving without a components map returns the incident components to operational', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const web = await component(t, 'Web');
    const incident = await openIncident(t, { [api.id]: 'major_outage', [web.id]: 'degraded_performance' });
    await postUpdate(t, incident.id, {
      status: 'monitoring',
      message: 'Better.',
      components: { [web.id]: 'operational' },
    });
    const resolved = await postUpdate(t, incident.id, { status: 'resolved', message: 'All good.' });
    expect(resolved.body.affected_components).toEqual([
      { code: api.id, name: 'API', old_status: 'major_outage', new_status: 'operational' },
    ]);
    expect(await statusOf(t, api.id)).toBe('operational');
    expect(await statusOf(t, web.id)).toBe('operational');
  });

  test('resolving with components {} leaves the components as they are', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const incident = await openIncident(t, { [api.id]: 'major_outage' });
    const resolved = await postUpdate(t, incident.id, {
      status: 'resolved',
      message: 'Done.',
      components: {},
    });
    expect(resolved.body.affected_components).toBeNull();
    expect(await statusOf(t, api.id)).toBe('major_outage');
  });

  test('resolving does not restore a component another unresolved incident still affects', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const web = await component(t, 'Web');
    const first = await openIncident(t, { [api.id]: 'major_outage', [web.id]: 'partial_outage' });
    await openIncident(t, { [api.id]: 'major_outage' });
    const resolved = await postUpdate(t, first.id, { status: 'resolved', message: 'Web fixed.' });
    expect(resolved.body.affected_components).toEqual([
      { code: web.id, name: 'Web', old_status: 'partial_outage', new_status: 'operational' },
    ]);
    expect(await statusOf(t, api.id)).toBe('major_outage');
  });

  test('sets monitoring_at once, sets resolved_at on resolution and clears it on reopening', async () => {
    let now = Date.parse('2026-05-01T10:00:00.000Z');
    const at = (minutes: number) =>
      new Date(Date.parse('2026-05-01T10:00:00.000Z') + minutes * 60_000).toISOString();
    const t = await createTestApp({ clock: () => new Date(now) });
    const incident = await openIncident(t);
    const step = async (minutes: number, status: string, reopen?: boolean) => {
      now = Date.parse(at(minutes));
      await postUpdate(t, incident.id, { status, message: `Now ${status}.`, ...(reopen ? { reopen } : {}) });
      return (await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).body;
    };
    expect(await step(1, 'monitoring')).toMatchObject({
      monitoring_at: at(1),
      resolved_at: null,
      updated_at: at(1),
    });
    expect(await step(2, 'identified')).toMatchObject({
      monitoring_at: at(1),
      resolved_at: null,
      updated_at: at(2),
    });
    expect(await step(3, 'monitoring')).toMatchObject({ monitoring_at: at(1), resolved_at: null });
    expect(await step(4, 'resolved')).toMatchObject({
      status: 'resolved',
      resolved_at: at(4),
      updated_at: at(4),
    });
    expect(await step(5, 'investigating', true)).toMatchObject({
      status: 'investigating',
      resolved_at: null,
    });
    expect(await step(6, 'resolved')).toMatchObject({ resolved_at: at(6) });
  });

  test('refuses to reopen a resolved incident without "reopen": true, with a 409 and no change', async () => {
    const t = await createTestApp();
    const incident = await openIncident(t);
    await postUpdate(t, incident.id, { status: 'resolved', message: 'Fixed.' });
    const before = await countRows(t.db, ALL_TABLES);
    const refused = await postUpdate(t, incident.id, { status: 'identified', message: 'Oops, wrong one.' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(refused.body)).toContain('reopen');
    expect(await countRows(t.db, ALL_TABLES)).toEqual(before);
    expect((await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).body.status).toBe('resolved');
    // Another resolving update (a correction of the wording, say) needs no flag.
    expect(
      (await postUpdate(t, incident.id, { status: 'resolved', message: 'Fixed for good.' })).status,
    ).toBe(201);
    const reopened = await postUpdate(t, incident.id, {
      status: 'identified',
      message: 'Back.',
      reopen: true,
    });
    expect(reopened.status).toBe(201);
    expect((await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).body.status).toBe('identified');
  });

  test('refuses an invalid update body naming each field', async () => {
    const t = await createTestApp();
    const incident = await openIncident(t);
    const refused = await postUpdate(t, incident.id, {
      status: 'done',
      message: '  ',
      deliver_notifications: 'yes',
    });
    expect(refused.status).toBe(400);
    expect(pointersOf(refused.body)).toEqual(['/deliver_notifications', '/message', '/status']);
  });
});

describe('correcting an update', () => {
  test('replaces the message and keeps status and time', async () => {
    let now = Date.parse('2026-05-01T10:00:00.000Z');
    const t = await createTestApp({ clock: () => new Date(now) });
    const incident = await openIncident(t);
    const posted = (await postUpdate(t, incident.id, { status: 'identified', message: 'Typo hre.' })).body;
    now += 60_000;
    const edited = await call(t, 'PATCH', `/admin/v1/incidents/${incident.id}/updates/${posted.id}`, {
      message: 'Typo here.',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id: posted.id,
      body: 'Typo here.',
      status: 'identified',
      display_at: posted.display_at,
      updated_at: new Date(now).toISOString(),
    });
    const missing = await call(t, 'PATCH', `/admin/v1/incidents/${incident.id}/updates/upd_nope`, {
      message: 'x',
    });
    expect(missing.status).toBe(404);
  });
});
