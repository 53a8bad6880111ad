// The handler of `incident.notify`: plans every delivery one incident event causes and enqueues it
// with a deterministic key, so that running it again after a crash adds nothing twice. Emails go
// in chunks of at most 100 (one Resend batch call each) as `email.batch` entries; each chunk's
// per-recipient delivery records are written in the same transaction as its entry, and a second
// run skips every subscriber that already has a record for the event.
import type { Client } from '@libsql/client';
import {
  insertQueuedDeliveriesStatement,
  listRecordedSubscriberIds,
} from '../../db/queries/email-deliveries.ts';
import {
  enqueueOutboxEntry,
  enqueueOutboxEntryStatement,
  type NewOutboxEntry,
} from '../../db/queries/outbox.ts';
import { listActiveSubscribersFor } from '../../db/queries/subscriber-audience.ts';
import { MAX_BATCH_SIZE } from '../mail/mailer.ts';
import type { OutboxHandler } from '../outbox/drain.ts';
import { loadEventScope } from './event-scope.ts';
import { type IncidentEvent, incidentEventKey } from './incident-event.ts';

export const EMAIL_BATCH = 'email.batch';

/** An `email.batch` entry: which message to render, for the recipients recorded under batch_key. */
export interface EmailBatchPayload {
  message: 'incident';
  event: IncidentEvent;
  batch_key: string;
}

/**
 * Plans the non-email deliveries of an event (webhooks: h-webhooks' planWebhookDeliveries). Reads
 * only; the fan-out enqueues what it returns, relying on its dedupe keys.
 */
export type DeliveryPlanner = (db: Client, event: IncidentEvent, now: string) => Promise<NewOutboxEntry[]>;

export interface FanOutSettings {
  /** The webhook planner plugs in here (see api/jobs/scheduled.ts). */
  planners: readonly DeliveryPlanner[];
  /** False where no mailer is configured: the event then reaches webhooks only. */
  emails?: boolean;
  clock?: () => Date;
  chunkSize?: number;
}

/** Enqueues the email chunks of an event; returns how many chunks this run added. */
export async function fanOutEmails(
  db: Client,
  event: IncidentEvent,
  now: string,
  chunkSize: number,
): Promise<number> {
  const scope = await loadEventScope(db, event);
  if (!scope) return 0;
  const eventKey = incidentEventKey(event);
  let after: string | undefined;
  let added = 0;
  for (;;) {
    const audience = await listActiveSubscribersFor(db, {
      componentIds: scope.componentIds,
      impact: scope.impact,
      after,
      limit: chunkSize,
    });
    if (audience.length === 0) break;
    after = audience.at(-1)?.id;
    const recorded = await listRecordedSubscriberIds(
      db,
      eventKey,
      audience.map((recipient) => recipient.id),
    );
    const fresh = audience.map((recipient) => recipient.id).filter((id) => !recorded.has(id));
    if (fresh.length > 0) {
      // Keyed by the chunk's first recipient: a re-run that skips recorded subscribers builds new
      // chunks with new keys, and one that sees the same chunk adds nothing.
      const batchKey = `${EMAIL_BATCH}:${eventKey}:${fresh[0]}`;
      const payload: EmailBatchPayload = { message: 'incident', event, batch_key: batchKey };
      await db.batch(
        [
          insertQueuedDeliveriesStatement({ eventKey, batchKey, subscriberIds: fresh, now }),
          enqueueOutboxEntryStatement({
            kind: EMAIL_BATCH,
            dedupeKey: batchKey,
            payload,
            availableAt: now,
            now,
          }),
        ],
        'write',
      );
      added += 1;
    }
    if (audience.length < chunkSize) break;
  }
  return added;
}

export function incidentFanOut(db: Client, settings: FanOutSettings): OutboxHandler {
  const clock = settings.clock ?? (() => new Date());
  const chunkSize = Math.min(settings.chunkSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE);
  return async (entry) => {
    const event = entry.payload as IncidentEvent;
    const now = clock().toISOString();
    if (settings.emails !== false) await fanOutEmails(db, event, now, chunkSize);
    for (const plan of settings.planners) {
      for (const delivery of await plan(db, event, now)) await enqueueOutboxEntry(db, delivery);
    }
  };
}
