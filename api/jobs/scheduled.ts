// The periodic jobs, the same on both runtimes: a timer runs them on Node, the cron trigger on
// Workers (see wrangler.toml).
import type { Client } from '@libsql/client';
import { deleteExpiredSessions } from '../../db/queries/console-sessions.ts';
import { deleteSentOutboxEntries } from '../../db/queries/outbox.ts';
import { deleteOldWebhookDeliveries } from '../../db/queries/webhook-deliveries.ts';
import type { MailSettings } from '../notify/email-batch.ts';
import { notifyHandlers } from '../notify/handlers.ts';
import { type DeployHook, deployHookSender, SITE_PUBLISH } from '../outbox/deploy-hook.ts';
import { type DrainResult, drainOutbox, type OutboxHandler } from '../outbox/drain.ts';
import { requestSitePublishIfStale } from '../outbox/site-publish.ts';
import type { WebhookSenderSettings } from '../webhooks/deliver.ts';
import { webhookHandlers } from '../webhooks/handlers.ts';
import { planWebhookDeliveries } from '../webhooks/plan.ts';
import { STRICT_POLICY } from '../webhooks/target-guard.ts';

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
export function outboxHandlers(db: Client, settings: OutboxSettings): Record<string, OutboxHandler> {
  const handlers: Record<string, OutboxHandler> = webhookHandlers(
    db,
    settings.webhooks ?? { policy: STRICT_POLICY },
  );
  const fanOut = {
    planners: [planWebhookDeliveries],
    emails: settings.mail !== undefined,
    ...(settings.mail?.clock ? { clock: settings.mail.clock } : {}),
  };
  Object.assign(handlers, notifyHandlers(db, settings.mail, fanOut));
  if (settings.deployHook) handlers[SITE_PUBLISH] = deployHookSender(settings.deployHook, settings.fetch);
  return handlers;
}

export interface ScheduledRun extends DrainResult {
  publishRequested: boolean;
  deleted: number;
}

export async function runScheduledJobs(
  db: Client,
  settings: OutboxSettings,
  clock: () => Date = () => new Date(),
): Promise<ScheduledRun> {
  const publishRequested = settings.deployHook ? await requestSitePublishIfStale(db, clock()) : false;
  const drained = await drainOutbox(db, { handlers: outboxHandlers(db, settings), clock });
  const keepFrom = new Date(clock().getTime() - KEEP_SENT_MS).toISOString();
  const deleted = await deleteSentOutboxEntries(db, keepFrom);
  await deleteOldWebhookDeliveries(db, keepFrom);
  await deleteExpiredSessions(db, clock().toISOString());
  return { ...drained, publishRequested, deleted };
}

/**
 * Drains, and drains again while entries were sent: a fan-out entry (e.g. component.notify) adds
 * entries that are due at once, and they should not wait for the next scheduled run. Bounded.
 */
export async function drainUntilQuiet(db: Client, settings: OutboxSettings): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    const { sent } = await drainOutbox(db, { handlers: outboxHandlers(db, settings) });
    if (sent === 0) return;
  }
}
