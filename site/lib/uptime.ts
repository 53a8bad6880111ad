// Uptime over the last 90 days, per day and overall. The formula, written on the page as well:
// a major outage counts as fully down, a partial outage as 30 % down, degraded performance counts
// as up, and time under maintenance is left out of the denominator: time with the status
// under_maintenance, and all of a maintenance window that ran on the component, whatever its status
// then (an outage during planned work is the planned work). Time before a component existed (and
// after the build) is no data, not uptime.
import type { ComponentStatus } from '../../db/types.ts';
import type { DayRange } from './time.ts';

export const DOWN_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
  under_maintenance: 0,
};

/** A status and the instant (epoch ms) it began. */
export interface StatusPoint {
  status: ComponentStatus;
  at: number;
}

export interface UptimeInput {
  /** Every change up to `now`, oldest first; include the one in force when the first day begins. */
  changes: readonly StatusPoint[];
  /** When the component began to exist for uptime purposes. */
  existsFrom: number;
  days: readonly DayRange[];
  now: number;
  /** Maintenance windows that ran on the component (start to end, epoch ms): left out too. */
  maintenanceWindows?: readonly TimeWindow[];
}

export interface TimeWindow {
  start: number;
  end: number;
}

export type StatusDurations = Record<ComponentStatus, number>;

export interface DayUptime extends DayRange {
  /** Time spent in each status during the part of the day the component existed (up to now). */
  durations: StatusDurations;
  /** Existing time that counts: the day's existing time less maintenance. */
  countedMs: number;
  /** Weighted downtime. */
  downMs: number;
  /** The most severe status seen during the day; null when the day has no data. */
  worst: ComponentStatus | null;
}

export interface UptimeSummary {
  days: DayUptime[];
  /** Up share of the counted time (0-1), null when nothing counts (no data or all maintenance). */
  fraction: number | null;
}

const SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

function emptyDurations(): StatusDurations {
  return {
    operational: 0,
    degraded_performance: 0,
    partial_outage: 0,
    major_outage: 0,
    under_maintenance: 0,
  };
}

/**
 * The status segments covering [from, to), clipped to the component's existence. Before its first
 * recorded change a component that already exists counts as operational (a `start_date` earlier
 * than its creation says it worked since then).
 */
export function statusSegments(
  changes: readonly StatusPoint[],
  existsFrom: number,
  from: number,
  to: number,
): Array<{ status: ComponentStatus; start: number; end: number }> {
  const begin = Math.max(from, existsFrom);
  if (begin >= to) return [];
  const segments: Array<{ status: ComponentStatus; start: number; end: number }> = [];
  let status: ComponentStatus = 'operational';
  let start = begin;
  for (const change of changes) {
    if (change.at <= begin) {
      status = change.status;
      continue;
    }
    if (change.at >= to) break;
    if (change.at > start) segments.push({ status, start, end: change.at });
    status = change.status;
    start = change.at;
  }
  segments.push({ status, start, end: to });
  return segments;
}

/**
 * The segments with every part inside a maintenance window given the status under_maintenance, so
 * that it is left out of the counted time like any time under maintenance.
 */
export function withinMaintenance(
  segments: ReadonlyArray<{ status: ComponentStatus; start: number; end: number }>,
  windows: readonly TimeWindow[],
): Array<{ status: ComponentStatus; start: number; end: number }> {
  if (windows.length === 0) return [...segments];
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const result: Array<{ status: ComponentStatus; start: number; end: number }> = [];
  for (const segment of segments) {
    let cursor = segment.start;
    for (const window of sorted) {
      const start = Math.max(window.start, cursor);
      const end = Math.min(window.end, segment.end);
      if (start >= end) continue;
      if (start > cursor) result.push({ status: segment.status, start: cursor, end: start });
      result.push({ status: 'under_maintenance', start, end });
      cursor = end;
    }
    if (cursor < segment.end) result.push({ status: segment.status, start: cursor, end: segment.end });
  }
  return result;
}

function measureDay(day: DayRange, input: UptimeInput): DayUptime {
  const durations = emptyDurations();
  let worst: ComponentStatus | null = null;
  const segments = statusSegments(input.changes, input.existsFrom, day.start, Math.min(day.end, input.now));
  for (const segment of withinMaintenance(segments, input.maintenanceWindows ?? [])) {
    durations[segment.status] += segment.end - segment.start;
    if (worst === null || SEVERITY[segment.status] > SEVERITY[worst]) worst = segment.status;
  }
  let existingMs = 0;
  let downMs = 0;
  for (const status of Object.keys(durations) as ComponentStatus[]) {
    existingMs += durations[status];
    downMs += durations[status] * DOWN_WEIGHT[status];
  }
  return { ...day, durations, countedMs: existingMs - durations.under_maintenance, downMs, worst };
}

/** Per-day durations and the overall up share over all the days. */
export function computeUptime(input: UptimeInput): UptimeSummary {
  const days = input.days.map((day) => measureDay(day, input));
  let counted = 0;
  let down = 0;
  for (const day of days) {
    counted += day.countedMs;
    down += day.downMs;
  }
  return { days, fraction: counted > 0 ? 1 - down / counted : null };
}
