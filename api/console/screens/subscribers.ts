// Subscribers: search, add (optionally vouching for consent), remove, import and export CSV.
import type { Context } from 'hono';
import { listSubscribers } from '../../../db/queries/subscribers.ts';
import { subscribersCsv } from '../../routes/admin/subscriber-csv.ts';
import { AddSubscriberBody } from '../../routes/admin/subscribers.ts';
import { importSubscribers } from '../../services/subscriber-import.ts';
import { addSubscriber, deleteSubscriber } from '../../services/subscribers.ts';
import { html } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorList, errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, buttonForm, select, submit } from './shared.ts';
import { targetFields } from './target-fields.ts';

const PATH = '/admin/subscribers';
const SHOWN = 100;
export const MIN_IMPACTS = [
  ['none', 'Every incident'],
  ['minor', 'Minor impact or worse'],
  ['major', 'Major impact or worse'],
  ['critical', 'Critical only'],
] as const;

interface Failed {
  which: 'add' | 'import';
  form: Form;
  errors: FormErrors;
  status: 400 | 404 | 409;
}

async function listPage(c: Context<ConsoleEnv>, failed?: Failed, done?: string): Promise<Response> {
  const query = (c.req.query('q') ?? '').trim().toLowerCase();
  const subscribers = await listSubscribers(c.var.db, { limit: SHOWN, ...(query ? { email: query } : {}) });
  const add = failed?.which === 'add' ? failed : null;
  const imported = failed?.which === 'import' ? failed : null;
  const rows = subscribers.map(
    (
      subscriber,
    ) => html`<li><a href="${PATH}/${subscriber.id}"><strong>${subscriber.email}</strong></a> <span class="muted">${subscriber.state} · ${subscriber.components ? `${subscriber.components.length} components` : 'whole page'} · ${subscriber.min_impact}</span>
<div class="row">${buttonForm(c, `${PATH}/${subscriber.id}/delete`, 'Remove', { className: 'secondary', ariaLabel: `Remove ${subscriber.email}` })}</div></li>`,
  );
  const body = html`<h1>Subscribers</h1>${notice(done ?? { added: 'Subscriber added.', removed: 'Subscriber removed.' }[c.req.query('done') ?? ''])}
<form method="get" action="${PATH}" class="row" role="search"><label for="q" class="grow">Search by address<input id="q" name="q" type="search" value="${query}"></label><button type="submit">Search</button></form>
<p class="muted">${subscribers.length === SHOWN ? `The first ${SHOWN} shown; search to narrow.` : `${subscribers.length} shown.`}</p>
<ul class="list">${rows}</ul>
<h2>Add a subscriber</h2>${errorSummary(add?.errors)}
<form method="post" action="${PATH}" class="card">${csrfField(c)}
<label for="email">Email address</label><input id="email" name="email" type="email" required value="${add?.form.get('email') ?? ''}"${invalidAttrs(add?.errors, '/email', 'email')}>${fieldError(add?.errors, '/email', 'email')}
<label for="min_impact">Sends</label>${select('min_impact', 'min_impact', MIN_IMPACTS, add?.form.get('min_impact') || 'none')}
<details${add?.form.has('target') ? html` open` : html``}><summary>Only some components</summary>${await targetFields(c, new Set(add?.form.all('target') ?? []), 'Follows')}${[...(add?.errors?.fields ?? [])].filter(([pointer]) => pointer.startsWith('/components')).map(([, detail]) => html`<p class="field-error">${detail}</p>`)}</details>
<label class="check"><input type="checkbox" name="skip_confirmation" value="yes"${add?.form.has('skip_confirmation') ? html` checked` : html``}>They agreed already: no confirmation email</label>
<div class="actions"><button type="submit">Add subscriber</button></div></form>
<h2>Import and export</h2>${errorSummary(imported?.errors)}
<form method="post" action="${PATH}/import" enctype="multipart/form-data" class="card">${csrfField(c)}
<label for="csv">CSV file (Statuspage's format or this export's)</label><input id="csv" name="csv" type="file" accept=".csv,text/csv" required>${errorList(imported?.errors, 'csv')}
<div class="actions"><button type="submit">Import</button><a class="button secondary" href="${PATH}/export.csv" download>Export CSV</a></div></form>`;
  return consolePage(c, { title: 'Subscribers', current: PATH, body, status: failed?.status ?? 200 });
}

export const subscribersScreen: ConsoleScreen = {
  label: 'Subscribers',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, (c) => listPage(c));
    app.post(PATH, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            email: form.get('email'),
            min_impact: form.get('min_impact') || 'none',
            components: form.all('target'),
            skip_confirmation: form.has('skip_confirmation'),
          };
          await addSubscriber(c.var.db, validateInput(AddSubscriberBody, fields, 'form'), actorContext(c));
          return c.redirect(`${PATH}?done=added`, 303);
        },
        (errors, status) => listPage(c, { which: 'add', form, errors, status }),
      );
    });
    app.post(`${PATH}/:id/delete`, (c) =>
      submit(
        async () => {
          await deleteSubscriber(c.var.db, c.req.param('id'), actorContext(c));
          return c.redirect(`${PATH}?done=removed`, 303);
        },
        (errors, status) => listPage(c, { which: 'add', form: c.var.form, errors, status }),
      ),
    );
    app.post(`${PATH}/import`, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const result = await importSubscribers(c.var.db, form.get('csv'), actorContext(c));
          return listPage(c, undefined, `Imported: ${result.created} added, ${result.updated} updated.`);
        },
        (errors, status) => listPage(c, { which: 'import', form, errors, status }),
      );
    });
    app.get(`${PATH}/export.csv`, async (c) =>
      c.body(await subscribersCsv(c.var.db), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="subscribers.csv"',
        'Cache-Control': 'no-store',
      }),
    );
  },
};
