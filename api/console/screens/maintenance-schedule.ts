// The list of maintenance windows and the form that schedules one. Validated by the admin API's
// schema, written by its service (audited, announced through the outbox).

import type { Client } from '@libsql/client';
import type { Context } from 'hono';
import { listComponentGroups, listComponents } from '../../../db/queries/components.ts';
import { listMaintenances } from '../../../db/queries/maintenances.ts';
import { getPage } from '../../../db/queries/page.ts';
import type { Component, MaintenanceWithDetails } from '../../../db/types.ts';
import { maintenanceStatusWord } from '../../../site/lib/maintenance.ts';
import { resolveTimeZone } from '../../../site/lib/time.ts';
import { CreateMaintenanceBody } from '../../routes/admin/maintenances.ts';
import { createMaintenance, DEFAULT_REMINDERS } from '../../services/maintenances.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import { formatLocalWindow } from '../local-time.ts';
import {
  componentCheckboxes,
  inputField,
  markdownField,
  markdownPreview,
  settingsFields,
  settingsValues,
  zoneNote,
} from './maintenance-fields.ts';
import { foldListErrors, readScheduleForm, validateForm } from './maintenance-form.ts';
import { actorContext, submit } from './shared.ts';

export const PATH = '/admin/maintenance';

export const DONE: Record<string, string> = {
  scheduled: 'Maintenance scheduled.',
  saved: 'Changes saved.',
  unchanged: 'Nothing was changed.',
  posted: 'Update posted.',
  cancelled: 'Maintenance cancelled.',
  completed: 'Maintenance completed.',
};

/** The page's time zone, in which the console reads and shows the windows' times. */
export async function pageTimeZone(db: Client): Promise<string> {
  return resolveTimeZone((await getPage(db))?.time_zone ?? 'UTC');
}

export function componentNames(
  maintenance: MaintenanceWithDetails,
  components: readonly Component[],
): string {
  const names = components
    .filter((component) => maintenance.component_ids.includes(component.id))
    .map((component) => component.name);
  return names.length > 0 ? names.join(', ') : 'No components';
}

function windowItem(
  maintenance: MaintenanceWithDetails,
  components: readonly Component[],
  zone: string,
): SafeHtml {
  const cancelled = maintenance.status === 'cancelled';
  return html`<li${cancelled ? html` class="muted"` : html``}><a href="${PATH}/${maintenance.id}">${maintenance.name}</a>
<strong>${cancelled ? html`(Cancelled)` : html`· ${maintenanceStatusWord(maintenance.status)}`}</strong><br>
${cancelled ? html`<s>${formatLocalWindow(maintenance.scheduled_for, maintenance.scheduled_until, zone)}</s>` : formatLocalWindow(maintenance.scheduled_for, maintenance.scheduled_until, zone)}<br>
<span class="muted">${componentNames(maintenance, components)}</span></li>`;
}

export async function listPage(c: Context<ConsoleEnv>): Promise<Response> {
  const db = c.var.db;
  const [zone, components, running, upcoming, recent] = await Promise.all([
    pageTimeZone(db),
    listComponents(db),
    listMaintenances(db, { limit: 100, statuses: ['in_progress', 'verifying'], order: 'soonest' }),
    listMaintenances(db, { limit: 100, statuses: ['scheduled'], order: 'soonest' }),
    listMaintenances(db, { limit: 20, statuses: ['completed', 'cancelled'], order: 'latest' }),
  ]);
  const section = (title: string, items: MaintenanceWithDetails[], none: string) =>
    html`<h2>${title}</h2>${items.length === 0 ? html`<p class="muted">${none}</p>` : html`<ul class="list">${items.map((item) => windowItem(item, components, zone))}</ul>`}`;
  const body = html`<h1>Maintenance</h1>${notice(DONE[c.req.query('done') ?? ''])}
<div class="actions"><a class="button" href="${PATH}/new">Schedule maintenance</a></div>
<p class="muted">Times are in ${zone}, the page's time zone.</p>
${section('Running', running, 'Nothing is running.')}
${section('Upcoming', upcoming, 'Nothing is scheduled.')}
${section('Recent', recent, 'No completed or cancelled windows yet.')}`;
  return consolePage(c, { title: 'Maintenance', current: PATH, body });
}

interface ScheduleState {
  form: Form | null;
  errors: FormErrors | null;
  preview?: SafeHtml;
  status?: 200 | 400 | 404 | 409;
}

export async function schedulePage(c: Context<ConsoleEnv>, state: ScheduleState): Promise<Response> {
  const db = c.var.db;
  const [zone, groups, components] = await Promise.all([
    pageTimeZone(db),
    listComponentGroups(db),
    listComponents(db),
  ]);
  const { form, errors } = state;
  const settings = settingsValues(form, {
    auto_start: true,
    auto_complete: true,
    set_components_under_maintenance: true,
    notify: true,
    remind_before_minutes: DEFAULT_REMINDERS,
  });
  const value = (name: string) => form?.get(name) ?? '';
  const body = html`<h1>Schedule maintenance</h1>${errorSummary(errors)}
<form method="post" action="${PATH}/new">${csrfField(c)}
${inputField('new', 'name', 'Name', value('name'), errors, { required: true })}
<fieldset><legend>Window</legend>${zoneNote(zone)}
${inputField('new', 'scheduled_for', `Starts (${zone})`, value('scheduled_for'), errors, { type: 'datetime-local', required: true })}
${inputField('new', 'scheduled_until', `Ends (${zone})`, value('scheduled_until'), errors, { type: 'datetime-local', required: true })}</fieldset>
${componentCheckboxes('new', groups, components, new Set(form?.all('components') ?? []), errors)}
${markdownField('new', 'First message (markdown)', value('message'), errors, true)}
${settingsFields('new', settings, errors)}
${state.preview ?? html``}
<div class="actions"><button type="submit" name="intent" value="schedule">Schedule maintenance</button>
<button type="submit" name="intent" value="preview" class="secondary">Preview</button></div></form>`;
  return consolePage(c, { title: 'Schedule maintenance', current: PATH, body, status: state.status ?? 200 });
}

export async function submitSchedule(c: Context<ConsoleEnv>): Promise<Response> {
  const form = c.var.form;
  if (form.get('intent') === 'preview') {
    c.set('publicDataUnchanged', true);
    const title = html`<p><strong>${form.get('name') || '(no name yet)'}</strong> · Scheduled</p>`;
    return schedulePage(c, { form, errors: null, preview: markdownPreview(title, form.get('message')) });
  }
  const zone = await pageTimeZone(c.var.db);
  return submit(
    async () => {
      const body = validateForm(CreateMaintenanceBody, readScheduleForm(form, zone));
      const created = await createMaintenance(c.var.db, body, actorContext(c));
      return c.redirect(`${PATH}/${created.id}?done=scheduled`, 303);
    },
    (errors, status) => schedulePage(c, { form, errors: foldListErrors(errors), status }),
  );
}
