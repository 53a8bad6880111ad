// Every known XSS payload, in a post-mortem's body, its action items and its incident's name,
// leaves nothing that could run script: in the page, the preview, the feeds and the email.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postmortemNotificationEmail } from '../../emails/postmortem-notification.ts';
import { renderPostmortemHtml } from '../../site/lib/postmortem-html.ts';
import { parseXml } from '../site/documents.ts';
import { createPostmortemWorld } from '../support/postmortem-world.ts';
import { elementsWithClass, scriptableParts, scriptablePartsOf, scriptablePartsOfBody } from './xss-check.ts';
import { XSS_PAYLOADS } from './xss-payloads.ts';

const links = { manage: 'https://api.acme.test/manage', unsubscribe: 'https://api.acme.test/unsubscribe' };

describe('the checker', () => {
  // A check that cannot fail proves nothing: unsanitised payloads must be caught.
  it('finds script in the raw payloads', () => {
    const caught = XSS_PAYLOADS.filter((payload) => scriptableParts(payload).length > 0);
    expect(caught.length).toBeGreaterThan(XSS_PAYLOADS.length / 2);
  });
});

describe('a post-mortem holding each payload', () => {
  it.each(XSS_PAYLOADS)('renders %j without anything scriptable in the report or the email', (payload) => {
    const postmortem = {
      body: `## Root cause\n\n${payload}\n\nText after ${payload} inline.`,
      action_items: [{ title: payload, status: 'done' as const, due_on: null }],
    };
    expect(scriptableParts(renderPostmortemHtml(postmortem))).toEqual([]);
    for (const kind of ['published', 'updated', 'follow_up'] as const) {
      const email = postmortemNotificationEmail({
        pageName: payload,
        pageUrl: 'https://status.acme.test',
        kind,
        incidentNames: [payload],
        url: 'https://status.acme.test/incidents/inc_1/postmortem/',
        postmortem: { ...postmortem, completed_items: [payload] },
        publishedAt: '2026-12-01T12:00:00.000Z',
        links,
      });
      expect(scriptablePartsOfBody(email.html)).toEqual([]);
      expect(email.subject).not.toMatch(/[\r\n]/);
    }
  });
});

it('publishes every payload at once and leaves nothing scriptable in the page, the feeds or the email sent', async () => {
  const world = await createPostmortemWorld();
  const component = (await world.admin('POST', '/components', { name: 'API' })).json;
  await world.addSubscriber('reader@example.com', [component.id]);
  const incident = (
    await world.admin('POST', '/incidents', {
      name: 'API <img src=x onerror=alert(1)> down',
      status: 'resolved',
      impact: 'major',
      message: XSS_PAYLOADS.slice(0, 10).join('\n\n'),
      components: { [component.id]: 'operational' },
      deliver_notifications: false,
    })
  ).json;
  const body = XSS_PAYLOADS.join('\n\n');
  const items = XSS_PAYLOADS.slice(0, 20).map((title) => ({ title, status: 'planned', due_on: null }));
  const saved = await world.admin('PUT', `/incidents/${incident.id}/postmortem`, {
    body,
    action_items: items,
  });
  expect(saved.status).toBe(200);
  const preview = await world.admin('GET', `/incidents/${incident.id}/postmortem/preview`);
  expect(scriptableParts(preview.json.html)).toEqual([]);
  expect(
    (await world.admin('POST', `/incidents/${incident.id}/postmortem/publish`, { notify: false })).status,
  ).toBe(200);
  // A follow-up marks the payload-titled items done and notifies.
  world.clock.advance(60_000);
  const done = items.map((item) => ({ ...item, status: 'done' }));
  await world.admin('PUT', `/incidents/${incident.id}/postmortem`, { body, action_items: done });
  expect(
    (await world.admin('POST', `/incidents/${incident.id}/postmortem/publish`, { notify: true })).status,
  ).toBe(200);
  await world.drain();
  await world.drain();

  expect(world.resend.delivered).toHaveLength(1);
  for (const email of world.resend.delivered) expect(scriptablePartsOfBody(email.html ?? '')).toEqual([]);

  const out = await world.build();
  const page = await readFile(join(out, `incidents/${incident.id}/postmortem/index.html`), 'utf8');
  const [article] = elementsWithClass(page, 'postmortem');
  expect(article).toBeDefined();
  if (article) expect(scriptablePartsOf(article)).toEqual([]);
  // The payload in the name shows as the text typed.
  expect(page).toContain('API &lt;img src=x onerror=alert(1)&gt; down');

  const rss = parseXml(await readFile(join(out, 'history.rss'), 'utf8'));
  const descriptions = (rss.children.find((child) => child.name === 'channel')?.children ?? [])
    .filter((child) => child.name === 'item')
    .map((item) => ({ title: item.textOf('title') ?? '', html: item.textOf('description') ?? '' }));
  const atom = parseXml(await readFile(join(out, 'history.atom'), 'utf8'));
  const contents = atom.children
    .filter((child) => child.name === 'entry')
    .map((entry) => ({ title: entry.textOf('title') ?? '', html: entry.textOf('content') ?? '' }));
  const postmortemItems = [...descriptions, ...contents].filter((item) => item.title.includes('Post-mortem'));
  expect(postmortemItems).toHaveLength(4);
  for (const item of [...descriptions, ...contents]) {
    expect(scriptableParts(item.html)).toEqual([]);
    // Titles are HTML in readers: the name's payload arrives escaped, as text.
    expect(scriptableParts(item.title)).toEqual([]);
  }
}, 180_000);
