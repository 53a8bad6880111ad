// The front page's "Past incidents": the last few local days, newest first, each with the incidents
// that started on it (the day an incident started is where it stays, as in the monthly history).
import type { IncidentWithDetails } from '../../db/types.ts';
import { dateKey, lastLocalDays, localDateOf } from './time.ts';

export const PAST_INCIDENT_DAYS = 7;

/** How much of an incident's latest update the front page shows. */
export const EXCERPT_LENGTH = 200;

export interface DayOfIncidents {
  /** `YYYY-MM-DD` in the page's zone. */
  key: string;
  /** The instant the local day begins. */
  start: number;
  /** Newest first; may be empty (a quiet day). */
  incidents: IncidentWithDetails[];
}

/**
 * The `count` local days ending with today, newest first. `incidents` come newest first (as
 * SiteData holds them) and keep that order within a day.
 */
export function groupRecentIncidentsByDay(
  incidents: readonly IncidentWithDetails[],
  now: number,
  timeZone: string,
  count = PAST_INCIDENT_DAYS,
): DayOfIncidents[] {
  const days = lastLocalDays(now, count, timeZone)
    .reverse()
    .map((day) => ({ key: day.key, start: day.start, end: day.end, incidents: [] as IncidentWithDetails[] }));
  const byKey = new Map(days.map((day) => [day.key, day]));
  const from = days.at(-1)?.start ?? now;
  const until = days[0]?.end ?? now;
  for (const incident of incidents) {
    const started = Date.parse(incident.started_at);
    if (!(started >= from && started < until)) continue;
    byKey.get(dateKey(localDateOf(started, timeZone)))?.incidents.push(incident);
  }
  return days.map(({ key, start, incidents: list }) => ({ key, start, incidents: list }));
}

/** The front page lists at most this many incidents per day; the rest are "and N more". */
export const INCIDENTS_PER_DAY = 5;

/** One line of the front page's past incidents: a day with incidents, or a run of quiet days. */
export type PastEntry =
  | {
      kind: 'day';
      key: string;
      start: number;
      shown: IncidentWithDetails[];
      more: number;
      /** Where the first incident not shown is listed in the history. */
      moreHref: string;
    }
  | {
      kind: 'quiet';
      /** The run's oldest day begins. */
      from: number;
      /** The run's newest day begins. */
      to: number;
      /** The newest day's key. */
      key: string;
      days: number;
    };

/**
 * Bounds the days for the front page: each day lists its first `perDay` incidents and counts the
 * rest, and consecutive quiet days fold into one line ("No incidents reported" once, not seven
 * times). Newest first, as given.
 */
export function compactPastDays(
  days: readonly DayOfIncidents[],
  locate: (incident: IncidentWithDetails) => string = () => '/history/',
  perDay = INCIDENTS_PER_DAY,
): PastEntry[] {
  const entries: PastEntry[] = [];
  for (const day of days) {
    if (day.incidents.length) {
      entries.push({
        kind: 'day',
        key: day.key,
        start: day.start,
        shown: day.incidents.slice(0, perDay),
        more: Math.max(0, day.incidents.length - perDay),
        moreHref: day.incidents[perDay] ? locate(day.incidents[perDay]) : '/history/',
      });
      continue;
    }
    const last = entries.at(-1);
    if (last?.kind === 'quiet') {
      // Newest first: a quiet day after a quiet day reaches further back.
      last.from = day.start;
      last.days += 1;
    } else entries.push({ kind: 'quiet', from: day.start, to: day.start, key: day.key, days: 1 });
  }
  return entries;
}
