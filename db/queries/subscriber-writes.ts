import type { InStatement } from '@libsql/client';
import type { IncidentImpact } from '../types.ts';
import type { SubscriberState } from './subscribers.ts';

// Statements that change a subscriber, for the callers' write batches (each batch also writes its
// outbox entry or audit entry, so that the change and its consequence commit together).

export interface NewSubscriberRow {
  id: string;
  /** Already normalised (normaliseEmail). */
  email: string;
  state: Extract<SubscriberState, 'pending' | 'active'>;
  minImpact: IncidentImpact;
  /** For a pending subscriber: the confirmation token's hash and expiry. */
  confirmTokenHash: string | null;
  confirmExpiresAt: string | null;
  now: string;
}

/** Inserts a subscriber (whole page until replaceTargetsStatements says otherwise). */
export function insertSubscriberStatement(row: NewSubscriberRow): InStatement {
  return {
    sql: `INSERT INTO subscribers (id, email, state, whole_page, min_impact, confirm_token_hash, confirm_expires_at,
        confirmation_sent_at, confirmed_at, created_at, updated_at)
      VALUES (:id, :email, :state, 1, :minImpact, :confirmTokenHash, :confirmExpiresAt,
        CASE WHEN :state = 'pending' THEN :now END, CASE WHEN :state = 'active' THEN :now END, :now, :now)`,
    args: { ...row },
  };
}

/**
 * Makes an existing subscriber pending again with a fresh confirmation token (a repeated request,
 * or an unsubscribed address subscribing anew). `resends` is the count after this one.
 */
export function renewPendingStatement(update: {
  id: string;
  minImpact: IncidentImpact;
  confirmTokenHash: string;
  confirmExpiresAt: string;
  resends: number;
  now: string;
}): InStatement {
  return {
    sql: `UPDATE subscribers SET state = 'pending', min_impact = :minImpact, confirm_token_hash = :confirmTokenHash,
        confirm_expires_at = :confirmExpiresAt, confirmation_sent_at = :now, confirmation_resends = :resends,
        unsubscribed_at = NULL, updated_at = :now
      WHERE id = :id AND state IN ('pending', 'unsubscribed')`,
    args: { ...update },
  };
}

/** Activates a subscriber now, as the admin does with skip_confirmation. */
export function activateSubscriberStatement(id: string, now: string): InStatement {
  return {
    sql: `UPDATE subscribers SET state = 'active', confirmed_at = :now, confirm_token_hash = NULL,
        confirm_expires_at = NULL, unsubscribed_at = NULL, updated_at = :now
      WHERE id = :id AND state <> 'quarantined'`,
    args: { id, now },
  };
}

/**
 * Confirms the pending subscriber holding this unexpired token hash; the token stops working at
 * once (single use). Returns the subscriber's id through RETURNING; no row when nothing matched.
 */
export function confirmByTokenStatement(tokenHash: string, now: string): InStatement {
  return {
    sql: `UPDATE subscribers SET state = 'active', confirmed_at = :now, confirm_token_hash = NULL,
        confirm_expires_at = NULL, updated_at = :now
      WHERE confirm_token_hash = :tokenHash AND state = 'pending' AND confirm_expires_at > :now
      RETURNING id`,
    args: { tokenHash, now },
  };
}

/** Removes the raw confirmation token from the outbox once it can no longer be used. */
export function redactConfirmationTokensStatement(subscriberId: string): InStatement {
  return {
    sql: `UPDATE outbox SET payload = json_set(payload, '$.token', 'redacted')
      WHERE kind = 'subscriber.confirmation' AND json_extract(payload, '$.subscriber_id') = :subscriberId
        AND json_extract(payload, '$.token') <> 'redacted'`,
    args: { subscriberId },
  };
}

/** Unsubscribes an active or pending subscriber; a no-op for any other state. */
export function unsubscribeStatement(id: string, now: string): InStatement {
  return {
    sql: `UPDATE subscribers SET state = 'unsubscribed', unsubscribed_at = :now, confirm_token_hash = NULL,
        confirm_expires_at = NULL, updated_at = :now
      WHERE id = :id AND state IN ('active', 'pending')`,
    args: { id, now },
  };
}

/** Changes an active subscriber's threshold (its targets change with replaceTargetsStatements). */
export function setMinImpactStatement(id: string, minImpact: IncidentImpact, now: string): InStatement {
  return {
    sql: `UPDATE subscribers SET min_impact = :minImpact, updated_at = :now WHERE id = :id`,
    args: { id, minImpact, now },
  };
}

/** Quarantines an address that bounced or complained: it is sent nothing more. */
export function quarantineSubscriberStatement(update: {
  email: string;
  reason: string;
  now: string;
}): InStatement {
  return {
    sql: `UPDATE subscribers SET state = 'quarantined', quarantined_at = :now, quarantine_reason = :reason,
        confirm_token_hash = NULL, confirm_expires_at = NULL, updated_at = :now
      WHERE email = lower(trim(:email)) AND state <> 'quarantined'`,
    args: { ...update },
  };
}
