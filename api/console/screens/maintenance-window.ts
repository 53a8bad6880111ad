// One window's page: its state and updates, a form to change it (reschedule, name, components and
// settings where the API allows them), a form to post an update with an optional status, and the
// way to call it off: cancel before it starts, complete once it runs (as DELETE and PATCH do).
import type { Context } from 'hono';
import { listComponentGroups, listComponents } from '../../../db/queries/components.ts';
import { getMaintenance } from '../../../db/queries/maintenances.ts';
import { getPage } from '../../../db/queries/page.ts';
import type { MaintenanceStatus, MaintenanceWithDetails } from '../../../db/types.ts';
import { maintenanceStatusWord } from '../../../site/lib/maintenance.ts';
import { renderMarkdown } from '../../../site/lib/markdown.ts';
import { PostMaintenanceUpdateBody, UpdateMaintenanceBody } from '../../routes/admin/maintenances.ts';
import { postMaintenanceUpdate, updateMaintenance } from '../../services/maintenances.ts';
import { html, SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import { formatLocalMoment, formatLocalWindow, toLocalInputValue } from '../local-time.ts';
import {
  componentCheckboxes,
  inputField,
  markdownField,
  markdownPreview,
  settingsFields,
  settingsValues,
  zoneNote,
} from './maintenance-fields.ts';
import { foldListErrors, readChangeForm, validateForm } from './maintenance-form.ts';
import { componentNames, DONE, PATH, pageTimeZone } from './maintenance-schedule.ts';
import { actorContext, select, submit } from './shared.ts';

const RUNNING: readonly MaintenanceStatus[] = ['in_progress', 'verifying'];
const isOver = (status: MaintenanceStatus) => status === 'completed' || status === 'cancelled';

/** The statuses an update may move a window to (the API's transitions). */
const NEXT_STATUSES: Record<MaintenanceStatus, MaintenanceStatus[]> = {
  scheduled: ['in_progress', 'verifying'],
  in_progress: ['verifying', 'completed'],
  verifying: ['in_progress', 'completed'],
  completed: [],
  cancelled: [],
};

interface WindowState {
  maintenance: MaintenanceWithDetails;
  /** Which form failed or previewed, with what was typed. */
  which?: 'change' | 'update';
  form?: Form;
  errors?: FormErrors | null;
  preview?: SafeHtml;
  status?: 200 | 400 | 404 | 409;
}

const changeTitle = (maintenance: MaintenanceWithDetails) =>
  maintenance.status === 'scheduled' ? 'Reschedule or change' : 'Extend or change';

async function changeForm(c: Context<ConsoleEnv>, state: WindowState, zone: string): Promise<SafeHtml> {
  const { maintenance } = state;
  const form = state.which === 'change' ? (state.form ?? null) : null;
  const errors = state.which === 'change' ? (state.errors ?? null) : null;
  const value = (name: 'name' | 'scheduled_for' | 'scheduled_until') =>
    form ? form.get(name) : name === 'name' ? maintenance.name : toLocalInputValue(maintenance[name], zone);
  const scheduled = maintenance.status === 'scheduled';
  const [groups, components] = await Promise.all([listComponentGroups(c.var.db), listComponents(c.var.db)]);
  const checked = new Set(form ? form.all('components') : maintenance.component_ids);
  return html`<h2 id="change" tabindex="-1">${changeTitle(maintenance)}</h2>${errorSummary(errors)}
<form method="post" action="${PATH}/${maintenance.id}/edit">${csrfField(c)}
${inputField('change', 'name', 'Name', value('name'), errors, { required: true })}
<fieldset><legend>Window</legend>${zoneNote(zone)}
${scheduled ? inputField('change', 'scheduled_for', `Starts (${zone})`, value('scheduled_for'), errors, { type: 'datetime-local', required: true }) : html`<p>Started: ${formatLocalMoment(maintenance.started_at ?? maintenance.scheduled_for, zone)}. Once a window has started, only its end can change.</p>`}
${inputField('change', 'scheduled_until', `Ends (${zone})`, value('scheduled_until'), errors, { type: 'datetime-local', required: true })}</fieldset>
${scheduled ? componentCheckboxes('change', groups, components, checked, errors) : html`<p><strong>Components:</strong> ${componentNames(maintenance, components)} <span class="muted">(they can change only before it starts)</span></p>`}
${settingsFields('change', settingsValues(form, maintenance), errors)}
${markdownField('change', 'Message with a new window (markdown, optional; a standard one otherwise)', form?.get('message') ?? '', errors, false)}
<div class="actions"><button type="submit">Save changes</button></div></form>`;
}

function updateForm(c: Context<ConsoleEnv>, state: WindowState): SafeHtml {
  const { maintenance } = state;
  const form = state.which === 'update' ? (state.form ?? null) : null;
  const errors = state.which === 'update' ? (state.errors ?? null) : null;
  const options: Array<readonly [string, string]> = [
    ['', `Keep: ${maintenanceStatusWord(maintenance.status)}`],
    ...NEXT_STATUSES[maintenance.status].map((status) => [status, maintenanceStatusWord(status)] as const),
  ];
  const notifyNote = maintenance.notify
    ? html``
    : html` <span class="muted">(this window's notify setting is off: nobody is told)</span>`;
  return html`<h2 id="post-update" tabindex="-1">Post an update</h2>${errorSummary(errors)}
<form method="post" action="${PATH}/${maintenance.id}/updates">${csrfField(c)}
<label for="update-status">Status</label>${select('update-status', 'status', options, form?.get('status') ?? '', invalidAttrs(errors, '/status', 'update-status'))}${fieldError(errors, '/status', 'update-status')}
${markdownField('update', 'Message (markdown)', form?.get('message') ?? '', errors, true)}
<label class="check"><input type="checkbox" name="deliver_notifications" value="on"${(form ? form.has('deliver_notifications') : true) ? html` checked` : html``}>Notify subscribers${notifyNote}</label>
${state.which === 'update' ? (state.preview ?? html``) : html``}
<div class="actions"><button type="submit" name="intent" value="post">Post update</button>
<button type="submit" name="intent" value="preview" class="secondary">Preview</button></div></form>`;
}

export async function windowPage(c: Context<ConsoleEnv>, state: WindowState): Promise<Response> {
  const { maintenance } = state;
  const db = c.var.db;
  const [zone, page, components] = await Promise.all([pageTimeZone(db), getPage(db), listComponents(db)]);
  const over = isOver(maintenance.status);
  const window = formatLocalWindow(maintenance.scheduled_for, maintenance.scheduled_until, zone);
  const history = maintenance.maintenance_updates.map(
    (update) =>
      html`<li><strong>${maintenanceStatusWord(update.status)}</strong> <span class="muted">${formatLocalMoment(update.display_at, zone)}</span>
<div>${new SafeHtml(renderMarkdown(update.body))}</div></li>`,
  );
  const ending =
    maintenance.status === 'scheduled'
      ? html`<a class="button secondary" href="${PATH}/${maintenance.id}/cancel">Cancel this maintenance</a>`
      : RUNNING.includes(maintenance.status)
        ? html`<a class="button secondary" href="${PATH}/${maintenance.id}/cancel">Complete it now</a>`
        : null;
  const publicLink =
    maintenance.status === 'cancelled' || !page?.url
      ? html``
      : html` · <a href="${page.url.replace(/\/$/, '')}/maintenance/${maintenance.id}/">Public page</a>`;
  const change = over ? null : await changeForm(c, state, zone);
  const update = maintenance.status === 'cancelled' ? null : updateForm(c, state);
  // Before it starts the likely next step is a new window; once it runs, an update.
  const forms = maintenance.status === 'scheduled' ? [change, update] : [update, change];
  const jumps = [
    ...(update ? [html`<a class="button secondary" href="#post-update">Post an update</a>`] : []),
    ...(change ? [html`<a class="button secondary" href="#change">${changeTitle(maintenance)}</a>`] : []),
    ...(ending ? [ending] : []),
  ];
  const body = html`<p><a href="${PATH}">All maintenance</a></p><h1>${maintenance.name}</h1>${notice(DONE[c.req.query('done') ?? ''])}
<p class="card"><strong>${maintenanceStatusWord(maintenance.status)}</strong>${maintenance.status === 'cancelled' ? html` <span class="muted">(left out of the public page)</span>` : html``}<br>
${window}<br><span class="muted">${componentNames(maintenance, components)}</span>${publicLink}</p>
${jumps.length > 0 ? html`<div class="actions">${jumps}</div>` : html``}
${forms.map((form) => form ?? html``)}
<h2>Updates</h2><ul class="list">${history}</ul>`;
  return consolePage(c, { title: maintenance.name, current: PATH, body, status: state.status ?? 200 });
}

export async function submitChange(
  c: Context<ConsoleEnv>,
  maintenance: MaintenanceWithDetails,
): Promise<Response> {
  const form = c.var.form;
  const zone = await pageTimeZone(c.var.db);
  return submit(
    async () => {
      const read = readChangeForm(form, maintenance, zone);
      if (read.errors.length === 0 && Object.keys(read.fields).length === 0) {
        c.set('publicDataUnchanged', true);
        return c.redirect(`${PATH}/${maintenance.id}?done=unchanged`, 303);
      }
      const body = validateForm(UpdateMaintenanceBody, read);
      await updateMaintenance(c.var.db, { ...body, id: maintenance.id }, actorContext(c));
      return c.redirect(`${PATH}/${maintenance.id}?done=saved`, 303);
    },
    (errors, status) =>
      windowPage(c, { maintenance, which: 'change', form, errors: foldListErrors(errors), status }),
  );
}

export async function submitUpdate(
  c: Context<ConsoleEnv>,
  maintenance: MaintenanceWithDetails,
): Promise<Response> {
  const form = c.var.form;
  if (form.get('intent') === 'preview') {
    c.set('publicDataUnchanged', true);
    const next = form.get('status') || maintenance.status;
    const title = html`<p><strong>${maintenance.name}</strong> · ${maintenanceStatusWord(next)}</p>`;
    const preview = markdownPreview(title, form.get('message'));
    return windowPage(c, { maintenance, which: 'update', form, preview });
  }
  return submit(
    async () => {
      const fields = {
        message: form.get('message'),
        ...(form.get('status') ? { status: form.get('status') } : {}),
        deliver_notifications: form.has('deliver_notifications'),
      };
      const body = validateInput(PostMaintenanceUpdateBody, fields, 'form');
      await postMaintenanceUpdate(c.var.db, { ...body, maintenance_id: maintenance.id }, actorContext(c));
      return c.redirect(`${PATH}/${maintenance.id}?done=posted`, 303);
    },
    (errors, status) => windowPage(c, { maintenance, which: 'update', form, errors, status }),
  );
}

export async function maintenanceOr404(c: Context<ConsoleEnv>): Promise<MaintenanceWithDetails | Response> {
  const maintenance = await getMaintenance(c.var.db, c.req.param('id') ?? '');
  if (maintenance) return maintenance;
  return consolePage(c, {
    title: 'Not found',
    current: PATH,
    status: 404,
    body: html`<h1>No such maintenance</h1><p><a href="${PATH}">Back to maintenance</a></p>`,
  });
}
