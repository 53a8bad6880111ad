import type { Client } from '@libsql/client';
import { deleteStaleRateLimits, hitRateLimit } from '../../db/queries/rate-limits.ts';
import { rateLimitKey } from '../client-address.ts';
import { ApiError } from '../problem.ts';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Per client IP: enough for people, not for a script. Per address: no mailbox gets flooded. */
export const SUBSCRIBE_LIMITS = {
  perIp: { limit: 30, windowMs: 60_000 },
  perAddress: { limit: 5, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimit>;

/**
 * POST /api/webhooks/resend is public and each request costs a signature check and a write. Resend
 * (through Svix) sends from a few addresses and retries what is refused, so a generous per-address
 * limit keeps a flood out without losing a report: a refused event comes again later.
 */
export const RESEND_WEBHOOK_LIMITS = {
  perIp: { limit: 300, windowMs: 60_000 },
} satisfies Record<string, RateLimit>;

const STALE_AFTER_MS = 24 * 60 * 60_000;

/**
 * Counts a request against `bucket`; over the limit, a 429 problem with Retry-After (seconds until
 * the window closes). Whenever a window opens, buckets idle for a day are swept, so the table
 * stays small without a job of its own.
 */
export async function enforceRateLimit(
  db: Client,
  bucket: string,
  rule: RateLimit,
  nowMs: number,
  headers: Record<string, string> = {},
  what = 'subscribe requests',
): Promise<void> {
  const { hits, resetAt } = await hitRateLimit(db, { bucket, nowMs, windowMs: rule.windowMs });
  if (hits === 1) await deleteStaleRateLimits(db, nowMs - STALE_AFTER_MS);
  if (hits <= rule.limit) return;
  const retryAfter = Math.max(1, Math.ceil((resetAt - nowMs) / 1000));
  throw new ApiError('rate_limited', `Too many ${what}; try again in ${retryAfter} s.`, {
    headers: { ...headers, 'Retry-After': String(retryAfter) },
  });
}

/** The rate-limit key of the request's client (api/client-address.ts): its address, an IPv6 one by /64. */
export function clientIp(c: { var: { clientAddress: () => string } }): string {
  return rateLimitKey(c.var.clientAddress());
}
