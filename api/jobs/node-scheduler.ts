// Node only: runs the periodic jobs (api/jobs/scheduled.ts) on a timer, as the cron trigger does
// on Workers, and sooner when a change asks for it.
import type { Client } from '@libsql/client';
import { drainUntilQuiet, type OutboxSettings, runScheduledJobs } from './scheduled.ts';

/**
 * How often the jobs run on Node: maintenance windows start and complete within this long of
 * their edges (the Worker's cron runs every minute, its shortest period).
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

  const runAll = async () => {
    const run = await runScheduledJobs(options.db, options.settings);
    if (run.maintenance.transitions > 0) options.onDataChanged?.();
  };
  const interval = setInterval(() => enqueue(runAll), options.intervalMs ?? NODE_SCHEDULER_INTERVAL_MS);
  interval.unref();

  return {
    runNow: () => {
      if (!stopped) enqueue(runAll);
    },
    drainSoon: (delayMs) => later(delayMs + 50, () => drainUntilQuiet(options.db, options.settings)),
    stop: async () => {
      stopped = true;
      clearInterval(interval);
      for (const timer of timers) clearTimeout(timer);
      await running;
    },
  };
}
