// Wall-clock times in the page's time zone, for forms: a `datetime-local` input has no zone, so
// the console states the page's zone on the form and converts here, both ways. Around a DST
// change a wall time can be missing (clocks go forward) or happen twice (clocks go back).

import { localParts } from '../../site/lib/time.ts';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The wall clock at `instant` in `timeZone`, as if it were UTC (ms since the epoch). */
function wallClockAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

export type LocalTimeResult =
  | {
      ok: true;
      iso: string /** The wall time happened twice; the earlier one was taken. */;
      ambiguous: boolean;
    }
  | { ok: false; reason: 'format' | 'missing' };

/**
 * The instant a `datetime-local` value (`2026-03-29T02:30`) names in `timeZone`. A wall time the
 * zone skips (clocks go forward) is `missing`; one it repeats (clocks go back) is the earlier.
 */
export function parseLocalDateTime(value: string, timeZone: string): LocalTimeResult {
  const match = PATTERN.exec(value.trim());
  if (!match) return { ok: false, reason: 'format' };
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, reason: 'format' };
  }
  // The offsets in force a day either side cover both sides of any DST change near this time.
  const day_ms = 24 * 60 * 60 * 1000;
  const offsets = new Set(
    [wall - day_ms, wall, wall + day_ms].map((probe) => wallClockAt(probe, timeZone) - probe),
  );
  const instants = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wallClockAt(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  const first = instants[0];
  if (first === undefined) return { ok: false, reason: 'missing' };
  return { ok: true, iso: new Date(first).toISOString(), ambiguous: instants.length > 1 };
}

/** The `datetime-local` value (minutes) of an instant in `timeZone`, e.g. `2026-12-05T03:00`. */
export function toLocalInputValue(iso: string, timeZone: string): string {
  return new Date(wallClockAt(Date.parse(iso), timeZone)).toISOString().slice(0, 16);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function displayFormatter(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone} ${withDate}`;
  let formatter = displayFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    displayFormatters.set(key, formatter);
  }
  return formatter;
}

/** `Sat 5 Dec 2026, 03:00 CET`: a moment as a reader in the page's zone says it. */
export function formatLocalMoment(iso: string, timeZone: string): string {
  return displayFormatter(timeZone, true).format(Date.parse(iso));
}

/** A window: `Sat 5 Dec 2026, 03:00 CET – 05:00 CET`, the date once when both ends share it. */
export function formatLocalWindow(from: string, until: string, timeZone: string): string {
  const sameDay =
    toLocalInputValue(from, timeZone).slice(0, 10) === toLocalInputValue(until, timeZone).slice(0, 10);
  const end = sameDay
    ? displayFormatter(timeZone, false).format(Date.parse(until))
    : formatLocalMoment(until, timeZone);
  return `${formatLocalMoment(from, timeZone)} – ${end}`;
}
