// Components and groups: create, rename, describe, reorder (buttons), delete (after a confirmation
// page). Validated by the admin API's schemas, written by its services.
import type { Context } from 'hono';
import {
  getComponent,
  getComponentGroup,
  listComponentGroups,
  listComponents,
} from '../../../db/queries/components.ts';
import type { Component, ComponentGroup } from '../../../db/types.ts';
import { COMPONENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { CreateGroupBody, UpdateGroupBody } from '../../routes/admin/component-groups.ts';
import { CreateComponentBody, UpdateComponentBody } from '../../routes/admin/components.ts';
import {
  createComponentGroup,
  deleteComponentGroup,
  updateComponentGroup,
} from '../../services/component-groups.ts';
import { createComponent, deleteComponent, updateComponent } from '../../services/components.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, buttonForm, select, submit, submitDelete } from './shared.ts';

const PATH = '/admin/components';
const DONE: Record<string, string> = {
  created: 'Created.',
  saved: 'Saved.',
  moved: 'Moved.',
  deleted: 'Deleted.',
};

/** Empty text fields mean "no description": the API's null. */
const orNull = (value: string) => (value.trim() === '' ? null : value);

function textInput(
  id: string,
  name: string,
  label: string,
  value: string,
  errors: FormErrors | null,
  required = false,
): SafeHtml {
  const pointer = `/${name}`;
  return html`<label for="${id}">${label}</label><input id="${id}" name="${name}" type="text" value="${value}"${required ? html` required` : html``}${invalidAttrs(errors, pointer, id)}>${fieldError(errors, pointer, id)}`;
}

interface Failed {
  which: 'group' | 'component';
  form: Form;
  errors: FormErrors;
  status: 400 | 404 | 409;
}

function moveButtons(
  c: Context<ConsoleEnv>,
  base: string,
  item: { name: string; position: number },
  last: boolean,
): SafeHtml {
  return html`${item.position > 0 ? buttonForm(c, `${base}/move`, '↑', { className: 'secondary', hidden: { direction: 'up' }, ariaLabel: `Move ${item.name} up` }) : html``}
${last ? html`` : buttonForm(c, `${base}/move`, '↓', { className: 'secondary', hidden: { direction: 'down' }, ariaLabel: `Move ${item.name} down` })}`;
}

function componentItem(c: Context<ConsoleEnv>, component: Component, last: boolean): SafeHtml {
  const base = `${PATH}/${component.id}`;
  return html`<li data-reorder="${base}/position"><strong>${component.name}</strong> <span class="muted">${COMPONENT_STATUS_WORDS[component.status]}</span>
${component.description ? html`<br><span class="muted">${component.description}</span>` : html``}
<div class="row">${moveButtons(c, base, component, last)}<a class="button secondary" href="${base}/edit">Edit<span class="sr"> ${component.name}</span></a>
<a class="button secondary" href="${base}/settings">Status and display<span class="sr"> of ${component.name}</span></a>
<a class="button secondary" href="${base}/history">History<span class="sr"> of ${component.name}</span></a>
<a class="button secondary" href="${base}/delete">Delete<span class="sr"> ${component.name}</span></a></div></li>`;
}

async function listPage(c: Context<ConsoleEnv>, failed?: Failed): Promise<Response> {
  const [groups, components] = await Promise.all([listComponentGroups(c.var.db), listComponents(c.var.db)]);
  const inGroup = (groupId: string | null) =>
    components.filter((component) => component.group_id === groupId);
  const ungrouped = inGroup(null);
  const sections = groups.map((group, index) => {
    const members = inGroup(group.id);
    const base = `${PATH}/groups/${group.id}`;
    return html`<section class="card" data-reorder="${base}/position"><h2>${group.name}</h2>${group.description ? html`<p class="muted">${group.description}</p>` : html``}
<div class="row">${moveButtons(c, base, { name: group.name, position: index }, index === groups.length - 1)}
<a class="button secondary" href="${base}/edit">Edit<span class="sr"> group ${group.name}</span></a>
<a class="button secondary" href="${base}/delete">Delete<span class="sr"> group ${group.name}</span></a></div>
<ul class="list">${members.map((component, i) => componentItem(c, component, i === members.length - 1))}</ul></section>`;
  });
  const group = failed?.which === 'group' ? failed : null;
  const component = failed?.which === 'component' ? failed : null;
  const groupOptions: Array<readonly [string, string]> = [
    ['', 'No group'],
    ...groups.map((g) => [g.id, g.name] as const),
  ];
  const body = html`<h1>Components</h1>${notice(DONE[c.req.query('done') ?? ''])}
${ungrouped.length > 0 ? html`<section class="card"><h2>Without a group</h2><ul class="list">${ungrouped.map((item, i) => componentItem(c, item, i === ungrouped.length - 1))}</ul></section>` : html``}
${sections}
<h2 id="new-component">Add a component</h2>${errorSummary(component?.errors)}
<form method="post" action="${PATH}" class="card">${csrfField(c)}
${textInput('component-name', 'name', 'Name', component?.form.get('name') ?? '', component?.errors ?? null, true)}
<label for="component-group">Group</label>${select('component-group', 'group_id', groupOptions, component?.form.get('group_id') ?? '')}${fieldError(component?.errors, '/group_id', 'component-group')}
${textInput('component-description', 'description', 'Description (optional)', component?.form.get('description') ?? '', component?.errors ?? null)}
<div class="actions"><button type="submit">Add component</button></div></form>
<h2 id="new-group">Add a group</h2>${errorSummary(group?.errors)}
<form method="post" action="${PATH}/groups" class="card">${csrfField(c)}
${textInput('group-name', 'name', 'Name', group?.form.get('name') ?? '', group?.errors ?? null, true)}
${textInput('group-description', 'description', 'Description (optional)', group?.form.get('description') ?? '', group?.errors ?? null)}
<div class="actions"><button type="submit">Add group</button></div></form>`;
  return consolePage(c, { title: 'Components', current: PATH, body, status: failed?.status ?? 200 });
}

function editPage(
  c: Context<ConsoleEnv>,
  item:
    | { kind: 'component'; value: Component; groups: ComponentGroup[] }
    | { kind: 'group'; value: ComponentGroup },
  form: Form | null,
  errors: FormErrors | null,
  status: 200 | 400 | 404 | 409 = 200,
): Response {
  const value = item.value;
  const action = item.kind === 'group' ? `${PATH}/groups/${value.id}/edit` : `${PATH}/${value.id}/edit`;
  const groupField =
    item.kind === 'component'
      ? html`<label for="edit-group">Group</label>${select('edit-group', 'group_id', [['', 'No group'], ...item.groups.map((g) => [g.id, g.name] as const)], form ? form.get('group_id') : (item.value.group_id ?? ''))}${fieldError(errors, '/group_id', 'edit-group')}`
      : html``;
  const body = html`<h1>Edit ${item.kind === 'group' ? 'group' : 'component'}</h1>${errorSummary(errors)}
<form method="post" action="${action}">${csrfField(c)}
${textInput('edit-name', 'name', 'Name', form ? form.get('name') : value.name, errors, true)}
${textInput('edit-description', 'description', 'Description', form ? form.get('description') : (value.description ?? ''), errors)}
${groupField}
<div class="actions"><button type="submit">Save</button><a class="button secondary" href="${PATH}">Cancel</a></div></form>`;
  return consolePage(c, { title: `Edit ${value.name}`, current: PATH, body, status });
}

function confirmPage(c: Context<ConsoleEnv>, name: string, action: string, consequence: string): Response {
  return consolePage(c, {
    title: `Delete ${name}`,
    current: PATH,
    body: html`<h1>Delete ${name}?</h1><p>${consequence}</p>
<form method="post" action="${action}">${csrfField(c)}<div class="actions"><button type="submit" class="danger">Delete ${name}</button>
<a class="button secondary" href="${PATH}">Keep it</a></div></form>`,
  });
}

const missing = (c: Context<ConsoleEnv>) =>
  consolePage(c, {
    title: 'Not found',
    current: PATH,
    status: 404,
    body: html`<h1>Not found</h1><p><a href="${PATH}">Back to components</a></p>`,
  });

export const componentsScreen: ConsoleScreen = {
  label: 'Components',
  path: PATH,
  scope: 'responder',
  mount(app) {
    app.get(PATH, (c) => listPage(c));
    app.post(PATH, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            name: form.get('name'),
            group_id: orNull(form.get('group_id')),
            description: orNull(form.get('description')),
          };
          await createComponent(
            c.var.db,
            validateInput(CreateComponentBody, fields, 'form'),
            actorContext(c),
          );
          return c.redirect(`${PATH}?done=created`, 303);
        },
        (errors, status) => listPage(c, { which: 'component', form, errors, status }),
      );
    });
    app.post(`${PATH}/groups`, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const fields = { name: form.get('name'), description: orNull(form.get('description')) };
          await createComponentGroup(
            c.var.db,
            validateInput(CreateGroupBody, fields, 'form'),
            actorContext(c),
          );
          return c.redirect(`${PATH}?done=created`, 303);
        },
        (errors, status) => listPage(c, { which: 'group', form, errors, status }),
      );
    });

    app.get(`${PATH}/groups/:id/edit`, async (c) => {
      const group = await getComponentGroup(c.var.db, c.req.param('id'));
      return group ? editPage(c, { kind: 'group', value: group }, null, null) : missing(c);
    });
    app.post(`${PATH}/groups/:id/edit`, async (c) => {
      const group = await getComponentGroup(c.var.db, c.req.param('id'));
      if (!group) return missing(c);
      const form = c.var.form;
      return submit(
        async () => {
          const fields = { name: form.get('name'), description: orNull(form.get('description')) };
          const body = validateInput(UpdateGroupBody, fields, 'form');
          await updateComponentGroup(c.var.db, { ...body, id: group.id }, actorContext(c));
          return c.redirect(`${PATH}?done=saved`, 303);
        },
        (errors, status) => editPage(c, { kind: 'group', value: group }, form, errors, status),
      );
    });
    app.post(`${PATH}/groups/:id/move`, async (c) => {
      const groups = await listComponentGroups(c.var.db);
      const index = groups.findIndex((group) => group.id === c.req.param('id'));
      if (index < 0) return missing(c);
      const position = Math.max(0, index + (c.var.form.get('direction') === 'up' ? -1 : 1));
      await updateComponentGroup(c.var.db, { id: c.req.param('id'), position }, actorContext(c));
      return c.redirect(`${PATH}?done=moved`, 303);
    });
    app.get(`${PATH}/groups/:id/delete`, async (c) => {
      const group = await getComponentGroup(c.var.db, c.req.param('id'));
      if (!group) return missing(c);
      return confirmPage(
        c,
        group.name,
        `${PATH}/groups/${group.id}/delete`,
        'The group goes; its components stay, without a group.',
      );
    });
    app.post(`${PATH}/groups/:id/delete`, (c) =>
      submitDelete(c, () => deleteComponentGroup(c.var.db, { id: c.req.param('id') }, actorContext(c)), {
        path: PATH,
        label: 'components',
      }),
    );

    app.get(`${PATH}/:id/edit`, async (c) => {
      const component = await getComponent(c.var.db, c.req.param('id'));
      if (!component) return missing(c);
      return editPage(
        c,
        { kind: 'component', value: component, groups: await listComponentGroups(c.var.db) },
        null,
        null,
      );
    });
    app.post(`${PATH}/:id/edit`, async (c) => {
      const component = await getComponent(c.var.db, c.req.param('id'));
      if (!component) return missing(c);
      const groups = await listComponentGroups(c.var.db);
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            name: form.get('name'),
            description: orNull(form.get('description')),
            group_id: orNull(form.get('group_id')),
          };
          const body = validateInput(UpdateComponentBody, fields, 'form');
          await updateComponent(c.var.db, { ...body, id: component.id }, actorContext(c));
          return c.redirect(`${PATH}?done=saved`, 303);
        },
        (errors, status) =>
          editPage(c, { kind: 'component', value: component, groups }, form, errors, status),
      );
    });
    app.post(`${PATH}/:id/move`, async (c) => {
      const component = await getComponent(c.var.db, c.req.param('id'));
      if (!component) return missing(c);
      const position = Math.max(0, component.position + (c.var.form.get('direction') === 'up' ? -1 : 1));
      await updateComponent(c.var.db, { id: component.id, position }, actorContext(c));
      return c.redirect(`${PATH}?done=moved`, 303);
    });
    app.get(`${PATH}/:id/delete`, async (c) => {
      const component = await getComponent(c.var.db, c.req.param('id'));
      if (!component) return missing(c);
      return confirmPage(
        c,
        component.name,
        `${PATH}/${component.id}/delete`,
        'It leaves the status page with its uptime history. Incidents keep their text.',
      );
    });
    app.post(`${PATH}/:id/delete`, (c) =>
      submitDelete(c, () => deleteComponent(c.var.db, { id: c.req.param('id') }, actorContext(c)), {
        path: PATH,
        label: 'components',
      }),
    );
  },
};
