// The outbox handler of `webhook.deliver`: one attempt per claim, recorded, retried on a schedule
// that spans a day, and the webhook disabled after repeated failure. The outbox entry's id is the
// Standard Webhooks message id, the same on every attempt, so a receiver can drop repeats.
import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import type { OutboxEntry } from '../../db/queries/outbox.ts';
import {
  type DeliveryAttempt,
  recordDeliveryFailure,
  recordDeliverySuccess,
} from '../../db/queries/webhook-deliveries.ts';
import { getWebhook, getWebhookSecret } from '../../db/queries/webhooks.ts';
import { type OutboxHandler, PermanentDeliveryError, RetryLaterError } from '../outbox/drain.ts';
import type { WebhookDeliveryPayload } from './matching.ts';
import { type SendSettings, sendWebhook } from './send.ts';

const MINUTE = 60_000;
/** Waits after the 1st, 2nd, … failed attempt: 8 attempts within about 22 hours. */
export const RETRY_DELAYS_MS = [1, 5, 15, 60, 180, 360, 720].map((minutes) => minutes * MINUTE);
/** No attempt is made later than this after the event. */
export const RETRY_WINDOW_MS = 24 * 60 * MINUTE;
/** Failed attempts in a row (across messages) after which a webhook is disabled. */
export const DISABLE_AFTER_FAILURES = 10;

export interface WebhookSenderSettings extends SendSettings {
  clock?: (() => Date) | undefined;
}

/** When to try again after the entry's latest attempt failed, or null when it is time to give up. */
export function nextAttemptAt(entry: Pick<OutboxEntry, 'attempts' | 'created_at'>, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[entry.attempts - 1];
  if (delay === undefined) return null;
  const at = new Date(now.getTime() + delay);
  return at.getTime() - Date.parse(entry.created_at) <= RETRY_WINDOW_MS ? at : null;
}

export function webhookSender(db: Client, settings: WebhookSenderSettings): OutboxHandler {
  const clock = settings.clock ?? (() => new Date());
  return async (entry) => {
    const payload = entry.payload as WebhookDeliveryPayload;
    const webhook = await getWebhook(db, payload.webhook_id);
    const secret = await getWebhookSecret(db, payload.webhook_id);
    if (!webhook || secret === null) return; // deleted: there is no one to deliver to
    if (!webhook.enabled) {
      throw new PermanentDeliveryError(`Webhook ${webhook.id} is disabled: ${webhook.disabled_reason ?? ''}`);
    }
    const started = clock();
    const outcome = await sendWebhook(
      { url: webhook.url, secret, messageId: entry.id, body: payload.body, at: started },
      settings,
    );
    const now = clock();
    const attempt: DeliveryAttempt = {
      id: newId('whd'),
      webhookId: webhook.id,
      messageId: entry.id,
      event: payload.event,
      attempt: entry.attempts,
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: now.getTime() - started.getTime(),
      nextAttemptAt: null,
      now: now.toISOString(),
    };
    if (outcome.ok) return recordDeliverySuccess(db, attempt);
    return failAttempt(db, entry, attempt, now);
  };
}

/**
 * Records a failed attempt, then throws what tells the drain what comes next: a retry at the
 * scheduled moment, or nothing more (the schedule is over, or the webhook is now disabled).
 */
async function failAttempt(
  db: Client,
  entry: OutboxEntry,
  attempt: DeliveryAttempt,
  now: Date,
): Promise<never> {
  const retryAt = nextAttemptAt(entry, now);
  const error = attempt.error ?? 'The delivery failed.';
  const gone = attempt.statusCode === 410;
  const enabled = await recordDeliveryFailure(
    db,
    { ...attempt, nextAttemptAt: retryAt?.toISOString() ?? null },
    {
      disableAfter: DISABLE_AFTER_FAILURES,
      // 410 Gone: the receiver says it will never want another message.
      disableNow: gone,
      reason: gone
        ? `The receiver answered 410 Gone at ${attempt.now}.`
        : `${DISABLE_AFTER_FAILURES} deliveries in a row failed; the last at ${attempt.now}: ${error}`,
    },
  );
  if (!enabled) throw new PermanentDeliveryError(`${error} The webhook is disabled.`);
  if (!retryAt) throw new PermanentDeliveryError(`${error} Gave up after ${entry.attempts} attempts.`);
  throw new RetryLaterError(error, retryAt);
}
