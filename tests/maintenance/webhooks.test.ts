import { describe, expect, it } from 'vitest';
import { createMaintenance } from '../../api/services/maintenances.ts';
import { createWebhook } from '../../api/services/webhooks.ts';
import { makeComponent, testContext } from '../support/factories.ts';
import { createMailWorld, type MailWorld } from '../support/mail.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';
import { LOOPBACK_ALLOWED } from '../support/webhooks.ts';
import { HOUR, iso, tick } from './support.ts';

const ctx = (world: MailWorld) => testContext({ now: world.clock.now.toISOString() });

// biome-ignore lint/suspicious/noExplicitAny: bodies are read loosely; each test asserts what it reads
type Loose = any;

describe('maintenance webhooks', () => {
  it('send Statuspage’s envelope with the scheduled maintenance once per event to webhooks that follow it', async () => {
    const world = await createMailWorld();
    const api = await makeComponent(world.db, { name: 'API' }, ctx(world));
    const other = await makeComponent(world.db, { name: 'Other' }, ctx(world));
    const following = await startWebhookReceiver();
    const elsewhere = await startWebhookReceiver();
    const slack = await startWebhookReceiver();
    await createWebhook(
      world.db,
      { url: following.url, format: 'statuspage', components: [api.id] },
      ctx(world),
      LOOPBACK_ALLOWED,
    );
    await createWebhook(
      world.db,
      { url: elsewhere.url, format: 'statuspage', components: [other.id] },
      ctx(world),
      LOOPBACK_ALLOWED,
    );
    await createWebhook(world.db, { url: slack.url, format: 'slack' }, ctx(world), LOOPBACK_ALLOWED);
    const maintenance = await createMaintenance(
      world.db,
      {
        name: 'Upgrade <db>',
        scheduled_for: iso(world.clock.now, HOUR),
        scheduled_until: iso(world.clock.now, 2 * HOUR),
        components: [api.id],
        message: 'Planned.',
        remind_before_minutes: [],
      },
      ctx(world),
    );
    await tick(world);
    await tick(world);
    world.clock.now = new Date(Date.parse(maintenance.scheduled_for) + 1000);
    await tick(world);
    await tick(world);

    const bodies = following.received.map((request) => JSON.parse(request.raw) as Loose);
    const maintenanceBodies = bodies.filter((body) => body.incident);
    expect(maintenanceBodies.map((body) => body.incident.status)).toEqual(['scheduled', 'in_progress']);
    const [scheduled] = maintenanceBodies;
    expect(Object.keys(scheduled)).toEqual(['meta', 'page', 'incident']);
    expect(scheduled.incident).toMatchObject({
      id: maintenance.id,
      impact: 'maintenance',
      scheduled_for: maintenance.scheduled_for,
      scheduled_until: maintenance.scheduled_until,
    });
    // The component's own change reaches it too, as Statuspage's component_update.
    expect(
      bodies.filter((body) => body.component_update).map((body) => body.component_update.new_status),
    ).toEqual(['under_maintenance']);
    expect(elsewhere.received).toEqual([]);
    const texts = slack.received.map((request) => (JSON.parse(request.raw) as Loose).text as string);
    expect(texts.filter((text) => text.includes('Maintenance'))).toEqual([
      '[Acme &lt;Status&gt;] Maintenance scheduled: Upgrade &lt;db&gt;',
      '[Acme &lt;Status&gt;] Maintenance in progress: Upgrade &lt;db&gt;',
    ]);
  });
});
