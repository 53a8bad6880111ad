// Insights: how soon and how often each incident was updated, and the monthly medians, for a range
// (by default the API's: the last 90 days up to now). The same report as GET /admin/v1/insights,
// and the same CSV as /admin/v1/insights.csv, served here under the console's session.
import type { Context } from 'hono';
import { formatDuration } from '../../../site/lib/format.ts';
import {
  type IncidentMetrics,
  type MonthlyMetrics,
  monthlyMedians,
} from '../../../site/lib/incident-metrics.ts';
import { IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { type InsightsReport, insightsCsv, measureInsights } from '../../insights/report.ts';
import { scopeIncludes } from '../../services/admin-tokens.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type FormErrors, fieldError, formErrorsOf, invalidAttrs } from '../form.ts';
import { consolePage } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';

const PATH = '/admin/insights';
const CSV_PATH = '/admin/insights.csv';

/** The range asked for; an empty field is left to the API's default. */
function rangeQuery(c: Context<ConsoleEnv>): { from?: string; to?: string } {
  const from = c.req.query('from')?.trim();
  const to = c.req.query('to')?.trim();
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Minutes as people read them: "6.5 min" under an hour, "2 h 5 min" beyond; "–" when unknown. */
function minutes(value: number | null): string {
  if (value === null) return '–';
  return value < 60 ? `${value} min` : formatDuration(value * 60_000);
}

/** A table in a box of its own that scrolls sideways, so the page never does at 360 px. */
function scrollingTable(id: string, caption: string, head: string[], rows: SafeHtml[]): SafeHtml {
  // The label sits outside the scrolling box so that it stays whole on a narrow screen.
  return html`<p class="muted" id="${id}">${caption}</p>
<div class="table-box" role="region" aria-labelledby="${id}" tabindex="0"><table aria-labelledby="${id}"><thead><tr>${head.map((cell) => html`<th scope="col">${cell}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function incidentRow(metrics: IncidentMetrics): SafeHtml {
  return html`<tr><th scope="row"><a href="/admin/incidents/${metrics.incident_id}/update">${metrics.name}</a><br>
<span class="muted">${metrics.started_at.slice(0, 16).replace('T', ' ')} UTC · ${IMPACT_WORDS[metrics.impact]} · ${INCIDENT_STATUS_WORDS[metrics.status]}</span></th>
<td>${metrics.public_updates}</td><td>${minutes(metrics.first_update_minutes)}</td><td>${minutes(metrics.identified_minutes)}</td>
<td>${minutes(metrics.resolved_minutes)}</td><td>${minutes(metrics.longest_silence_minutes)}</td><td>${minutes(metrics.average_update_minutes)}</td>
<td>${minutes(metrics.cadence_minutes)}</td><td>${metrics.cadence_misses}</td></tr>`;
}

function monthRow(month: MonthlyMetrics): SafeHtml {
  return html`<tr><th scope="row">${month.month}</th><td>${month.incidents}</td><td>${minutes(month.median_first_update_minutes)}</td>
<td>${minutes(month.median_identified_minutes)}</td><td>${minutes(month.median_resolved_minutes)}</td>
<td>${minutes(month.median_longest_silence_minutes)}</td><td>${month.cadence_misses}</td></tr>`;
}

function report({ range, metrics }: InsightsReport, query: { from?: string; to?: string }): SafeHtml {
  const csv = new URLSearchParams(query).toString();
  const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const summary = html`<p>${metrics.length} incident${metrics.length === 1 ? '' : 's'} started from ${day(range.from)} to ${day(range.to)} UTC.</p>
<div class="actions"><a class="button secondary" href="${CSV_PATH}${csv ? `?${csv}` : ''}" download>Download CSV</a></div>`;
  if (metrics.length === 0) return summary;
  return html`${summary}<h2>Per incident</h2>
${scrollingTable(
  'incidents-caption',
  'Each incident, oldest first',
  [
    'Incident',
    'Updates',
    'First update',
    'Identified',
    'Resolved',
    'Longest silence',
    'Average gap',
    'Cadence',
    'Misses',
  ],
  metrics.map(incidentRow),
)}
<h2>Monthly medians</h2>
${scrollingTable(
  'months-caption',
  'Medians by month of start (UTC); misses summed',
  ['Month', 'Incidents', 'First update', 'Identified', 'Resolved', 'Longest silence', 'Misses'],
  monthlyMedians(metrics).map(monthRow),
)}`;
}

function rangeForm(query: { from?: string; to?: string }, errors: FormErrors | null): SafeHtml {
  const field = (name: 'from' | 'to', label: string) =>
    html`<label for="range-${name}">${label}</label><input id="range-${name}" name="${name}" type="date" value="${query[name] ?? ''}"${invalidAttrs(errors, `/${name}`, `range-${name}`)}>${fieldError(errors, `/${name}`, `range-${name}`)}`;
  return html`<form method="get" action="${PATH}" class="card">${field('from', 'From (UTC)')}${field('to', 'To, that day included (UTC)')}
<p class="muted">Empty: the last 90 days up to now.</p><div class="actions"><button type="submit">Show</button></div></form>`;
}

async function insightsPage(c: Context<ConsoleEnv>): Promise<Response> {
  const query = rangeQuery(c);
  let measured: InsightsReport | null = null;
  let errors: FormErrors | null = null;
  try {
    measured = await measureInsights(c.var.db, query, c.var.now());
  } catch (error) {
    errors = formErrorsOf(error);
    if (!errors) throw error;
  }
  const body = html`<h1>Insights</h1><p class="muted">How soon and how often each incident was updated.</p>
${errorSummary(errors)}${rangeForm(query, errors)}${measured ? report(measured, query) : html``}`;
  return consolePage(c, { title: 'Insights', current: PATH, body, status: errors ? 400 : 200 });
}

export const insightsScreen: ConsoleScreen = {
  label: 'Insights',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, (c) => insightsPage(c));
    // Not under PATH/, so the registry's scope guard does not cover it: checked here.
    app.get(CSV_PATH, async (c) => {
      if (!scopeIncludes(c.var.session.scope, 'admin')) {
        return c.text('This screen needs an admin session.', 403);
      }
      try {
        const csv = insightsCsv(await measureInsights(c.var.db, rangeQuery(c), c.var.now()));
        return c.body(csv.body, 200, csv.headers);
      } catch (error) {
        if (!formErrorsOf(error)) throw error;
        return insightsPage(c);
      }
    });
  },
};
