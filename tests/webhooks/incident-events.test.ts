// The whole path of an incident event to a webhook: the incident change writes incident.notify in
// its own batch, the fan-out plans the webhook deliveries, and the receiver verifies what arrives.
import { expect, it } from 'vitest';
import { drainUntilQuiet } from '../../api/jobs/scheduled.ts';
import { postIncidentUpdate } from '../../api/services/incident-updates.ts';
import { makeIncident, testContext } from '../support/factories.ts';
import { createWebhookWorld, LOOPBACK_ALLOWED } from '../support/webhooks.ts';

it('sends the creation of an incident and each notified update to a webhook, once each', async () => {
  const world = await createWebhookWorld();
  await world.addWebhook();
  const ctx = testContext({ now: world.clock.now.toISOString() });
  const incident = await makeIncident(world.db, {}, ctx);
  const settings = { webhooks: { policy: LOOPBACK_ALLOWED } };
  await drainUntilQuiet(world.db, settings);
  await postIncidentUpdate(
    world.db,
    { incident_id: incident.id, status: 'identified', message: 'Found it.', deliver_notifications: false },
    ctx,
  );
  await postIncidentUpdate(
    world.db,
    { incident_id: incident.id, status: 'resolved', message: 'Fixed.' },
    ctx,
  );
  await drainUntilQuiet(world.db, settings);
  await drainUntilQuiet(world.db, settings); // a second run adds nothing

  const received = world.receiver.received.map((request) => {
    expect(request.verifyError).toBeNull();
    return (request.verified as { incident: { status: string } }).incident.status;
  });
  expect(received).toEqual(['investigating', 'resolved']);
});
