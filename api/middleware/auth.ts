import type { Context, MiddlewareHandler } from 'hono';
import { findActiveAdminTokenByHash, touchAdminToken } from '../../db/queries/admin-tokens.ts';
import type { TokenScope } from '../../db/types.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../problem.ts';
import { hashAdminToken } from '../services/admin-tokens.ts';
import { constantTimeEqual } from './constant-time.ts';

/** last_used_at is a hint for people reviewing tokens: one write a minute per token is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

function unauthorized(detail: string, error?: 'invalid_token'): ApiError {
  const challenge = error ? `Bearer realm="candor-admin", error="${error}"` : 'Bearer realm="candor-admin"';
  return new ApiError('unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } });
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Admits requests carrying a valid admin token that is neither revoked nor expired, and sets
 * c.var.actor to its id (`bootstrap` for the token from the environment) and c.var.scope to what
 * it may do (the bootstrap token: admin). Tokens are compared by SHA-256 hash, in constant time.
 */
/**
 * Who an admin token is: its id (`bootstrap` for the token from the environment) and scope, or
 * null when it is unknown, revoked or expired. Compared by SHA-256 hash, in constant time; a
 * stored token's last_used_at is touched (at most once a minute).
 */
export async function identifyAdminToken(
  c: Context<AppEnv>,
  token: string,
): Promise<{ actor: string; scope: TokenScope } | null> {
  const hash = await hashAdminToken(token);
  const bootstrapHash = c.var.bootstrapTokenHash?.toLowerCase() ?? null;
  if (bootstrapHash !== null && constantTimeEqual(hash, bootstrapHash)) {
    return { actor: 'bootstrap', scope: 'admin' };
  }
  const now = c.var.now();
  const stored = await findActiveAdminTokenByHash(c.var.db, hash, now);
  if (!stored || !constantTimeEqual(hash, stored.tokenHash)) return null;
  const notBefore = new Date(Date.parse(now) - LAST_USED_RESOLUTION_MS).toISOString();
  await touchAdminToken(c.var.db, stored.id, now, notBefore);
  return { actor: stored.id, scope: stored.scope };
}

/**
 * Admits requests carrying a valid admin token that is neither revoked nor expired, and sets
 * c.var.actor to its id (`bootstrap` for the token from the environment) and c.var.scope to what
 * it may do (the bootstrap token: admin).
 */
export const requireAdminToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header('Authorization'));
  if (!token) throw unauthorized('Send an admin token: Authorization: Bearer <token>.');
  const identity = await identifyAdminToken(c, token);
  if (!identity) throw unauthorized('The admin token is unknown, revoked or expired.', 'invalid_token');
  c.set('actor', identity.actor);
  c.set('scope', identity.scope);
  return next();
};
