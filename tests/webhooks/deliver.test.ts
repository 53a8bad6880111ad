import { describe, expect, it } from 'vitest';
import { runScheduledJobs } from '../../api/jobs/scheduled.ts';
import { DISABLE_AFTER_FAILURES, nextAttemptAt, RETRY_DELAYS_MS } from '../../api/webhooks/deliver.ts';
import { planWebhookDeliveries } from '../../api/webhooks/plan.ts';
import { enqueueOutboxEntry } from '../../db/queries/outbox.ts';
import { getWebhook, listWebhookDeliveries } from '../../db/queries/webhooks.ts';
import { makeComponent, makeIncident, testContext } from '../support/factories.ts';
import { createWebhookWorld, type WebhookWorld } from '../support/webhooks.ts';

/**
 * What the incident.notify fan-out does with the planner's entries. The component keeps its
 * status, so that no component_update is sent besides (component-notify.test.ts covers those).
 */
async function announceNewIncident(world: WebhookWorld): Promise<string> {
  const component = await makeComponent(world.db);
  const incident = await makeIncident(
    world.db,
    { impact: 'major', components: { [component.id]: 'operational' } },
    testContext({ now: world.clock.now.toISOString() }),
  );
  const event = {
    kind: 'incident.created' as const,
    incident_id: incident.id,
    update_id: incident.incident_updates[0]?.id ?? null,
  };
  for (const entry of await planWebhookDeliveries(world.db, event, world.clock.now.toISOString())) {
    await enqueueOutboxEntry(world.db, entry);
  }
  return incident.id;
}

describe('webhook.deliver', () => {
  it('POSTs the event signed per Standard Webhooks, with the outbox entry id as webhook-id', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    const incidentId = await announceNewIncident(world);
    await world.drain();

    expect(world.receiver.received).toHaveLength(1);
    const [request] = world.receiver.received;
    expect(request?.verifyError).toBeNull();
    const [entry] = await world.entries('webhook.deliver');
    expect(request?.headers['webhook-id']).toBe(entry?.id);
    expect(request?.headers['webhook-timestamp']).toBe(String(world.clock.now.getTime() / 1000));
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.verified).toMatchObject({ incident: { id: incidentId } });
    expect(entry?.state).toBe('sent');
    const [attempt] = await listWebhookDeliveries(world.db, webhook.id, 10);
    expect(attempt).toMatchObject({
      outcome: 'succeeded',
      status_code: 200,
      attempt: 1,
      event: 'incident.created',
    });
  });

  it('retries a failed delivery later with the same webhook-id, and a success clears the failures', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await announceNewIncident(world);
    world.receiver.answer({ status: 503 });
    await world.drain();

    const [pending] = await world.entries('webhook.deliver');
    expect(pending).toMatchObject({ state: 'pending', last_error: 'The receiver answered HTTP 503.' });
    const retryAt = new Date(world.clock.now.getTime() + (RETRY_DELAYS_MS[0] ?? 0)).toISOString();
    expect(pending?.available_at).toBe(retryAt);
    expect((await getWebhook(world.db, webhook.id))?.consecutive_failures).toBe(1);
    await world.drain(); // not due yet
    expect(world.receiver.received).toHaveLength(1);

    world.clock.advance(RETRY_DELAYS_MS[0] ?? 0);
    await world.drain();
    const [first, second] = world.receiver.received;
    expect(second?.verifyError).toBeNull();
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect((await world.entries('webhook.deliver'))[0]?.state).toBe('sent');
    expect((await getWebhook(world.db, webhook.id))?.consecutive_failures).toBe(0);
    const log = await listWebhookDeliveries(world.db, webhook.id, 10);
    expect(log.map((row) => [row.attempt, row.outcome, row.status_code, row.next_attempt_at])).toEqual([
      [2, 'succeeded', 200, null],
      [1, 'failed', 503, retryAt],
    ]);
  });

  it('counts a redirect as a failure and does not follow it', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await announceNewIncident(world);
    world.receiver.answer({ status: 302, headers: { Location: `${world.receiver.url}/elsewhere` } });
    await world.drain();
    expect(world.receiver.received).toHaveLength(1);
    const [attempt] = await listWebhookDeliveries(world.db, webhook.id, 10);
    expect(attempt).toMatchObject({ outcome: 'failed', status_code: 302 });
    expect(attempt?.error).toMatch(/^Redirects are not followed: HTTP 302 to http/);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await announceNewIncident(world);
    world.receiver.answer('hang');
    await world.drain({ timeoutMs: 300 });
    const [attempt] = await listWebhookDeliveries(world.db, webhook.id, 10);
    expect(attempt).toMatchObject({ outcome: 'failed', status_code: null, error: 'No answer within 0.3 s.' });
  });

  it(`disables the webhook after ${DISABLE_AFTER_FAILURES} failures in a row and says why`, async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await world.db.execute({
      sql: 'UPDATE webhooks SET consecutive_failures = :n WHERE id = :id',
      args: { n: DISABLE_AFTER_FAILURES - 1, id: webhook.id },
    });
    await announceNewIncident(world);
    await announceNewIncident(world);
    world.receiver.answer({ status: 500 }, { status: 200 });
    await world.drain();

    expect(world.receiver.received).toHaveLength(1); // the second message is not sent
    const disabled = await getWebhook(world.db, webhook.id);
    expect(disabled).toMatchObject({ enabled: false, consecutive_failures: DISABLE_AFTER_FAILURES });
    expect(disabled?.disabled_reason).toMatch(/^10 deliveries in a row failed; .*HTTP 500/);
    const entries = await world.entries('webhook.deliver');
    expect(entries.map((entry) => entry.state)).toEqual(['dead', 'dead']);
    const [attempt] = await listWebhookDeliveries(world.db, webhook.id, 10);
    expect(attempt?.next_attempt_at).toBeNull();
  });

  it('disables the webhook at once when the receiver answers 410 Gone', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await announceNewIncident(world);
    world.receiver.answer({ status: 410 });
    await world.drain();
    expect(await getWebhook(world.db, webhook.id)).toMatchObject({ enabled: false, consecutive_failures: 1 });
  });

  it('checks the target again at delivery and sends nothing to a refused address', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await announceNewIncident(world);
    await world.drain({ policy: { allowPrivate: false } });
    expect(world.receiver.received).toHaveLength(0);
    const [attempt] = await listWebhookDeliveries(world.db, webhook.id, 10);
    expect(attempt?.error).toMatch(/^Not sent: the URL 127\.0\.0\.1 is a loopback/);
  });

  it('drops the deliveries of a deleted webhook without sending them', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await announceNewIncident(world);
    await world.db.execute({ sql: 'DELETE FROM webhooks WHERE id = :id', args: { id: webhook.id } });
    await world.drain();
    expect(world.receiver.received).toHaveLength(0);
    expect((await world.entries('webhook.deliver'))[0]?.state).toBe('sent');
  });
});

describe('the delivery log', () => {
  it('is pruned by the scheduled jobs after 30 days', async () => {
    const world = await createWebhookWorld();
    const webhook = await world.addWebhook();
    await announceNewIncident(world);
    await world.drain();
    expect(await listWebhookDeliveries(world.db, webhook.id, 10)).toHaveLength(1);
    const day = 24 * 3_600_000;
    await runScheduledJobs(world.db, {}, () => new Date(world.clock.now.getTime() + 29 * day));
    expect(await listWebhookDeliveries(world.db, webhook.id, 10)).toHaveLength(1);
    await runScheduledJobs(world.db, {}, () => new Date(world.clock.now.getTime() + 31 * day));
    expect(await listWebhookDeliveries(world.db, webhook.id, 10)).toHaveLength(0);
  });
});

describe('the retry schedule', () => {
  const created = '2026-11-30T00:00:00.000Z';
  const later = (ms: number) => new Date(Date.parse(created) + ms);

  it('spreads eight attempts over less than 24 hours, then gives up', () => {
    let now = later(0);
    const attempts: string[] = [now.toISOString()];
    for (let attempt = 1; ; attempt += 1) {
      const next = nextAttemptAt({ attempts: attempt, created_at: created }, now);
      if (!next) break;
      attempts.push(next.toISOString());
      now = next;
    }
    expect(attempts).toHaveLength(8);
    expect(Date.parse(attempts.at(-1) ?? '') - Date.parse(created)).toBeLessThanOrEqual(24 * 3_600_000);
    expect(Date.parse(attempts.at(-1) ?? '') - Date.parse(created)).toBeGreaterThan(20 * 3_600_000);
  });

  it('makes no attempt past 24 hours after the event, even when the drainer was late', () => {
    expect(nextAttemptAt({ attempts: 7, created_at: created }, later(13 * 3_600_000))).toBeNull();
    expect(nextAttemptAt({ attempts: 2, created_at: created }, later(5 * 60_000))).not.toBeNull();
  });
});
