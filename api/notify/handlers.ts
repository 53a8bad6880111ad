// The outbox kinds of the mail path, for api/jobs/scheduled.ts to register on both runtimes.
import type { Client } from '@libsql/client';
import type { OutboxHandler } from '../outbox/drain.ts';
import { confirmationSender, SUBSCRIBER_CONFIRMATION } from './confirmation.ts';
import { emailBatchSender, type MailSettings } from './email-batch.ts';
import { EMAIL_BATCH, type FanOutSettings, incidentFanOut } from './fan-out.ts';
import { INCIDENT_NOTIFY } from './incident-event.ts';
import { MAINTENANCE_NOTIFY } from './maintenance-event.ts';
import { maintenanceFanOut } from './maintenance-fan-out.ts';
import { MEMBER_SIGN_IN, signInLinkSender } from './sign-in-link.ts';

export function notifyHandlers(
  db: Client,
  mail: MailSettings | undefined,
  fanOut: FanOutSettings,
): Record<string, OutboxHandler> {
  const handlers: Record<string, OutboxHandler> = {
    [INCIDENT_NOTIFY]: incidentFanOut(db, fanOut),
    [MAINTENANCE_NOTIFY]: maintenanceFanOut(db, fanOut),
  };
  // Without a mailer, incident events reach webhooks only; confirmations wait for a mailer.
  if (!mail) return handlers;
  handlers[EMAIL_BATCH] = emailBatchSender(db, mail);
  handlers[SUBSCRIBER_CONFIRMATION] = confirmationSender(db, mail);
  handlers[MEMBER_SIGN_IN] = signInLinkSender(db, mail);
  return handlers;
}
