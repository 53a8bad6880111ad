import type { Context } from 'hono';
import { Hono } from 'hono';
import { sha256Hex } from '../../db/hash.ts';
import { getPage } from '../../db/queries/page.ts';
import { normaliseEmail } from '../../db/queries/subscribers.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../problem.ts';
import { toApiError } from '../routes/admin/define-route.ts';
import { requestSubscription } from '../services/subscriptions.ts';
import { isFormPost, readSubscribeInput } from '../subscribers/input.ts';
import { checkInboxPage } from '../subscribers/pages.ts';
import { clientIp, enforceRateLimit, SUBSCRIBE_LIMITS } from '../subscribers/rate-limit.ts';
import { respondWithError, respondWithPage } from '../subscribers/respond.ts';

/** The one answer to every accepted request, whatever the address's state: nothing to enumerate. */
export const SUBSCRIBE_ACCEPTED = {
  status: 'accepted',
  detail: 'If this address can be subscribed, a confirmation email is on its way.',
} as const;

/**
 * CORS for the status page's own origin (its `url`), which differs from the API's on the edge
 * deployment. Other origins get no grant; a plain form post needs none.
 */
async function corsHeaders(c: Context<AppEnv>): Promise<Record<string, string>> {
  const origin = c.req.header('Origin');
  const page = await getPage(c.var.db);
  const pageOrigin = page ? URL.parse(page.url)?.origin : undefined;
  if (!origin || (origin !== pageOrigin && origin !== new URL(c.req.url).origin)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

type OutboxWritten = AppDeps['onOutboxWritten'];

async function subscribe(
  c: Context<AppEnv>,
  cors: Record<string, string>,
  onOutboxWritten: OutboxWritten,
): Promise<Response> {
  const db = c.var.db;
  const nowMs = Date.parse(c.var.now());
  const ip = clientIp(c);
  await enforceRateLimit(db, `subscribe:ip:${ip}`, SUBSCRIBE_LIMITS.perIp, nowMs, cors);
  const input = await readSubscribeInput(c);
  const addressKey = await sha256Hex(normaliseEmail(input.email));
  await enforceRateLimit(db, `subscribe:email:${addressKey}`, SUBSCRIBE_LIMITS.perAddress, nowMs, cors);
  await requestSubscription(db, input, c.var.now());
  try {
    await onOutboxWritten?.(c);
  } catch (error) {
    // The request is recorded and its email queued: the scheduled run sends it.
    console.error('Sending the confirmation email at once failed:', error);
  }
  if (isFormPost(c)) return respondWithPage(db, checkInboxPage(), 202, cors);
  return c.json(SUBSCRIBE_ACCEPTED, 202, cors);
}

/** POST /api/subscribe (JSON or the page's form) and its CORS preflight. */
export function subscribeRoutes(onOutboxWritten?: OutboxWritten): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.options('/api/subscribe', async (c) => {
    const cors = await corsHeaders(c);
    return c.body(null, 204, {
      ...cors,
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '86400',
    });
  });
  app.post('/api/subscribe', async (c) => {
    const cors = await corsHeaders(c);
    try {
      return await subscribe(c, cors, onOutboxWritten);
    } catch (caught) {
      const error = toApiError(caught);
      if (!(error instanceof ApiError)) throw error;
      const withCors = new ApiError(error.code, error.message, {
        ...(error.errors ? { errors: error.errors } : {}),
        headers: { ...cors, ...error.headers },
      });
      return respondWithError(c, c.var.db, withCors, isFormPost(c));
    }
  });
  return app;
}
