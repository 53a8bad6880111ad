import { z } from 'zod';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../../db/types.ts';
import { type IncidentMetrics, monthlyMedians } from '../../../site/lib/incident-metrics.ts';
import { INSIGHTS_CSV_COLUMNS, insightsCsv, measureInsights } from '../../insights/report.ts';
import { type AdminRoute, defineRoute } from './define-route.ts';

// How well incidents were communicated over a period: the numbers a team improves on, and the
// incident record an auditor asks for.

const InsightsQuery = z.object({
  from: z
    .string()
    .optional()
    .describe(
      'A date (2026-11-30: from its start, UTC) or an instant with its zone. Default: 90 days before `to`.',
    ),
  to: z
    .string()
    .optional()
    .describe('A date (2026-11-30: that whole day included, UTC) or an instant with its zone. Default: now.'),
});

const minutes = (what: string) => z.number().nullable().describe(`Minutes (one decimal) ${what}.`);

const IncidentMetricsSchema: z.ZodType<IncidentMetrics> = z.object({
  incident_id: z.string(),
  name: z.string(),
  impact: z.enum(INCIDENT_IMPACTS),
  status: z.enum(INCIDENT_STATUSES),
  started_at: z.iso.datetime(),
  resolved_at: z.iso.datetime().nullable(),
  public_updates: z.int(),
  first_update_minutes: minutes('from started_at to the first update being posted'),
  identified_minutes: minutes(
    'from started_at to the first update saying identified (or monitoring/resolved when skipped)',
  ),
  resolved_minutes: minutes('from started_at to resolved_at'),
  longest_silence_minutes: minutes(
    'of the longest gap between updates while open (an open incident: its silence so far included)',
  ),
  average_update_minutes: minutes('between updates on average while open'),
  cadence_minutes: z
    .int()
    .describe(
      "How often it should have been updated: its own update_cadence_minutes, else the page's for its impact.",
    ),
  cadence_misses: z.int().describe('Gaps between updates longer than the cadence.'),
});

const InsightsSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  incidents: z.array(IncidentMetricsSchema).describe('Incidents that started in [from, to), oldest first.'),
  monthly: z
    .array(
      z.object({
        month: z.string().describe('YYYY-MM of started_at (UTC).'),
        incidents: z.int(),
        median_first_update_minutes: z.number().nullable(),
        median_identified_minutes: z.number().nullable(),
        median_resolved_minutes: z.number().nullable(),
        median_longest_silence_minutes: z.number().nullable(),
        cadence_misses: z.int().describe('Summed over the month.'),
      }),
    )
    .describe('Medians per month, oldest first; an incident without a value is left out of that median.'),
});

export const insightRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/insights',
    operationId: 'getInsights',
    summary: 'Communication metrics per incident and monthly medians',
    description:
      'Per incident that started in the range: time to the first public update, to identified, to resolved, the longest silence between updates and the cadence misses. Update times are when each update was posted.',
    tag: 'Insights',
    query: InsightsQuery,
    success: { status: 200, description: 'The metrics.', schema: InsightsSchema },
    handler: async (c, { query }) => {
      const { range, metrics } = await measureInsights(c.var.db, query, c.var.now());
      return c.json({ ...range, incidents: metrics, monthly: monthlyMedians(metrics) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/insights.csv',
    operationId: 'exportInsights',
    summary: 'The per-incident metrics as CSV',
    description: `One row per incident, oldest first. Columns: ${INSIGHTS_CSV_COLUMNS.join(', ')}. Cells a spreadsheet would read as a formula are prefixed with an apostrophe.`,
    tag: 'Insights',
    query: InsightsQuery,
    success: { status: 200, description: 'text/csv' },
    handler: async (c, { query }) => {
      const csv = insightsCsv(await measureInsights(c.var.db, query, c.var.now()));
      return c.body(csv.body, 200, csv.headers);
    },
  }),
];
