// Site builds and the outbox: what was published or sent, what failed and why.
import { listOutboxEntries, OUTBOX_STATES, type OutboxState } from '../../../db/queries/outbox.ts';
import { listSiteBuilds } from '../../../db/queries/site-builds.ts';
import { html } from '../../subscribers/html.ts';
import { consolePage } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { select } from './shared.ts';

const PATH = '/admin/activity';
const STATE_WORDS: Record<OutboxState, string> = {
  pending: 'waiting',
  sending: 'being sent',
  sent: 'sent',
  dead: 'given up',
};
const STATE_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['', 'Every state'],
  ...OUTBOX_STATES.map((state) => [state, `${state}: ${STATE_WORDS[state]}`] as const),
];
const when = (time: string | null) => (time ? `${time.replace('T', ' ').slice(0, 19)} UTC` : '');

export const activityScreen: ConsoleScreen = {
  label: 'Builds and outbox',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, async (c) => {
      // The same filter as GET /admin/v1/outbox?state=; anything else shows every state.
      const asked = c.req.query('state') ?? '';
      const state = OUTBOX_STATES.find((candidate) => candidate === asked);
      const [builds, entries] = await Promise.all([
        listSiteBuilds(c.var.db, 20),
        listOutboxEntries(c.var.db, { limit: 50, state }),
      ]);
      const buildRows = builds.map(
        (
          build,
        ) => html`<li><strong class="${build.status === 'failed' ? 'bad' : build.status === 'succeeded' ? 'ok' : ''}">${build.status}</strong> <span class="muted">${when(build.started_at)}${build.duration_ms !== null ? ` · ${(build.duration_ms / 1000).toFixed(1)} s` : ''}${build.pages !== null ? ` · ${build.pages} pages` : ''}</span>
${build.error ? html`<pre>${build.error}</pre>` : html``}</li>`,
      );
      // Payloads can hold addresses; the kind, state and error say what people need here.
      const entryRows = entries.map(
        (
          entry,
        ) => html`<li><strong>${entry.kind}</strong> <span class="${entry.state === 'dead' ? 'bad' : entry.state === 'sent' ? 'ok' : 'warn'}">${entry.state}</span>
<span class="muted">· ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'} · ${entry.sent_at ? `sent ${when(entry.sent_at)}` : `due ${when(entry.available_at)}`}</span>
${entry.last_error ? html`<pre>${entry.last_error}</pre>` : html``}</li>`,
      );
      const body = html`<h1>Builds and outbox</h1>
<h2>Site builds</h2>${builds.length === 0 ? html`<p>No builds (the site is built on Node, or published by a deploy hook).</p>` : html`<ul class="list">${buildRows}</ul>`}
<h2 id="outbox">Outbox</h2><p class="muted">Emails, webhooks and publishes, newest first.</p>
<form method="get" action="${PATH}#outbox" class="row" role="search"><label for="state" class="grow">Show${select('state', 'state', STATE_OPTIONS, state ?? '')}</label><button type="submit">Filter</button></form>
${entries.length === 0 ? html`<p>${state ? `No entries ${STATE_WORDS[state]}.` : 'Nothing sent yet.'}</p>` : html`<ul class="list">${entryRows}</ul>`}`;
      return consolePage(c, { title: 'Builds and outbox', current: PATH, body });
    });
  },
};
