// The Node timer runs the scheduled jobs (reminders among them) at least every 15 s.
import { afterEach, expect, it, vi } from 'vitest';
import { NODE_SCHEDULER_INTERVAL_MS, startNodeScheduler } from '../../api/jobs/node-scheduler.ts';
import { createCadenceWorld, LEAD } from '../support/cadence.ts';

afterEach(() => {
  vi.useRealTimers();
});

it('ticks every 15 s by default and sends a due reminder on the next tick', async () => {
  expect(NODE_SCHEDULER_INTERVAL_MS).toBeLessThanOrEqual(15_000);
  const world = await createCadenceWorld();
  await world.openIncident('critical');
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const scheduler = startNodeScheduler({ db: world.db, settings: world.settings, log: () => undefined });
  try {
    // The scheduler takes the wall clock; the incident's only update is "now", so move it back.
    const twentySixMinutesAgo = new Date(Date.now() - 26 * 60_000).toISOString();
    await world.db.execute({
      sql: 'UPDATE incident_updates SET created_at = ?',
      args: [twentySixMinutesAgo],
    });
    vi.advanceTimersByTime(NODE_SCHEDULER_INTERVAL_MS - 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.mail).toEqual([]);
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(world.mail.map((email) => email.to)).toEqual([LEAD.email]), {
      timeout: 10_000,
    });
    expect(world.mail[0]?.subject).toMatch(/Update due in 5 min/);
  } finally {
    await scheduler.stop();
  }
});
