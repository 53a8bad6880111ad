// POST /api/webhooks/resend: Resend's event webhooks (sent through Svix), verified with the
// signing secret in RESEND_WEBHOOK_SECRET per the Standard Webhooks specification.
import { Hono } from 'hono';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { AppEnv } from '../context.ts';
import { applyResendEvent, type ResendEvent } from '../mail/resend-events.ts';
import { ApiError } from '../problem.ts';
import { clientIp, enforceRateLimit, RESEND_WEBHOOK_LIMITS } from '../subscribers/rate-limit.ts';

// Svix names the headers svix-*; the Standard Webhooks names are webhook-*. Either is accepted.
function signatureHeaders(header: (name: string) => string | undefined): Record<string, string> {
  const pick = (name: string) => header(`webhook-${name}`) ?? header(`svix-${name}`) ?? '';
  return {
    'webhook-id': pick('id'),
    'webhook-timestamp': pick('timestamp'),
    'webhook-signature': pick('signature'),
  };
}

const MAX_BODY_BYTES = 256 * 1024;

export function resendWebhookRoutes(secretOf: (bindings: unknown) => string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/resend', async (c) => {
    const secret = secretOf(c.env);
    if (!secret)
      throw new ApiError('not_found', 'Resend webhooks are not configured (RESEND_WEBHOOK_SECRET).');
    // Counted before the signature is checked: forged requests are what the limit is for.
    const ip = clientIp(c);
    await enforceRateLimit(
      c.get('db'),
      `resend-webhook:ip:${ip}`,
      RESEND_WEBHOOK_LIMITS.perIp,
      Date.parse(c.get('now')()),
      {},
      'webhook requests',
    );
    const body = await c.req.text();
    if (body.length > MAX_BODY_BYTES) throw new ApiError('payload_too_large', 'The event is too large.');
    let event: ResendEvent;
    try {
      event = new Webhook(secret).verify(
        body,
        signatureHeaders((name) => c.req.header(name)),
      ) as ResendEvent;
    } catch (error) {
      if (error instanceof WebhookVerificationError || error instanceof SyntaxError) {
        throw new ApiError('unauthorized', 'The webhook signature does not verify.');
      }
      throw error;
    }
    const quarantined = await applyResendEvent(c.get('db'), event, c.get('now')());
    return c.json({ received: true, quarantined });
  });
  return app;
}
