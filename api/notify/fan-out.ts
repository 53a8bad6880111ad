// The handler of `incident.notify`: plans every delivery one incident event causes and enqueues it
// with a deterministic key, so that running it again after a crash adds nothing twice. Emails go
// in chunks of at most 100 (one Resend batch call each) as `email.batch` entries; each chunk's
// per-recipient delivery records are written in the same transaction as its entry, and a second
// run skips every subscriber that already has a record for the event.
import type { Client, InStatement } from '@libsql/client';
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
import type { IncidentImpact } from '../../db/types.ts';
import { MAX_BATCH_SIZE } from '../mail/mailer.ts';
import type { OutboxHandler } from '../outbox/drain.ts';
import { loadEventScope } from './event-scope.ts';
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

// Subscribers are read and chunks written this many chunks at a time: 10,000 subscribers are 10
// round trips of each kind instead of 100, and the first batch goes out that much sooner.
const CHUNKS_PER_WRITE = 10;

/** Enqueues the email chunks of an incident event; returns how many chunks this run added. */
export async function fanOutEmails(
  db: Client,
  event: IncidentEvent,
  now: string,
  chunkSize: number,
): Promise<number> {
  const scope = await loadEventScope(db, event);
  if (!scope) return 0;
  return fanOutEmailsTo(
    db,
    {
      eventKey: incidentEventKey(event),
      componentIds: scope.componentIds,
      impact: scope.impact,
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
  const pageSize = chunkSize * CHUNKS_PER_WRITE;
  let after: string | undefined;
  let added = 0;
  for (;;) {
    const audience = await listActiveSubscribersFor(db, {
      componentIds: audienceOf.componentIds,
      impact: audienceOf.impact,
      after,
      limit: pageSize,
    });
    if (audience.length === 0) break;
    after = audience.at(-1)?.id;
    const recorded = await listRecordedSubscriberIds(
      db,
      eventKey,
      audience.map((recipient) => recipient.id),
    );
    const fresh = audience.map((recipient) => recipient.id).filter((id) => !recorded.has(id));
    const statements: InStatement[] = [];
    for (let start = 0; start < fresh.length; start += chunkSize) {
      statements.push(...chunkStatements(audienceOf, fresh.slice(start, start + chunkSize), now));
      added += 1;
    }
    // Each chunk's records and entry commit together (and so do the chunks of one write).
    if (statements.length > 0) await db.batch(statements, 'write');
    if (audience.length < pageSize) break;
  }
  return added;
}

function chunkStatements(
  audienceOf: EmailAudience,
  subscriberIds: readonly string[],
  now: string,
): InStatement[] {
  const { eventKey } = audienceOf;
  // Keyed by the chunk's first recipient: a re-run that skips recorded subscribers builds new
  // chunks with new keys, and one that sees the same chunk adds nothing.
  const batchKey = `${EMAIL_BATCH}:${eventKey}:${subscriberIds[0]}`;
  return [
    insertQueuedDeliveriesStatement({ eventKey, batchKey, subscriberIds, now }),
    enqueueOutboxEntryStatement({
      kind: EMAIL_BATCH,
      dedupeKey: batchKey,
      payload: audienceOf.payloadFor(batchKey),
      availableAt: now,
      now,
    }),
  ];
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
