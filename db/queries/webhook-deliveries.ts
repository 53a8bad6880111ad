import type { Client } from '@libsql/client';

// Recording delivery attempts: the attempt's row and the webhook's failure count change together,
// in one batch, so the count always matches the log.

export interface DeliveryAttempt {
  id: string;
  webhookId: string;
  messageId: string;
  event: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  nextAttemptAt: string | null;
  now: string;
}

/** Records a successful attempt and clears the webhook's failure count. */
export async function recordDeliverySuccess(db: Client, attempt: DeliveryAttempt): Promise<void> {
  await db.batch(
    [
      insertAttempt(attempt, 'succeeded'),
      {
        sql: 'UPDATE webhooks SET consecutive_failures = 0 WHERE id = :id',
        args: { id: attempt.webhookId },
      },
    ],
    'write',
  );
}

/**
 * Records a failed attempt and counts it; disables the webhook when the count reaches
 * `disableAfter` or when `disableNow` (the receiver said it is gone). Returns whether the webhook
 * is still enabled afterwards (false also when it was deleted meanwhile).
 */
export async function recordDeliveryFailure(
  db: Client,
  attempt: DeliveryAttempt,
  rule: { disableAfter: number; disableNow: boolean; reason: string },
): Promise<boolean> {
  const results = await db.batch(
    [
      {
        sql: `UPDATE webhooks SET consecutive_failures = consecutive_failures + 1,
            disabled_at = CASE WHEN enabled = 1 AND (:now_off OR consecutive_failures + 1 >= :limit)
              THEN :now ELSE disabled_at END,
            disabled_reason = CASE WHEN enabled = 1 AND (:now_off OR consecutive_failures + 1 >= :limit)
              THEN :reason ELSE disabled_reason END,
            enabled = CASE WHEN :now_off OR consecutive_failures + 1 >= :limit THEN 0 ELSE enabled END
          WHERE id = :id RETURNING enabled`,
        args: {
          id: attempt.webhookId,
          now: attempt.now,
          now_off: rule.disableNow ? 1 : 0,
          limit: rule.disableAfter,
          reason: rule.reason,
        },
      },
      // After the update, so that an attempt that disabled the webhook announces no next one.
      insertAttempt(attempt, 'failed'),
    ],
    'write',
  );
  return Number(results[0]?.rows[0]?.enabled ?? 0) === 1;
}

function insertAttempt(attempt: DeliveryAttempt, outcome: 'succeeded' | 'failed') {
  return {
    sql: `INSERT INTO webhook_deliveries (id, webhook_id, message_id, event, attempt, outcome, status_code, error,
        duration_ms, next_attempt_at, created_at)
      SELECT :id, id, :message_id, :event, :attempt, :outcome, :status_code, :error, :duration_ms,
        CASE WHEN enabled = 1 THEN :next_attempt_at END, :now FROM webhooks WHERE id = :webhook_id`,
    args: {
      id: attempt.id,
      webhook_id: attempt.webhookId,
      message_id: attempt.messageId,
      event: attempt.event,
      attempt: attempt.attempt,
      outcome,
      status_code: attempt.statusCode,
      error: attempt.error,
      duration_ms: attempt.durationMs,
      next_attempt_at: attempt.nextAttemptAt,
      now: attempt.now,
    },
  };
}

/** Deletes attempts recorded before `before`: the log is for looking into recent trouble. */
export async function deleteOldWebhookDeliveries(db: Client, before: string): Promise<number> {
  const result = await db.execute({
    sql: 'DELETE FROM webhook_deliveries WHERE created_at < :before',
    args: { before },
  });
  return result.rowsAffected;
}
