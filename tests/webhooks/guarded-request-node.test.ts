import { describe, expect, it } from 'vitest';
import { guardedFetch, type ResolveAll } from '../../api/webhooks/guarded-request-node.ts';
import { sendWebhook } from '../../api/webhooks/send.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

// The connection itself refuses what the guard refuses: a name is resolved once, by a lookup that
// checks every answer, so a DNS answer that changed since the guard's check cannot slip through.

const SECRET = `whsec_${btoa('a'.repeat(32))}`;

describe('guardedFetch', () => {
  it('refuses to connect to a name that resolves to loopback', async () => {
    const receiver = await startWebhookReceiver();
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    const send = guardedFetch({ allowPrivate: false });
    await expect(send(url, { method: 'POST', body: '{}' })).rejects.toThrow(/127\.0\.0\.1 is a loopback/);
    expect(receiver.received).toHaveLength(0);
  });

  it('connects to the address it checked, even when DNS answers differently the second time', async () => {
    const receiver = await startWebhookReceiver();
    const port = new URL(receiver.url).port;
    // A rebinding DNS server: the guard's own check saw a public address, the connection's lookup
    // gets the metadata address. Allowing private targets does not let it through.
    const rebound: ResolveAll = (_, callback) => callback(null, [{ address: '169.254.169.254', family: 4 }]);
    const send = guardedFetch({ allowPrivate: true }, rebound);
    await expect(send(`http://hooks.example.test:${port}/`, { method: 'POST' })).rejects.toThrow(/metadata/);
    const toReceiver: ResolveAll = (_, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
    const allowed = guardedFetch({ allowPrivate: true }, toReceiver);
    expect((await allowed(`http://hooks.example.test:${port}/`, { method: 'POST', body: '{}' })).status).toBe(
      200,
    );
    expect(receiver.received).toHaveLength(1);
  });

  it('delivers a signed webhook where the policy allows, with status, headers and timeout as fetch would', async () => {
    const receiver = await startWebhookReceiver();
    receiver.secret = SECRET;
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    const settings = { policy: { allowPrivate: true }, fetch: guardedFetch({ allowPrivate: true }) };
    const message = { url, secret: SECRET, messageId: 'msg_1', body: { hello: 'world' }, at: new Date() };

    expect(await sendWebhook(message, settings)).toEqual({ ok: true, statusCode: 200, error: null });
    expect(receiver.received[0]?.verified).toEqual({ hello: 'world' });

    receiver.answer({ status: 301, headers: { Location: 'http://elsewhere.test/' } });
    expect(await sendWebhook(message, settings)).toMatchObject({
      ok: false,
      statusCode: 301,
      error: 'Redirects are not followed: HTTP 301 to http://elsewhere.test/.',
    });

    receiver.answer('hang');
    expect(await sendWebhook(message, { ...settings, timeoutMs: 200 })).toMatchObject({
      ok: false,
      error: 'No answer within 0.2 s.',
    });
  });
});
