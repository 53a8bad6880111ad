import { describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { ALL_TABLES, countRows } from '../../support/factories.ts';
import { call, pointersOf } from './http.ts';

const component = async (t: TestApp, name: string, status = 'operational') =>
  (await call(t, 'POST', '/admin/v1/components', { name, status })).body as { id: string; name: string };

const openIncident = (t: TestApp, body: Record<string, unknown> = {}) =>
  call(t, 'POST', '/admin/v1/incidents', {
    name: 'Elevated errors',
    status: 'investigating',
    impact: 'major',
    message: 'We are **investigating**.',
    ...body,
  });

describe('incident creation', () => {
  test('writes the incident, its first update, the component statuses and links', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-04-01T09:00:00.000Z') });
    const api = await component(t, 'API');
    const web = await component(t, 'Web', 'degraded_performance');
    const db = await component(t, 'Database');
    const created = await openIncident(t, {
      components: { [api.id]: 'major_outage', [web.id]: 'degraded_performance', [db.id]: 'partial_outage' },
      deliver_notifications: false,
    });
    expect(created.status).toBe(201);
    const incident = created.body;
    expect(incident).toMatchObject({
      name: 'Elevated errors',
      status: 'investigating',
      impact: 'major',
      started_at: '2026-04-01T09:00:00.000Z',
      monitoring_at: null,
      resolved_at: null,
    });
    expect(incident.component_ids).toEqual([api.id, web.id, db.id].sort());
    expect(incident.incident_updates).toHaveLength(1);
    const [first] = incident.incident_updates;
    expect(first).toMatchObject({
      status: 'investigating',
      body: 'We are **investigating**.',
      deliver_notifications: false,
    });
    // Web already had that status: only real changes are listed, in the order given.
    expect(first.affected_components).toEqual([
      { code: api.id, name: 'API', old_status: 'operational', new_status: 'major_outage' },
      { code: db.id, name: 'Database', old_status: 'operational', new_status: 'partial_outage' },
    ]);
    expect((await call(t, 'GET', `/admin/v1/components/${api.id}`)).body.status).toBe('major_outage');
    const history = await t.db.execute({
      sql: 'SELECT old_status, new_status, incident_update_id FROM component_status_changes WHERE component_id = ? AND old_status IS NOT NULL',
      args: [api.id],
    });
    expect(history.rows.map((row) => ({ ...row }))).toEqual([
      { old_status: 'operational', new_status: 'major_outage', incident_update_id: first.id },
    ]);
    expect((await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).body).toEqual(incident);
  });

  test('leaves affected_components null when no component changes', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const created = await openIncident(t, { components: { [api.id]: 'operational' } });
    expect(created.body.incident_updates[0].affected_components).toBeNull();
    expect(created.body.component_ids).toEqual([api.id]);
    expect(
      (await openIncident(t, { name: 'Other' })).body.incident_updates[0].affected_components,
    ).toBeNull();
  });

  test('sets monitoring_at or resolved_at when created in that status', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-04-01T09:00:00.000Z') });
    const monitoring = (await openIncident(t, { status: 'monitoring' })).body;
    expect(monitoring).toMatchObject({ monitoring_at: '2026-04-01T09:00:00.000Z', resolved_at: null });
    const resolved = (await openIncident(t, { name: 'Past', status: 'resolved' })).body;
    expect(resolved).toMatchObject({ monitoring_at: null, resolved_at: '2026-04-01T09:00:00.000Z' });
  });

  test('backfills with started_at, normalised to UTC, and refuses a start in the future', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-04-01T09:00:00.000Z') });
    const backfilled = await openIncident(t, { status: 'resolved', started_at: '2026-03-30T10:00:00+02:00' });
    expect(backfilled.status).toBe(201);
    expect(backfilled.body).toMatchObject({
      started_at: '2026-03-30T08:00:00.000Z',
      created_at: '2026-03-30T08:00:00.000Z',
      resolved_at: '2026-03-30T08:00:00.000Z',
      updated_at: '2026-04-01T09:00:00.000Z',
    });
    expect(backfilled.body.incident_updates[0].display_at).toBe('2026-03-30T08:00:00.000Z');
    const before = await countRows(t.db, ALL_TABLES);
    const future = await openIncident(t, { started_at: '2026-04-01T09:00:01.000Z' });
    expect(future.status).toBe(400);
    expect(pointersOf(future.body)).toEqual(['/started_at']);
    expect(await countRows(t.db, ALL_TABLES)).toEqual(before);
  });

  test('answers 400 naming each unknown component id and changes nothing', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const before = await countRows(t.db, ALL_TABLES);
    const answer = await openIncident(t, {
      components: { [api.id]: 'major_outage', cmp_missing: 'major_outage', 'a/b~c': 'partial_outage' },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('Content-Type')).toBe('application/problem+json');
    expect(pointersOf(answer.body)).toEqual(['/components/a~1b~0c', '/components/cmp_missing']);
    expect(await countRows(t.db, ALL_TABLES)).toEqual(before);
    expect((await call(t, 'GET', `/admin/v1/components/${api.id}`)).body.status).toBe('operational');
    expect(t.changes.count).toBe(1);
  });

  test('answers 400 naming each bad field: missing, wrong enum, bad status in the map', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const answer = await call(t, 'POST', '/admin/v1/incidents', {
      status: 'postmortem',
      impact: 'huge',
      message: '',
      components: { [api.id]: 'down' },
    });
    expect(answer.status).toBe(400);
    expect(pointersOf(answer.body)).toEqual([
      `/components/${api.id}`,
      '/impact',
      '/message',
      '/name',
      '/status',
    ]);
    const missing = answer.body.errors.find((error: { pointer: string }) => error.pointer === '/name');
    expect(missing.detail).toBe('Required.');
  });
});

describe('incident reading, editing and deleting', () => {
  test('lists newest first with limit, before and status=unresolved', async () => {
    let now = Date.parse('2026-04-01T09:00:00.000Z');
    const t = await createTestApp({
      clock: () => {
        now += 1000;
        return new Date(now);
      },
    });
    const first = (await openIncident(t, { name: 'First' })).body;
    const second = (await openIncident(t, { name: 'Second', status: 'resolved' })).body;
    const third = (await openIncident(t, { name: 'Third' })).body;
    const all = (await call(t, 'GET', '/admin/v1/incidents')).body;
    expect(all.map((incident: { name: string }) => incident.name)).toEqual(['Third', 'Second', 'First']);
    const page = (await call(t, 'GET', '/admin/v1/incidents?limit=2')).body;
    expect(page.map((incident: { id: string }) => incident.id)).toEqual([third.id, second.id]);
    const next = (await call(t, 'GET', `/admin/v1/incidents?limit=2&before=${page[1].created_at}`)).body;
    expect(next.map((incident: { id: string }) => incident.id)).toEqual([first.id]);
    const open = (await call(t, 'GET', '/admin/v1/incidents?status=unresolved')).body;
    expect(open.map((incident: { id: string }) => incident.id)).toEqual([third.id, first.id]);
    const bad = await call(t, 'GET', '/admin/v1/incidents?limit=0&status=closed');
    expect(bad.status).toBe(400);
    expect(pointersOf(bad.body)).toEqual(['/limit', '/status']);
  });

  test('edits name and impact but not the status', async () => {
    const t = await createTestApp();
    const incident = (await openIncident(t)).body;
    const edited = await call(t, 'PATCH', `/admin/v1/incidents/${incident.id}`, {
      name: 'Renamed',
      impact: 'critical',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Renamed', impact: 'critical', status: 'investigating' });
    const statusChange = await call(t, 'PATCH', `/admin/v1/incidents/${incident.id}`, { status: 'resolved' });
    expect(statusChange.status).toBe(400);
    expect(pointersOf(statusChange.body)).toEqual(['/status']);
    const empty = await call(t, 'PATCH', `/admin/v1/incidents/${incident.id}`, {});
    expect(empty.status).toBe(400);
  });

  test('deletes an incident with its updates and links but keeps component history', async () => {
    const t = await createTestApp();
    const api = await component(t, 'API');
    const incident = (await openIncident(t, { components: { [api.id]: 'major_outage' } })).body;
    expect((await call(t, 'DELETE', `/admin/v1/incidents/${incident.id}`)).status).toBe(204);
    expect((await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).status).toBe(404);
    expect(await countRows(t.db, ['incidents', 'incident_updates', 'incident_components'])).toEqual({
      incidents: 0,
      incident_updates: 0,
      incident_components: 0,
    });
    const history = await t.db.execute({
      sql: 'SELECT new_status, incident_update_id FROM component_status_changes WHERE component_id = ? ORDER BY rowid',
      args: [api.id],
    });
    expect(history.rows.map((row) => ({ ...row }))).toEqual([
      { new_status: 'operational', incident_update_id: null },
      { new_status: 'major_outage', incident_update_id: null },
    ]);
  });

  test('answers 404 for unknown incident ids', async () => {
    const t = await createTestApp();
    expect((await call(t, 'GET', '/admin/v1/incidents/inc_nope')).status).toBe(404);
    expect((await call(t, 'PATCH', '/admin/v1/incidents/inc_nope', { name: 'X' })).status).toBe(404);
    expect((await call(t, 'DELETE', '/admin/v1/incidents/inc_nope')).status).toBe(404);
    const update = await call(t, 'POST', '/admin/v1/incidents/inc_nope/updates', {
      status: 'resolved',
      message: 'x',
    });
    expect(update.status).toBe(404);
    expect(t.changes.count).toBe(0);
  });
});
