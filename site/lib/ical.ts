// /maintenance.ics: the page's maintenance windows as an iCalendar feed (RFC 5545) that calendar
// applications subscribe to. Upcoming and running windows, and those of the last RECENT_DAYS days;
// a cancelled window stays listed with STATUS:CANCELLED (and a higher SEQUENCE) so that a calendar
// that already holds it removes it. Text is escaped and lines folded as the RFC says.
import type { MaintenanceWithDetails } from '../../db/types.ts';
import { maintenanceStatusWord } from './maintenance.ts';

export const RECENT_DAYS = 90;
const DAY_MS = 86_400_000;

export interface CalendarInput {
  pageName: string;
  /** Absolute base of the page's links, without a trailing slash. */
  baseUrl: string;
  maintenances: readonly MaintenanceWithDetails[];
  componentNames: ReadonlyMap<string, string>;
  now: number;
}

/**
 * TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as \n.
 * Control characters, which the RFC does not allow in text, are dropped (tab becomes a space).
 */
export function escapeText(text: string): string {
  return withoutControls(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' '))
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

// Every C0 control but line feed, and DEL.
function withoutControls(text: string): string {
  return Array.from(text)
    .filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      return char === '\n' || (code >= 0x20 && code !== 0x7f);
    })
    .join('');
}

const encoder = new TextEncoder();

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 §3.1), each continuation
 * starting with a space, never splitting a UTF-8 character.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Continuation lines begin with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** 2026-12-01T02:00:00.000Z → 20261201T020000Z (DATE-TIME in UTC). */
export function formatUtc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The windows the calendar lists: not ended before the recent period. */
export function listCalendarWindows(
  maintenances: readonly MaintenanceWithDetails[],
  now: number,
): MaintenanceWithDetails[] {
  const from = new Date(now - RECENT_DAYS * DAY_MS).toISOString();
  return maintenances.filter((maintenance) => maintenance.scheduled_until >= from);
}

function describe(maintenance: MaintenanceWithDetails, input: CalendarInput, link: string): string {
  const names = maintenance.component_ids.flatMap((id) => {
    const name = input.componentNames.get(id);
    return name === undefined ? [] : [name];
  });
  const latest = maintenance.maintenance_updates[0];
  const lines = [`Status: ${maintenanceStatusWord(maintenance.status)}`];
  if (names.length > 0) lines.push(`Components: ${names.join(', ')}`);
  if (latest) lines.push('', latest.body);
  lines.push('', link);
  return lines.join('\n');
}

function eventLines(maintenance: MaintenanceWithDetails, input: CalendarInput, host: string): string[] {
  const link = `${input.baseUrl}/maintenance/${encodeURIComponent(maintenance.id)}/`;
  const cancelled = maintenance.status === 'cancelled';
  return [
    'BEGIN:VEVENT',
    `UID:${maintenance.id}@${host}`,
    `DTSTAMP:${formatUtc(maintenance.updated_at)}`,
    `LAST-MODIFIED:${formatUtc(maintenance.updated_at)}`,
    `CREATED:${formatUtc(maintenance.created_at)}`,
    // Each reschedule and the cancellation is a new version of the event for calendars.
    `SEQUENCE:${maintenance.revision - 1 + (cancelled ? 1 : 0)}`,
    `DTSTART:${formatUtc(maintenance.scheduled_for)}`,
    `DTEND:${formatUtc(maintenance.scheduled_until)}`,
    `SUMMARY:${escapeText(`${cancelled ? 'Cancelled: ' : ''}Maintenance: ${maintenance.name}`)}`,
    `DESCRIPTION:${escapeText(describe(maintenance, input, link))}`,
    `URL:${link}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** The whole calendar, CRLF line ends, folded. */
export function renderCalendar(input: CalendarInput): string {
  let host = 'candor.invalid';
  try {
    host = new URL(input.baseUrl).host || host;
  } catch {
    // A page without a url yet: the UIDs still need a domain part.
  }
  const name = escapeText(`${input.pageName} maintenance`);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Candor//Maintenance calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${name}`,
    `X-WR-CALNAME:${name}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
    'X-PUBLISHED-TTL:PT15M',
    ...listCalendarWindows(input.maintenances, input.now).flatMap((maintenance) =>
      eventLines(maintenance, input, host),
    ),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
