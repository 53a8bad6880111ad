// After an incident is open: rename it or change its impact (PATCH /incidents/{id}), correct an
// update's message (PATCH /incidents/{id}/updates/{update_id}), delete it after a confirmation page
// (DELETE /incidents/{id}). Validated by the admin API's schemas, written by its services.
import type { Context } from 'hono';
import { getIncident } from '../../../db/queries/incidents.ts';
import type { IncidentUpdate, IncidentWithDetails } from '../../../db/types.ts';
import { IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { EditUpdateBody } from '../../routes/admin/incident-updates.ts';
import { UpdateIncidentBody } from '../../routes/admin/incidents.ts';
import { editIncidentUpdate } from '../../services/incident-updates.ts';
import { deleteIncident, updateIncident } from '../../services/incidents.ts';
import { html } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, select, submit, submitDelete } from './shared.ts';

const PATH = '/admin/incidents';
const IMPACTS = (['none', 'minor', 'major', 'critical'] as const).map(
  (impact) => [impact, IMPACT_WORDS[impact]] as const,
);
const when = (time: string) => `${time.slice(0, 16).replace('T', ' ')} UTC`;

const missing = (c: Context<ConsoleEnv>, what = 'incident') =>
  consolePage(c, {
    title: 'Not found',
    current: PATH,
    status: 404,
    body: html`<h1>No such ${what}</h1><p><a href="${PATH}">Back to incidents</a></p>`,
  });

/** The incident's name and impact, and each of its updates with a link to correct its message. */
function editPage(
  c: Context<ConsoleEnv>,
  incident: IncidentWithDetails,
  form: Form | null,
  errors: FormErrors | null,
  status: 200 | 400 | 404 | 409 = 200,
): Response {
  const base = `${PATH}/${incident.id}`;
  const updates = incident.incident_updates.map(
    (
      update,
    ) => html`<li><strong>${INCIDENT_STATUS_WORDS[update.status]}</strong> <span class="muted">${when(update.display_at)}</span>
<p>${update.body}</p><a class="button secondary" href="${base}/updates/${update.id}/edit">Correct this message<span class="sr"> (${INCIDENT_STATUS_WORDS[update.status]}, ${when(update.display_at)})</span></a></li>`,
  );
  const done = { saved: 'Saved.', corrected: 'Message corrected.' }[c.req.query('done') ?? ''];
  const body = html`<h1>Edit incident</h1>${notice(done)}
<p class="muted">${INCIDENT_STATUS_WORDS[incident.status]} · opened ${when(incident.started_at)}. The status changes only by <a href="${base}/update">posting an update</a>.</p>${errorSummary(errors)}
<form method="post" action="${base}/edit">${csrfField(c)}
<label for="name">Name</label>
<input id="name" name="name" type="text" required value="${form ? form.get('name') : incident.name}"${invalidAttrs(errors, '/name', 'name')}>${fieldError(errors, '/name', 'name')}
<label for="impact">Impact</label>${select('impact', 'impact', IMPACTS, form ? form.get('impact') : incident.impact)}${fieldError(errors, '/impact', 'impact')}
<div class="actions"><button type="submit">Save</button><a class="button secondary" href="${PATH}">Cancel</a></div></form>
<h2>Updates</h2><ul class="list">${updates}</ul>
<h2>Opened by mistake?</h2><div class="actions"><a class="button secondary" href="${base}/delete">Delete this incident</a></div>`;
  return consolePage(c, { title: `Edit ${incident.name}`, current: PATH, body, status });
}

function updateEditPage(
  c: Context<ConsoleEnv>,
  incident: IncidentWithDetails,
  update: IncidentUpdate,
  form: Form | null,
  errors: FormErrors | null,
  status: 200 | 400 | 404 | 409 = 200,
): Response {
  const action = `${PATH}/${incident.id}/updates/${update.id}/edit`;
  const body = html`<h1>Correct a message</h1><p><strong>${incident.name}</strong><br>
<span class="muted">${INCIDENT_STATUS_WORDS[update.status]} · ${when(update.display_at)}. Its status, time and component changes stay; subscribers are not emailed again.</span></p>${errorSummary(errors)}
<form method="post" action="${action}">${csrfField(c)}
<label for="message">Message (markdown)</label>
<textarea id="message" name="message" required${invalidAttrs(errors, '/message', 'message')}>${form ? form.get('message') : update.body}</textarea>${fieldError(errors, '/message', 'message')}
<div class="actions"><button type="submit">Save message</button><a class="button secondary" href="${PATH}/${incident.id}/edit">Cancel</a></div></form>`;
  return consolePage(c, { title: `Correct: ${incident.name}`, current: PATH, body, status });
}

function deletePage(c: Context<ConsoleEnv>, incident: IncidentWithDetails): Response {
  const count = incident.incident_updates.length;
  return consolePage(c, {
    title: `Delete ${incident.name}`,
    current: PATH,
    body: html`<h1>Delete “${incident.name}”?</h1>
<p>It leaves the status page, its feeds and the public JSON with its ${count} update${count === 1 ? '' : 's'}. Components keep their current status and their history; emails already sent stay sent. This cannot be undone.</p>
<form method="post" action="${PATH}/${incident.id}/delete">${csrfField(c)}<div class="actions"><button type="submit" class="danger">Delete this incident</button>
<a class="button secondary" href="${PATH}/${incident.id}/edit">Keep it</a></div></form>`,
  });
}

export const incidentEditScreen: ConsoleScreen = {
  path: PATH,
  scope: 'responder',
  mount(app) {
    app.get(`${PATH}/:id/edit`, async (c) => {
      const incident = await getIncident(c.var.db, c.req.param('id'));
      return incident ? editPage(c, incident, null, null) : missing(c);
    });
    app.post(`${PATH}/:id/edit`, async (c) => {
      const incident = await getIncident(c.var.db, c.req.param('id'));
      if (!incident) return missing(c);
      const form = c.var.form;
      return submit(
        async () => {
          const fields = { name: form.get('name'), impact: form.get('impact') };
          const body = validateInput(UpdateIncidentBody, fields, 'form');
          await updateIncident(c.var.db, { ...body, id: incident.id }, actorContext(c));
          return c.redirect(`${PATH}/${incident.id}/edit?done=saved`, 303);
        },
        (errors, status) => editPage(c, incident, form, errors, status),
      );
    });
    app.get(`${PATH}/:id/updates/:updateId/edit`, async (c) => {
      const incident = await getIncident(c.var.db, c.req.param('id'));
      const update = incident?.incident_updates.find((u) => u.id === c.req.param('updateId'));
      return incident && update ? updateEditPage(c, incident, update, null, null) : missing(c, 'update');
    });
    app.post(`${PATH}/:id/updates/:updateId/edit`, async (c) => {
      const incident = await getIncident(c.var.db, c.req.param('id'));
      const update = incident?.incident_updates.find((u) => u.id === c.req.param('updateId'));
      if (!incident || !update) return missing(c, 'update');
      const form = c.var.form;
      return submit(
        async () => {
          const body = validateInput(EditUpdateBody, { message: form.get('message') }, 'form');
          await editIncidentUpdate(
            c.var.db,
            { incident_id: incident.id, id: update.id, message: body.message },
            actorContext(c),
          );
          return c.redirect(`${PATH}/${incident.id}/edit?done=corrected`, 303);
        },
        (errors, status) => updateEditPage(c, incident, update, form, errors, status),
      );
    });
    app.get(`${PATH}/:id/delete`, async (c) => {
      const incident = await getIncident(c.var.db, c.req.param('id'));
      return incident ? deletePage(c, incident) : missing(c);
    });
    app.post(`${PATH}/:id/delete`, (c) =>
      submitDelete(c, () => deleteIncident(c.var.db, { id: c.req.param('id') }, actorContext(c)), {
        path: PATH,
        label: 'incidents',
      }),
    );
  },
};
