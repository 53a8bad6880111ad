import type { Client, InStatement } from '@libsql/client';
import { sha256Hex } from '../../db/hash.ts';
import { newId } from '../../db/ids.ts';
import { enqueueOutboxStatement } from '../../db/queries/outbox.ts';
import {
  insertSubscriberStatement,
  redactConfirmationTokensStatement,
  renewPendingStatement,
} from '../../db/queries/subscriber-writes.ts';
import {
  findUnknownTargets,
  getSubscriberByEmail,
  normaliseEmail,
  replaceTargetsStatements,
} from '../../db/queries/subscribers.ts';
import type { IncidentImpact } from '../../db/types.ts';
import { ServiceError } from './errors.ts';

// The public side of subscribing: double opt-in with a single-use token. Whatever the address's
// state, the caller learns nothing (the route answers the same), and an address is sent at most
// one confirmation email plus one more after an hour.

export const CONFIRMATION_KIND = 'subscriber.confirmation';
const TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const RESEND_AFTER_MS = 60 * 60 * 1000;

export interface SubscriptionInput {
  email: string;
  /** Component and group ids; null = the whole page. */
  components: string[] | null;
  min_impact: IncidentImpact;
}

/** A confirmation token: 256 random bits, base64url, shown only in the email. */
function newConfirmToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Refuses targets that name no component or group, pointing at each. */
export async function requireKnownTargets(db: Client, targets: readonly string[] | null): Promise<void> {
  const unknown = await findUnknownTargets(db, targets ?? []);
  if (unknown.length === 0) return;
  throw new ServiceError(
    'invalid',
    'Some components are not on this page.',
    unknown.map((index) => ({
      pointer: `/components/${index}`,
      detail: 'No component or group has this id.',
    })),
  );
}

/** The token, its hash and the outbox row that sends it, for a subscriber's write batch. */
export async function confirmationFor(subscriberId: string, now: string) {
  const token = newConfirmToken();
  const tokenHash = await sha256Hex(token);
  const expiresAt = new Date(Date.parse(now) + TOKEN_LIFETIME_MS).toISOString();
  const outbox = enqueueOutboxStatement({
    kind: CONFIRMATION_KIND,
    dedupeKey: `${CONFIRMATION_KIND}:${subscriberId}:${tokenHash.slice(0, 16)}`,
    payload: { subscriber_id: subscriberId, token },
    availableAt: now,
    now,
  });
  return { tokenHash, expiresAt, outbox };
}

/** May a confirmation email be (re-)sent to a subscriber in this state now? */
function maySendConfirmation(
  existing: {
    state: string;
    confirmation_sent_at: string | null;
    confirmation_resends: number;
    confirm_expires_at: string | null;
  },
  now: string,
): { send: boolean; resends: number } {
  if (existing.state === 'active' || existing.state === 'quarantined') return { send: false, resends: 0 };
  const lastSent = existing.confirmation_sent_at === null ? 0 : Date.parse(existing.confirmation_sent_at);
  if (Date.parse(now) - lastSent < RESEND_AFTER_MS) return { send: false, resends: 0 };
  if (existing.state === 'unsubscribed') return { send: true, resends: 0 };
  // Pending: one re-send, and a fresh start only once the first token has expired.
  const expired = existing.confirm_expires_at !== null && existing.confirm_expires_at <= now;
  if (existing.confirmation_resends === 0) return { send: true, resends: 1 };
  return expired ? { send: true, resends: 0 } : { send: false, resends: 0 };
}

/**
 * Records a subscription request. New address: a pending subscriber and its confirmation email,
 * in one batch. Known address: a fresh confirmation only when maySendConfirmation allows; an
 * active subscription is never changed by this unauthenticated request.
 */
export async function requestSubscription(db: Client, input: SubscriptionInput, now: string): Promise<void> {
  await requireKnownTargets(db, input.components);
  const email = normaliseEmail(input.email);
  const existing = await getSubscriberByEmail(db, email);
  const id = existing?.id ?? newId('sub');
  const statements: InStatement[] = [];
  const { tokenHash, expiresAt, outbox } = await confirmationFor(id, now);
  if (existing === null) {
    statements.push(
      insertSubscriberStatement({
        id,
        email,
        state: 'pending',
        minImpact: input.min_impact,
        confirmTokenHash: tokenHash,
        confirmExpiresAt: expiresAt,
        now,
      }),
    );
  } else {
    const decision = maySendConfirmation(existing, now);
    if (!decision.send) return;
    statements.push(
      redactConfirmationTokensStatement(id),
      renewPendingStatement({
        id,
        minImpact: input.min_impact,
        confirmTokenHash: tokenHash,
        confirmExpiresAt: expiresAt,
        resends: decision.resends,
        now,
      }),
    );
  }
  statements.push(...replaceTargetsStatements(id, input.components), outbox);
  try {
    await db.batch(statements, 'write');
  } catch (error) {
    // Two first requests for one address raced; the other one's email is on its way.
    if (error instanceof Error && error.message.includes('UNIQUE constraint failed: subscribers.email'))
      return;
    throw error;
  }
}
