// A component's page settings and status (PATCH /components/{id}: showcase, only_show_if_degraded,
// start_date, a status set by hand outside any incident), its status history
// (GET /components/{id}/status-changes), and the position a drag on the list asks for.
import type { Context } from 'hono';
import { listComponentStatusChanges } from '../../../db/queries/component-status-changes.ts';
import { getComponent } from '../../../db/queries/components.ts';
import type { Component } from '../../../db/types.ts';
import { COMPONENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { UpdateGroupBody } from '../../routes/admin/component-groups.ts';
import { UpdateComponentBody } from '../../routes/admin/components.ts';
import { updateComponentGroup } from '../../services/component-groups.ts';
import { updateComponent } from '../../services/components.ts';
import { html } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, componentStatusSelect, submit } from './shared.ts';

const PATH = '/admin/components';
const HISTORY_PAGE = 50;
const when = (time: string) => `${time.slice(0, 19).replace('T', ' ')} UTC`;

const missing = (c: Context<ConsoleEnv>) =>
  consolePage(c, {
    title: 'Not found',
    current: PATH,
    status: 404,
    body: html`<h1>Not found</h1><p><a href="${PATH}">Back to components</a></p>`,
  });

function checkbox(name: string, label: string, checked: boolean) {
  return html`<label class="check"><input type="checkbox" name="${name}" value="yes"${checked ? html` checked` : html``}>${label}</label>`;
}

function settingsPage(
  c: Context<ConsoleEnv>,
  component: Component,
  form: Form | null,
  errors: FormErrors | null,
  status: 200 | 400 | 404 | 409 = 200,
): Response {
  const base = `${PATH}/${component.id}`;
  // The form always sends every field, so an absent checkbox is a cleared one.
  const checked = (name: 'showcase' | 'only_show_if_degraded') => (form ? form.has(name) : component[name]);
  const body = html`<h1>${component.name}: status and display</h1>${notice({ saved: 'Saved.' }[c.req.query('done') ?? ''])}${errorSummary(errors)}
<form method="post" action="${base}/settings">${csrfField(c)}
<label for="status">Status now</label>${componentStatusSelect('status', 'status', form ? form.get('status') : component.status, undefined, invalidAttrs(errors, '/status', 'status'))}${fieldError(errors, '/status', 'status')}
<p class="muted">A change here is outside any incident: it is recorded in the history and sent to webhooks, but no incident is opened and no subscriber is emailed.</p>
${checkbox('showcase', 'Show its uptime history on the page', checked('showcase'))}${fieldError(errors, '/showcase', 'showcase')}
${checkbox('only_show_if_degraded', 'Hide it from the page while it is operational', checked('only_show_if_degraded'))}${fieldError(errors, '/only_show_if_degraded', 'only_show_if_degraded')}
<label for="start_date">Uptime counts from (optional)</label>
<input id="start_date" name="start_date" type="date" value="${form ? form.get('start_date') : (component.start_date ?? '')}"${invalidAttrs(errors, '/start_date', 'start_date')}>${fieldError(errors, '/start_date', 'start_date')}
<p class="muted">Empty: from the moment it was created.</p>
<div class="actions"><button type="submit">Save</button><a class="button secondary" href="${PATH}">Back to components</a>
<a class="button secondary" href="${base}/history">Status history</a></div></form>`;
  return consolePage(c, { title: `${component.name}: settings`, current: PATH, body, status });
}

async function historyPage(c: Context<ConsoleEnv>, component: Component): Promise<Response> {
  const before = c.req.query('before');
  const changes = await listComponentStatusChanges(c.var.db, component.id, {
    limit: HISTORY_PAGE,
    ...(before && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(before) ? { before } : {}),
  });
  const rows = changes.map(
    (
      change,
    ) => html`<li><strong>${COMPONENT_STATUS_WORDS[change.new_status]}</strong>${change.old_status ? html` <span class="muted">from ${COMPONENT_STATUS_WORDS[change.old_status]}</span>` : html` <span class="muted">(created)</span>`}<br>
<span class="muted">${when(change.changed_at)} · ${change.incident_update_id ? 'by an incident update' : 'set directly'}</span></li>`,
  );
  const last = changes.at(-1);
  const older =
    last && changes.length === HISTORY_PAGE
      ? html`<div class="actions"><a class="button secondary" href="${PATH}/${component.id}/history?before=${encodeURIComponent(last.changed_at)}">Older changes</a></div>`
      : html``;
  const body = html`<h1>${component.name}: status history</h1>
<p>Now <strong>${COMPONENT_STATUS_WORDS[component.status]}</strong>. Newest first.</p>
${changes.length === 0 ? html`<p>No changes recorded.</p>` : html`<ul class="list">${rows}</ul>`}${older}
<div class="actions"><a class="button secondary" href="${PATH}/${component.id}/settings">Status and display</a><a class="button secondary" href="${PATH}">Back to components</a></div>`;
  return consolePage(c, { title: `${component.name}: history`, current: PATH, body });
}

/** The position a drag asks for (0 = first); a bad one is refused by the schema like the API's. */
const requestedPosition = (form: Form): unknown => {
  const raw = form.get('position');
  return /^\d+$/.test(raw) ? Number(raw) : raw;
};

const notMoved = (c: Context<ConsoleEnv>, errors: FormErrors, status: 400 | 404 | 409) =>
  consolePage(c, {
    title: 'Not moved',
    current: PATH,
    status,
    body: html`<h1>Not moved</h1><p class="alert">${errors.summary}</p><p><a href="${PATH}">Back to components</a></p>`,
  });

export const componentDetailsScreen: ConsoleScreen = {
  path: PATH,
  scope: 'responder',
  mount(app) {
    app.get(`${PATH}/:id/settings`, async (c) => {
      const component = await getComponent(c.var.db, c.req.param('id'));
      return component ? settingsPage(c, component, null, null) : missing(c);
    });
    app.post(`${PATH}/:id/settings`, async (c) => {
      const component = await getComponent(c.var.db, c.req.param('id'));
      if (!component) return missing(c);
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            status: form.get('status'),
            showcase: form.has('showcase'),
            only_show_if_degraded: form.has('only_show_if_degraded'),
            start_date: form.get('start_date').trim() === '' ? null : form.get('start_date').trim(),
          };
          const body = validateInput(UpdateComponentBody, fields, 'form');
          await updateComponent(c.var.db, { ...body, id: component.id }, actorContext(c));
          return c.redirect(`${PATH}/${component.id}/settings?done=saved`, 303);
        },
        (errors, status) => settingsPage(c, component, form, errors, status),
      );
    });
    app.get(`${PATH}/:id/history`, async (c) => {
      const component = await getComponent(c.var.db, c.req.param('id'));
      return component ? historyPage(c, component) : missing(c);
    });
    // Drag and drop on the list posts here (the ↑ ↓ buttons post to …/move and need no script).
    app.post(`${PATH}/groups/:id/position`, (c) =>
      submit(
        async () => {
          const body = validateInput(UpdateGroupBody, { position: requestedPosition(c.var.form) }, 'form');
          await updateComponentGroup(c.var.db, { ...body, id: c.req.param('id') }, actorContext(c));
          return c.redirect(`${PATH}?done=moved`, 303);
        },
        (errors, status) => notMoved(c, errors, status),
      ),
    );
    app.post(`${PATH}/:id/position`, (c) =>
      submit(
        async () => {
          const body = validateInput(
            UpdateComponentBody,
            { position: requestedPosition(c.var.form) },
            'form',
          );
          await updateComponent(c.var.db, { ...body, id: c.req.param('id') }, actorContext(c));
          return c.redirect(`${PATH}?done=moved`, 303);
        },
        (errors, status) => notMoved(c, errors, status),
      ),
    );
  },
};
