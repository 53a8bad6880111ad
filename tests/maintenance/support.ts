// A mail world (page, subscribers, fake Resend) plus the scheduler run at the world's clock: the
// maintenance lifecycle end to end, with time moved by the test instead of waited for.
import type { Client } from '@libsql/client';
import { runScheduledJobs, type ScheduledRun } from '../../api/jobs/scheduled.ts';
import { openNodeDatabase } from '../../db/client.ts';
import { getComponent } from '../../db/queries/components.ts';
import type { ComponentStatus } from '../../db/types.ts';
import { LINK_ORIGIN, type MailWorld } from '../support/mail.ts';
import { LOOPBACK_ALLOWED } from '../support/webhooks.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Runs the periodic jobs (transitions, reminders, then the drain) as the timer or cron does. */
export async function tick(world: MailWorld, db: Client = world.db): Promise<ScheduledRun> {
  const run = await runScheduledJobs(
    db,
    {
      mail: { mailer: world.mailer, linkOrigin: LINK_ORIGIN, clock: () => world.clock.now },
      webhooks: { policy: LOOPBACK_ALLOWED, clock: () => world.clock.now },
    },
    () => world.clock.now,
  );
  // The fan-out's email batches are due at once; a real scheduler sends them on its next drain.
  await world.drain();
  return run;
}

/** A second client on the same file: another scheduler process. */
export async function secondClient(world: MailWorld): Promise<Client> {
  return openNodeDatabase(world.url);
}

export async function statusOf(db: Client, id: string): Promise<ComponentStatus | undefined> {
  return (await getComponent(db, id))?.status;
}

/** Subjects received per address, sorted. */
export function subjectsBy(world: MailWorld): Record<string, string[]> {
  const byAddress: Record<string, string[]> = {};
  for (const email of world.resend.delivered) {
    const to = email.to[0] ?? '';
    byAddress[to] = [...(byAddress[to] ?? []), email.subject];
  }
  return byAddress;
}

export const iso = (date: Date, offsetMs = 0) => new Date(date.getTime() + offsetMs).toISOString();
