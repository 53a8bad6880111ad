// Node only: runs the periodic jobs (api/jobs/scheduled.ts) on a timer, as the cron trigger does
// on Workers, and sooner when a change asks for it.
import type { Client } from '@libsql/client';
import { drainAll, nextOutboxDue, type OutboxSettings, runScheduledJobs } from './scheduled.ts';

// A Node process has time: it drains until nothing more is due, a few entries at once so that
// reading and rendering the next email batches overlaps sending this one.
const NODE_DRAIN_CONCURRENCY = 4;

/**
 * Reminders are due to the minute, and maintenance windows start and complete within this long of
 * their edges: the timer runs the jobs at least every 15 s (the Worker's cron every minute).
 */
export const NODE_SCHEDULER_INTERVAL_MS = 15_000;

export interface NodeScheduler {
  /** Runs the periodic jobs now (the timer's first run is one interval away). */
  runNow(): void;
  /** Sends what the outbox holds after `delayMs` (e.g. once a publish's debounce has passed). */
  drainSoon(delayMs: number): void;
  /** Stops the timers and waits for a run in progress. */
  stop(): Promise<void>;
}

export function startNodeScheduler(options: {
  db: Client;
  settings: OutboxSettings;
  intervalMs?: number;
  /** Called when a run changed the data by itself (a maintenance window started or ended). */
  onDataChanged?: () => void;
  log?: (message: string) => void;
}): NodeScheduler {
  const log = options.log ?? console.log;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  // Runs one at a time: overlapping would be safe (entries are claimed) but pointless.
  let running: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<unknown>) => {
    running = running.then(job).then(
      () => undefined,
      (error: unknown) => log(`Scheduled jobs failed (retried on the next run): ${String(error)}`),
    );
  };
  const later = (delayMs: number, job: () => Promise<unknown>) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) enqueue(job);
    }, delayMs);
    // A pending job must never keep a stopping process alive.
    timer.unref();
    timers.add(timer);
  };

  const intervalMs = options.intervalMs ?? NODE_SCHEDULER_INTERVAL_MS;
  const drain = () => drainAll(options.db, options.settings, NODE_DRAIN_CONCURRENCY);
  // A retry due sooner than the next tick (a 429's Retry-After, a back-off, the claim of a process
  // that died) is sent when due, not up to a whole interval later.
  let wakeAt = Number.POSITIVE_INFINITY;
  const wakeForNextDue = async () => {
    const due = await nextOutboxDue(options.db, options.settings);
    if (!due || due.getTime() >= wakeAt || due.getTime() - Date.now() >= intervalMs) return;
    wakeAt = due.getTime();
    later(Math.max(50, wakeAt - Date.now()), async () => {
      wakeAt = Number.POSITIVE_INFINITY;
      await drain();
      await wakeForNextDue();
    });
  };
  const runAll = async () => {
    const run = await runScheduledJobs(options.db, options.settings);
    if (run.maintenance.transitions > 0) options.onDataChanged?.();
    // After a restart a fan-out may have left many entries: all of them go now.
    if (run.sent > 0) await drain();
    await wakeForNextDue();
  };
  const interval = setInterval(() => enqueue(runAll), intervalMs);
  interval.unref();

  return {
    runNow: () => {
      if (!stopped) enqueue(runAll);
    },
    drainSoon: (delayMs) =>
      later(delayMs + 50, async () => {
        await drain();
        await wakeForNextDue();
      }),
    stop: async () => {
      stopped = true;
      clearInterval(interval);
      for (const timer of timers) clearTimeout(timer);
      await running;
    },
  };
}
