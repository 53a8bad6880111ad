// The incident template form (create and edit): name, title, body with a preview, status, impact
// and the components with their statuses, picked by name within their groups. Its fields are the
// admin API's (title, body, status, impact, components), so errors land by the pointer they name.
import type { Context } from 'hono';
import { listComponentGroups, listComponents } from '../../../db/queries/components.ts';
import type { IncidentTemplate } from '../../../db/queries/incident-templates.ts';
import { renderMarkdown } from '../../../site/lib/markdown.ts';
import { IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { html, SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField } from '../layout.ts';
import { chosenStatuses, componentFields } from './incidents.ts';
import { groupComponents, select } from './shared.ts';

export const TEMPLATES_PATH = '/admin/templates';

const STATUS_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['', 'None: chosen when it is used'],
  ...(['investigating', 'identified', 'monitoring', 'resolved'] as const).map(
    (status) => [status, INCIDENT_STATUS_WORDS[status]] as const,
  ),
];

const IMPACT_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['', 'None: chosen when it is used'],
  ...(['none', 'minor', 'major', 'critical'] as const).map(
    (impact) => [impact, IMPACT_WORDS[impact]] as const,
  ),
];

/** Empty optional fields mean "the template does not give it": the API's null. */
const orNull = (value: string) => (value.trim() === '' ? null : value);

/** The body of a create or an edit, in the admin API's terms (validated by its schemas). */
export function templateFieldsOf(form: Form) {
  return {
    name: form.get('name'),
    title: orNull(form.get('title')),
    body: orNull(form.get('body')),
    status: orNull(form.get('status')),
    impact: orNull(form.get('impact')),
    components: chosenStatuses(form),
  };
}

/** A saved template as the form shows it, so that editing starts from what it holds. */
export function formOfTemplate(template: IncidentTemplate): Form {
  return new Form([
    ['name', template.name],
    ['title', template.title ?? ''],
    ['body', template.body ?? ''],
    ['status', template.status ?? ''],
    ['impact', template.impact ?? ''],
    ...Object.entries(template.components).map(([id, status]): [string, string] => [
      `component:${id}`,
      status,
    ]),
  ]);
}

/** A duplicate name is a conflict without a pointer: show it by the name, where it is fixed. */
export function withNameConflict(errors: FormErrors, status: number): FormErrors {
  if (status !== 409 || errors.fields.size > 0) return errors;
  return { summary: errors.summary, fields: new Map([['/name', errors.summary]]) };
}

function textInput(name: string, label: string, form: Form, errors: FormErrors | null, required = false) {
  const id = `template-${name}`;
  const pointer = `/${name}`;
  return html`<label for="${id}">${label}</label><input id="${id}" name="${name}" type="text" value="${form.get(name)}"${required ? html` required` : html``}${invalidAttrs(errors, pointer, id)}>${fieldError(errors, pointer, id)}`;
}

function preview(form: Form): SafeHtml {
  const body = form.get('body');
  return html`<section class="preview" aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2>
<p><strong>${form.get('title') || '(no title)'}</strong></p>
<div>${body.trim() === '' ? html`<p class="muted">(no body)</p>` : new SafeHtml(renderMarkdown(body))}</div></section>`;
}

export interface TemplateFormState {
  /** Null for a new template. */
  template: IncidentTemplate | null;
  form: Form;
  errors: FormErrors | null;
  showPreview?: boolean;
  status?: 200 | 400 | 404 | 409;
}

export async function templateFormPage(c: Context<ConsoleEnv>, state: TemplateFormState): Promise<Response> {
  const { template, form, errors } = state;
  const [groups, components] = await Promise.all([listComponentGroups(c.var.db), listComponents(c.var.db)]);
  const action = template ? `${TEMPLATES_PATH}/${template.id}/edit` : `${TEMPLATES_PATH}/new`;
  const heading = template ? `Edit template ${template.name}` : 'New incident template';
  const statusOf = (component: { id: string }) => form.get(`component:${component.id}`);
  const body = html`<h1>${heading}</h1>${errorSummary(errors)}
<form method="post" action="${action}">${csrfField(c)}
${textInput('name', 'Name (how responders pick it)', form, errors, true)}
${textInput('title', 'Incident title', form, errors)}
<label for="template-status">Status</label>${select('template-status', 'status', STATUS_OPTIONS, form.get('status'))}${fieldError(errors, '/status', 'template-status')}
<label for="template-impact">Impact</label>${select('template-impact', 'impact', IMPACT_OPTIONS, form.get('impact'))}${fieldError(errors, '/impact', 'template-impact')}
<h2>Components</h2><p class="muted">The status each affected component gets; leave “Not in this template” for the others.</p>
${components.length > 0 ? componentFields(groupComponents(groups, components), statusOf, errors, { empty: 'Not in this template' }) : html`<p class="muted">No components yet.</p>`}
<label for="template-body">Message (markdown)</label>
<textarea id="template-body" name="body"${invalidAttrs(errors, '/body', 'template-body')}>${form.get('body')}</textarea>${fieldError(errors, '/body', 'template-body')}
${state.showPreview ? preview(form) : html``}
<div class="actions"><button type="submit" name="intent" value="save">${template ? 'Save template' : 'Create template'}</button>
<button type="submit" name="intent" value="preview" class="secondary">Preview</button>
<a class="button secondary" href="${TEMPLATES_PATH}">Cancel</a></div></form>`;
  return consolePage(c, { title: heading, current: TEMPLATES_PATH, body, status: state.status ?? 200 });
}
