import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { RESEND_WEBHOOK_LIMITS } from '../../api/subscribers/rate-limit.ts';
import { newId } from '../../db/ids.ts';
import { insertSubscriberStatement } from '../../db/queries/subscriber-writes.ts';
import { getSubscriber } from '../../db/queries/subscribers.ts';
import { createTestDatabase } from '../support/database.ts';

const SECRET = `whsec_${Buffer.from('resend-signing-secret-for-tests').toString('base64')}`;

async function setup(secret: string | null = SECRET) {
  const { db } = await createTestDatabase();
  const app = createApp({ database: () => db, resendWebhookSecret: () => secret ?? undefined });
  const id = newId('sub');
  const now = new Date().toISOString();
  await db.execute(
    insertSubscriberStatement({
      id,
      email: 'reader@example.com',
      state: 'active',
      minImpact: 'none',
      confirmTokenHash: null,
      confirmExpiresAt: null,
      now,
    }),
  );
  return { db, app, subscriberId: id };
}

function signed(event: unknown, options: { prefix?: 'svix' | 'webhook'; secret?: string } = {}) {
  const body = JSON.stringify(event);
  const msgId = `msg_${crypto.randomUUID()}`;
  const at = new Date();
  const signature = new Webhook(options.secret ?? SECRET).sign(msgId, at, body);
  const prefix = options.prefix ?? 'svix';
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [`${prefix}-id`]: msgId,
      [`${prefix}-timestamp`]: String(Math.floor(at.getTime() / 1000)),
      [`${prefix}-signature`]: signature,
    },
    body,
  };
}

const bounce = {
  type: 'email.bounced',
  created_at: '2026-11-30T12:00:00Z',
  data: { email_id: 'e1', to: ['Reader@Example.com'] },
};

describe('POST /api/webhooks/resend', () => {
  it('quarantines the address of a bounce signed with the Svix headers', async () => {
    const { db, app, subscriberId } = await setup();
    const response = await app.request('/api/webhooks/resend', signed(bounce));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, quarantined: 1 });
    expect((await getSubscriber(db, subscriberId))?.state).toBe('quarantined');
  });

  it('quarantines on a complaint signed with the Standard Webhooks headers', async () => {
    const { db, app, subscriberId } = await setup();
    const complaint = { ...bounce, type: 'email.complained' };
    const response = await app.request('/api/webhooks/resend', signed(complaint, { prefix: 'webhook' }));
    expect(response.status).toBe(200);
    expect((await getSubscriber(db, subscriberId))?.state).toBe('quarantined');
  });

  it('refuses an event signed with another secret and changes nothing', async () => {
    const { db, app, subscriberId } = await setup();
    const other = `whsec_${Buffer.from('someone-else').toString('base64')}`;
    const response = await app.request('/api/webhooks/resend', signed(bounce, { secret: other }));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await getSubscriber(db, subscriberId))?.state).toBe('active');
  });

  it('refuses a body altered after signing', async () => {
    const { app } = await setup();
    const request = signed({ ...bounce, type: 'email.delivered' });
    const response = await app.request('/api/webhooks/resend', { ...request, body: JSON.stringify(bounce) });
    expect(response.status).toBe(401);
  });

  it('acknowledges other event types without changing anything', async () => {
    const { db, app, subscriberId } = await setup();
    const response = await app.request(
      '/api/webhooks/resend',
      signed({ ...bounce, type: 'email.delivered' }),
    );
    expect(await response.json()).toEqual({ received: true, quarantined: 0 });
    expect((await getSubscriber(db, subscriberId))?.state).toBe('active');
  });

  it('answers 404 when no signing secret is configured', async () => {
    const { app } = await setup(null);
    expect((await app.request('/api/webhooks/resend', signed(bounce))).status).toBe(404);
  });

  it('answers 429 with Retry-After to one client over the rate limit, forged requests counted too', async () => {
    const { db, app, subscriberId } = await setup();
    const from = (ip: string, request: RequestInit) => ({
      ...request,
      headers: { ...(request.headers as Record<string, string>), 'CF-Connecting-IP': ip },
    });
    // The window already holds all but one request of this client's allowance.
    await db.execute({
      sql: 'INSERT INTO rate_limit_buckets (bucket, window_start, hits) VALUES (?, ?, ?)',
      args: ['resend-webhook:ip:203.0.113.50', Date.now(), RESEND_WEBHOOK_LIMITS.perIp.limit - 1],
    });
    const other = `whsec_${Buffer.from('someone-else').toString('base64')}`;
    const forged = await app.request(
      '/api/webhooks/resend',
      from('203.0.113.50', signed(bounce, { secret: other })),
    );
    expect(forged.status).toBe(401);
    const limited = await app.request('/api/webhooks/resend', from('203.0.113.50', signed(bounce)));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await getSubscriber(db, subscriberId))?.state).toBe('active');
    // Another client (Resend's own sender) is not held back by the first one's flood.
    const genuine = await app.request('/api/webhooks/resend', from('203.0.113.51', signed(bounce)));
    expect(genuine.status).toBe(200);
    expect((await getSubscriber(db, subscriberId))?.state).toBe('quarantined');
  });
});
