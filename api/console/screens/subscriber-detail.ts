// One subscriber: what they follow and from which impact on. Read-only: the admin API has no way
// to change a subscription (subscribers change their own through the link in every email), so the
// console shows it and offers what the API offers, removal.
import type { Context } from 'hono';
import { listComponentGroups, listComponents } from '../../../db/queries/components.ts';
import { getSubscriber } from '../../../db/queries/subscribers.ts';
import { html } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { consolePage } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { buttonForm } from './shared.ts';

const PATH = '/admin/subscribers';
const THRESHOLDS = {
  none: 'Every incident',
  minor: 'Minor impact or worse',
  major: 'Major impact or worse',
  critical: 'Critical only',
} as const;
const when = (time: string | null) => (time ? `${time.slice(0, 16).replace('T', ' ')} UTC` : '');

async function page(c: Context<ConsoleEnv>, id: string): Promise<Response> {
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
  const followed = subscriber.components
    ? html`<ul>${subscriber.components.map((target) => html`<li>${names.get(target) ?? `${target} (deleted)`}</li>`)}</ul>`
    : html`<p>The whole page.</p>`;
  const body = html`<h1>${subscriber.email}</h1>
<dl><dt>State</dt><dd>${subscriber.state}${subscriber.confirmed_at ? ` · confirmed ${when(subscriber.confirmed_at)}` : ''}${subscriber.unsubscribed_at ? ` · unsubscribed ${when(subscriber.unsubscribed_at)}` : ''}${subscriber.quarantined_at ? ` · quarantined ${when(subscriber.quarantined_at)}` : ''}</dd>
<dt>Sent</dt><dd>${THRESHOLDS[subscriber.min_impact]}</dd>
<dt>Added</dt><dd>${when(subscriber.created_at)}</dd></dl>
<h2>Follows</h2>${followed}
<p class="muted">Only the subscriber changes what they follow, through the link in every email; the admin API cannot change it.</p>
<div class="actions">${buttonForm(c, `${PATH}/${subscriber.id}/delete`, 'Remove', { className: 'secondary', ariaLabel: `Remove ${subscriber.email}` })}
<a class="button secondary" href="${PATH}">Back to subscribers</a></div>`;
  return consolePage(c, { title: subscriber.email, current: PATH, body });
}

export const subscriberDetailScreen: ConsoleScreen = {
  path: PATH,
  scope: 'admin',
  mount(app) {
    // Ids only (sub_…), so export.csv and the other fixed paths stay theirs.
    app.get(`${PATH}/:id{sub_[a-z0-9]+}`, (c) => page(c, c.req.param('id')));
  },
};
