// The outbox handlers of reminders. Each checks, at the moment of sending, that the incident still
// calls for the reminder (an update posted, a resolution or a waiver since it was enqueued drops
// it), then sends it by the one mail path or by the webhooks' guarded delivery.
import type { Client } from '@libsql/client';
import { getIncident } from '../../db/queries/incidents.ts';
import { getPage } from '../../db/queries/page.ts';
import type { IncidentWithDetails, Page } from '../../db/types.ts';
import { updateReminderEmail } from '../../emails/update-reminder.ts';
import type { MailSettings } from '../notify/email-batch.ts';
import { type OutboxHandler, PermanentDeliveryError } from '../outbox/drain.ts';
import { type SendSettings, sendWebhook } from '../webhooks/send.ts';
import { escapeSlack } from '../webhooks/slack-body.ts';
import { type Reminder, reminderStillDue } from './policy.ts';
import { REMINDER_CHAT, REMINDER_EMAIL, type ReminderPayload, reminderRecipient } from './reminder-job.ts';
import { type ReminderMessage, reminderMessage } from './reminder-message.ts';

export interface ReminderSenderSettings {
  /** Absent: no mailer on this runtime, and reminders go to the chat webhook only. */
  mail?: MailSettings | undefined;
  /** The webhooks' SSRF policy and guarded fetch: the chat webhook is delivered the same way. */
  webhooks: SendSettings;
  /** Where the admin API answers, for the commands in the message; the page's URL if unset. */
  apiOrigin?: string | undefined;
  clock: () => Date;
}

interface DueReminder {
  page: Page;
  incident: IncidentWithDetails;
  reminder: Reminder;
  message: ReminderMessage;
}

async function loadDueReminder(
  db: Client,
  payload: ReminderPayload,
  settings: ReminderSenderSettings,
): Promise<DueReminder | null> {
  const [page, incident] = await Promise.all([getPage(db), getIncident(db, payload.incident_id)]);
  if (!page || !incident) return null;
  const reminder = reminderStillDue(incident, page, payload, settings.clock());
  if (!reminder) return null;
  const apiOrigin = (settings.apiOrigin ?? page.url).replace(/\/+$/, '');
  return { page, incident, reminder, message: reminderMessage({ page, incident, reminder, apiOrigin }) };
}

export function reminderEmailSender(
  db: Client,
  settings: ReminderSenderSettings & { mail: MailSettings },
): OutboxHandler {
  return async (entry) => {
    const due = await loadDueReminder(db, entry.payload as ReminderPayload, settings);
    if (!due) return; // no longer called for: nothing to say
    const to = reminderRecipient(due.page, due.incident, due.reminder.kind);
    if (!to) return;
    const content = updateReminderEmail({ pageName: due.page.name, pageUrl: due.page.url, ...due.message });
    await settings.mail.mailer.sendBatch([{ to, ...content }], entry.id);
  };
}

/** A Slack incoming-webhook body (other chat services accept the same `text`). */
export function reminderChatBody(pageName: string, message: ReminderMessage): { text: string } {
  // Everything typed by someone is escaped as Slack asks; only the link syntax added here is not.
  const commands = message.commands.map(
    ({ label, command }) => `${escapeSlack(label)}:\n\`\`\`${escapeSlack(command)}\`\`\``,
  );
  return {
    text: [
      `*${escapeSlack(`[${pageName}] ${message.subject}`)}*`,
      ...message.lines.map(escapeSlack),
      ...commands,
      `<${escapeSlack(message.incidentUrl)}|The incident as readers see it>`,
    ].join('\n'),
  };
}

export function reminderChatSender(db: Client, settings: ReminderSenderSettings): OutboxHandler {
  return async (entry) => {
    const due = await loadDueReminder(db, entry.payload as ReminderPayload, settings);
    const url = due?.page.chat_webhook_url;
    if (!due || !url) return;
    const outcome = await sendWebhook(
      {
        url,
        secret: null,
        messageId: entry.id,
        body: reminderChatBody(due.page.name, due.message),
        at: settings.clock(),
      },
      settings.webhooks,
    );
    if (outcome.ok) return;
    const status = outcome.statusCode;
    // A refused URL or a 4xx other than a timeout or rate limit will not get better by retrying.
    const permanent =
      status === null
        ? outcome.error?.startsWith('Not sent')
        : status >= 400 && status < 500 && status !== 408 && status !== 429;
    const error = `Chat webhook: ${outcome.error ?? 'failed'}`;
    throw permanent ? new PermanentDeliveryError(error) : new Error(error);
  };
}

/** The reminder kinds this runtime can send: chat always, email with a mailer. */
export function reminderHandlers(
  db: Client,
  settings: ReminderSenderSettings,
): Record<string, OutboxHandler> {
  const handlers: Record<string, OutboxHandler> = { [REMINDER_CHAT]: reminderChatSender(db, settings) };
  if (settings.mail) handlers[REMINDER_EMAIL] = reminderEmailSender(db, { ...settings, mail: settings.mail });
  return handlers;
}
