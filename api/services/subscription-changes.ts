import type { Client } from '@libsql/client';
import { sha256Hex } from '../../db/hash.ts';
import {
  confirmByTokenStatement,
  redactConfirmationTokensStatement,
  setMinImpactStatement,
  unsubscribeStatement,
} from '../../db/queries/subscriber-writes.ts';
import {
  getSubscriber,
  getSubscriberByConfirmHash,
  replaceTargetsStatements,
  type Subscriber,
} from '../../db/queries/subscribers.ts';
import type { IncidentImpact } from '../../db/types.ts';
import { requireKnownTargets } from './subscriptions.ts';

// What the holder of a confirmation token or a signed link may do to their own subscription.

/** The pending subscriber a confirmation token belongs to, if the token is still usable. */
export async function findConfirmable(db: Client, token: string, now: string): Promise<Subscriber | null> {
  if (token.length === 0 || token.length > 200) return null;
  const subscriber = await getSubscriberByConfirmHash(db, await sha256Hex(token));
  if (!subscriber || subscriber.confirm_expires_at === null || subscriber.confirm_expires_at <= now)
    return null;
  return subscriber;
}

/**
 * Confirms the subscription a token belongs to; the token is used up and removed from the
 * outbox. Returns the subscriber, or null when the token is unknown, used or expired.
 */
export async function confirmSubscription(
  db: Client,
  token: string,
  now: string,
): Promise<Subscriber | null> {
  const subscriber = await findConfirmable(db, token, now);
  if (!subscriber) return null;
  const [confirmed] = await db.batch(
    [confirmByTokenStatement(await sha256Hex(token), now), redactConfirmationTokensStatement(subscriber.id)],
    'write',
  );
  return confirmed && confirmed.rows.length === 1 ? getSubscriber(db, subscriber.id) : null;
}

/** Unsubscribes at once; idempotent (an unknown or already unsubscribed id changes nothing). */
export async function unsubscribe(db: Client, subscriberId: string, now: string): Promise<void> {
  await db.batch(
    [unsubscribeStatement(subscriberId, now), redactConfirmationTokensStatement(subscriberId)],
    'write',
  );
}

export interface PreferencesInput {
  /** Component and group ids; null = the whole page. */
  components: string[] | null;
  min_impact: IncidentImpact;
}

/** Changes what an active subscriber follows. Null when there is no such active subscriber. */
export async function updatePreferences(
  db: Client,
  subscriberId: string,
  input: PreferencesInput,
  now: string,
): Promise<Subscriber | null> {
  const current = await getSubscriber(db, subscriberId);
  if (current?.state !== 'active') return null;
  await requireKnownTargets(db, input.components);
  await db.batch(
    [
      setMinImpactStatement(subscriberId, input.min_impact, now),
      ...replaceTargetsStatements(subscriberId, input.components),
    ],
    'write',
  );
  return getSubscriber(db, subscriberId);
}
