// Page settings: everything PATCH /admin/v1/page takes, in fieldsets with help text. Only the
// fields that changed are sent, so saving the name does not re-check (and depend on the DNS of)
// the chat webhook; an emptied optional field is sent as null, which clears it.
import type { Context } from 'hono';
import { getPage } from '../../../db/queries/page.ts';
import type { Page } from '../../../db/types.ts';
import { UpdatePageBody } from '../../routes/admin/page.ts';
import { updatePage } from '../../services/page.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import { numberField } from './incident-lead.ts';
import {
  cadenceName,
  FLAG_SETTINGS,
  IMPACT_KEYS,
  NUMBER_SETTINGS,
  OPTIONAL_SETTINGS,
  settingsForm,
  TEXT_SETTINGS,
} from './page-settings-form.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, submit } from './shared.ts';

const PATH = '/admin/settings';

const DONE: Record<string, string> = { saved: 'Saved.', unchanged: 'Nothing changed.' };

/** The PATCH body of a submitted form: what differs from the page, plus the empty required numbers. */
function changes(form: Form, page: Page): { body: Record<string, unknown>; missing: FormErrors | null } {
  const body: Record<string, unknown> = {};
  const missing = new Map<string, string>();
  for (const name of TEXT_SETTINGS) if (form.get(name) !== page[name]) body[name] = form.get(name);
  for (const name of OPTIONAL_SETTINGS) {
    const value = form.get(name).trim() === '' ? null : form.get(name);
    if (value !== page[name]) body[name] = value;
  }
  const number = (field: string, pointer: string, current: number) => {
    const value = numberField(form.get(field));
    if (value === undefined) missing.set(pointer, 'Required.');
    return value === current ? undefined : value;
  };
  for (const name of NUMBER_SETTINGS) {
    const value = number(name, `/${name}`, page[name]);
    if (value !== undefined) body[name] = value;
  }
  const cadence: Record<string, unknown> = {};
  for (const impact of IMPACT_KEYS) {
    const value = number(
      cadenceName(impact),
      `/update_cadence_minutes/${impact}`,
      page.update_cadence_minutes[impact],
    );
    if (value !== undefined) cadence[impact] = value;
  }
  if (Object.keys(cadence).length > 0) body.update_cadence_minutes = cadence;
  for (const name of FLAG_SETTINGS) if (form.has(name) !== page[name]) body[name] = form.has(name);
  const errors =
    missing.size > 0 ? { summary: 'Some settings are empty; nothing was saved.', fields: missing } : null;
  return { body, missing: errors };
}

async function settingsPage(
  c: Context<ConsoleEnv>,
  form?: Form,
  errors?: FormErrors,
  status: 200 | 400 | 404 | 409 = 200,
): Promise<Response> {
  const page = await getPage(c.var.db);
  const content: SafeHtml = page
    ? settingsForm(page, form ?? null, errors ?? null)
    : html`<p>The page has not been set up yet: the server creates it at its first start.</p>`;
  const body = html`<h1>Page settings</h1>${notice(DONE[c.req.query('done') ?? ''])}${errorSummary(errors)}
<form method="post" action="${PATH}">${csrfField(c)}
${content}
<div class="actions"><button type="submit">Save</button></div></form>`;
  return consolePage(c, { title: 'Page settings', current: PATH, body, status });
}

export const pageSettingsScreen: ConsoleScreen = {
  label: 'Page settings',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, (c) => settingsPage(c));
    app.post(PATH, async (c) => {
      const form = c.var.form;
      const page = await getPage(c.var.db);
      if (!page)
        return settingsPage(
          c,
          form,
          { summary: 'The page has not been set up yet.', fields: new Map() },
          404,
        );
      const { body, missing } = changes(form, page);
      if (missing) return settingsPage(c, form, missing, 400);
      if (Object.keys(body).length === 0) return c.redirect(`${PATH}?done=unchanged`, 303);
      return submit(
        async () => {
          const input = validateInput(UpdatePageBody, body, 'form');
          await updatePage(c.var.db, input, actorContext(c), c.var.webhookPolicy);
          return c.redirect(`${PATH}?done=saved`, 303);
        },
        (errors, status) => settingsPage(c, form, errors, status),
      );
    });
  },
};
