// The handler of `member.sign_in` (enqueued by POST /admin/sign-in with an email): sends the link,
// then drops the raw token from the entry's payload so that it is kept nowhere in clear.
import type { Client } from '@libsql/client';
import { getMember } from '../../db/queries/members.ts';
import { replaceOutboxPayload } from '../../db/queries/outbox.ts';
import { getPage } from '../../db/queries/page.ts';
import { signInLinkEmail } from '../../emails/sign-in-link.ts';
import type { OutboxHandler } from '../outbox/drain.ts';
import { linkOriginOf, type MailSettings } from './email-batch.ts';

export const MEMBER_SIGN_IN = 'member.sign_in';

export interface SignInLinkPayload {
  member_id: string;
  token: string;
  minutes: number;
}

const REDACTED = 'redacted';

export function signInLinkUrl(origin: string, token: string): string {
  return `${origin}/admin/sign-in/link?token=${encodeURIComponent(token)}`;
}

/**
 * The entry as the admin outbox listing shows it: until the link is sent (or for good, when the
 * mail provider keeps failing) the payload holds the raw token, and whoever read it could sign in
 * as that member, the audit log then naming the member rather than the token that read it.
 */
export function withoutSignInToken<T extends { kind: string; payload: unknown }>(entry: T): T {
  if (entry.kind !== MEMBER_SIGN_IN) return entry;
  const payload = entry.payload as Partial<SignInLinkPayload>;
  if (typeof payload?.token !== 'string') return entry;
  return { ...entry, payload: { ...payload, token: REDACTED } };
}

export function signInLinkSender(db: Client, settings: MailSettings): OutboxHandler {
  return async (entry) => {
    const payload = entry.payload as SignInLinkPayload;
    const member = await getMember(db, payload.member_id);
    if (!member || payload.token === REDACTED) return;
    const page = await getPage(db);
    const origin = await linkOriginOf(db, settings);
    const signInUrl = signInLinkUrl(origin, payload.token);
    const content = signInLinkEmail({
      pageName: page?.name ?? 'Status',
      pageUrl: page?.url ?? origin,
      memberName: member.name,
      signInUrl,
      minutes: payload.minutes,
    });
    await settings.mailer.sendBatch([{ to: member.email, ...content }], entry.id);
    // Offline (no mail provider) the operator reads the link here as well as in the .eml file.
    settings.logSignInLinks?.(`Sign-in link for ${member.email}: ${signInUrl}`);
    await replaceOutboxPayload(db, entry.id, { ...payload, token: REDACTED });
  };
}
