// The handler of `email.batch`: renders one chunk's emails (each with its own manage and one-click
// unsubscribe links) and sends them as one mailer call whose idempotency key is the chunk's key,
// so a chunk sent again after a crash is recognised by Resend and not delivered twice.
import type { Client } from '@libsql/client';
import {
  listQueuedBatchRecipients,
  markDeliveriesFailedStatement,
  markDeliveriesSentStatements,
} from '../../db/queries/email-deliveries.ts';
import { getPage } from '../../db/queries/page.ts';
import { type Mailer, type OutgoingEmail, unsubscribeHeaders } from '../mail/mailer.ts';
import { type OutboxHandler, PermanentDeliveryError } from '../outbox/drain.ts';
import { subscriberLinkSigner } from '../subscribers/links.ts';
import type { EmailBatchPayload } from './fan-out.ts';
import { loadIncidentMessage } from './incident-message.ts';
import { loadMaintenanceMessage } from './maintenance-message.ts';
import { loadPostmortemMessage } from './postmortem-message.ts';

export interface MailSettings {
  mailer: Mailer;
  /** Where manage/unsubscribe/confirm links point (the API's origin); the page's URL if unset. */
  linkOrigin?: string | undefined;
  clock?: () => Date;
  /** Offline mailers only: where console sign-in links are also printed (the server log). */
  logSignInLinks?: ((line: string) => void) | undefined;
}

/** The origin for links in emails. */
export async function linkOriginOf(db: Client, settings: MailSettings): Promise<string> {
  return settings.linkOrigin ?? (await getPage(db))?.url ?? '';
}

export function emailBatchSender(db: Client, settings: MailSettings): OutboxHandler {
  const clock = settings.clock ?? (() => new Date());
  return async (entry) => {
    const payload = entry.payload as EmailBatchPayload;
    const recipients = await listQueuedBatchRecipients(db, payload.batch_key);
    const now = () => clock().toISOString();
    // Someone who unsubscribed or bounced since the fan-out hears nothing more.
    const gone = recipients.filter((recipient) => recipient.state !== 'active');
    const active = recipients.filter((recipient) => recipient.state === 'active');
    if (gone.length > 0) {
      await db.execute(
        markDeliveriesFailedStatement(
          gone.map((r) => r.delivery_id),
          'no longer subscribed',
          now(),
        ),
      );
    }
    if (active.length === 0) return;
    const render =
      payload.message === 'maintenance'
        ? await loadMaintenanceMessage(db, payload.event)
        : payload.event.postmortem
          ? await loadPostmortemMessage(db, payload.event)
          : await loadIncidentMessage(db, payload.event);
    if (!render) {
      await db.execute(
        markDeliveriesFailedStatement(
          active.map((r) => r.delivery_id),
          `${payload.message} removed`,
          now(),
        ),
      );
      return;
    }
    const linksOf = await subscriberLinkSigner(db, await linkOriginOf(db, settings));
    // Signed all at once: Web Crypto works off the main thread, and one at a time each waits its turn.
    const links = await Promise.all(active.map((recipient) => linksOf(recipient.subscriber_id)));
    const emails: OutgoingEmail[] = active.map((recipient, index) => {
      const own = links[index] as (typeof links)[number];
      return { to: recipient.email, ...render(own), headers: unsubscribeHeaders(own.unsubscribe) };
    });
    let ids: string[];
    try {
      ids = await settings.mailer.sendBatch(emails, entry.dedupe_key);
    } catch (error) {
      if (error instanceof PermanentDeliveryError) {
        await db.execute(
          markDeliveriesFailedStatement(
            active.map((r) => r.delivery_id),
            error.message,
            now(),
          ),
        );
      }
      throw error;
    }
    const sent = active.map((r, index) => ({
      deliveryId: r.delivery_id,
      providerMessageId: ids[index] ?? null,
    }));
    await db.batch(markDeliveriesSentStatements(sent, now()), 'write');
  };
}
