import { describe, expect, it } from 'vitest';
import { runScheduledJobs } from '../../../api/jobs/scheduled.ts';
import { buildEndpointDocument, type PublicV2Path } from '../../../api/public/endpoints.ts';
import { listOutboxEntries } from '../../../db/queries/outbox.ts';
import { insertComponent, insertPage } from '../../public/fixtures.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { countRows } from '../../support/factories.ts';
import { call, pointersOf, rawCall } from './http.ts';

const HOUR = 3_600_000;

// biome-ignore lint/suspicious/noExplicitAny: documents are read loosely; each test asserts what it reads
type Loose = any;

async function setUp() {
  const clock = { now: new Date('2026-12-01T10:00:00.000Z') };
  const t = await createTestApp({ clock: () => clock.now });
  await insertPage(t.db, { url: 'https://status.acme.test' });
  const api = await insertComponent(t.db, { name: 'API' });
  const at = (ms: number) => new Date(clock.now.getTime() + ms).toISOString();
  return { t, clock, api, at };
}

const schedule = (t: TestApp, body: Record<string, unknown>) =>
  call(t, 'POST', '/admin/v1/maintenances', body);

const notices = async (t: TestApp) =>
  (await listOutboxEntries(t.db, { limit: 100 }))
    .filter((entry) => entry.kind === 'maintenance.notify')
    .map((entry) => (entry.payload as { kind: string }).kind)
    .sort();

describe('POST /admin/v1/maintenances', () => {
  it('schedules a window with the documented defaults, audited, and announces it once', async () => {
    const { t, api, at } = await setUp();
    const answer = await schedule(t, {
      name: 'DB upgrade',
      scheduled_for: at(2 * HOUR),
      scheduled_until: at(3 * HOUR),
      components: [api.id],
      message: 'Planned.',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      status: 'scheduled',
      auto_start: true,
      auto_complete: true,
      set_components_under_maintenance: true,
      notify: true,
      remind_before_minutes: [1440, 60],
      component_ids: [api.id],
      revision: 1,
    });
    expect(answer.body.maintenance_updates).toHaveLength(1);
    expect(await notices(t)).toEqual(['maintenance.scheduled']);
    const audit = await call(
      t,
      'GET',
      `/admin/v1/audit-log?resource_type=maintenance&resource_id=${answer.body.id}`,
    );
    expect(audit.body.map((entry: { action: string }) => entry.action)).toEqual(['maintenance.create']);
    expect(audit.body[0].after).toMatchObject({
      name: 'DB upgrade',
      components: { [api.id]: { status_before: null } },
    });
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const { t, at } = await setUp();
    const before = await countRows(t.db, ['maintenances', 'maintenance_updates', 'outbox', 'audit_log']);
    const bad = await schedule(t, {
      name: ' ',
      scheduled_for: 'tomorrow',
      scheduled_until: at(HOUR),
      message: 'ok',
      remind_before_minutes: [0],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(pointersOf(bad.body)).toEqual(['/name', '/remind_before_minutes/0', '/scheduled_for']);
    const backwards = await schedule(t, {
      name: 'x',
      scheduled_for: at(2 * HOUR),
      scheduled_until: at(HOUR),
      message: 'ok',
    });
    expect(pointersOf(backwards.body)).toEqual(['/scheduled_until']);
    const unknown = await schedule(t, {
      name: 'x',
      scheduled_for: at(HOUR),
      scheduled_until: at(2 * HOUR),
      components: ['cmp_nope'],
      message: 'ok',
    });
    expect(unknown.status).toBe(400);
    expect(pointersOf(unknown.body)).toEqual(['/components/0']);
    expect(await countRows(t.db, ['maintenances', 'maintenance_updates', 'outbox', 'audit_log'])).toEqual(
      before,
    );
  });
});

describe('scopes', () => {
  it('lets a responder token run maintenance, as it runs incidents', async () => {
    const { t, at } = await setUp();
    const issued = await call(t, 'POST', '/admin/v1/tokens', { name: 'on call', scope: 'responder' });
    const headers = { Authorization: `Bearer ${issued.body.token}`, 'Content-Type': 'application/json' };
    const body = JSON.stringify({
      name: 'x',
      scheduled_for: at(HOUR),
      scheduled_until: at(2 * HOUR),
      message: 'ok',
    });
    const created = await rawCall(t, 'POST', '/admin/v1/maintenances', { headers, body });
    expect(created.status).toBe(201);
    const cancelled = await rawCall(t, 'DELETE', `/admin/v1/maintenances/${created.body.id}`, { headers });
    expect(cancelled.status).toBe(200);
  });
});

describe('PATCH, DELETE and updates', () => {
  it('reschedules (telling subscribers), moves by hand, refuses what its status does not allow', async () => {
    const { t, clock, at } = await setUp();
    const created = (
      await schedule(t, {
        name: 'x',
        scheduled_for: at(2 * HOUR),
        scheduled_until: at(3 * HOUR),
        message: 'ok',
      })
    ).body;
    const moved = await call(t, 'PATCH', `/admin/v1/maintenances/${created.id}`, {
      scheduled_for: at(4 * HOUR),
      scheduled_until: at(5 * HOUR),
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      revision: 2,
      scheduled_for: at(4 * HOUR),
      window_set_at: clock.now.toISOString(),
    });
    expect(await notices(t)).toEqual(['maintenance.rescheduled', 'maintenance.scheduled']);

    expect(
      (await call(t, 'PATCH', `/admin/v1/maintenances/${created.id}`, { status: 'completed' })).status,
    ).toBe(409);
    const started = await call(t, 'PATCH', `/admin/v1/maintenances/${created.id}`, { status: 'verifying' });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('verifying');
    expect(started.body.maintenance_updates.map((u: { status: string }) => u.status)).toEqual([
      'verifying',
      'in_progress',
      'scheduled',
      'scheduled',
    ]);
    expect((await call(t, 'DELETE', `/admin/v1/maintenances/${created.id}`)).status).toBe(409);
    expect(
      (await call(t, 'PATCH', `/admin/v1/maintenances/${created.id}`, { scheduled_for: at(HOUR) })).status,
    ).toBe(409);
    const extended = await call(t, 'PATCH', `/admin/v1/maintenances/${created.id}`, {
      scheduled_until: at(6 * HOUR),
    });
    expect(extended.status).toBe(200);
    const update = await call(t, 'POST', `/admin/v1/maintenances/${created.id}/updates`, {
      message: 'All done.',
      status: 'completed',
    });
    expect(update.status).toBe(201);
    expect(update.body.status).toBe('completed');
    expect(update.body.maintenance_updates[0]).toMatchObject({ status: 'completed', body: 'All done.' });
    expect(await notices(t)).toEqual([
      'maintenance.completed',
      'maintenance.rescheduled',
      'maintenance.rescheduled',
      'maintenance.scheduled',
      'maintenance.started',
      'maintenance.updated',
    ]);
  });

  it('cancels a scheduled window (404 for an unknown one) and keeps it out of the public lists', async () => {
    const { t, at } = await setUp();
    const created = (
      await schedule(t, {
        name: 'x',
        scheduled_for: at(2 * HOUR),
        scheduled_until: at(3 * HOUR),
        message: 'ok',
      })
    ).body;
    expect((await call(t, 'DELETE', '/admin/v1/maintenances/mnt_nope')).status).toBe(404);
    const cancelled = await call(t, 'DELETE', `/admin/v1/maintenances/${created.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await notices(t)).toEqual(['maintenance.cancelled', 'maintenance.scheduled']);
    const listed = await rawCall(t, 'GET', '/api/v2/scheduled-maintenances.json');
    expect(listed.body.scheduled_maintenances).toEqual([]);
    const upcoming = await call(t, 'GET', '/admin/v1/maintenances?status=cancelled');
    expect(upcoming.body.map((item: { id: string }) => item.id)).toEqual([created.id]);
  });
});

describe('public v2 maintenance documents', () => {
  it('serve windows in Statuspage format: upcoming, active, all, and in summary.json', async () => {
    const { t, clock, api, at } = await setUp();
    const soon = (
      await schedule(t, {
        name: 'Soon',
        scheduled_for: at(HOUR),
        scheduled_until: at(2 * HOUR),
        components: [api.id],
        message: 'Planned **work**.',
      })
    ).body;
    const later = (
      await schedule(t, {
        name: 'Later',
        scheduled_for: at(5 * HOUR),
        scheduled_until: at(6 * HOUR),
        message: 'Later.',
      })
    ).body;
    clock.now = new Date(clock.now.getTime() + HOUR + 1000);
    await runScheduledJobs(t.db, {}, () => clock.now);
    // Built as the public cache builds them (the app's cache notices a scheduler's write within
    // its version-check interval, which a test does not wait for).
    const get = async (path: PublicV2Path) => (await buildEndpointDocument(t.db, path)).document as Loose;
    const active = await get('scheduled-maintenances/active.json');
    expect(active.scheduled_maintenances.map((item: { id: string }) => item.id)).toEqual([soon.id]);
    const [first] = active.scheduled_maintenances;
    expect(Object.keys(first)).toEqual([
      'id',
      'name',
      'status',
      'created_at',
      'updated_at',
      'monitoring_at',
      'resolved_at',
      'impact',
      'shortlink',
      'started_at',
      'page_id',
      'incident_updates',
      'components',
      'impact_override',
      'metadata',
      'scheduled_for',
      'scheduled_until',
      'postmortem_body',
      'postmortem_published_at',
    ]);
    expect(first).toMatchObject({
      status: 'in_progress',
      impact: 'maintenance',
      shortlink: `https://status.acme.test/maintenance/${soon.id}/`,
      scheduled_for: soon.scheduled_for,
      scheduled_until: soon.scheduled_until,
    });
    expect(
      first.components.map((component: { id: string; status: string }) => [component.id, component.status]),
    ).toEqual([[api.id, 'under_maintenance']]);
    expect(first.incident_updates.map((update: { status: string }) => update.status)).toEqual([
      'in_progress',
      'scheduled',
    ]);
    const upcoming = await get('scheduled-maintenances/upcoming.json');
    expect(upcoming.scheduled_maintenances.map((item: { id: string }) => item.id)).toEqual([later.id]);
    const summary = await get('summary.json');
    expect(summary.scheduled_maintenances.map((item: { id: string }) => item.id)).toEqual([
      soon.id,
      later.id,
    ]);
    expect(summary.status.indicator).toBe('maintenance');
    clock.now = new Date(clock.now.getTime() + HOUR);
    await runScheduledJobs(t.db, {}, () => clock.now);
    const all = await get('scheduled-maintenances.json');
    expect(
      all.scheduled_maintenances.map((item: { id: string; status: string }) => [item.id, item.status]),
    ).toEqual([
      [later.id, 'scheduled'],
      [soon.id, 'completed'],
    ]);
    expect((await get('scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
  });
});
