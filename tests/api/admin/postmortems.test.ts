// The post-mortem routes' rules: what is refused (400 naming the field, 404, 409, 403) changes
// nothing; every accepted change is audited.
import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { ensurePage } from '../../../api/services/page.ts';
import { publishPostmortem } from '../../../api/services/postmortems.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { countRows } from '../../support/factories.ts';

const TABLES = ['postmortems', 'postmortem_incidents', 'postmortem_versions', 'audit_log', 'outbox'];

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field.
type Json = Record<string, any>;

async function json(response: Response) {
  return { status: response.status, body: (await response.json()) as Json };
}

async function resolvedIncident(t: TestApp, name = 'Outage') {
  const created = await json(
    await t.admin('POST', '/admin/v1/incidents', {
      name,
      status: 'investigating',
      impact: 'major',
      message: 'Looking.',
    }),
  );
  await t.admin('POST', `/admin/v1/incidents/${created.body.id}/updates`, {
    status: 'resolved',
    message: 'Fixed.',
  });
  return created.body.id as string;
}

const draft = {
  body: '## Summary\n\nIt broke.',
  action_items: [{ title: 'Fix it', status: 'planned', due_on: '2026-12-15' }],
};

describe('post-mortem routes', () => {
  it('refuses bad drafts with 400 naming the field, and changes nothing', async () => {
    const t = await createTestApp();
    const id = await resolvedIncident(t);
    const other = await resolvedIncident(t, 'Other');
    const before = await countRows(t.db, TABLES);
    const cases: Array<[unknown, string]> = [
      [{ action_items: [] }, '/body'],
      [{ body: '   ' }, '/body'],
      [{ body: 'x\u0000y' }, '/body'],
      [{ ...draft, action_items: [{ title: 'x', status: 'finished' }] }, '/action_items/0/status'],
      [
        { ...draft, action_items: [{ title: 'x', status: 'done', due_on: '2026-02-30' }] },
        '/action_items/0/due_on',
      ],
      [
        { ...draft, action_items: [{ title: 'x', status: 'done', due_on: '15/12/2026' }] },
        '/action_items/0/due_on',
      ],
      [{ ...draft, action_items: [{ title: '', status: 'done' }] }, '/action_items/0/title'],
      [{ ...draft, extra: 1 }, ''],
      [{ ...draft, incident_ids: ['inc_missing', id] }, '/incident_ids/0'],
      [{ ...draft, incident_ids: [] }, '/incident_ids'],
    ];
    for (const [body, pointer] of cases) {
      const answer = await json(await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, body));
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const pointers = (answer.body.errors ?? []).map((error: { pointer: string }) => error.pointer);
      if (pointer) expect(pointers, JSON.stringify(body)).toContain(pointer);
    }
    const withoutPath = await json(
      await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, { ...draft, incident_ids: [other] }),
    );
    expect(withoutPath.status).toBe(400);
    expect(withoutPath.body.errors[0].pointer).toBe('/incident_ids');
    expect(await countRows(t.db, TABLES)).toEqual(before);
  });

  it('answers 404 for an unknown incident', async () => {
    const t = await createTestApp();
    expect((await t.admin('GET', '/admin/v1/incidents/inc_nope/postmortem')).status).toBe(404);
    expect((await t.admin('PUT', '/admin/v1/incidents/inc_nope/postmortem', draft)).status).toBe(404);
    expect((await t.admin('GET', '/admin/v1/incidents/inc_nope/postmortem/preview')).status).toBe(404);
    expect((await t.admin('POST', '/admin/v1/incidents/inc_nope/postmortem/publish', {})).status).toBe(404);
  });

  it('refuses to publish without a draft, for an open incident, or with nothing new (409)', async () => {
    const t = await createTestApp();
    const id = await resolvedIncident(t);
    expect((await t.admin('POST', `/admin/v1/incidents/${id}/postmortem/publish`, {})).status).toBe(409);
    const open = await json(
      await t.admin('POST', '/admin/v1/incidents', {
        name: 'Open',
        status: 'investigating',
        impact: 'minor',
        message: 'x',
      }),
    );
    await t.admin('PUT', `/admin/v1/incidents/${open.body.id}/postmortem`, draft);
    const early = await json(
      await t.admin('POST', `/admin/v1/incidents/${open.body.id}/postmortem/publish`, {}),
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('Resolve');
    expect((await t.admin('GET', `/admin/v1/incidents/${open.body.id}`)).status).toBe(200);
    await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, draft);
    expect((await t.admin('POST', `/admin/v1/incidents/${id}/postmortem/publish`, {})).status).toBe(200);
    expect((await t.admin('POST', `/admin/v1/incidents/${id}/postmortem/publish`, {})).status).toBe(409);
  });

  it('refuses an incident already covered by another post-mortem (409)', async () => {
    const t = await createTestApp();
    const first = await resolvedIncident(t, 'One');
    const second = await resolvedIncident(t, 'Two');
    expect((await t.admin('PUT', `/admin/v1/incidents/${second}/postmortem`, draft)).status).toBe(200);
    const taken = await t.admin('PUT', `/admin/v1/incidents/${first}/postmortem`, {
      ...draft,
      incident_ids: [first, second],
    });
    expect(taken.status).toBe(409);
    expect((await json(await t.admin('GET', `/admin/v1/incidents/${first}/postmortem`))).body.state).toBe(
      'new',
    );
  });

  it('refuses to publish, writing nothing, when an incident is reopened between the check and the write', async () => {
    const t = await createTestApp();
    const id = await resolvedIncident(t);
    await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, draft);
    const before = await countRows(t.db, TABLES);
    // The reopen lands just before the publish's write batch, after its check of the statuses.
    let reopened = false;
    const racing = new Proxy(t.db, {
      get(target, property, receiver) {
        if (property !== 'batch') {
          const value = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (...args: Parameters<Client['batch']>) => {
          if (!reopened && args[1] === 'write') {
            reopened = true;
            await target.execute({
              sql: "UPDATE incidents SET status = 'investigating' WHERE id = ?",
              args: [id],
            });
          }
          return target.batch(...args);
        };
      },
    });
    const publishing = publishPostmortem(
      racing,
      { incident_id: id, notify: true },
      { actor: 'test', now: new Date().toISOString() },
    );
    await expect(publishing).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('reopened'),
    });
    expect(reopened).toBe(true);
    expect((await json(await t.admin('GET', `/admin/v1/incidents/${id}`))).body.status).toBe('investigating');
    expect(await countRows(t.db, TABLES)).toEqual(before);
  });

  it('deletes a published post-mortem: the incident is resolved again, the public JSON forgets it, audited', async () => {
    const t = await createTestApp();
    const id = await resolvedIncident(t);
    await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, draft);
    await t.admin('POST', `/admin/v1/incidents/${id}/postmortem/publish`, {});
    const published = await json(await t.admin('GET', `/admin/v1/incidents/${id}/postmortem`));
    // Webhook calls announcing it, queued and not sent yet (a receiver was down), and one of
    // another message, which stays.
    const now = new Date().toISOString();
    for (const [entry, key] of [
      ['obx_announces', `webhook.deliver:wh_a:${published.body.id}:v1:${id}`],
      ['obx_other', `webhook.deliver:wh_a:upd_other:${id}`],
    ])
      await t.db.execute({
        sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
              VALUES (?, 'webhook.deliver', ?, '{}', 'pending', ?, ?)`,
        args: [entry ?? '', key ?? '', now, now],
      });
    expect((await t.admin('DELETE', `/admin/v1/incidents/${id}/postmortem`)).status).toBe(204);
    const queued = await t.db.execute(
      "SELECT id, state FROM outbox WHERE kind = 'webhook.deliver' ORDER BY id",
    );
    expect(queued.rows.map((row) => [row.id, row.state])).toEqual([
      ['obx_announces', 'dead'],
      ['obx_other', 'pending'],
    ]);

    expect((await json(await t.admin('GET', `/admin/v1/incidents/${id}`))).body.status).toBe('resolved');
    // Back to a new draft from the template.
    expect((await json(await t.admin('GET', `/admin/v1/incidents/${id}/postmortem`))).body.state).toBe('new');
    await ensurePage(
      t.db,
      { name: 'Acme', url: 'https://status.acme.test', time_zone: 'UTC' },
      new Date().toISOString(),
    );
    const incidents = (await (await t.app.request('/api/v2/incidents.json')).json()) as Json;
    expect(incidents.incidents[0]).toMatchObject({ id, status: 'resolved', postmortem_body: null });
    expect(await countRows(t.db, ['postmortems', 'postmortem_incidents', 'postmortem_versions'])).toEqual({
      postmortems: 0,
      postmortem_incidents: 0,
      postmortem_versions: 0,
    });
    const audit = await json(await t.admin('GET', '/admin/v1/audit-log?resource_type=postmortem'));
    expect(audit.body[0]).toMatchObject({
      action: 'postmortem.delete',
      resource_id: published.body.id,
      after: null,
    });
    const incidentAudit = await json(await t.admin('GET', '/admin/v1/audit-log?resource_type=incident'));
    expect(incidentAudit.body[0]).toMatchObject({ action: 'incident.postmortem_deleted', resource_id: id });
    expect(incidentAudit.body[0].changes['/status']).toEqual({ before: 'postmortem', after: 'resolved' });
    expect((await t.admin('DELETE', `/admin/v1/incidents/${id}/postmortem`)).status).toBe(404);
    expect((await t.admin('DELETE', '/admin/v1/incidents/inc_missing/postmortem')).status).toBe(404);
  });

  it('keeps the status postmortem when a resolved update is posted after publication', async () => {
    const t = await createTestApp();
    const id = await resolvedIncident(t);
    await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, draft);
    await t.admin('POST', `/admin/v1/incidents/${id}/postmortem/publish`, { notify: false });
    await t.admin('POST', `/admin/v1/incidents/${id}/updates`, { status: 'resolved', message: 'A note.' });
    const incident = await json(await t.admin('GET', `/admin/v1/incidents/${id}`));
    expect(incident.body.status).toBe('postmortem');
    expect(incident.body.postmortem).toMatchObject({ version: 1, body: draft.body });
  });

  it('lets a responder write, preview and publish a post-mortem, but not mint tokens', async () => {
    const t = await createTestApp();
    const id = await resolvedIncident(t);
    const issued = await json(
      await t.admin('POST', '/admin/v1/tokens', { name: 'on call', scope: 'responder' }),
    );
    const as = (method: string, path: string, body?: unknown) =>
      t.app.request(path, {
        method,
        headers: { Authorization: `Bearer ${issued.body.token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await as('GET', `/admin/v1/incidents/${id}/postmortem`)).status).toBe(200);
    expect((await as('PUT', `/admin/v1/incidents/${id}/postmortem`, draft)).status).toBe(200);
    expect((await as('GET', `/admin/v1/incidents/${id}/postmortem/preview`)).status).toBe(200);
    expect((await as('POST', `/admin/v1/incidents/${id}/postmortem/publish`, {})).status).toBe(200);
    expect((await as('POST', '/admin/v1/tokens', { name: 'x' })).status).toBe(403);
  });

  it('audits drafts and publications with what changed', async () => {
    const t = await createTestApp();
    const id = await resolvedIncident(t);
    const saved = await json(await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, draft));
    await t.admin('PUT', `/admin/v1/incidents/${id}/postmortem`, { ...draft, body: 'Shorter.' });
    await t.admin('POST', `/admin/v1/incidents/${id}/postmortem/publish`, {});
    const entries = await json(
      await t.admin('GET', `/admin/v1/audit-log?resource_type=postmortem&resource_id=${saved.body.id}`),
    );
    const [publish, update, create] = entries.body as Json[];
    expect(create).toMatchObject({
      action: 'postmortem.create',
      after: { body: draft.body, incident_ids: [id] },
    });
    expect(update?.changes['/body']).toEqual({ before: draft.body, after: 'Shorter.' });
    expect(publish?.action).toBe('postmortem.publish');
    expect(publish?.changes['/versions/1']?.after).toMatchObject({ body: 'Shorter.', completed_items: [] });
  });
});
