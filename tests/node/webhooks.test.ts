// Webhooks through the real server, as an operator would set them up: CANDOR_ALLOW_PRIVATE_WEBHOOKS
// in force, and a status change delivered without waiting for the scheduler's timer.
import { expect, it } from 'vitest';
import { startTestServer } from '../support/server.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('with CANDOR_ALLOW_PRIVATE_WEBHOOKS=1 accepts a local receiver but not cloud metadata, and delivers a status change at once', async () => {
  const receiver = await startWebhookReceiver();
  const server = await startTestServer({ CANDOR_ALLOW_PRIVATE_WEBHOOKS: '1' });
  try {
    const created = await server.admin('POST', '/admin/v1/webhooks', {
      url: receiver.url,
      format: 'statuspage',
    });
    expect(created.status).toBe(201);
    receiver.secret = (created.json as { secret: string }).secret;
    const metadata = await server.admin('POST', '/admin/v1/webhooks', {
      url: 'http://169.254.169.254/latest/meta-data/',
      format: 'slack',
    });
    expect(metadata.status).toBe(400);

    const [component] = (await server.admin('GET', '/admin/v1/components')).json as Array<{ id: string }>;
    await server.admin('PATCH', `/admin/v1/components/${component?.id}`, { status: 'partial_outage' });
    // Well within the scheduler's 60 s interval: the change's own drain sent it.
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0]?.verifyError).toBeNull();
    expect(receiver.received[0]?.verified).toMatchObject({
      component_update: { component_id: component?.id, new_status: 'partial_outage' },
    });
  } finally {
    await server.stop();
  }
}, 120_000);
