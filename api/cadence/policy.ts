// The update-cadence policy, in one place: how often an open incident owes its readers a public
// update, when the next one is due, and the moments its lead (and, later, the escalation contact)
// is reminded. Pure functions of the page's settings, the incident and a time: the public
// documents, the site, the admin API, the reminder job and the communication metrics all ask here.
import type {
  CadenceSettings,
  Incident,
  IncidentImpact,
  IncidentWithDetails,
  Page,
  UpdateCadenceMinutes,
} from '../../db/types.ts';

export const DEFAULT_UPDATE_CADENCE_MINUTES: Readonly<UpdateCadenceMinutes> = {
  critical: 30,
  major: 60,
  minor: 240,
  none: 480,
};

/** The page's cadence settings before anyone changes them (the migration writes the same). */
export const DEFAULT_CADENCE_SETTINGS: Readonly<CadenceSettings> = {
  update_cadence_minutes: DEFAULT_UPDATE_CADENCE_MINUTES,
  reminder_lead_minutes: 5,
  escalation_after_minutes: 15,
  escalation_email: null,
  chat_webhook_url: null,
  show_next_update: true,
  monitoring_watch_minutes: 30,
  postmortem_deadline_hours: 48,
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** A reminder that could not go out within this long after its moment is skipped, not sent late. */
export const REMINDER_STALE_AFTER_MS = 24 * HOUR_MS;

type CadenceIncident = Pick<Incident, 'status' | 'impact' | 'update_cadence_minutes'> & {
  incident_updates: ReadonlyArray<{ created_at: string }>;
};

export const isOpen = (incident: Pick<Incident, 'status'>): boolean =>
  incident.status !== 'resolved' && incident.status !== 'postmortem';

/** Minutes between public updates: the incident's own cadence, else the page's for its impact. */
export function cadenceMinutes(
  incident: Pick<Incident, 'impact' | 'update_cadence_minutes'>,
  settings: Pick<CadenceSettings, 'update_cadence_minutes'>,
): number {
  return (
    incident.update_cadence_minutes ?? settings.update_cadence_minutes[incident.impact as IncidentImpact]
  );
}

/**
 * When the latest public update was published (its created_at: a backfilled first update shows an
 * earlier display time, but readers could not have seen it before it was posted). Null without one.
 */
export function lastPublicUpdateAt(incident: Pick<CadenceIncident, 'incident_updates'>): string | null {
  let latest: string | null = null;
  for (const update of incident.incident_updates) {
    if (latest === null || update.created_at > latest) latest = update.created_at;
  }
  return latest;
}

/** The latest public update's time + the cadence of the current impact; null once resolved. */
export function nextUpdateAt(incident: CadenceIncident, settings: CadenceSettings): string | null {
  if (!isOpen(incident)) return null;
  const last = lastPublicUpdateAt(incident);
  if (last === null) return null;
  return new Date(Date.parse(last) + cadenceMinutes(incident, settings) * MINUTE_MS).toISOString();
}

/** An incident as the admin API returns it: with its next_update_at. */
export type AdminIncident = IncidentWithDetails & { next_update_at: string | null };

export function withNextUpdate(incident: IncidentWithDetails, page: CadenceSettings): AdminIncident {
  return { ...incident, next_update_at: nextUpdateAt(incident, page) };
}

/** What the public documents promise: next_update_at, or null when the page makes no promise. */
export function publicNextUpdateAt(incident: CadenceIncident, page: Page): string | null {
  return page.show_next_update ? nextUpdateAt(incident, page) : null;
}

// Reminders and nudges ------------------------------------------------------------------------

export const REMINDER_KINDS = [
  'update_due_soon',
  'update_overdue',
  'update_escalation',
  'monitoring_watch',
  'postmortem_due',
  'postmortem_overdue',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One reminder: its kind, the moment it belongs to, and until when it is still worth sending. */
export interface Reminder {
  kind: ReminderKind;
  /** The moment it is about (a due time, a resolution): with the kind, what makes it unique. */
  anchor: string;
  /** When it is sent. */
  at: string;
  /** Not sent from this moment on: a later reminder has taken over, or it is stale. */
  until: string;
}

type ReminderIncident = CadenceIncident & Pick<Incident, 'resolved_at' | 'postmortem_waived_at'>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every reminder the incident's current state calls for, in the order they are sent. An update
 * moves the due time (and so replaces the whole cadence series); resolving ends it.
 */
export function scheduledReminders(incident: ReminderIncident, settings: CadenceSettings): Reminder[] {
  if (isOpen(incident)) return openIncidentReminders(incident, settings);
  return postmortemReminders(incident, settings);
}

function openIncidentReminders(incident: ReminderIncident, settings: CadenceSettings): Reminder[] {
  const due = nextUpdateAt(incident, settings);
  if (due === null) return [];
  const dueMs = Date.parse(due);
  const escalationMs = dueMs + settings.escalation_after_minutes * MINUTE_MS;
  const reminders: Reminder[] = [];
  if (settings.reminder_lead_minutes > 0) {
    const at = dueMs - settings.reminder_lead_minutes * MINUTE_MS;
    reminders.push({ kind: 'update_due_soon', anchor: due, at: iso(at), until: due });
  }
  reminders.push({ kind: 'update_overdue', anchor: due, at: due, until: iso(escalationMs) });
  reminders.push({
    kind: 'update_escalation',
    anchor: due,
    at: iso(escalationMs),
    until: iso(escalationMs + REMINDER_STALE_AFTER_MS),
  });
  const last = lastPublicUpdateAt(incident);
  if (incident.status === 'monitoring' && last !== null) {
    const at = Date.parse(last) + settings.monitoring_watch_minutes * MINUTE_MS;
    reminders.push({
      kind: 'monitoring_watch',
      anchor: last,
      at: iso(at),
      until: iso(at + REMINDER_STALE_AFTER_MS),
    });
  }
  return reminders.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Only major and critical incidents owe a post-mortem; publishing one or a waiver ends the nudges. */
export function owesPostmortem(
  incident: Pick<ReminderIncident, 'status' | 'impact' | 'postmortem_waived_at'>,
) {
  return (
    incident.status === 'resolved' &&
    (incident.impact === 'major' || incident.impact === 'critical') &&
    incident.postmortem_waived_at === null
  );
}

/** When the post-mortem of a resolved incident is due; null while it is open (or never resolved). */
export function postmortemDeadlineAt(
  incident: Pick<Incident, 'resolved_at'>,
  settings: Pick<CadenceSettings, 'postmortem_deadline_hours'>,
): string | null {
  if (incident.resolved_at === null) return null;
  return iso(Date.parse(incident.resolved_at) + settings.postmortem_deadline_hours * HOUR_MS);
}

function postmortemReminders(incident: ReminderIncident, settings: CadenceSettings): Reminder[] {
  const deadline = postmortemDeadlineAt(incident, settings);
  if (!owesPostmortem(incident) || incident.resolved_at === null || deadline === null) return [];
  const resolvedMs = Date.parse(incident.resolved_at);
  const deadlineMs = Date.parse(deadline);
  const anchor = incident.resolved_at;
  return [
    {
      kind: 'postmortem_due',
      anchor,
      at: anchor,
      until: iso(Math.min(deadlineMs, resolvedMs + REMINDER_STALE_AFTER_MS)),
    },
    {
      kind: 'postmortem_overdue',
      anchor,
      at: iso(deadlineMs),
      until: iso(deadlineMs + REMINDER_STALE_AFTER_MS),
    },
  ];
}

/**
 * The reminders to send at `now`: those whose time has come and that are not yet stale. The
 * windows of one series never overlap (due soon, then overdue, then escalation), so a scheduler
 * that was down sends the latest only; a monitoring nudge has a window of its own.
 */
export function remindersDueAt(reminders: readonly Reminder[], now: Date): Reminder[] {
  const at = now.toISOString();
  return reminders.filter((reminder) => reminder.at <= at && at < reminder.until);
}

/**
 * The reminder of this kind and anchor if the incident's current state still calls for it at
 * `now` (no update posted, not resolved, not waived meanwhile), else null.
 */
export function reminderStillDue(
  incident: ReminderIncident,
  settings: CadenceSettings,
  reminder: Pick<Reminder, 'kind' | 'anchor'>,
  now: Date,
): Reminder | null {
  const due = remindersDueAt(scheduledReminders(incident, settings), now);
  return (
    due.find((candidate) => candidate.kind === reminder.kind && candidate.anchor === reminder.anchor) ?? null
  );
}
