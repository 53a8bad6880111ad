import { describe, expect, it } from 'vitest';
import { cancelMaintenance, createMaintenance, updateMaintenance } from '../../api/services/maintenances.ts';
import { listAuditEntries } from '../../db/queries/audit-log.ts';
import { listComponentStatusChanges } from '../../db/queries/component-status-changes.ts';
import { getMaintenance } from '../../db/queries/maintenances.ts';
import { makeComponent, testContext } from '../support/factories.ts';
import { createMailWorld, type MailWorld } from '../support/mail.ts';
import { DAY, HOUR, iso, MINUTE, secondClient, statusOf, subjectsBy, tick } from './support.ts';

const ctx = (world: MailWorld) => testContext({ now: world.clock.now.toISOString() });

async function worldWithWindow(options: { startIn: number; lasts: number; reminders?: number[] }) {
  const world = await createMailWorld();
  const api = await makeComponent(world.db, { name: 'API' });
  const dashboard = await makeComponent(world.db, { name: 'Dashboard', status: 'degraded_performance' });
  const other = await makeComponent(world.db, { name: 'Other' });
  await world.addSubscriber({ email: 'page@example.com' });
  await world.addSubscriber({ email: 'api@example.com', targets: [api.id] });
  await world.addSubscriber({ email: 'other@example.com', targets: [other.id] });
  // A subscriber who wants critical incidents only still hears of planned work on what they follow.
  await world.addSubscriber({ email: 'critical@example.com', targets: [api.id], minImpact: 'critical' });
  const maintenance = await createMaintenance(
    world.db,
    {
      name: 'Database upgrade',
      scheduled_for: iso(world.clock.now, options.startIn),
      scheduled_until: iso(world.clock.now, options.startIn + options.lasts),
      components: [api.id, dashboard.id],
      message: 'We are upgrading the **database**.',
      ...(options.reminders ? { remind_before_minutes: options.reminders } : {}),
    },
    ctx(world),
  );
  return { world, api, dashboard, other, maintenance };
}

describe('maintenance lifecycle on a moved clock', () => {
  it('announces, reminds, starts and completes by itself, each once, and gives components their status back', async () => {
    const { world, api, dashboard, other, maintenance } = await worldWithWindow({
      startIn: 2 * DAY,
      lasts: 2 * HOUR,
    });
    const start = Date.parse(maintenance.scheduled_for);
    const moveTo = async (at: number) => {
      world.clock.now = new Date(at);
      await tick(world);
      await tick(world);
    };

    await moveTo(world.clock.now.getTime());
    expect(await statusOf(world.db, api.id)).toBe('operational');

    await moveTo(start - DAY + MINUTE);
    await moveTo(start - HOUR + 30_000);
    await moveTo(start - MINUTE);
    expect((await getMaintenance(world.db, maintenance.id))?.status).toBe('scheduled');
    expect(await statusOf(world.db, api.id)).toBe('operational');

    await moveTo(start + 10_000);
    expect((await getMaintenance(world.db, maintenance.id))?.status).toBe('in_progress');
    expect(await statusOf(world.db, api.id)).toBe('under_maintenance');
    expect(await statusOf(world.db, dashboard.id)).toBe('under_maintenance');
    expect(await statusOf(world.db, other.id)).toBe('operational');

    await moveTo(start + 2 * HOUR + 10_000);
    const done = await getMaintenance(world.db, maintenance.id);
    expect(done?.status).toBe('completed');
    expect(done?.maintenance_updates.map((update) => update.status)).toEqual([
      'completed',
      'in_progress',
      'scheduled',
    ]);
    expect(await statusOf(world.db, api.id)).toBe('operational');
    expect(await statusOf(world.db, dashboard.id)).toBe('degraded_performance');

    const expected = [
      '[Acme <Status>] Maintenance scheduled: Database upgrade',
      '[Acme <Status>] Maintenance in 1 day: Database upgrade',
      '[Acme <Status>] Maintenance in 1 hour: Database upgrade',
      '[Acme <Status>] Maintenance in progress: Database upgrade',
      '[Acme <Status>] Maintenance completed: Database upgrade',
    ];
    const received = subjectsBy(world);
    expect(received['page@example.com']).toEqual(expected);
    expect(received['api@example.com']).toEqual(expected);
    expect(received['critical@example.com']).toEqual(expected);
    expect(received['other@example.com']).toBeUndefined();

    // The history uptime is computed from: into maintenance and out of it, naming the window.
    const history = await listComponentStatusChanges(world.db, api.id, { limit: 10 });
    expect(
      history.slice(0, 2).map((change) => [change.old_status, change.new_status, change.changed_at]),
    ).toEqual([
      ['under_maintenance', 'operational', iso(new Date(start), 2 * HOUR + 10_000)],
      ['operational', 'under_maintenance', iso(new Date(start), 10_000)],
    ]);
    const audit = await listAuditEntries(world.db, { limit: 10, resourceType: 'maintenance' });
    expect(audit.map((entry) => `${entry.actor} ${entry.action}`)).toEqual([
      'system maintenance.complete',
      'system maintenance.start',
      'test maintenance.create',
    ]);
  });

  it('acts once when two schedulers run at the same moment', async () => {
    const { world, api, maintenance } = await worldWithWindow({ startIn: HOUR, lasts: HOUR, reminders: [] });
    await tick(world);
    const other = await secondClient(world);
    try {
      world.clock.now = new Date(Date.parse(maintenance.scheduled_for) + 1000);
      const runs = await Promise.all([tick(world), tick(world, other), tick(world), tick(world, other)]);
      expect(runs.reduce((sum, run) => sum + run.maintenance.transitions, 0)).toBe(1);
      world.clock.now = new Date(Date.parse(maintenance.scheduled_until) + 1000);
      const ends = await Promise.all([tick(world, other), tick(world), tick(world, other)]);
      expect(ends.reduce((sum, run) => sum + run.maintenance.transitions, 0)).toBe(1);
    } finally {
      other.close();
    }
    const done = await getMaintenance(world.db, maintenance.id);
    expect(done?.maintenance_updates.map((update) => update.status)).toEqual([
      'completed',
      'in_progress',
      'scheduled',
    ]);
    const history = await listComponentStatusChanges(world.db, api.id, { limit: 10 });
    // Beside the row written when the component was created: one change in, one out.
    const changes = history.filter((change) => change.old_status !== null);
    expect(changes.map((change) => change.new_status)).toEqual(['operational', 'under_maintenance']);
    expect(subjectsBy(world)['api@example.com']).toEqual([
      '[Acme <Status>] Maintenance scheduled: Database upgrade',
      '[Acme <Status>] Maintenance in progress: Database upgrade',
      '[Acme <Status>] Maintenance completed: Database upgrade',
    ]);
    const audit = await listAuditEntries(world.db, { limit: 10, resourceType: 'maintenance' });
    expect(audit.map((entry) => entry.action)).toEqual([
      'maintenance.complete',
      'maintenance.start',
      'maintenance.create',
    ]);
  });

  it('skips reminders whose moment had passed when the window was scheduled', async () => {
    const { world, maintenance } = await worldWithWindow({ startIn: 30 * MINUTE, lasts: HOUR });
    await tick(world);
    world.clock.now = new Date(Date.parse(maintenance.scheduled_for) - 10 * MINUTE);
    await tick(world);
    expect(subjectsBy(world)['page@example.com']).toEqual([
      '[Acme <Status>] Maintenance scheduled: Database upgrade',
    ]);
  });

  it('tells subscribers the new window when rescheduled, and reminds them of that window', async () => {
    const { world, maintenance } = await worldWithWindow({ startIn: 2 * DAY, lasts: HOUR, reminders: [60] });
    await tick(world);
    const moved = await updateMaintenance(
      world.db,
      {
        id: maintenance.id,
        scheduled_for: iso(world.clock.now, 3 * DAY),
        scheduled_until: iso(world.clock.now, 3 * DAY + HOUR),
      },
      ctx(world),
    );
    expect(moved.revision).toBe(2);
    await tick(world);
    // The old window's reminder moment passes: nothing is sent for it.
    world.clock.now = new Date(Date.parse(maintenance.scheduled_for) - 30 * MINUTE);
    await tick(world);
    world.clock.now = new Date(Date.parse(moved.scheduled_for) - 30 * MINUTE);
    await tick(world);
    await tick(world);
    const [, rescheduled] = world.resend.delivered.filter((email) => email.to[0] === 'page@example.com');
    expect(rescheduled?.text).toContain('New window');
    expect(subjectsBy(world)['page@example.com']).toEqual([
      '[Acme <Status>] Maintenance scheduled: Database upgrade',
      '[Acme <Status>] Maintenance rescheduled: Database upgrade',
      '[Acme <Status>] Maintenance in 1 hour: Database upgrade',
    ]);
  });

  it('tells subscribers once when cancelled, and never starts a cancelled window', async () => {
    const { world, api, maintenance } = await worldWithWindow({ startIn: HOUR, lasts: HOUR, reminders: [] });
    await tick(world);
    const cancelled = await cancelMaintenance(world.db, { id: maintenance.id }, ctx(world));
    expect(cancelled.status).toBe('cancelled');
    await expect(cancelMaintenance(world.db, { id: maintenance.id }, ctx(world))).rejects.toThrow(
      /already cancelled/,
    );
    world.clock.now = new Date(Date.parse(maintenance.scheduled_for) + 1000);
    await tick(world);
    expect(await statusOf(world.db, api.id)).toBe('operational');
    expect(subjectsBy(world)['api@example.com']).toEqual([
      '[Acme <Status>] Maintenance scheduled: Database upgrade',
      '[Acme <Status>] Maintenance cancelled: Database upgrade',
    ]);
  });

  it('moves by hand through verifying, and leaves a component an incident took over during the window', async () => {
    const { world, api, dashboard, maintenance } = await worldWithWindow({
      startIn: HOUR,
      lasts: HOUR,
      reminders: [],
    });
    const manual = await updateMaintenance(
      world.db,
      { id: maintenance.id, status: 'in_progress', auto_complete: false },
      ctx(world),
    );
    expect(manual.status).toBe('in_progress');
    expect(await statusOf(world.db, api.id)).toBe('under_maintenance');
    // An incident marks the API down mid-window: completing must not paint it back to operational.
    const { createIncident } = await import('../../api/services/incidents.ts');
    await createIncident(
      world.db,
      {
        name: 'API down',
        status: 'investigating',
        impact: 'major',
        message: 'Down.',
        components: { [api.id]: 'major_outage' },
      },
      ctx(world),
    );
    const verifying = await updateMaintenance(
      world.db,
      { id: maintenance.id, status: 'verifying' },
      ctx(world),
    );
    expect(verifying.status).toBe('verifying');
    // auto_complete is off: the end of the window passes and it keeps running.
    world.clock.now = new Date(Date.parse(maintenance.scheduled_until) + MINUTE);
    await tick(world);
    expect((await getMaintenance(world.db, maintenance.id))?.status).toBe('verifying');
    await expect(
      updateMaintenance(
        world.db,
        { id: maintenance.id, status: 'in_progress', scheduled_for: iso(world.clock.now, HOUR) },
        ctx(world),
      ),
    ).rejects.toThrow(/only scheduled_until/);
    const completed = await updateMaintenance(
      world.db,
      { id: maintenance.id, status: 'completed' },
      ctx(world),
    );
    expect(completed.status).toBe('completed');
    expect(await statusOf(world.db, api.id)).toBe('major_outage');
    expect(await statusOf(world.db, dashboard.id)).toBe('degraded_performance');
  });
});
