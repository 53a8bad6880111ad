// The periodic jobs, the same on both runtimes: a timer runs them on Node (every 15 s), the cron
// trigger on Workers (every minute, see wrangler.toml). Every job takes the injected clock.
import type { Client } from '@libsql/client';
import { deleteExpiredSessions } from '../../db/queries/console-sessions.ts';
import { deleteSentOutboxEntries, nextOutboxDueAt } from '../../db/queries/outbox.ts';
import { deleteOldWebhookDeliveries } from '../../db/queries/webhook-deliveries.ts';
import { enqueueDueReminders } from '../cadence/reminder-job.ts';
import { reminderHandlers } from '../cadence/reminder-senders.ts';
import type { MailSettings } from '../notify/email-batch.ts';
import { notifyHandlers } from '../notify/handlers.ts';
import { type DeployHook, deployHookSender, SITE_PUBLISH } from '../outbox/deploy-hook.ts';
import { type DrainResult, drainContinuously, drainOutbox, type OutboxHandler } from '../outbox/drain.ts';
import { requestSitePublishIfStale } from '../outbox/site-publish.ts';
import type { WebhookSenderSettings } from '../webhooks/deliver.ts';
import { webhookHandlers } from '../webhooks/handlers.ts';
import { planMaintenanceWebhookDeliveries } from '../webhooks/maintenance-plan.ts';
import { planWebhookDeliveries } from '../webhooks/plan.ts';
import { STRICT_POLICY } from '../webhooks/target-guard.ts';
import { advanceMaintenances, type MaintenanceRun } from './maintenance-transitions.ts';

/**
 * Sent entries are kept this long (their dedupe keys hold as long), for people looking into a
 * delivery; so are webhook delivery attempts.
 */
const KEEP_SENT_MS = 30 * 24 * 60 * 60_000;

export interface OutboxSettings {
  /** Where to publish the site when it lives on a static host; unset when the server serves it. */
  deployHook?: DeployHook | undefined;
  fetch?: typeof fetch;
  /** How webhooks are delivered: the SSRF policy (strict when absent), fetch and timeout. */
  webhooks?: WebhookSenderSettings | undefined;
  /** The mailer and link origin; without it incident events reach webhooks only. */
  mail?: MailSettings | undefined;
}

/** The senders this runtime can use, by outbox entry kind. */
export function outboxHandlers(
  db: Client,
  settings: OutboxSettings,
  clock: () => Date = () => new Date(),
): Record<string, OutboxHandler> {
  const webhooks = settings.webhooks ?? { policy: STRICT_POLICY };
  const handlers: Record<string, OutboxHandler> = webhookHandlers(db, webhooks);
  const fanOut = {
    planners: [planWebhookDeliveries],
    maintenancePlanners: [planMaintenanceWebhookDeliveries],
    emails: settings.mail !== undefined,
    ...(settings.mail?.clock ? { clock: settings.mail.clock } : {}),
  };
  Object.assign(handlers, notifyHandlers(db, settings.mail, fanOut));
  Object.assign(
    handlers,
    reminderHandlers(db, { mail: settings.mail, webhooks, apiOrigin: settings.mail?.linkOrigin, clock }),
  );
  if (settings.deployHook) handlers[SITE_PUBLISH] = deployHookSender(settings.deployHook, settings.fetch);
  return handlers;
}

export interface ScheduledRun extends DrainResult {
  publishRequested: boolean;
  /** Reminder and nudge entries this run enqueued (README, "Update cadence and reminders"). */
  reminders: number;
  /** What the maintenance job did: transitions change the data (the site needs rebuilding). */
  maintenance: MaintenanceRun;
  deleted: number;
}

export async function runScheduledJobs(
  db: Client,
  settings: OutboxSettings,
  clock: () => Date = () => new Date(),
): Promise<ScheduledRun> {
  // First, so that a window starting now is announced by this very run's drain (and published).
  const maintenance = await advanceMaintenancesSafely(db, clock);
  const publishRequested = settings.deployHook ? await requestSitePublishIfStale(db, clock()) : false;
  const reminders = await enqueueDueReminders(db, { now: clock(), emails: settings.mail !== undefined });
  const drained = await drainOutbox(db, { handlers: outboxHandlers(db, settings, clock), clock });
  const keepFrom = new Date(clock().getTime() - KEEP_SENT_MS).toISOString();
  const deleted = await deleteSentOutboxEntries(db, keepFrom);
  await deleteOldWebhookDeliveries(db, keepFrom);
  await deleteExpiredSessions(db, clock().toISOString());
  return { ...drained, publishRequested, reminders, deleted, maintenance };
}

// A failure here (a busy database, say) must not keep the outbox from draining; the next run
// retries, and every transition is claimed, so retrying never doubles anything.
async function advanceMaintenancesSafely(db: Client, clock: () => Date): Promise<MaintenanceRun> {
  try {
    return await advanceMaintenances(db, clock);
  } catch (error) {
    console.error(`Maintenance transitions failed (retried on the next run): ${String(error)}`);
    return { transitions: 0, reminders: 0 };
  }
}

/**
 * Drains, and drains again while entries were sent: a fan-out entry (e.g. incident.notify) adds
 * entries that are due at once, and they should not wait for the next scheduled run. Bounded: a
 * Worker's waitUntil has little time (a Node process drains with drainAll).
 */
export async function drainUntilQuiet(db: Client, settings: OutboxSettings): Promise<void> {
  const handlers = outboxHandlers(db, settings);
  for (let round = 0; round < 5; round += 1) {
    const { sent } = await drainOutbox(db, { handlers });
    if (sent === 0) return;
  }
}

/**
 * Node: sends until nothing is due, `concurrency` entries at once, taking up entries that fall
 * due meanwhile (a fan-out's chunks while it is still writing them).
 */
export async function drainAll(db: Client, settings: OutboxSettings, concurrency: number): Promise<void> {
  await drainContinuously(db, { handlers: outboxHandlers(db, settings), concurrency });
}

/**
 * When the next entry this runtime can send falls due (a retry's time, a lapsed claim), or null
 * when nothing waits: the Node timer wakes then instead of a whole interval later.
 */
export async function nextOutboxDue(db: Client, settings: OutboxSettings): Promise<Date | null> {
  const due = await nextOutboxDueAt(db, Object.keys(outboxHandlers(db, settings)));
  return due ? new Date(due) : null;
}
