// What a post-mortem publication plans for webhooks: one delivery per covered incident a webhook
// follows, Slack text escaped, and keys that make a second planning of the same version add nothing.
import { expect, it } from 'vitest';
import type { WebhookDeliveryPayload } from '../../api/webhooks/matching.ts';
import { planWebhookDeliveries } from '../../api/webhooks/plan.ts';
import { newId } from '../../db/ids.ts';
import { insertWebhook } from '../../db/queries/webhooks.ts';
import { createPostmortemWorld } from '../support/postmortem-world.ts';

it('plans one delivery per followed incident, in both formats, with a key per version', async () => {
  const world = await createPostmortemWorld();
  const api = (await world.admin('POST', '/components', { name: 'API' })).json;
  const web = (await world.admin('POST', '/components', { name: 'Web' })).json;
  const now = world.clock.now.toISOString();
  const hook = (format: 'slack' | 'statuspage', components: string[]) =>
    world.db.execute(
      insertWebhook({
        id: newId('whk'),
        url: `https://hooks.acme.test/${format}`,
        format,
        components,
        minImpact: 'none',
        secret: 'whsec_eA==',
        now,
      }),
    );
  await hook('slack', []);
  await hook('statuspage', [web.id]);
  const incidents: string[] = [];
  for (const [name, component] of [
    ['API <b>down</b> & @here', api.id],
    ['Web slow', web.id],
  ]) {
    const created = await world.admin('POST', '/incidents', {
      name,
      status: 'resolved',
      impact: 'minor',
      message: 'Over.',
      components: { [component]: 'operational' },
      deliver_notifications: false,
    });
    incidents.push(created.json.id);
  }
  const [first, second] = incidents;
  const saved = await world.admin('PUT', `/incidents/${first}/postmortem`, {
    body: 'Why.',
    incident_ids: incidents,
  });
  expect((await world.admin('POST', `/incidents/${first}/postmortem/publish`, {})).status).toBe(200);
  const event = {
    kind: 'postmortem.published',
    incident_id: first ?? '',
    update_id: null,
    postmortem: { id: saved.json.id, version: 1 },
  } as const;

  const planned = await planWebhookDeliveries(world.db, event, now);
  const payloads = planned.map((entry) => entry.payload as WebhookDeliveryPayload);
  // Slack follows the whole page: both incidents. Statuspage follows Web: the second only.
  expect(payloads.map((payload) => payload.format).sort()).toEqual(['slack', 'slack', 'statuspage']);
  const statuspage = payloads.find((payload) => payload.format === 'statuspage');
  expect(statuspage?.body).toMatchObject({
    incident: { id: second, status: 'postmortem', postmortem_body: 'Why.' },
  });
  const slackText = JSON.stringify(
    payloads.filter((payload) => payload.format === 'slack').map((payload) => payload.body),
  );
  expect(slackText).toContain('API &lt;b&gt;down&lt;/b&gt; &amp; @here');
  expect(slackText).not.toContain('<b>');
  expect(new Set(planned.map((entry) => entry.dedupeKey)).size).toBe(3);
  expect(planned.every((entry) => entry.dedupeKey?.includes(`${saved.json.id}:v1:`))).toBe(true);
  const replanned = await planWebhookDeliveries(world.db, event, now);
  expect(replanned.map((entry) => entry.dedupeKey)).toEqual(planned.map((entry) => entry.dedupeKey));
});
