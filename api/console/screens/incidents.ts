// Open an incident, post an update, and the list of recent incidents. Both forms validate with the
// admin API's own body schemas and call the same services, so the console accepts exactly what
// the API accepts and writes exactly what it writes (audited, notified through the outbox).
import type { Context } from 'hono';
import { listComponentGroups, listComponents } from '../../../db/queries/components.ts';
import { getIncident, listIncidents } from '../../../db/queries/incidents.ts';
import type { Component, IncidentImpact, IncidentStatus, IncidentWithDetails } from '../../../db/types.ts';
import { IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { PostUpdateBody } from '../../routes/admin/incident-updates.ts';
import { CreateIncidentBody } from '../../routes/admin/incidents.ts';
import { postIncidentUpdate } from '../../services/incident-updates.ts';
import { createIncident } from '../../services/incidents.ts';
import { fillIncidentFromTemplate, fillUpdateFromTemplate } from '../../services/template-fill.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import { leadSection, openLeadFields, openLeadInput } from './incident-lead.ts';
import { renderPreview, suggestedImpact } from './incident-preview.ts';
import type { ConsoleScreen } from './registry.ts';
import {
  actorContext,
  componentStatusSelect,
  groupComponents,
  isComponentStatus,
  select,
  submit,
} from './shared.ts';
import {
  openFormOf,
  requestedTemplate,
  templateIdField,
  templateIdOf,
  templatePicker,
  updateFormOf,
} from './template-prefill.ts';

const OPENABLE: ReadonlyArray<readonly [IncidentStatus, string]> = (
  ['investigating', 'identified', 'monitoring', 'resolved'] as const
).map((status) => [status, INCIDENT_STATUS_WORDS[status]] as const);

const IMPACTS = (['none', 'minor', 'major', 'critical'] as const).map(
  (impact) => [impact, IMPACT_WORDS[impact]] as const,
);

/** The component statuses a form sets: `component:<id>` fields that are not left empty. */
export function chosenStatuses(form: Form): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const [id, value] of form.withPrefix('component:')) if (value !== '') chosen[id] = value;
  return chosen;
}

function chosenComponents(chosen: Record<string, string>, components: readonly Component[]) {
  return components.flatMap((component) => {
    const status = chosen[component.id];
    return status && isComponentStatus(status) ? [{ component, status }] : [];
  });
}

/** Every component, in its group, each with a status select; errors shown by the one they name. */
export function componentFields(
  sections: ReturnType<typeof groupComponents>,
  statusOf: (component: Component) => string,
  errors: FormErrors | null,
  options: { empty?: string; incidentIds?: ReadonlySet<string> } = {},
): SafeHtml {
  return html`${sections.map(
    ({ group, components }) =>
      html`<fieldset><legend>${group ? group.name : 'Components'}</legend>${components.map((component) => {
        const id = `c-${component.id}`;
        const pointer = `/components/${component.id}`;
        const mark = options.incidentIds?.has(component.id) ? html` data-incident-component` : html``;
        return html`<label for="${id}">${component.name}</label>${componentStatusSelect(id, `component:${component.id}`, statusOf(component), options.empty, html`${mark}${invalidAttrs(errors, pointer, id)}`)}${fieldError(errors, pointer, id)}`;
      })}</fieldset>`,
  )}`;
}

function notifyField(checked: boolean): SafeHtml {
  return html`<label class="check"><input type="checkbox" name="notify" value="on"${checked ? html` checked` : html``}>Notify subscribers</label>`;
}

/** Resolved incidents get a post-mortem (screen postmortems.ts); once published it is edited there. */
function postmortemLink(incident: IncidentWithDetails): SafeHtml {
  if (incident.status !== 'resolved' && incident.status !== 'postmortem') return html``;
  const label = incident.status === 'resolved' ? 'Write the post-mortem' : 'Edit the post-mortem';
  return html`<p><a href="/admin/postmortems/${incident.id}">${label}<span class="sr"> for ${incident.name}</span></a></p>`;
}

// ---- Open an incident ----

interface OpenState {
  form: Form | null;
  errors: FormErrors | null;
  preview: SafeHtml | null;
  status?: 200 | 400 | 404 | 409;
}

async function openIncidentPage(c: Context<ConsoleEnv>, state: OpenState): Promise<Response> {
  const db = c.var.db;
  const [groups, components] = await Promise.all([listComponentGroups(db), listComponents(db)]);
  const form = state.form;
  const chosen = form ? chosenStatuses(form) : {};
  const suggestion = suggestedImpact(chosenComponents(chosen, components).map((entry) => entry.status));
  const errors = state.errors;
  const impactOptions: ReadonlyArray<readonly [string, string]> = [
    ['', `Suggested from the components (${IMPACT_WORDS[suggestion].toLowerCase()})`],
    ...IMPACTS,
  ];
  const picker = await templatePicker(c, '/admin/incidents/new', form?.get('template_id') ?? '');
  const body = html`<h1>Open an incident</h1>${picker}${errorSummary(errors)}
<form method="post" action="/admin/incidents/new">${csrfField(c)}${templateIdField(form)}
<label for="name">Name</label>
<input id="name" name="name" type="text" required value="${form?.get('name') ?? ''}"${invalidAttrs(errors, '/name', 'name')}>${fieldError(errors, '/name', 'name')}
<label for="status">Status</label>${select('status', 'status', OPENABLE, form?.get('status') || 'investigating')}${fieldError(errors, '/status', 'status')}
<h2>Affected components</h2><p class="muted">Leave “Not affected” for the others.</p>
${componentFields(groupComponents(groups, components), (component) => chosen[component.id] ?? '', errors, { empty: 'Not affected' })}
<label for="impact">Impact</label>${select('impact', 'impact', impactOptions, form?.get('impact') ?? '')}
<p class="muted" data-impact-hint>Suggested from the components: ${suggestion}.</p>${fieldError(errors, '/impact', 'impact')}
<label for="message">Message (markdown)</label>
<textarea id="message" name="message" required${invalidAttrs(errors, '/message', 'message')}>${form?.get('message') ?? ''}</textarea>${fieldError(errors, '/message', 'message')}
${await openLeadFields(c, form, errors)}
${notifyField(form ? form.has('notify') : true)}
${state.preview ?? html``}
<div class="actions"><button type="submit" name="intent" value="open">Open incident</button>
<button type="submit" name="intent" value="preview" class="secondary">Preview</button></div></form>`;
  return consolePage(c, {
    title: 'Open an incident',
    current: '/admin/incidents',
    body,
    status: state.status ?? 200,
  });
}

async function submitOpen(c: Context<ConsoleEnv>): Promise<Response> {
  const form = c.var.form;
  const components = await listComponents(c.var.db);
  const chosen = chosenStatuses(form);
  const picked = chosenComponents(chosen, components);
  const impact = (form.get('impact') ||
    suggestedImpact(picked.map((entry) => entry.status))) as IncidentImpact;
  const notify = form.has('notify');
  const fields = {
    name: form.get('name'),
    status: form.get('status'),
    impact,
    message: form.get('message'),
    components: chosen,
    deliver_notifications: notify,
    ...templateIdOf(form),
    ...(await openLeadInput(c, form)),
  };
  if (form.get('intent') === 'preview') {
    const preview = await renderPreview(c.var.db, {
      name: fields.name,
      status: (form.get('status') || 'investigating') as IncidentStatus,
      impact,
      message: fields.message,
      components: picked,
      notify,
      now: c.var.now(),
    });
    return openIncidentPage(c, { form, errors: null, preview });
  }
  return submit(
    async () => {
      const body = validateInput(CreateIncidentBody, fields, 'form');
      await createIncident(c.var.db, await fillIncidentFromTemplate(c.var.db, body), actorContext(c));
      return c.redirect('/admin/?done=opened', 303);
    },
    (errors, status) => openIncidentPage(c, { form, errors, preview: null, status }),
  );
}

// ---- Post an update ----

interface UpdateState extends OpenState {
  incident: IncidentWithDetails;
}

/** Status, then components: the incident's own first (pre-filled with their current status). */
async function updatePage(c: Context<ConsoleEnv>, state: UpdateState): Promise<Response> {
  const db = c.var.db;
  const { incident, form, errors } = state;
  const [groups, components] = await Promise.all([listComponentGroups(db), listComponents(db)]);
  const own = new Set(incident.component_ids);
  const resolving = (form?.get('status') ?? c.req.query('status')) === 'resolved';
  const status =
    form?.get('status') ||
    (resolving ? 'resolved' : incident.status === 'resolved' ? 'monitoring' : incident.status);
  const current = (component: Component): string => {
    if (form) return form.get(`component:${component.id}`);
    if (!own.has(component.id)) return '';
    // Resolving proposes operational for each: forgetting to set a component back is impossible.
    return resolving ? 'operational' : component.status;
  };
  const ownSections = groupComponents(
    groups,
    components.filter((component) => own.has(component.id)),
  );
  const otherSections = groupComponents(
    groups,
    components.filter((component) => !own.has(component.id)),
  );
  const reopening = incident.status === 'resolved';
  const history = incident.incident_updates
    .slice(0, 3)
    .map(
      (update) =>
        html`<li><strong>${INCIDENT_STATUS_WORDS[update.status]}</strong> <span class="muted">${update.display_at.slice(0, 16).replace('T', ' ')} UTC</span><br>${update.body}</li>`,
    );
  const picker = await templatePicker(
    c,
    `/admin/incidents/${incident.id}/update`,
    form?.get('template_id') ?? '',
  );
  const body = html`<h1>Post an update</h1>${picker}<p><strong>${incident.name}</strong><br>
<span class="muted">Now ${INCIDENT_STATUS_WORDS[incident.status]} · ${IMPACT_WORDS[incident.impact]}</span></p>${await leadSection(c, incident)}${errorSummary(errors)}
${reopening ? html`<p class="alert" role="note">This incident is resolved. Posting anything but “Resolved” reopens it.</p>` : html``}
<form method="post" action="/admin/incidents/${incident.id}/update">${csrfField(c)}${templateIdField(form)}
<label for="status">Status</label>${select('status', 'status', OPENABLE, status)}${fieldError(errors, '/status', 'status')}
${reopening ? html`<label class="check"><input type="checkbox" name="confirm_reopen" value="yes"${form?.has('confirm_reopen') ? html` checked` : html``}>Yes, reopen this incident</label>${fieldError(errors, '/confirm_reopen', 'confirm_reopen')}` : html``}
<h2>Components of this incident</h2>
${ownSections.length > 0 ? componentFields(ownSections, current, errors, { incidentIds: own }) : html`<p class="muted">None yet.</p>`}
${otherSections.length > 0 ? html`<details${otherSections.some((section) => section.components.some((component) => current(component) !== '')) ? html` open` : html``}><summary>Other components</summary>${componentFields(otherSections, current, errors, { empty: 'Not affected' })}</details>` : html``}
<label for="message">Message (markdown)</label>
<textarea id="message" name="message" required${invalidAttrs(errors, '/message', 'message')}>${form?.get('message') ?? ''}</textarea>${fieldError(errors, '/message', 'message')}
${notifyField(form ? form.has('notify') : true)}
${state.preview ?? html``}
<div class="actions"><button type="submit" name="intent" value="post">Post update</button>
<button type="submit" name="intent" value="preview" class="secondary">Preview</button></div></form>
${postmortemLink(incident)}
<h2>Latest updates</h2><ul class="list">${history}</ul>`;
  return consolePage(c, { title: `Update: ${incident.name}`, body, status: state.status ?? 200 });
}

async function submitUpdate(c: Context<ConsoleEnv>, incident: IncidentWithDetails): Promise<Response> {
  const form = c.var.form;
  const chosen = chosenStatuses(form);
  const notify = form.has('notify');
  const fields = {
    status: form.get('status'),
    message: form.get('message'),
    components: chosen,
    deliver_notifications: notify,
    ...templateIdOf(form),
  };
  if (form.get('intent') === 'preview') {
    const components = await listComponents(c.var.db);
    const preview = await renderPreview(c.var.db, {
      name: incident.name,
      status: (form.get('status') || incident.status) as IncidentStatus,
      impact: incident.impact,
      message: fields.message,
      components: chosenComponents(chosen, components),
      notify,
      now: c.var.now(),
    });
    return updatePage(c, { incident, form, errors: null, preview });
  }
  if (incident.status === 'resolved' && fields.status !== 'resolved' && !form.has('confirm_reopen')) {
    const errors: FormErrors = {
      summary: 'This would reopen a resolved incident; nothing was posted.',
      fields: new Map([['/confirm_reopen', 'Tick “Yes, reopen this incident” to reopen it.']]),
    };
    return updatePage(c, { incident, form, errors, preview: null, status: 400 });
  }
  return submit(
    async () => {
      const body = validateInput(PostUpdateBody, fields, 'form');
      // The confirmation above is the API's `reopen: true`.
      const reopen = form.has('confirm_reopen') ? { reopen: true } : {};
      const update = await fillUpdateFromTemplate(c.var.db, { ...body, ...reopen, incident_id: incident.id });
      await postIncidentUpdate(c.var.db, update, actorContext(c));
      return c.redirect('/admin/?done=updated', 303);
    },
    (errors, status) => updatePage(c, { incident, form, errors, preview: null, status }),
  );
}

async function incidentOr404(c: Context<ConsoleEnv>): Promise<IncidentWithDetails | Response> {
  const incident = await getIncident(c.var.db, c.req.param('id') ?? '');
  if (incident) return incident;
  return consolePage(c, {
    title: 'Not found',
    status: 404,
    body: html`<h1>No such incident</h1><p><a href="/admin/">Back to Now</a></p>`,
  });
}

export const incidentsScreen: ConsoleScreen = {
  label: 'Incidents',
  path: '/admin/incidents',
  scope: 'responder',
  mount(app) {
    app.get('/admin/incidents/new', async (c) => {
      const template = await requestedTemplate(c);
      if (template === null) return openIncidentPage(c, { form: null, errors: null, preview: null });
      if (!('id' in template))
        return openIncidentPage(c, { form: null, errors: template, preview: null, status: 404 });
      const form = openFormOf(template, await listComponents(c.var.db));
      return openIncidentPage(c, { form, errors: null, preview: null });
    });
    app.post('/admin/incidents/new', (c) => submitOpen(c));
    app.get('/admin/incidents/:id/update', async (c) => {
      const incident = await incidentOr404(c);
      if (incident instanceof Response) return incident;
      const template = await requestedTemplate(c);
      if (template === null) return updatePage(c, { incident, form: null, errors: null, preview: null });
      if (!('id' in template))
        return updatePage(c, { incident, form: null, errors: template, preview: null, status: 404 });
      const form = updateFormOf(template, incident, await listComponents(c.var.db));
      return updatePage(c, { incident, form, errors: null, preview: null });
    });
    app.post('/admin/incidents/:id/update', async (c) => {
      const incident = await incidentOr404(c);
      return incident instanceof Response ? incident : submitUpdate(c, incident);
    });
    app.get('/admin/incidents', async (c) => {
      const incidents = await listIncidents(c.var.db, { limit: 30, unresolvedOnly: false });
      const items = incidents.map(
        (incident) => html`<li><a href="/admin/incidents/${incident.id}/update">${incident.name}</a><br>
<span class="muted">${INCIDENT_STATUS_WORDS[incident.status]} · ${IMPACT_WORDS[incident.impact]} · opened ${incident.started_at.slice(0, 10)}</span>${postmortemLink(incident)}
<div class="row"><a class="button secondary" href="/admin/incidents/${incident.id}/edit">Edit<span class="sr"> ${incident.name}</span></a></div></li>`,
      );
      return consolePage(c, {
        title: 'Incidents',
        current: '/admin/incidents',
        body: html`<h1>Recent incidents</h1>${notice({ deleted: 'Incident deleted.' }[c.req.query('done') ?? ''])}<div class="actions"><a class="button" href="/admin/incidents/new">Open an incident</a>
<a class="button secondary" href="/admin/incidents/past">Record a past incident</a></div><ul class="list">${items}</ul>`,
      });
    });
  },
};
