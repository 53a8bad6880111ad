// Times in reminders and in the public "Next update by" line: short, in the page's time zone,
// always with the zone's abbreviation (`14:45 UTC`, `15:45 CET`).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  let cached = formatters.get(`${key} ${timeZone}`);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', {
      ...options,
      timeZone,
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(`${key} ${timeZone}`, cached);
  }
  return cached;
}

/** `14:45 UTC`: the time of day in `timeZone`. */
export function formatClock(iso: string, timeZone: string): string {
  return formatter('clock', timeZone, { hour: '2-digit', minute: '2-digit' }).format(Date.parse(iso));
}

/** `2 Dec, 14:45 UTC`: for moments that may fall on another day. */
export function formatDayClock(iso: string, timeZone: string): string {
  return formatter('day', timeZone, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(Date.parse(iso));
}
