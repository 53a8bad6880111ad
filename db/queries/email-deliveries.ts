// Per-recipient email delivery records (migration 0006). A record is created with its batch's
// outbox entry, in one transaction, and moves to sent when the batch is accepted by the mailer.
import type { Client, InStatement } from '@libsql/client';
import { newId } from '../ids.ts';

export type DeliveryState = 'queued' | 'sent' | 'failed' | 'bounced' | 'complained';

export interface EmailDelivery {
  id: string;
  event_key: string;
  subscriber_id: string;
  batch_key: string;
  state: DeliveryState;
  provider_message_id: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
}

/**
 * Records one queued delivery per subscriber under `batchKey`, skipping subscribers that already
 * have one for this event, and only while no outbox entry holds that key yet: a record can never
 * join a batch that may already have been sent.
 */
export function insertQueuedDeliveriesStatement(batch: {
  eventKey: string;
  batchKey: string;
  subscriberIds: readonly string[];
  now: string;
}): InStatement {
  const rows = batch.subscriberIds.map((id) => ({ id: newId('dlv'), subscriber_id: id }));
  return {
    sql: `INSERT INTO email_deliveries (id, event_key, subscriber_id, batch_key, state, created_at, updated_at)
      SELECT json_extract(value, '$.id'), :eventKey, json_extract(value, '$.subscriber_id'), :batchKey, 'queued', :now, :now
      FROM json_each(:rows)
      WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE dedupe_key = :batchKey)
      ON CONFLICT (event_key, subscriber_id) DO NOTHING`,
    args: { eventKey: batch.eventKey, batchKey: batch.batchKey, rows: JSON.stringify(rows), now: batch.now },
  };
}

/** Of these subscribers, those with a delivery record for the event already. */
export async function listRecordedSubscriberIds(
  db: Client,
  eventKey: string,
  subscriberIds: readonly string[],
): Promise<Set<string>> {
  const result = await db.execute({
    sql: `SELECT subscriber_id FROM email_deliveries
      WHERE event_key = :eventKey AND subscriber_id IN (SELECT value FROM json_each(:ids))`,
    args: { eventKey, ids: JSON.stringify(subscriberIds) },
  });
  return new Set(result.rows.map((row) => String(row.subscriber_id)));
}

/** The still-queued recipients of a batch, with their address as it is now, in id order. */
export async function listQueuedBatchRecipients(
  db: Client,
  batchKey: string,
): Promise<Array<{ delivery_id: string; subscriber_id: string; email: string; state: string }>> {
  const result = await db.execute({
    sql: `SELECT d.id, d.subscriber_id, s.email, s.state FROM email_deliveries AS d
      JOIN subscribers AS s ON s.id = d.subscriber_id
      WHERE d.batch_key = :batchKey AND d.state = 'queued' ORDER BY d.subscriber_id`,
    args: { batchKey },
  });
  return result.rows.map((row) => ({
    delivery_id: String(row.id),
    subscriber_id: String(row.subscriber_id),
    email: String(row.email),
    state: String(row.state),
  }));
}

/** Marks deliveries sent with the provider's message id: one statement for a whole batch. */
export function markDeliveriesSentStatements(
  sent: ReadonlyArray<{ deliveryId: string; providerMessageId: string | null }>,
  now: string,
): InStatement[] {
  const ids = Object.fromEntries(
    sent.map(({ deliveryId, providerMessageId }) => [deliveryId, providerMessageId]),
  );
  return [
    {
      sql: `UPDATE email_deliveries SET state = 'sent', provider_message_id = json_extract(:ids, '$."' || id || '"'),
          sent_at = :now, updated_at = :now
        WHERE id IN (SELECT key FROM json_each(:ids)) AND state = 'queued'`,
      args: { ids: JSON.stringify(ids), now },
    },
  ];
}

/** Marks deliveries given up on (the subscriber left meanwhile, or the send failed for good). */
export function markDeliveriesFailedStatement(
  deliveryIds: readonly string[],
  error: string,
  now: string,
): InStatement {
  return {
    sql: `UPDATE email_deliveries SET state = 'failed', error = :error, updated_at = :now
      WHERE id IN (SELECT value FROM json_each(:ids)) AND state = 'queued'`,
    args: { ids: JSON.stringify(deliveryIds), error, now },
  };
}

/** Records a bounce or complaint reported for a provider message id. */
export function markDeliveryReportedStatement(
  providerMessageId: string,
  state: 'bounced' | 'complained',
  now: string,
): InStatement {
  return {
    sql: `UPDATE email_deliveries SET state = :state, updated_at = :now WHERE provider_message_id = :providerMessageId`,
    args: { providerMessageId, state, now },
  };
}

/** A subscriber's deliveries, newest first. */
export async function listSubscriberDeliveries(
  db: Client,
  subscriberId: string,
  limit: number,
): Promise<EmailDelivery[]> {
  const result = await db.execute({
    sql: `SELECT * FROM email_deliveries WHERE subscriber_id = :subscriberId ORDER BY created_at DESC, id DESC LIMIT :limit`,
    args: { subscriberId, limit },
  });
  return result.rows.map((row) => ({
    id: String(row.id),
    event_key: String(row.event_key),
    subscriber_id: String(row.subscriber_id),
    batch_key: String(row.batch_key),
    state: String(row.state) as DeliveryState,
    provider_message_id: row.provider_message_id == null ? null : String(row.provider_message_id),
    error: row.error == null ? null : String(row.error),
    created_at: String(row.created_at),
    sent_at: row.sent_at == null ? null : String(row.sent_at),
    updated_at: String(row.updated_at),
  }));
}
