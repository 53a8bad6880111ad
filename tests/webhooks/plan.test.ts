import { describe, expect, it } from 'vitest';
import type { WebhookDeliveryPayload } from '../../api/webhooks/matching.ts';
import { planWebhookDeliveries } from '../../api/webhooks/plan.ts';
import type { ComponentStatus, IncidentImpact } from '../../db/types.ts';
import { makeComponent, makeGroup, makeIncident, testContext } from '../support/factories.ts';
import { createWebhookWorld, type WebhookWorld } from '../support/webhooks.ts';

async function incidentOn(world: WebhookWorld, componentIds: string[], impact: IncidentImpact = 'minor') {
  const components = Object.fromEntries(componentIds.map((id) => [id, 'operational' as ComponentStatus]));
  return makeIncident(world.db, { impact, components }, testContext({ now: world.clock.now.toISOString() }));
}

async function planned(world: WebhookWorld, incidentId: string) {
  const event = { kind: 'incident.updated' as const, incident_id: incidentId, update_id: 'upd_x' };
  const entries = await planWebhookDeliveries(world.db, event, world.clock.now.toISOString());
  return entries.map((entry) => (entry.payload as WebhookDeliveryPayload).webhook_id).sort();
}

describe('planWebhookDeliveries', () => {
  it('picks whole-page webhooks, webhooks on an affected component, and webhooks on its group', async () => {
    const world = await createWebhookWorld();
    const group = await makeGroup(world.db);
    const grouped = await makeComponent(world.db, { group_id: group.id });
    const other = await makeComponent(world.db);
    const wholePage = await world.addWebhook();
    const onComponent = await world.addWebhook({ components: [grouped.id] });
    const onGroup = await world.addWebhook({ components: [group.id] });
    await world.addWebhook({ components: [other.id] });

    const incident = await incidentOn(world, [grouped.id]);
    expect(await planned(world, incident.id)).toEqual([wholePage.id, onComponent.id, onGroup.id].sort());
  });

  it('sends an incident without components to whole-page webhooks only', async () => {
    const world = await createWebhookWorld();
    const component = await makeComponent(world.db);
    const wholePage = await world.addWebhook();
    await world.addWebhook({ components: [component.id] });
    const incident = await incidentOn(world, []);
    expect(await planned(world, incident.id)).toEqual([wholePage.id]);
  });

  it('leaves out webhooks whose min_impact the incident does not meet, and disabled ones', async () => {
    const world = await createWebhookWorld();
    const major = await world.addWebhook({ min_impact: 'major' });
    const critical = await world.addWebhook({ min_impact: 'critical' });
    const off = await world.addWebhook();
    await world.db.execute({ sql: 'UPDATE webhooks SET enabled = 0 WHERE id = :id', args: { id: off.id } });
    const incident = await incidentOn(world, [], 'major');
    expect(await planned(world, incident.id)).toEqual([major.id]);
    expect(await planned(world, incident.id)).not.toContain(critical.id);
  });

  it('gives each delivery a key of webhook and update, so a second fan-out adds nothing', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook({ format: 'slack' });
    const incident = await incidentOn(world, []);
    const event = { kind: 'incident.created' as const, incident_id: incident.id, update_id: 'upd_1' };
    const [entry] = await planWebhookDeliveries(world.db, event, world.clock.now.toISOString());
    expect(entry).toMatchObject({
      kind: 'webhook.deliver',
      dedupeKey: `webhook.deliver:${webhook.id}:upd_1`,
    });
    expect(entry?.payload).toMatchObject({
      webhook_id: webhook.id,
      event: 'incident.created',
      format: 'slack',
    });
    expect(await planWebhookDeliveries(world.db, { ...event, incident_id: 'inc_gone' }, 'now')).toEqual([]);
  });
});
