// The post-mortem editor page: the report (markdown), the action item rows, the incidents it
// covers, Save draft / Preview / Publish, and the versions published so far. Rendering only; the
// screen module (postmortems.ts) reads the posts and calls the services.
import type { Context } from 'hono';
import type { CoverableIncident } from '../../../db/queries/postmortem-overview.ts';
import { ACTION_ITEM_STATUSES, type IncidentWithDetails } from '../../../db/types.ts';
import { ACTION_ITEM_STATUS_WORDS } from '../../../site/lib/postmortem.ts';
import { IMPACT_WORDS } from '../../../site/lib/status.ts';
import type { PostmortemView } from '../../routes/admin/postmortems.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { EditorValues, ItemRow } from './postmortem-form.ts';
import { select } from './shared.ts';

export const PM_PATH = '/admin/postmortems';

const STATUS_OPTIONS = ACTION_ITEM_STATUSES.map(
  (status) => [status, ACTION_ITEM_STATUS_WORDS[status]] as const,
);

export const DONE: Record<string, string> = {
  saved: 'Draft saved. Readers see nothing of it until it is published.',
  published: 'Published. The page is being rebuilt.',
  waived: 'Marked as needing no post-mortem: its reminders stop.',
  deleted: 'Post-mortem deleted. The page is being rebuilt.',
};

/** "2026-11-30 14:05 UTC": the console shows times in UTC, as the other screens do. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export interface EditorState {
  incident: IncidentWithDetails;
  view: PostmortemView;
  values: EditorValues;
  /** Resolved incidents it may cover (the picker), each with the post-mortem covering it if any. */
  coverable: readonly CoverableIncident[];
  /** Names of covered incidents the picker does not list (older ones). */
  names: ReadonlyMap<string, string>;
  /** Whether the incident owes a post-mortem (a waiver is offered). */
  owes: boolean;
  errors: FormErrors | null;
  preview: SafeHtml | null;
  status?: 200 | 400 | 404 | 409;
}

function stateLine(view: PostmortemView): SafeHtml {
  if (view.state === 'new')
    return html`New: the report below is the template, filled from the incident. Nothing is saved yet.`;
  if (view.state === 'draft') return html`Draft, saved ${utc(view.updated_at ?? '')}. Not published yet.`;
  return html`Published: version ${view.published_version ?? 0}, ${utc(view.last_published_at ?? '')}${view.unpublished_changes ? html` · <strong class="warn">unpublished changes</strong>` : html``}`;
}

function itemRow(row: ItemRow, index: number, errors: FormErrors | null): SafeHtml {
  const n = index + 1;
  const at = `/rows/${index}`;
  const [title, status, due] = [`item-title-${index}`, `item-status-${index}`, `item-due-${index}`];
  return html`<div class="pm-item" data-row="${index}">
<label for="${title}">Action item ${n}</label><input id="${title}" name="item_title" type="text" value="${row.title}"${invalidAttrs(errors, `${at}/title`, title)}>${fieldError(errors, `${at}/title`, title)}
<div class="row"><div class="grow"><label for="${status}">Status of item ${n}</label>${select(status, 'item_status', STATUS_OPTIONS, row.status, invalidAttrs(errors, `${at}/status`, status))}${fieldError(errors, `${at}/status`, status)}</div>
<div class="grow"><label for="${due}">Due date of item ${n} (optional)</label><input id="${due}" name="item_due" type="date" value="${row.due_on}"${invalidAttrs(errors, `${at}/due_on`, due)}>${fieldError(errors, `${at}/due_on`, due)}</div></div>
<button type="submit" name="remove" value="${index}" class="secondary">Remove item ${n}</button></div>`;
}

function coverPicker(state: EditorState): SafeHtml {
  const { incident, values, coverable, view, errors } = state;
  const chosen = new Set(values.incidentIds);
  const others = coverable.filter(
    (candidate) =>
      candidate.id !== incident.id &&
      (candidate.postmortem_id === null || candidate.postmortem_id === view.id || chosen.has(candidate.id)),
  );
  const listed = new Set(others.map((candidate) => candidate.id));
  // Covered incidents too old for the picker stay covered: sent as they are.
  const kept = values.incidentIds.filter((id) => id !== incident.id && !listed.has(id));
  const boxes = others.map(
    (candidate) =>
      html`<label class="check"><input type="checkbox" name="incident_ids" value="${candidate.id}"${chosen.has(candidate.id) ? html` checked` : html``}>${candidate.name} <span class="muted">(${IMPACT_WORDS[candidate.impact]}, ${candidate.started_at.slice(0, 10)})</span></label>`,
  );
  return html`<fieldset><legend>Incidents it covers</legend>
<p>${incident.name} <span class="muted">(this incident, always covered)</span></p>
${kept.map((id) => html`<input type="hidden" name="incident_ids" value="${id}"><p>${state.names.get(id) ?? id}</p>`)}
${others.length > 0 ? html`<p class="muted">Other resolved incidents with the same root cause:</p>${boxes}` : html`<p class="muted">No other resolved incident to add.</p>`}
${fieldError(errors, '/incident_ids', 'incident-ids')}</fieldset>`;
}

function versionsList(view: PostmortemView): SafeHtml {
  if (view.versions.length === 0) return html``;
  const items = [...view.versions]
    .reverse()
    .map(
      (version) =>
        html`<li><strong>Version ${version.version}</strong> · ${utc(version.published_at)} · by ${version.published_by} · ${version.notified ? 'subscribers notified' : 'not notified'}${version.completed_items.length > 0 ? html`<br>Follow-up, done: ${version.completed_items.join('; ')}` : html``}</li>`,
    );
  const links = view.urls.map((url) => html`<li><a href="${url}">${url}</a></li>`);
  return html`<h2>Versions</h2><ul class="list">${items}</ul><h2>On the status page</h2><ul>${links}</ul>`;
}

export function editorPage(c: Context<ConsoleEnv>, state: EditorState): Response {
  const { incident, view, values, errors } = state;
  const action = `${PM_PATH}/${incident.id}`;
  const waiver =
    state.owes && view.state !== 'published'
      ? html`<p><a class="button secondary" href="${action}/waive">No post-mortem needed</a></p>`
      : html``;
  const body = html`<h1>Post-mortem: ${incident.name}</h1>
<p class="muted">${stateLine(view)}</p>${notice(DONE[c.req.query('done') ?? ''])}${errorSummary(errors)}
${state.preview ?? html``}
<form method="post" action="${action}">${csrfField(c)}
<button type="submit" name="intent" value="save" class="sr" tabindex="-1" aria-hidden="true">Save draft</button>
<label for="body">Report (markdown)</label>
<textarea id="body" name="body" rows="18" required${invalidAttrs(errors, '/body', 'body')}>${values.body}</textarea>${fieldError(errors, '/body', 'body')}
<fieldset><legend>Action items: what we are changing</legend>${fieldError(errors, '/action_items', 'action-items')}
${values.rows.map((row, index) => itemRow(row, index, errors))}
<button type="submit" name="intent" value="add_row" class="secondary">Add another row</button></fieldset>
${coverPicker(state)}
<div class="actions"><button type="submit" name="intent" value="save">Save draft</button>
<button type="submit" name="intent" value="preview" class="secondary">Preview</button>
<button type="submit" name="intent" value="publish" class="secondary">Publish…</button></div></form>
${waiver}${versionsList(view)}
${view.state === 'new' ? html`` : html`<h2>Written for the wrong incident?</h2><div class="actions"><a class="button secondary" href="${action}/delete">Delete this post-mortem</a></div>`}
<p><a href="${PM_PATH}">All post-mortems</a></p>`;
  return consolePage(c, {
    title: `Post-mortem: ${incident.name}`,
    current: PM_PATH,
    body,
    status: state.status ?? 200,
  });
}
