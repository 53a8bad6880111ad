// Times in the reader's own zone. The build writes every instant in the page's zone (true without
// this script); here each <time data-local> (data-local="clock": the time of day only) is rewritten in the zone the browser runs in, in the
// same format, and the footer says which zone that is. Days on the uptime bars and in the lists
// stay the page's days: they are how incidents are grouped.
import { formatClock } from '../../api/cadence/clock-format.ts';
import { formatDateTime } from '../lib/format.ts';

function readerZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

export function localiseTimes(scope: ParentNode): void {
  const zone = readerZone();
  const pageZone = document.querySelector<HTMLElement>('[data-page-zone]')?.dataset.pageZone;
  if (!zone || zone === pageZone) return;
  for (const time of scope.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    // data-local="clock": a time of day ("Next update by 14:45 CET"), not a full date.
    const text =
      time.dataset.local === 'clock' ? formatClock(time.dateTime, zone) : formatDateTime(time.dateTime, zone);
    if (time.textContent !== text) time.textContent = text;
  }
  const note = document.querySelector('[data-zone-note]');
  if (note) note.textContent = `Times are shown in your time zone, ${zone}.`;
}
