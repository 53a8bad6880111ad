// Incident history by month. /history/ shows the latest months in full and links every month's
// own page, so no page grows with the total number of incidents.
import type { IncidentWithDetails } from '../../db/types.ts';
import { localDateOf, monthKeyOf, recentMonthKeys } from './time.ts';

export const RECENT_MONTHS = 3;

export interface MonthOfIncidents {
  /** `YYYY-MM` in the page's zone. */
  key: string;
  /** Newest first. */
  incidents: IncidentWithDetails[];
}

/** Months that have incidents, newest first, by the month each incident started in. */
// The month pages' paths and /history/ group the same snapshot: once per list and zone.
const groupedLists = new WeakMap<readonly IncidentWithDetails[], Map<string, MonthOfIncidents[]>>();

export function groupIncidentsByMonth(
  incidents: readonly IncidentWithDetails[],
  timeZone: string,
): MonthOfIncidents[] {
  const byZone = groupedLists.get(incidents) ?? new Map<string, MonthOfIncidents[]>();
  groupedLists.set(incidents, byZone);
  let months = byZone.get(timeZone);
  if (!months) {
    months = groupByMonth(incidents, timeZone);
    byZone.set(timeZone, months);
  }
  // Copies of the lists: a caller that sorts or trims its own cannot change another's.
  return months.map(({ key, incidents: list }) => ({ key, incidents: [...list] }));
}

function groupByMonth(incidents: readonly IncidentWithDetails[], timeZone: string): MonthOfIncidents[] {
  const months = new Map<string, IncidentWithDetails[]>();
  for (const incident of incidents) {
    const key = monthKeyOf(incident.started_at, timeZone);
    const list = months.get(key) ?? [];
    list.push(incident);
    months.set(key, list);
  }
  return [...months.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([key, list]) => ({ key, incidents: list }));
}

/** The keys of the current month and the ones before it that /history/ shows in full, newest first. */
export function recentMonths(now: number, timeZone: string): string[] {
  const { year, month } = localDateOf(now, timeZone);
  return recentMonthKeys(`${year}-${String(month).padStart(2, '0')}`, RECENT_MONTHS);
}
