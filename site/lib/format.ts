// Words and numbers as the reader sees them. Times are formatted in the page's time zone (the
// pages say so), always with the zone's abbreviation beside them.

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    cache.set(timeZone, formatter);
  }
  return formatter;
}

/** `22 Nov 2026, 09:12 CET` */
export function formatDateTime(iso: string, timeZone: string): string {
  return cached(dateTimeFormatters, timeZone, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(Date.parse(iso));
}

/** `22 Nov 2026` */
export function formatDate(instant: number, timeZone: string): string {
  return cached(dateFormatters, timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(
    instant,
  );
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-11` → `November 2026` */
export function formatMonth(monthKey: string): string {
  const [year, month] = monthKey.split('-');
  return `${MONTH_NAMES[Number(month) - 1] ?? month} ${year}`;
}

/** `45 min`, `2 h 5 min`, `3 d 4 h`; `under a minute` below one. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/**
 * Uptime with two decimals, rounded down so that any downtime at all never reads as 100.00 %.
 * The epsilon absorbs floating-point noise in an exact 100.
 */
export function formatPercent(fraction: number): string {
  const hundredths = Math.floor(fraction * 10_000 + 1e-6);
  return `${(hundredths / 100).toFixed(2)} %`;
}
