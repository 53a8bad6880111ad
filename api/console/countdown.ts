// The countdown to an incident's next public update, as the Now screen shows it: "due in 12 min",
// red "overdue by 12 min". The due time itself comes from the cadence policy (next_update_at); this
// only words the distance to it. The console script rewords it every 30 s with the same rules
// (CONSOLE_SCRIPT, `countdownWords`), so the page is right at render time and stays right.
import { formatClock } from '../cadence/clock-format.ts';
import { html, type SafeHtml } from '../subscribers/html.ts';

const MINUTE_MS = 60_000;

/** "12 min", "2 h 5 min", "3 days": a number of minutes (at least 1) in words. */
export function minutesWords(count: number): string {
  const minutes = Math.max(1, count);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * The words and whether the update is overdue (due time reached). Time left is rounded up ("due
 * in 1 min" until it is due), time past down ("overdue by 12 min" from 12 full minutes on).
 */
export function countdownWords(dueAt: string, now: string): { text: string; overdue: boolean } {
  const left = Date.parse(dueAt) - Date.parse(now);
  return left > 0
    ? { text: `due in ${minutesWords(Math.ceil(left / MINUTE_MS))}`, overdue: false }
    : { text: `overdue by ${minutesWords(Math.floor(-left / MINUTE_MS))}`, overdue: true };
}

/**
 * "Next update due in 12 min (14:45 UTC)", red when overdue; the element carries the due time for
 * the script to keep it ticking. Null due time: nothing is promised (no public update yet).
 */
export function nextUpdateCountdown(dueAt: string | null, now: string, timeZone: string): SafeHtml {
  if (dueAt === null) return html`<span class="muted">No update due</span>`;
  const { text, overdue } = countdownWords(dueAt, now);
  return html`<span class="countdown${overdue ? ' bad' : ''}" data-due="${dueAt}">Next update <strong data-countdown>${text}</strong> <span class="muted">(<time datetime="${dueAt}">${formatClock(dueAt, timeZone)}</time>)</span></span>`;
}
