// One subscriber: their state, and what they hear of (the components they follow, from which
// impact on), which the admin can change as the subscriber could through their manage link, for
// an address that asked by other means. Removal too.
import type { Context } from 'hono';
import { listComponentGroups, listComponents } from '../../../db/queries/components.ts';
import { getSubscriber } from '../../../db/queries/subscribers.ts';
import { UpdateSubscriberBody } from '../../routes/admin/subscribers.ts';
import { updateSubscriber } from '../../services/subscribers.ts';
import { html } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, buttonForm, select, submit } from './shared.ts';
import { MIN_IMPACTS } from './subscribers.ts';
import { targetFields } from './target-fields.ts';

const PATH = '/admin/subscribers';
const when = (time: string | null) => (time ? `${time.slice(0, 16).replace('T', ' ')} UTC` : '');

interface Failed {
  form: Form;
  errors: FormErrors;
  status: 400 | 404 | 409;
}

async function page(c: Context<ConsoleEnv>, id: string, failed?: Failed): Promise<Response> {
  const subscriber = await getSubscriber(c.var.db, id);
  if (!subscriber) {
    return consolePage(c, {
      title: 'Not found',
      current: PATH,
      status: 404,
      body: html`<h1>No such subscriber</h1><p><a href="${PATH}">Back to subscribers</a></p>`,
    });
  }
  const [groups, components] = await Promise.all([listComponentGroups(c.var.db), listComponents(c.var.db)]);
  const names = new Map<string, string>([
    ...groups.map((group) => [group.id, `${group.name} (the whole group)`] as const),
    ...components.map((component) => [component.id, component.name] as const),
  ]);
  const followed =
    subscriber.components?.length === 0
      ? html`<p>Nothing any more: what they followed was deleted.</p>`
      : subscriber.components
        ? html`<ul>${subscriber.components.map((target) => html`<li>${names.get(target) ?? `${target} (deleted)`}</li>`)}</ul>`
        : html`<p>The whole page.</p>`;
  const threshold =
    MIN_IMPACTS.find(([value]) => value === subscriber.min_impact)?.[1] ?? subscriber.min_impact;
  // After a refused change, the form shows what was sent; else what is stored.
  const chosen = failed ? failed.form.all('target') : (subscriber.components ?? []);
  const chosenImpact = failed ? failed.form.get('min_impact') : subscriber.min_impact;
  const changeErrors = failed?.errors
    ? [...failed.errors.fields].filter(([pointer]) => pointer.startsWith('/components'))
    : [];
  const body = html`<h1>${subscriber.email}</h1>${notice(c.req.query('done') === 'saved' ? 'Saved.' : undefined)}
<dl><dt>State</dt><dd>${subscriber.state}${subscriber.confirmed_at ? ` · confirmed ${when(subscriber.confirmed_at)}` : ''}${subscriber.unsubscribed_at ? ` · unsubscribed ${when(subscriber.unsubscribed_at)}` : ''}${subscriber.quarantined_at ? ` · quarantined ${when(subscriber.quarantined_at)}` : ''}</dd>
<dt>Sent</dt><dd>${threshold}</dd>
<dt>Added</dt><dd>${when(subscriber.created_at)}</dd></dl>
<h2>Follows</h2>${followed}
<h2>Change what they hear of</h2>${errorSummary(failed?.errors)}
<p class="muted">As the subscriber can through the link in every email: for someone who asked you instead. Their state does not change.</p>
<form method="post" action="${PATH}/${subscriber.id}" class="card">${csrfField(c)}
<label for="min_impact">Sends</label>${select('min_impact', 'min_impact', MIN_IMPACTS, chosenImpact)}
${await targetFields(c, new Set(chosen), 'Follows')}${changeErrors.map(([, detail]) => html`<p class="field-error">${detail}</p>`)}
<div class="actions"><button type="submit">Save</button></div></form>
<div class="actions">${buttonForm(c, `${PATH}/${subscriber.id}/delete`, 'Remove', { className: 'secondary', ariaLabel: `Remove ${subscriber.email}` })}
<a class="button secondary" href="${PATH}">Back to subscribers</a></div>`;
  return consolePage(c, { title: subscriber.email, current: PATH, body, status: failed?.status ?? 200 });
}

export const subscriberDetailScreen: ConsoleScreen = {
  path: PATH,
  scope: 'admin',
  mount(app) {
    // Ids only (sub_…), so export.csv and the other fixed paths stay theirs.
    const one = `${PATH}/:id{sub_[a-z0-9]+}`;
    app.get(one, (c) => page(c, c.req.param('id')));
    app.post(one, (c) => {
      const id = c.req.param('id');
      const form = c.var.form;
      return submit(
        async () => {
          // Components are sent only when the ticks differ from what is stored: nothing ticked
          // means the whole page (as on the add form), but saving only the threshold of someone
          // who follows nothing any more must not subscribe them to everything.
          const stored = (await getSubscriber(c.var.db, id))?.components ?? [];
          const ticked = form.all('target');
          const same = ticked.length === stored.length && ticked.every((target) => stored.includes(target));
          const change = { min_impact: form.get('min_impact'), ...(same ? {} : { components: ticked }) };
          await updateSubscriber(
            c.var.db,
            id,
            validateInput(UpdateSubscriberBody, change, 'form'),
            actorContext(c),
          );
          return c.redirect(`${PATH}/${id}?done=saved`, 303);
        },
        (errors, status) => page(c, id, { form, errors, status }),
      );
    });
  },
};
