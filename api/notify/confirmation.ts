// The handler of `subscriber.confirmation` (enqueued by POST /api/subscribe): sends the double
// opt-in email, then drops the raw token from the entry's payload so it is kept nowhere in clear.
import type { Client } from '@libsql/client';
import { replaceOutboxPayload } from '../../db/queries/outbox.ts';
import { getPage } from '../../db/queries/page.ts';
import { getSubscriber } from '../../db/queries/subscribers.ts';
import { confirmationEmail } from '../../emails/confirmation.ts';
import { unsubscribeHeaders } from '../mail/mailer.ts';
import type { OutboxHandler } from '../outbox/drain.ts';
import { confirmUrl, subscriberLinks } from '../subscribers/links.ts';
import { linkOriginOf, type MailSettings } from './email-batch.ts';

export const SUBSCRIBER_CONFIRMATION = 'subscriber.confirmation';

export interface ConfirmationPayload {
  subscriber_id: string;
  token: string;
}

const REDACTED = 'redacted';

/**
 * The entry as the admin outbox listing shows it: a confirmation's raw token would let whoever
 * reads the listing confirm that address in its owner's name, so it is never shown.
 */
export function withoutConfirmationToken<T extends { kind: string; payload: unknown }>(entry: T): T {
  if (entry.kind !== SUBSCRIBER_CONFIRMATION) return entry;
  const payload = entry.payload as Partial<ConfirmationPayload>;
  if (typeof payload?.token !== 'string') return entry;
  return { ...entry, payload: { ...payload, token: REDACTED } };
}

export function confirmationSender(db: Client, settings: MailSettings): OutboxHandler {
  return async (entry) => {
    const payload = entry.payload as ConfirmationPayload;
    const subscriber = await getSubscriber(db, payload.subscriber_id);
    // Confirmed, unsubscribed or gone meanwhile, or already sent: nothing to say.
    if (subscriber?.state !== 'pending' || payload.token === REDACTED) return;
    const page = await getPage(db);
    const origin = await linkOriginOf(db, settings);
    const content = confirmationEmail({
      pageName: page?.name ?? 'Status',
      pageUrl: page?.url ?? origin,
      confirmUrl: confirmUrl(origin, payload.token),
    });
    const links = await subscriberLinks(db, subscriber.id, origin);
    await settings.mailer.sendBatch(
      [{ to: subscriber.email, ...content, headers: unsubscribeHeaders(links.unsubscribe) }],
      entry.id,
    );
    await replaceOutboxPayload(db, entry.id, { ...payload, token: REDACTED });
  };
}
