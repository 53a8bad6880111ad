// Page settings: the page's name, public address and time zone.
import type { Context } from 'hono';
import { getPage } from '../../../db/queries/page.ts';
import { UpdatePageBody } from '../../routes/admin/page.ts';
import { updatePage } from '../../services/page.ts';
import { html } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, submit } from './shared.ts';

const PATH = '/admin/settings';

async function settingsPage(
  c: Context<ConsoleEnv>,
  form?: Form,
  errors?: FormErrors,
  status: 200 | 400 | 404 | 409 = 200,
): Promise<Response> {
  const page = await getPage(c.var.db);
  const value = (name: 'name' | 'url' | 'time_zone') => (form ? form.get(name) : (page?.[name] ?? ''));
  const field = (name: 'name' | 'url' | 'time_zone', label: string, type: string) =>
    html`<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" required value="${value(name)}"${invalidAttrs(errors, `/${name}`, name)}>${fieldError(errors, `/${name}`, name)}`;
  const body = html`<h1>Page settings</h1>${notice(c.req.query('done') === 'saved' ? 'Saved.' : undefined)}${errorSummary(errors)}
<form method="post" action="${PATH}" class="card">${csrfField(c)}
${field('name', 'Page name', 'text')}
${field('url', 'Public address', 'url')}
${field('time_zone', 'Time zone (e.g. Europe/Paris)', 'text')}
<div class="actions"><button type="submit">Save</button></div></form>`;
  return consolePage(c, { title: 'Page settings', current: PATH, body, status });
}

export const pageSettingsScreen: ConsoleScreen = {
  label: 'Page settings',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, (c) => settingsPage(c));
    app.post(PATH, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const fields = { name: form.get('name'), url: form.get('url'), time_zone: form.get('time_zone') };
          await updatePage(c.var.db, validateInput(UpdatePageBody, fields, 'form'), actorContext(c));
          return c.redirect(`${PATH}?done=saved`, 303);
        },
        (errors, status) => settingsPage(c, form, errors, status),
      );
    });
  },
};
