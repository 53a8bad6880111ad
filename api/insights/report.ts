import type { Client } from '@libsql/client';
import { listIncidentsForMetrics } from '../../db/queries/incident-metrics.ts';
import { getPage } from '../../db/queries/page.ts';
import { type IncidentMetrics, measureIncident } from '../../site/lib/incident-metrics.ts';
import { toCsv } from '../subscribers/csv.ts';
import { cadenceMinutesFor } from './cadence.ts';
import { type InsightRange, resolveInsightRange } from './range.ts';

// The insights report, shared by the admin API (/admin/v1/insights, /insights.csv) and the
// console (/admin/insights, /admin/insights.csv): one measurement, one CSV, whoever asks.

export interface InsightsReport {
  range: InsightRange;
  /** One entry per incident that started in the range, oldest first. */
  metrics: IncidentMetrics[];
}

/** Measures every incident that started in the range asked for; a bad range is a 400 naming the field. */
export async function measureInsights(
  db: Client,
  query: { from?: string | undefined; to?: string | undefined },
  now: string,
): Promise<InsightsReport> {
  const at = Date.parse(now);
  const range = resolveInsightRange(query, at);
  const incidents = await listIncidentsForMetrics(db, range);
  const cadence = cadenceMinutesFor(await getPage(db));
  return { range, metrics: incidents.map((incident) => measureIncident(incident, cadence, at)) };
}

export const INSIGHTS_CSV_COLUMNS = [
  'incident_id',
  'name',
  'impact',
  'status',
  'started_at',
  'resolved_at',
  'public_updates',
  'first_update_minutes',
  'identified_minutes',
  'resolved_minutes',
  'longest_silence_minutes',
  'average_update_minutes',
  'cadence_minutes',
  'cadence_misses',
] as const satisfies ReadonlyArray<keyof IncidentMetrics>;

const csvRow = (metrics: IncidentMetrics): string[] =>
  INSIGHTS_CSV_COLUMNS.map((column) => (metrics[column] === null ? '' : String(metrics[column])));

/** The report as a CSV download: its body (formula-safe cells) and the headers to send it with. */
export function insightsCsv(report: InsightsReport): { body: string; headers: Record<string, string> } {
  const day = (iso: string) => iso.slice(0, 10);
  const filename = `incident-metrics-${day(report.range.from)}-${day(report.range.to)}.csv`;
  return {
    body: toCsv([[...INSIGHTS_CSV_COLUMNS], ...report.metrics.map(csvRow)]),
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  };
}
