import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { updateComponent } from '../../api/services/components.ts';
import { planWebhookDeliveries } from '../../api/webhooks/plan.ts';
import { escapeSlack } from '../../api/webhooks/slack-body.ts';
import { enqueueOutboxEntry } from '../../db/queries/outbox.ts';
import { makeComponent, makeIncident, testContext } from '../support/factories.ts';
import { createWebhookWorld, type WebhookWorld } from '../support/webhooks.ts';

// Bodies as a receiver gets them: delivered through the outbox to a receiver that verifies them.

async function deliverIncident(world: WebhookWorld, name: string) {
  const component = await makeComponent(world.db, { name: 'API <edge>' });
  const ctx = testContext({ now: world.clock.now.toISOString() });
  const incident = await makeIncident(
    world.db,
    {
      name,
      impact: 'major',
      message: 'We are *on it* <@U123> & more',
      components: { [component.id]: 'operational' },
    },
    ctx,
  );
  const event = {
    kind: 'incident.created' as const,
    incident_id: incident.id,
    update_id: incident.incident_updates[0]?.id ?? null,
  };
  for (const entry of await planWebhookDeliveries(world.db, event, ctx.now))
    await enqueueOutboxEntry(world.db, entry);
  await world.drain();
  return { incident, component };
}

describe('the statuspage format', () => {
  it('sends meta, page and the incident exactly as incidents.json serves it', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook({ format: 'statuspage' });
    const { incident } = await deliverIncident(world, 'Slow API');
    const body = world.receiver.received[0]?.verified as Record<string, Record<string, unknown>>;

    expect(Object.keys(body)).toEqual(['meta', 'page', 'incident']);
    expect(body.meta).toEqual({
      unsubscribe: `https://status.acme.test/admin/v1/webhooks/${webhook.id}`,
      documentation: expect.stringMatching(/^https:\/\//),
      generated_at: world.clock.now.toISOString(),
    });
    expect(body.page).toEqual({
      id: expect.stringMatching(/^page_/),
      status_indicator: 'major',
      status_description: expect.any(String),
    });
    const app = createApp({ database: () => world.db });
    const served = (await (await app.request('/api/v2/incidents.json')).json()) as { incidents: unknown[] };
    expect(body.incident).toEqual(
      served.incidents.find((item) => (item as { id: string }).id === incident.id),
    );
  });

  it('sends a component status change as component_update with the component', async () => {
    const world = await createWebhookWorld();
    await world.addWebhook({ format: 'statuspage' });
    const component = await makeComponent(world.db);
    const ctx = testContext({ now: world.clock.now.toISOString() });
    await updateComponent(world.db, { id: component.id, status: 'major_outage' }, ctx);
    expect(await world.entries('component.notify')).toHaveLength(1);
    await world.drain();

    const body = world.receiver.received[0]?.verified as Record<string, Record<string, unknown>>;
    expect(world.receiver.received).toHaveLength(1);
    expect(Object.keys(body)).toEqual(['meta', 'page', 'component_update', 'component']);
    expect(body.component_update).toEqual({
      id: expect.stringMatching(/^csc_/),
      component_id: component.id,
      created_at: ctx.now,
      old_status: 'operational',
      new_status: 'major_outage',
    });
    expect(body.component).toMatchObject({ id: component.id, status: 'major_outage', group: false });
  });

  it('writes no component.notify entry when no webhook is enabled, or the status did not change', async () => {
    const world = await createWebhookWorld();
    const component = await makeComponent(world.db);
    await updateComponent(world.db, { id: component.id, status: 'partial_outage' }, testContext());
    expect(await world.entries('component.notify')).toHaveLength(0);
    await world.addWebhook();
    await updateComponent(world.db, { id: component.id, status: 'partial_outage' }, testContext());
    expect(await world.entries('component.notify')).toHaveLength(0);
  });

  it('tells a major-threshold webhook of an outage and of its end, not of a slow-down', async () => {
    const world = await createWebhookWorld();
    await world.addWebhook({ min_impact: 'major' });
    const component = await makeComponent(world.db);
    for (const status of ['degraded_performance', 'major_outage', 'operational'] as const) {
      await updateComponent(
        world.db,
        { id: component.id, status },
        testContext({ now: world.clock.now.toISOString() }),
      );
    }
    await world.drain();
    const changes = world.receiver.received.map(
      (request) =>
        (request.verified as { component_update: { new_status: string } }).component_update.new_status,
    );
    expect(changes.sort()).toEqual(['major_outage', 'operational']);
  });
});

describe('the slack format', () => {
  it('sends text and blocks, with what users typed escaped for Slack', async () => {
    const world = await createWebhookWorld();
    await world.addWebhook({ format: 'slack' });
    const { incident } = await deliverIncident(world, 'Login <!channel> & co');
    const body = world.receiver.received[0]?.verified as {
      text: string;
      blocks: Array<Record<string, unknown>>;
    };

    expect(body.text).toBe('[Acme &lt;Status&gt;] Login &lt;!channel&gt; &amp; co: Investigating');
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    const section = JSON.stringify(body.blocks[1]);
    expect(section).toContain('&lt;@U123&gt; &amp; more');
    expect(section).toContain('API &lt;edge&gt;: Operational');
    expect(JSON.stringify(body.blocks[2])).toContain(`<https://status.acme.test/incidents/${incident.id}/|`);
  });

  it('escapes only the three characters Slack reserves', () => {
    expect(escapeSlack('a<b>c&d *e* _f_')).toBe('a&lt;b&gt;c&amp;d *e* _f_');
  });
});
