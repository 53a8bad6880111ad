// Incident templates: list, create, edit, delete (after a confirmation page). Written in calm
// times, used in a hurry from the Open an incident and Post an update forms. Validated by the
// admin API's schemas, written by its services (audited as incident_template.*).
import type { Context } from 'hono';
import { listComponents } from '../../../db/queries/components.ts';
import {
  getIncidentTemplate,
  type IncidentTemplate,
  listIncidentTemplates,
} from '../../../db/queries/incident-templates.ts';
import { COMPONENT_STATUS_WORDS, IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { CreateTemplateBody, UpdateTemplateBody } from '../../routes/admin/incident-templates.ts';
import {
  createIncidentTemplate,
  deleteIncidentTemplate,
  updateIncidentTemplate,
} from '../../services/incident-templates.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { Form } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, submit } from './shared.ts';
import {
  formOfTemplate,
  TEMPLATES_PATH as PATH,
  templateFieldsOf,
  templateFormPage,
  withNameConflict,
} from './template-form.ts';

const DONE: Record<string, string> = {
  created: 'Template created.',
  saved: 'Template saved.',
  deleted: 'Template deleted.',
};

function templateItem(template: IncidentTemplate, componentNames: Map<string, string>): SafeHtml {
  const gives = [
    template.status ? INCIDENT_STATUS_WORDS[template.status] : null,
    template.impact ? IMPACT_WORDS[template.impact] : null,
  ].filter((part): part is string => part !== null);
  const components = Object.entries(template.components).flatMap(([id, status]) => {
    const name = componentNames.get(id);
    return name ? [`${name}: ${COMPONENT_STATUS_WORDS[status]}`] : [];
  });
  const base = `${PATH}/${template.id}`;
  return html`<li><strong>${template.name}</strong>${template.title ? html`<br>${template.title}` : html``}
${gives.length > 0 ? html`<br><span class="muted">${gives.join(' · ')}</span>` : html``}
${components.length > 0 ? html`<br><span class="muted">${components.join(', ')}</span>` : html``}
<div class="row"><a class="button secondary" href="/admin/incidents/new?template=${template.id}">Open an incident<span class="sr"> from ${template.name}</span></a>
<a class="button secondary" href="${base}/edit">Edit<span class="sr"> ${template.name}</span></a>
<a class="button secondary" href="${base}/delete">Delete<span class="sr"> ${template.name}</span></a></div></li>`;
}

async function listPage(c: Context<ConsoleEnv>): Promise<Response> {
  const [templates, components] = await Promise.all([
    listIncidentTemplates(c.var.db),
    listComponents(c.var.db),
  ]);
  const names = new Map(components.map((component) => [component.id, component.name]));
  const list =
    templates.length > 0
      ? html`<ul class="list">${templates.map((template) => templateItem(template, names))}</ul>`
      : html`<p class="muted">No templates yet. Write the first message of the incidents you know will come back.</p>`;
  const body = html`<h1>Incident templates</h1>${notice(DONE[c.req.query('done') ?? ''])}
<div class="actions"><a class="button" href="${PATH}/new">New template</a></div>${list}`;
  return consolePage(c, { title: 'Incident templates', current: PATH, body });
}

const missing = (c: Context<ConsoleEnv>) =>
  consolePage(c, {
    title: 'Not found',
    current: PATH,
    status: 404,
    body: html`<h1>No such template</h1><p><a href="${PATH}">Back to templates</a></p>`,
  });

async function templateOr404(c: Context<ConsoleEnv>): Promise<IncidentTemplate | Response> {
  return (await getIncidentTemplate(c.var.db, c.req.param('id') ?? '')) ?? missing(c);
}

/** Saves (create when `template` is null) or, for the Preview button, shows the form again. */
function save(c: Context<ConsoleEnv>, template: IncidentTemplate | null): Promise<Response> {
  const form = c.var.form;
  if (form.get('intent') === 'preview') {
    return templateFormPage(c, { template, form, errors: null, showPreview: true });
  }
  return submit(
    async () => {
      const fields = templateFieldsOf(form);
      if (template) {
        const body = validateInput(UpdateTemplateBody, fields, 'form');
        await updateIncidentTemplate(c.var.db, { ...body, id: template.id }, actorContext(c));
      } else {
        await createIncidentTemplate(
          c.var.db,
          validateInput(CreateTemplateBody, fields, 'form'),
          actorContext(c),
        );
      }
      return c.redirect(`${PATH}?done=${template ? 'saved' : 'created'}`, 303);
    },
    (errors, status) =>
      templateFormPage(c, { template, form, errors: withNameConflict(errors, status), status }),
  );
}

export const templatesScreen: ConsoleScreen = {
  label: 'Templates',
  path: PATH,
  scope: 'responder',
  mount(app) {
    app.get(PATH, (c) => listPage(c));
    app.get(`${PATH}/new`, (c) => templateFormPage(c, { template: null, form: new Form(), errors: null }));
    app.post(`${PATH}/new`, (c) => save(c, null));
    app.get(`${PATH}/:id/edit`, async (c) => {
      const template = await templateOr404(c);
      if (template instanceof Response) return template;
      return templateFormPage(c, { template, form: formOfTemplate(template), errors: null });
    });
    app.post(`${PATH}/:id/edit`, async (c) => {
      const template = await templateOr404(c);
      return template instanceof Response ? template : save(c, template);
    });
    app.get(`${PATH}/:id/delete`, async (c) => {
      const template = await templateOr404(c);
      if (template instanceof Response) return template;
      return consolePage(c, {
        title: `Delete ${template.name}`,
        current: PATH,
        body: html`<h1>Delete the template ${template.name}?</h1><p>Incidents opened from it keep what it gave them.</p>
<form method="post" action="${PATH}/${template.id}/delete">${csrfField(c)}<div class="actions"><button type="submit" class="danger">Delete ${template.name}</button>
<a class="button secondary" href="${PATH}">Keep it</a></div></form>`,
      });
    });
    app.post(`${PATH}/:id/delete`, (c) =>
      submit(
        async () => {
          await deleteIncidentTemplate(c.var.db, c.req.param('id'), actorContext(c));
          return c.redirect(`${PATH}?done=deleted`, 303);
        },
        (errors, status) =>
          consolePage(c, {
            title: 'Not deleted',
            current: PATH,
            status,
            body: html`<h1>Not deleted</h1><p class="alert">${errors.summary}</p><p><a href="${PATH}">Back to templates</a></p>`,
          }),
      ),
    );
  },
};
