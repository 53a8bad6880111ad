// How well an incident was communicated: how soon the first public update came, how soon the cause
// was identified and the incident resolved, and how long customers were left without news. Pure
// functions of the incident and its updates, shared by the admin insights and the incident page.
import { type Incident, type IncidentUpdate, UNRESOLVED_INCIDENT_STATUSES } from '../../db/types.ts';
import { formatDuration } from './format.ts';

/** What the metrics read of an incident: its row and when each update was posted, with what status. */
export interface MeasuredIncident extends Incident {
  incident_updates: ReadonlyArray<Pick<IncidentUpdate, 'id' | 'status' | 'created_at'>>;
}
type PostedUpdate = MeasuredIncident['incident_updates'][number];

/** How often an incident should be updated, in minutes (the cadence policy decides). */
export type CadenceMinutesFor = (incident: Incident) => number;

export interface IncidentMetrics {
  incident_id: string;
  name: string;
  impact: Incident['impact'];
  status: Incident['status'];
  started_at: string;
  resolved_at: string | null;
  /** Updates posted (each one is public on the page). */
  public_updates: number;
  /** From started_at to the moment the first update was posted. */
  first_update_minutes: number | null;
  /** To the first update saying identified (or monitoring / resolved when that step was skipped). */
  identified_minutes: number | null;
  resolved_minutes: number | null;
  /** The longest gap between two updates while open; for an open incident, the silence so far counts. */
  longest_silence_minutes: number | null;
  /** The mean gap between updates while open; null with fewer than two. */
  average_update_minutes: number | null;
  cadence_minutes: number;
  /** Gaps (the running one of an open incident included) longer than the cadence. */
  cadence_misses: number;
}

const MINUTE_MS = 60_000;
const CLOSED = new Set<Incident['status']>(['resolved', 'postmortem']);
const PAST_IDENTIFIED = new Set<Incident['status']>(['identified', 'monitoring', 'resolved', 'postmortem']);

const minutesBetween = (from: number, to: number): number =>
  Math.round((Math.max(0, to - from) / MINUTE_MS) * 10) / 10;

// When an update became public: when it was posted. display_at of a backfilled first update is
// set to the start, which would make every first update look instant.
const postedAt = (update: PostedUpdate): number => Date.parse(update.created_at);

const inPostingOrder = (incident: MeasuredIncident): PostedUpdate[] =>
  [...incident.incident_updates].sort((a, b) => postedAt(a) - postedAt(b) || a.id.localeCompare(b.id));

/** The gaps between updates while the incident was open, in ms, oldest first. */
function silences(updates: readonly PostedUpdate[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < updates.length; i += 1) {
    const previous = updates[i - 1];
    const current = updates[i];
    // After a resolution the page owes no news: a later postmortem or reopening starts afresh.
    if (previous && current && !CLOSED.has(previous.status))
      gaps.push(postedAt(current) - postedAt(previous));
  }
  return gaps;
}

/** The metrics of one incident at `now` (epoch ms; only an open incident's running silence uses it). */
export function measureIncident(
  incident: MeasuredIncident,
  cadenceMinutesFor: CadenceMinutesFor,
  now: number,
): IncidentMetrics {
  const updates = inPostingOrder(incident);
  const start = Date.parse(incident.started_at);
  const first = updates[0];
  const identified = updates.find((update) => PAST_IDENTIFIED.has(update.status));
  const closedGaps = silences(updates);
  const last = updates.at(-1);
  const open = (UNRESOLVED_INCIDENT_STATUSES as readonly string[]).includes(incident.status);
  const allGaps = open && last ? [...closedGaps, now - postedAt(last)] : closedGaps;
  const cadence = cadenceMinutesFor(incident);
  const longest = allGaps.length ? Math.max(...allGaps) : null;
  return {
    incident_id: incident.id,
    name: incident.name,
    impact: incident.impact,
    status: incident.status,
    started_at: incident.started_at,
    resolved_at: incident.resolved_at,
    public_updates: updates.length,
    first_update_minutes: first ? minutesBetween(start, postedAt(first)) : null,
    identified_minutes: identified ? minutesBetween(start, postedAt(identified)) : null,
    resolved_minutes: incident.resolved_at ? minutesBetween(start, Date.parse(incident.resolved_at)) : null,
    longest_silence_minutes: longest === null ? null : minutesBetween(0, longest),
    average_update_minutes: closedGaps.length
      ? minutesBetween(0, closedGaps.reduce((sum, gap) => sum + gap, 0) / closedGaps.length)
      : null,
    cadence_minutes: cadence,
    cadence_misses: allGaps.filter((gap) => gap > cadence * MINUTE_MS).length,
  };
}

/** The median of the numbers given, nulls left out; null when none is left. */
export function median(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  const upper = known[middle] ?? 0;
  const value = known.length % 2 ? upper : ((known[middle - 1] ?? 0) + upper) / 2;
  return Math.round(value * 10) / 10;
}

export interface MonthlyMetrics {
  /** YYYY-MM of started_at, in UTC. */
  month: string;
  incidents: number;
  median_first_update_minutes: number | null;
  median_identified_minutes: number | null;
  median_resolved_minutes: number | null;
  median_longest_silence_minutes: number | null;
  cadence_misses: number;
}

/** Per month of their start (UTC), oldest month first. */
export function monthlyMedians(metrics: readonly IncidentMetrics[]): MonthlyMetrics[] {
  const byMonth = new Map<string, IncidentMetrics[]>();
  for (const item of metrics) {
    const month = item.started_at.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), item]);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, items]) => ({
      month,
      incidents: items.length,
      median_first_update_minutes: median(items.map((item) => item.first_update_minutes)),
      median_identified_minutes: median(items.map((item) => item.identified_minutes)),
      median_resolved_minutes: median(items.map((item) => item.resolved_minutes)),
      median_longest_silence_minutes: median(items.map((item) => item.longest_silence_minutes)),
      cadence_misses: items.reduce((sum, item) => sum + item.cadence_misses, 0),
    }));
}

/**
 * The line an incident page shows when the page publishes its metrics: "first update 6 min after
 * start; updated every 27 min on average" (the second half only with two updates or more while
 * open). Null for an incident without updates. Needs no clock, so a built page never goes stale.
 */
export function communicationSummary(incident: MeasuredIncident): string | null {
  const updates = inPostingOrder(incident);
  const first = updates[0];
  if (!first) return null;
  const firstPart = `first update ${formatDuration(postedAt(first) - Date.parse(incident.started_at))} after start`;
  const gaps = silences(updates);
  if (gaps.length === 0) return firstPart;
  const average = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
  return `${firstPart}; updated every ${formatDuration(average)} on average`;
}
