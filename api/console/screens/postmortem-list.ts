// The post-mortems list: what is owed first (most overdue on top, with its deadline), then drafts,
// then published ones with their version and whether the draft has changes not yet published.
import type { OverviewIncident, PostmortemSummary } from '../../../db/queries/postmortem-overview.ts';
import { IMPACT_WORDS } from '../../../site/lib/status.ts';
import { owesPostmortem } from '../../cadence/policy.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { notice } from '../layout.ts';
import { PM_PATH, utc } from './postmortem-editor.ts';

export interface ListInput {
  owed: readonly OverviewIncident[];
  summaries: readonly PostmortemSummary[];
  deadlineHours: number;
  now: string;
  done: string | undefined;
}

/** "due by …" or "overdue since …": the deadline the reminders use (page postmortem_deadline_hours). */
function deadline(incident: OverviewIncident, hours: number, now: string): SafeHtml {
  if (!incident.resolved_at) return html``;
  const due = new Date(Date.parse(incident.resolved_at) + hours * 3_600_000).toISOString();
  return due < now
    ? html` · <strong class="bad">overdue since ${utc(due)}</strong>`
    : html` · due by ${utc(due)}`;
}

function owedItem(incident: OverviewIncident, input: ListInput): SafeHtml {
  const editor = `${PM_PATH}/${incident.id}`;
  return html`<li><strong>${incident.name}</strong><br>
<span class="muted">${IMPACT_WORDS[incident.impact]} · resolved ${utc(incident.resolved_at ?? '')}</span>${deadline(incident, input.deadlineHours, input.now)}
<div class="actions"><a class="button" href="${editor}">Write the post-mortem<span class="sr"> for ${incident.name}</span></a>
<a class="button secondary" href="${editor}/waive">No post-mortem needed<span class="sr"> for ${incident.name}</span></a></div></li>`;
}

function summaryItem(summary: PostmortemSummary, input: ListInput): SafeHtml {
  const [first] = summary.incidents;
  const names = summary.incidents.map((incident) => incident.name).join(' · ');
  const owing = summary.published_version === null ? summary.incidents.find(owesPostmortem) : undefined;
  const state =
    summary.published_version === null
      ? html`Draft, saved ${utc(summary.updated_at)}${owing ? deadline(owing, input.deadlineHours, input.now) : html``}`
      : html`Version ${summary.published_version}, published ${utc(summary.last_published_at ?? '')}${summary.unpublished_changes ? html` · <strong class="warn">unpublished changes</strong>` : html``}`;
  const link = first
    ? html`<a class="button secondary" href="${PM_PATH}/${first.id}">Edit<span class="sr"> the post-mortem of ${names}</span></a>`
    : html``;
  return html`<li><strong>${names || summary.id}</strong><br><span class="muted">${state}</span>
<div class="actions">${link}</div></li>`;
}

function section(title: string, empty: string, items: readonly SafeHtml[]): SafeHtml {
  return html`<h2>${title}</h2>${items.length > 0 ? html`<ul class="list">${items}</ul>` : html`<p class="muted">${empty}</p>`}`;
}

export function postmortemList(input: ListInput): SafeHtml {
  const drafts = input.summaries.filter((summary) => summary.published_version === null);
  const published = input.summaries.filter((summary) => summary.published_version !== null);
  return html`<h1>Post-mortems</h1>${notice(input.done)}
<p class="muted">Resolved major and critical incidents owe one within ${input.deadlineHours} h. Any resolved incident can have one: open it from the incident list.</p>
${section(
  'Owed',
  'None owed.',
  input.owed.map((incident) => owedItem(incident, input)),
)}
${section(
  'Drafts',
  'No drafts.',
  drafts.map((summary) => summaryItem(summary, input)),
)}
${section(
  'Published',
  'None published yet.',
  published.map((summary) => summaryItem(summary, input)),
)}`;
}
