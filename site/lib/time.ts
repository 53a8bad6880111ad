// Calendar arithmetic in the page's time zone. Days on the uptime bars and months in the history
// are the page's local days and months, so a DST change makes a 23- or 25-hour day, not a shifted one.

/** The zone itself when the runtime knows it, else `UTC` (a typo in the settings must not break the build). */
export function resolveTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

/** The wall clock at `instant` in `timeZone`, field by field. */
export function localParts(
  instant: number,
  timeZone: string,
): LocalDate & { hour: number; minute: number; second: number } {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 1970,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** The calendar date at `instant` in `timeZone`. */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const { year, month, day } = localParts(instant, timeZone);
  return { year, month, day };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms (whole seconds). */
function zoneOffset(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant local midnight begins on the given date (out-of-range days roll over, as with
 * Date.UTC). Where a DST jump skips midnight, the first instant of that day.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  if (first === second) return first;
  // The offset changed between the two guesses: pick the earlier instant that still falls on the date.
  const candidate = Math.min(first, second);
  const { day } = localDateOf(candidate, timeZone);
  return day === new Date(wall).getUTCDate() ? candidate : Math.max(first, second);
}

export interface DayRange {
  start: number;
  /** Exclusive. */
  end: number;
  /** `YYYY-MM-DD` in the page's zone. */
  key: string;
}

/** The `count` local days ending with the day that contains `now`, oldest first. */
export function lastLocalDays(now: number, count: number, timeZone: string): DayRange[] {
  const today = localDateOf(now, timeZone);
  const days: DayRange[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const date = { ...today, day: today.day - back };
    const start = startOfLocalDay(date, timeZone);
    const end = startOfLocalDay({ ...date, day: date.day + 1 }, timeZone);
    days.push({ start, end, key: dateKey(localDateOf(start, timeZone)) });
  }
  return days;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function dateKey(date: LocalDate): string {
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** `YYYY-MM` of the instant in the page's zone. */
export function monthKeyOf(iso: string, timeZone: string): string {
  const { year, month } = localDateOf(Date.parse(iso), timeZone);
  return `${year}-${pad(month)}`;
}

/** The month keys `count` months back from `monthKey` (inclusive), newest first. */
export function recentMonthKeys(monthKey: string, count: number): string[] {
  const [year = 1970, month = 1] = monthKey.split('-').map(Number);
  const keys: string[] = [];
  for (let back = 0; back < count; back++) {
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    keys.push(`${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`);
  }
  return keys;
}
