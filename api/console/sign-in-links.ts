// Emailed sign-in links: 256 random bits, stored hashed, single use, valid for a few minutes, sent
// through the one mail path (an outbox entry of kind member.sign_in).
import type { Client } from '@libsql/client';
import { sha256Hex } from '../../db/hash.ts';
import { consumeSignInLink, insertSignInLinkStatement } from '../../db/queries/console-sessions.ts';
import { getMemberByEmail } from '../../db/queries/members.ts';
import { enqueueOutboxStatement } from '../../db/queries/outbox.ts';
import { MEMBER_SIGN_IN } from '../notify/sign-in-link.ts';
import { randomSecret } from './session.ts';

export const LINK_LIFETIME_MINUTES = 15;

/**
 * Sends a sign-in link to the member with this address; does nothing (and says nothing) for an
 * address that is no member's. Returns whether a link was enqueued, for the caller to drain soon.
 */
export async function sendSignInLink(db: Client, email: string, now: string): Promise<boolean> {
  const member = await getMemberByEmail(db, email);
  if (!member) return false;
  const token = randomSecret();
  const tokenHash = await sha256Hex(token);
  const expiresAt = new Date(Date.parse(now) + LINK_LIFETIME_MINUTES * 60_000).toISOString();
  await db.batch(
    [
      insertSignInLinkStatement({ tokenHash, memberId: member.id, expiresAt, now }),
      enqueueOutboxStatement({
        kind: MEMBER_SIGN_IN,
        dedupeKey: `${MEMBER_SIGN_IN}:${tokenHash}`,
        payload: { member_id: member.id, token, minutes: LINK_LIFETIME_MINUTES },
        availableAt: now,
        now,
      }),
    ],
    'write',
  );
  return true;
}

/** Uses a link: the member it signs in, or null when it is unknown, expired or used. */
export async function useSignInLink(db: Client, token: string, now: string): Promise<string | null> {
  if (!token || token.length > 100) return null;
  return consumeSignInLink(db, await sha256Hex(token), now);
}
