// Opening an incident or posting an update from a template, without JavaScript: a GET form picks
// the template (`?template=tpl_…`) and the page comes back with every field filled from it, still
// editable. The form then carries `template_id`, which is sent with the rest through the API's own
// path (schema, then fillIncidentFromTemplate / fillUpdateFromTemplate): the fields given win and
// the template fills only what is left out, exactly as for `POST /admin/v1/incidents`.
import type { Context } from 'hono';
import {
  getIncidentTemplate,
  type IncidentTemplate,
  listIncidentTemplates,
} from '../../../db/queries/incident-templates.ts';
import type { Component, IncidentWithDetails } from '../../../db/types.ts';
import { unknownTemplate } from '../../services/incident-templates.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { Form, type FormErrors } from '../form.ts';
import { select } from './shared.ts';

/** The GET form choosing a template for the page at `action`; a link to write one when none exists. */
export async function templatePicker(
  c: Context<ConsoleEnv>,
  action: string,
  selected: string,
): Promise<SafeHtml> {
  const templates = await listIncidentTemplates(c.var.db);
  if (templates.length === 0) {
    return html`<p class="muted">No incident templates yet: <a href="/admin/templates/new">write one</a> for the incidents you know will come back.</p>`;
  }
  const options: Array<readonly [string, string]> = [
    ['', 'Blank'],
    ...templates.map((template) => [template.id, template.name] as const),
  ];
  return html`<form method="get" action="${action}" class="card"><label for="template-pick">Start from a template</label>
${select('template-pick', 'template', options, selected)}
<p class="muted">Fills every field below from the template; you can still change them.</p>
<div class="actions"><button type="submit" class="secondary">Use template</button></div></form>`;
}

/** The hidden `template_id` of a form filled from a template (the picker above shows which). */
export function templateIdField(form: Form | null): SafeHtml {
  const id = form?.get('template_id') ?? '';
  return id ? html`<input type="hidden" name="template_id" value="${id}">` : html``;
}

/** `template_id` as the API takes it: absent when the form was started blank. */
export const templateIdOf = (form: Form): { template_id?: string } =>
  form.get('template_id') ? { template_id: form.get('template_id') } : {};

/** The template a `?template=` names: none asked, the template, or the errors of an unknown id. */
export async function requestedTemplate(
  c: Context<ConsoleEnv>,
): Promise<IncidentTemplate | FormErrors | null> {
  const id = c.req.query('template');
  if (!id) return null;
  const template = await getIncidentTemplate(c.var.db, id);
  if (template) return template;
  return { summary: unknownTemplate(id), fields: new Map([['/template_id', unknownTemplate(id)]]) };
}

/** The template's components that still exist, as the form's `component:<id>` fields. */
function componentEntries(template: IncidentTemplate, components: readonly Component[]): [string, string][] {
  const live = new Set(components.map((component) => component.id));
  return Object.entries(template.components)
    .filter(([id]) => live.has(id))
    .map(([id, status]) => [`component:${id}`, status]);
}

/** The Open an incident form as the template fills it. */
export function openFormOf(template: IncidentTemplate, components: readonly Component[]): Form {
  return new Form([
    ['template_id', template.id],
    ['name', template.title ?? ''],
    ['status', template.status ?? 'investigating'],
    ['impact', template.impact ?? ''],
    ['message', template.body ?? ''],
    ['notify', 'on'],
    ...componentEntries(template, components),
  ]);
}

/**
 * The Post an update form as the template fills it: the incident's components keep their current
 * status (operational when the update resolves) unless the template sets them; the status is
 * carried forward unless the template gives one.
 */
export function updateFormOf(
  template: IncidentTemplate,
  incident: IncidentWithDetails,
  components: readonly Component[],
): Form {
  const own = new Set(incident.component_ids);
  const carried = incident.status === 'resolved' ? 'monitoring' : incident.status;
  const status = template.status ?? carried;
  // As without a template, resolving proposes operational for each of the incident's components.
  const current: [string, string][] = components
    .filter((component) => own.has(component.id))
    .map((component) => [
      `component:${component.id}`,
      status === 'resolved' ? 'operational' : component.status,
    ]);
  const fromTemplate = new Map(componentEntries(template, components));
  return new Form([
    ['template_id', template.id],
    ['status', status],
    ['message', template.body ?? ''],
    ['notify', 'on'],
    ...current.filter(([name]) => !fromTemplate.has(name)),
    ...fromTemplate,
  ]);
}
