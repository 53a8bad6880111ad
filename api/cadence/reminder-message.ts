// What each reminder says, once, for both channels (the email template and the chat message
// render this): a headline, the facts, and the exact commands that answer it.
import type { IncidentWithDetails, Page } from '../../db/types.ts';
import { incidentShortlink } from '../public/statuspage-format.ts';
import { formatClock, formatDayClock } from './clock-format.ts';
import { lastPublicUpdateAt, type Reminder } from './policy.ts';

export interface ReminderCommand {
  label: string;
  command: string;
}

export interface ReminderMessage {
  /** One line: the email's subject and the chat message's first line. Plain text. */
  subject: string;
  /** Plain-text paragraphs. */
  lines: string[];
  commands: ReminderCommand[];
  incidentUrl: string;
}

export interface ReminderMessageInput {
  page: Pick<Page, 'name' | 'url' | 'time_zone' | 'postmortem_deadline_hours'>;
  incident: IncidentWithDetails;
  reminder: Reminder;
  /** Where the admin API answers (the curl commands' base). */
  apiOrigin: string;
}

const MINUTE_MS = 60_000;
const minutesBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / MINUTE_MS);

/** `Ann Lee <ann@example.com>`, or the address alone, or `nobody` when the incident has no lead. */
export function describeLead(lead: IncidentWithDetails['lead']): string {
  if (!lead) return 'nobody';
  return lead.name ? `${lead.name} <${lead.email}>` : lead.email;
}

/**
 * A URL as one shell word. The page's address may hold `$(…)`, `;` or `|` in its path (URLs allow
 * them), and the commands are pasted into a shell: anything beyond the usual URL characters is
 * single-quoted, so it stays text.
 */
export function shellWord(url: string): string {
  return /^[\w:/.~%@+=,-]*$/.test(url) ? url : `'${url.replaceAll("'", "'\\''")}'`;
}

// Ids are `inc_` + [a-z0-9]: safe inside a shell command as they are.
function postUpdateCommands(input: ReminderMessageInput, status: string): ReminderCommand[] {
  const { incident } = input;
  const body = JSON.stringify({ status, message: '...' });
  return [
    { label: 'With the command line', command: `npx candor update ${incident.id} --message "..."` },
    {
      label: 'With curl',
      command: `curl -X POST ${shellWord(`${input.apiOrigin}/admin/v1/incidents/${incident.id}/updates`)} -H "Authorization: Bearer $CANDOR_TOKEN" -H "Content-Type: application/json" -d '${body}'`,
    },
  ];
}

// The draft starts from a template filled from the incident (README, "Post-mortems").
function postmortemCommands(input: ReminderMessageInput): ReminderCommand[] {
  const path = `${input.apiOrigin}/admin/v1/incidents/${input.incident.id}/postmortem`;
  const url = shellWord(path);
  const publish = shellWord(`${path}/publish`);
  return [
    {
      label: 'Get the draft, prefilled from the incident',
      command: `curl ${url} -H "Authorization: Bearer $CANDOR_TOKEN"`,
    },
    {
      label: 'Save it, then publish it',
      command: `curl -X PUT ${url} -H "Authorization: Bearer $CANDOR_TOKEN" -H "Content-Type: application/json" -d '{"body": "..."}' && curl -X POST ${publish} -H "Authorization: Bearer $CANDOR_TOKEN" -H "Content-Type: application/json" -d '{"notify": true}'`,
    },
    waiverCommand(input),
  ];
}

function waiverCommand(input: ReminderMessageInput): ReminderCommand {
  return {
    label: 'No post-mortem needed? Waive it',
    command: `curl -X POST ${shellWord(`${input.apiOrigin}/admin/v1/incidents/${input.incident.id}/postmortem-waiver`)} -H "Authorization: Bearer $CANDOR_TOKEN"`,
  };
}

/** The message of one reminder about one incident. */
export function reminderMessage(input: ReminderMessageInput): ReminderMessage {
  const message = compose(input);
  return { ...message, lines: message.lines.filter((line) => line !== '') };
}

function compose(input: ReminderMessageInput): ReminderMessage {
  const { page, incident, reminder } = input;
  const zone = page.time_zone;
  const name = `"${incident.name}"`;
  const last = lastPublicUpdateAt(incident);
  const lastLine = last ? `The last public update went out at ${formatClock(last, zone)}.` : '';
  const status = incident.status === 'postmortem' ? 'resolved' : incident.status;
  const base = { incidentUrl: incidentShortlink(page.url, incident.id) };
  switch (reminder.kind) {
    case 'update_due_soon': {
      const minutes = minutesBetween(reminder.at, reminder.anchor);
      return {
        ...base,
        subject: `Update due in ${minutes} min: ${incident.name}`,
        lines: [
          `The next public update on ${name} (${incident.impact}) is due by ${formatClock(reminder.anchor, zone)}, in ${minutes} min.`,
          lastLine,
        ],
        commands: postUpdateCommands(input, status),
      };
    }
    case 'update_overdue':
      return {
        ...base,
        subject: `Update overdue: ${incident.name}`,
        lines: [
          `The public update on ${name} (${incident.impact}) was due at ${formatClock(reminder.anchor, zone)}: readers were promised one. Post it now.`,
          lastLine,
        ],
        commands: postUpdateCommands(input, status),
      };
    case 'update_escalation': {
      const minutes = minutesBetween(reminder.anchor, reminder.at);
      return {
        ...base,
        subject: `Update overdue by ${minutes} min, lead: ${describeLead(incident.lead)}: ${incident.name}`,
        lines: [
          `${name} (${incident.impact}) is overdue by ${minutes} min, lead: ${describeLead(incident.lead)}.`,
          `Its public update was due at ${formatClock(reminder.anchor, zone)}. ${lastLine}`,
        ],
        commands: postUpdateCommands(input, status),
      };
    }
    case 'monitoring_watch':
      return {
        ...base,
        subject: `Still monitoring: ${incident.name}`,
        lines: [
          `${name} has been in monitoring since ${formatClock(reminder.anchor, zone)}. If the fix holds, resolve it; if not, post an update.`,
        ],
        commands: postUpdateCommands(input, 'resolved'),
      };
    case 'postmortem_due':
    case 'postmortem_overdue': {
      const deadline = new Date(Date.parse(reminder.anchor) + page.postmortem_deadline_hours * 3_600_000);
      const when = formatDayClock(deadline.toISOString(), zone);
      const overdue = reminder.kind === 'postmortem_overdue';
      return {
        ...base,
        subject: overdue
          ? `Post-mortem overdue: ${incident.name}`
          : `Post-mortem due by ${when}: ${incident.name}`,
        lines: [
          `${name} (${incident.impact}) was resolved at ${formatDayClock(reminder.anchor, zone)}.`,
          overdue
            ? `Its post-mortem was due by ${when} and is not published yet.`
            : `Please publish a post-mortem by ${when} (within ${page.postmortem_deadline_hours} h).`,
        ],
        commands: postmortemCommands(input),
      };
    }
  }
}
