// When the site lives on a static host, every data change must reach it through a deploy hook.
// Requests are coalesced: while one publish waits in the outbox, later changes join it, since the
// build it starts reads the data as it is then.
import type { Client } from '@libsql/client';
import { enqueueUnlessPending } from '../../db/queries/outbox.ts';
import { localDate } from '../jobs/day-rollover.ts';
import { SITE_PUBLISH } from './deploy-hook.ts';

/** Queues a publish `delayMs` from now, unless one is already waiting. */
export async function requestSitePublish(db: Client, now: Date, delayMs: number): Promise<boolean> {
  return enqueueUnlessPending(db, {
    kind: SITE_PUBLISH,
    availableAt: new Date(now.getTime() + delayMs).toISOString(),
    now: now.toISOString(),
  });
}

/**
 * The safety net under requestSitePublish, run by the scheduler: queues a publish when the data
 * changed after the last publish was sent (a request's own queueing may have failed after its
 * write), or when a new day began in the page's time zone since then (the 90-day bars move on).
 * A publish that was given up on counts as done, so a broken hook is retried after the next change
 * or the next day rather than every minute.
 */
export async function requestSitePublishIfStale(db: Client, now: Date): Promise<boolean> {
  const result = await db.execute({
    sql: `SELECT
      (SELECT max(created_at) FROM audit_log) AS changed_at,
      (SELECT max(coalesce(sent_at, created_at)) FROM outbox WHERE kind = :kind AND state IN ('sent', 'dead')) AS done_at,
      EXISTS (SELECT 1 FROM outbox WHERE kind = :kind AND state IN ('pending', 'sending')) AS waiting,
      (SELECT time_zone FROM page LIMIT 1) AS time_zone`,
    args: { kind: SITE_PUBLISH },
  });
  const row = result.rows[0];
  if (!row || Number(row.waiting) === 1 || row.changed_at == null) return false;
  const changedAt = String(row.changed_at);
  const doneAt = row.done_at == null ? null : String(row.done_at);
  const timeZone = row.time_zone == null ? 'UTC' : String(row.time_zone);
  const stale =
    doneAt === null ||
    changedAt > doneAt ||
    localDate(new Date(doneAt), timeZone) !== localDate(now, timeZone);
  return stale ? requestSitePublish(db, now, 0) : false;
}
