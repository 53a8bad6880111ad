// A post-mortem from the admin API to every place readers meet it: the page, the incident page and
// history, the feeds, the public JSON, webhooks and email to exactly the matching subscribers.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseHtml, parseRssItems, parseXml, readAtomEntries } from '../site/documents.ts';
import { createPostmortemWorld, PAGE_URL } from '../support/postmortem-world.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const MINUTE = 60_000;

it('publishes a post-mortem to the page, the feeds, the JSON, webhooks and matching subscribers, and announces a done action item', async () => {
  const world = await createPostmortemWorld();
  const receiver = await startWebhookReceiver();
  const api = (await world.admin('POST', '/components', { name: 'API' })).json;
  const dashboard = (await world.admin('POST', '/components', { name: 'Dashboard' })).json;
  const billing = (await world.admin('POST', '/components', { name: 'Billing' })).json;
  receiver.secret = await world.addWebhook(receiver.url, [api.id]);
  await world.addWebhook(`${receiver.url}billing`, [billing.id]);
  await world.addSubscriber('api-reader@example.com', [api.id]);
  await world.addSubscriber('page-reader@example.com', null);
  await world.addSubscriber('billing-reader@example.com', [billing.id]);

  const incident = (
    await world.admin('POST', '/incidents', {
      name: 'Elevated API errors',
      status: 'investigating',
      impact: 'major',
      message: 'We see errors on the API.',
      components: { [api.id]: 'partial_outage' },
      deliver_notifications: false,
    })
  ).json;
  world.clock.advance(20 * MINUTE);
  const second = (
    await world.admin('POST', '/incidents', {
      name: 'Dashboard slow',
      status: 'identified',
      impact: 'minor',
      message: 'The dashboard is slow for the same reason.',
      components: { [dashboard.id]: 'degraded_performance' },
      deliver_notifications: false,
    })
  ).json;
  world.clock.advance(25 * MINUTE);
  for (const id of [incident.id, second.id]) {
    const resolved = await world.admin('POST', `/incidents/${id}/updates`, {
      status: 'resolved',
      message: 'A bad deploy was rolled back.',
      deliver_notifications: false,
    });
    expect(resolved.status).toBe(201);
  }
  await world.drain();
  expect(world.resend.delivered).toHaveLength(0);

  // A new draft is the template, filled from the incident.
  const fresh = await world.admin('GET', `/incidents/${incident.id}/postmortem`);
  expect(fresh.status).toBe(200);
  expect(fresh.json).toMatchObject({ id: null, state: 'new', incident_ids: [incident.id], action_items: [] });
  const template: string = fresh.json.body;
  for (const section of [
    '## Summary',
    '## Impact',
    '## Root cause',
    '## Timeline',
    '## What we are changing',
  ]) {
    expect(template).toContain(section);
  }
  expect(template).toContain('**Start:** 30 Nov 2026, 12:00 UTC');
  expect(template).toContain('**End:** 30 Nov 2026, 12:45 UTC');
  expect(template).toContain('**Duration:** 45 min');
  expect(template).toContain('**Affected components:** API');
  expect(template).toMatch(/\*\*30 Nov 2026, 12:00 UTC\*\* — Investigating\. We see errors on the API\./);
  expect(template).toMatch(/Resolved\. A bad deploy was rolled back\./);

  // Saved as a draft covering both incidents; nothing is public yet.
  const body = `${template.replace('_In two or three sentences: what happened, who was affected, and how it ended._', 'A **bad deploy** broke the API for 45 minutes.')}`;
  const items = [
    { title: 'Canary every deploy', status: 'in_progress', due_on: '2026-12-15' },
    { title: 'Alert on API error rate', status: 'planned', due_on: null },
  ];
  const saved = await world.admin('PUT', `/incidents/${incident.id}/postmortem`, {
    body,
    action_items: items,
    incident_ids: [incident.id, second.id],
  });
  expect(saved.status).toBe(200);
  expect(saved.json).toMatchObject({
    state: 'draft',
    incident_ids: [incident.id, second.id],
    published_version: null,
  });
  expect((await world.admin('GET', `/incidents/${second.id}/postmortem`)).json.id).toBe(saved.json.id);
  const beforePublish = await (await world.get('/api/v2/incidents.json')).json();
  expect(beforePublish.incidents.map((item: { status: string }) => item.status)).toEqual([
    'resolved',
    'resolved',
  ]);

  const preview = await world.admin('GET', `/incidents/${incident.id}/postmortem/preview`);
  expect(preview.status).toBe(200);
  expect(preview.json.html).toContain('<strong>bad deploy</strong>');
  expect(preview.json.html).toContain('<td>Canary every deploy</td><td>In progress</td>');

  // Published with notify: both incidents become `postmortem`.
  world.clock.advance(24 * 60 * MINUTE);
  const publishedAt = world.clock.now.toISOString();
  const published = await world.admin('POST', `/incidents/${incident.id}/postmortem/publish`, {
    notify: true,
  });
  expect(published.status).toBe(200);
  expect(published.json).toMatchObject({
    state: 'published',
    published_version: 1,
    published_at: publishedAt,
    unpublished_changes: false,
    urls: [
      `${PAGE_URL}/incidents/${incident.id}/postmortem/`,
      `${PAGE_URL}/incidents/${second.id}/postmortem/`,
    ],
  });
  const statuses = await world.db.execute('SELECT status FROM incidents ORDER BY started_at');
  expect(statuses.rows.map((row) => row.status)).toEqual(['postmortem', 'postmortem']);
  const again = await world.admin('POST', `/incidents/${incident.id}/postmortem/publish`, { notify: true });
  expect(again.status).toBe(409);

  // Public JSON as Statuspage serves it.
  const json = await (await world.get('/api/v2/incidents.json')).json();
  for (const item of json.incidents) {
    expect(item.status).toBe('postmortem');
    expect(item.postmortem_published_at).toBe(publishedAt);
    expect(item.postmortem_body).toContain('A **bad deploy** broke the API');
    expect(item.postmortem_body).toContain(
      '## Action items\n\n- In progress: Canary every deploy (due 2026-12-15)',
    );
  }

  // Email to the subscribers of the affected components and the whole page, once each.
  await world.drain();
  await world.drain();
  const mail = world.resend.delivered;
  expect(mail.map((email) => email.to[0]).sort()).toEqual([
    'api-reader@example.com',
    'page-reader@example.com',
  ]);
  expect(mail[0]?.subject).toBe('[Acme Status] Post-mortem: Elevated API errors, Dashboard slow');
  expect(mail[0]?.html).toContain('<strong>bad deploy</strong>');
  expect(mail[0]?.html).toContain(`${PAGE_URL}/incidents/${incident.id}/postmortem/`);
  expect(mail[0]?.text).toContain('- Planned: Alert on API error rate');

  // The webhook following API got the incident with its post-mortem (besides the API's status
  // changes); the billing one nothing.
  const incidentHooks = receiver.received.filter((item) => JSON.parse(item.raw).incident);
  expect(incidentHooks).toHaveLength(1);
  // (Its signature is not checked here: the moved clock puts the timestamp days ahead of the receiver's.)
  const hook = JSON.parse(incidentHooks[0]?.raw ?? '{}');
  expect(hook).toMatchObject({
    incident: { id: incident.id, status: 'postmortem', postmortem_published_at: publishedAt },
  });
  expect(hook.incident.postmortem_body).toContain('bad deploy');

  // A later edit marks an action item done: version 2, a follow-up, one more email each.
  world.clock.advance(3 * 24 * 60 * MINUTE);
  const updatedAt = world.clock.now.toISOString();
  const edited = await world.admin('PUT', `/incidents/${incident.id}/postmortem`, {
    body,
    action_items: [{ ...items[0], status: 'done' }, items[1]],
  });
  expect(edited.json.unpublished_changes).toBe(true);
  const removal = await world.admin('PUT', `/incidents/${incident.id}/postmortem`, {
    body,
    incident_ids: [incident.id],
  });
  expect(removal.status).toBe(400);
  const followUp = await world.admin('POST', `/incidents/${incident.id}/postmortem/publish`, {
    notify: true,
  });
  expect(followUp.status).toBe(200);
  expect(followUp.json.versions).toEqual([
    expect.objectContaining({ version: 1, completed_items: [], notified: true }),
    expect.objectContaining({
      version: 2,
      completed_items: ['Canary every deploy'],
      notified: true,
      published_at: updatedAt,
    }),
  ]);
  await world.drain();
  await world.drain();
  const followUpMail = world.resend.delivered.slice(2);
  expect(followUpMail.map((email) => email.to[0]).sort()).toEqual([
    'api-reader@example.com',
    'page-reader@example.com',
  ]);
  expect(followUpMail[0]?.subject).toBe(
    '[Acme Status] Post-mortem follow-up: Elevated API errors, Dashboard slow',
  );
  expect(followUpMail[0]?.text).toContain('- Canary every deploy');
  const afterEdit = await (await world.get('/api/v2/incidents.json')).json();
  expect(afterEdit.incidents[0].postmortem_published_at).toBe(publishedAt);
  expect(afterEdit.incidents[0].postmortem_body).toContain('- Done: Canary every deploy');

  // Every change is in the audit log.
  const audit = await world.db.execute(
    "SELECT action FROM audit_log WHERE resource_type = 'postmortem' OR action = 'incident.postmortem' ORDER BY id",
  );
  expect(audit.rows.map((row) => row.action)).toEqual([
    'postmortem.create',
    'postmortem.publish',
    'incident.postmortem',
    'incident.postmortem',
    'postmortem.update',
    'postmortem.publish',
  ]);

  // The built site.
  const out = await world.build();
  const read = (path: string) => readFile(join(out, path), 'utf8');
  const page = parseHtml(await read(`incidents/${incident.id}/postmortem/index.html`));
  expect(page.textOf('h1')).toBe('Elevated API errors');
  expect(page.find('.report strong')?.text).toBe('bad deploy');
  expect(page.textOf('.published')).toBe(
    'Published 1 Dec 2026, 12:45 UTC · updated on 4 Dec 2026, 12:45 UTC',
  );
  expect(page.findAll('.report tbody tr').map((row) => row.text)).toEqual([
    'Canary every deploy Done 2026-12-15',
    'Alert on API error rate Planned —',
  ]);
  expect(page.findAll('a').some((a) => a.attributes.href === `/incidents/${second.id}/`)).toBe(true);
  const secondPage = parseHtml(await read(`incidents/${second.id}/postmortem/index.html`));
  expect(secondPage.textOf('h1')).toBe('Dashboard slow');
  const incidentPage = parseHtml(await read(`incidents/${incident.id}/index.html`));
  expect(incidentPage.find('.postmortem-link a')?.attributes.href).toBe(
    `/incidents/${incident.id}/postmortem/`,
  );
  // The month's page rather than /history/, whose recent months follow the real clock.
  const history = parseHtml(await read('history/2026-11/index.html'));
  expect(history.findAll('a.postmortem-link').map((a) => a.attributes.href)).toContain(
    `/incidents/${incident.id}/postmortem/`,
  );

  const rss = parseRssItems(await read('history.rss'));
  expect(rss[0]).toMatchObject({
    title: 'Elevated API errors — Post-mortem follow-up',
    guid: `${saved.json.id}:v2`,
  });
  expect(rss[1]).toMatchObject({ title: 'Elevated API errors — Post-mortem', guid: saved.json.id });
  expect(rss[1]?.link).toBe(`${PAGE_URL}/incidents/${incident.id}/postmortem/`);
  expect(rss.filter((item) => item.guid === saved.json.id)).toHaveLength(1);
  const atom = readAtomEntries(parseXml(await read('history.atom')));
  expect(atom.slice(0, 2).map((entry) => entry.id)).toEqual([
    `urn:candor:postmortem:${saved.json.id}:follow-up:2`,
    `urn:candor:postmortem:${saved.json.id}`,
  ]);
  const dashboardFeed = parseRssItems(await read(`components/${dashboard.id}/history.rss`));
  expect(dashboardFeed.map((item) => item.title)).toContain('Dashboard slow — Post-mortem');
  const billingFeed = parseRssItems(await read(`components/${billing.id}/history.rss`));
  expect(billingFeed).toHaveLength(0);
}, 180_000);
