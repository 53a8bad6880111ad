// The scheduler's half of the reminders: at each run, every reminder whose moment has come is
// written to the outbox, one entry per channel. The dedupe key names the incident, the reminder
// and the moment it belongs to (the due time, the resolution), so the insert itself is the atomic
// claim: however many runs or processes overlap, each reminder is enqueued once per due time.
import type { Client, InStatement } from '@libsql/client';
import { listIncidentsForReminders } from '../../db/queries/incidents.ts';
import { enqueueOutboxStatement } from '../../db/queries/outbox.ts';
import { getPage } from '../../db/queries/page.ts';
import type { IncidentWithDetails, Page } from '../../db/types.ts';
import { REMINDER_STALE_AFTER_MS, type Reminder, remindersDueAt, scheduledReminders } from './policy.ts';

/** Outbox kinds: a reminder to an email address, and the same to the page's chat webhook. */
export const REMINDER_EMAIL = 'reminder.email';
export const REMINDER_CHAT = 'reminder.chat';

export interface ReminderPayload {
  incident_id: string;
  kind: Reminder['kind'];
  anchor: string;
}

// Far more open incidents than a page ever has at once; bounds a run all the same.
const MAX_INCIDENTS_PER_RUN = 500;

/** Who is emailed: the escalation contact for an escalation, else the lead (by default the contact). */
export function reminderRecipient(
  page: Pick<Page, 'escalation_email'>,
  incident: Pick<IncidentWithDetails, 'lead'>,
  kind: Reminder['kind'],
): string | null {
  if (kind === 'update_escalation') return page.escalation_email;
  return incident.lead?.email ?? page.escalation_email;
}

/** The dedupe key of one reminder on one channel. */
export function reminderDedupeKey(
  channel: string,
  incidentId: string,
  reminder: Pick<Reminder, 'kind' | 'anchor'>,
) {
  return `${channel}:${incidentId}:${reminder.kind}:${reminder.anchor}`;
}

function entriesFor(
  page: Page,
  incident: IncidentWithDetails,
  reminder: Reminder,
  options: { emails: boolean; now: string },
): InStatement[] {
  const payload: ReminderPayload = { incident_id: incident.id, kind: reminder.kind, anchor: reminder.anchor };
  const channels: string[] = [];
  if (options.emails && reminderRecipient(page, incident, reminder.kind)) channels.push(REMINDER_EMAIL);
  if (page.chat_webhook_url) channels.push(REMINDER_CHAT);
  return channels.map((kind) =>
    enqueueOutboxStatement({
      kind,
      dedupeKey: reminderDedupeKey(kind, incident.id, reminder),
      payload,
      availableAt: options.now,
      now: options.now,
    }),
  );
}

/**
 * Enqueues every reminder due at `now`; returns how many entries were new. `emails: false` (no
 * mailer on this runtime) enqueues the chat messages only.
 */
export async function enqueueDueReminders(
  db: Client,
  options: { now: Date; emails: boolean },
): Promise<number> {
  const page = await getPage(db);
  if (!page) return 0;
  const deadlineMs = page.postmortem_deadline_hours * 3_600_000;
  const resolvedSince = new Date(options.now.getTime() - deadlineMs - REMINDER_STALE_AFTER_MS).toISOString();
  const incidents = await listIncidentsForReminders(db, { resolvedSince, limit: MAX_INCIDENTS_PER_RUN });
  const now = options.now.toISOString();
  const statements = incidents.flatMap((incident) =>
    remindersDueAt(scheduledReminders(incident, page), options.now).flatMap((reminder) =>
      entriesFor(page, incident, reminder, { emails: options.emails, now }),
    ),
  );
  if (statements.length === 0) return 0;
  const results = await db.batch(statements, 'write');
  return results.reduce((sum, result) => sum + result.rowsAffected, 0);
}
