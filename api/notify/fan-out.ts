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
import { getIncident } from '../../db/queries/incidents.ts';
import {
  enqueueOutboxEntry,
  enqueueOutboxEntryStatement,
  type NewOutboxEntry,
} from '../../db/queries/outbox.ts';
import { listActiveSubscribersFor } from '../../db/queries/subscriber-audience.ts';
import type { IncidentImpact } from '../../db/types.ts';
import { MAX_BATCH_SIZE } from '../mail/mailer.ts';
import type { OutboxHandler } from '../outbox/drain.ts';
import { type IncidentEvent, incidentEventKey } from './incident-event.ts';
import type { MaintenanceEvent } from './maintenance-event.ts';

export const EMAIL_BATCH = 'email.batch';

/** An `email.batch` entry: which message to render, for the recipients recorded under batch_key. */
export type EmailBatchPayload =
  | { message: 'incident'; event: IncidentEvent; batch_key: string }
  | { message: 'maintenance'; event: MaintenanceEvent; batch_key: string };

/**
 * Plans the non-email deliveries of an event (webhooks: h-webhooks' planWebhookDeliveries). Reads
 * only; the fan-out enqueues what it returns, relying on its dedupe keys.
 */
export type DeliveryPlanner = (db: Client, event: IncidentEvent, now: string) => Promise<NewOutboxEntry[]>;

/** The same for maintenance events (api/webhooks/maintenance-plan.ts). */
export type MaintenanceDeliveryPlanner = (
  db: Client,
  event: MaintenanceEvent,
  now: string,
) => Promise<NewOutboxEntry[]>;

export interface FanOutSettings {
  /** The webhook planner plugs in here (see api/jobs/scheduled.ts). */
  planners: readonly DeliveryPlanner[];
  /** The webhook planner of maintenance events. */
  maintenancePlanners?: readonly MaintenanceDeliveryPlanner[];
  /** False where no mailer is configured: the event then reaches webhooks only. */
  emails?: boolean;
  clock?: () => Date;
  chunkSize?: number;
}

/** Who an event's emails go to, and the batch payload that renders them. */
export interface EmailAudience {
  eventKey: string;
  componentIds: readonly string[];
  impact: IncidentImpact;
  payloadFor: (batchKey: string) => EmailBatchPayload;
}

/** Enqueues the email chunks of an incident event; returns how many chunks this run added. */
export async function fanOutEmails(
  db: Client,
  event: IncidentEvent,
  now: string,
  chunkSize: number,
): Promise<number> {
  const incident = await getIncident(db, event.incident_id);
  if (!incident) return 0;
  return fanOutEmailsTo(
    db,
    {
      eventKey: incidentEventKey(event),
      componentIds: incident.component_ids,
      impact: incident.impact,
      payloadFor: (batchKey) => ({ message: 'incident', event, batch_key: batchKey }),
    },
    now,
    chunkSize,
  );
}

/**
 * Enqueues the email chunks of any event for its audience; returns how many chunks this run
 * added. Subscribers already recorded for the event are skipped, so a re-run adds nothing twice.
 */
export async function fanOutEmailsTo(
  db: Client,
  audienceOf: EmailAudience,
  now: string,
  chunkSize: number,
): Promise<number> {
  const { eventKey } = audienceOf;
  let after: string | undefined;
  let added = 0;
  for (;;) {
    const audience = await listActiveSubscribersFor(db, {
      componentIds: audienceOf.componentIds,
      impact: audienceOf.impact,
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
      await db.batch(
        [
          insertQueuedDeliveriesStatement({ eventKey, batchKey, subscriberIds: fresh, now }),
          enqueueOutboxEntryStatement({
            kind: EMAIL_BATCH,
            dedupeKey: batchKey,
            payload: audienceOf.payloadFor(batchKey),
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
