import type { Client } from '@libsql/client';
import { sha256Hex } from '../../db/hash.ts';
import { newId } from '../../db/ids.ts';
import {
  auditCascadedRevocationsStatement,
  countActiveAdminTokens as countActive,
  getAdminToken,
  insertAdminToken,
  revokeAdminTokenStatement,
} from '../../db/queries/admin-tokens.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import type { AdminToken, TokenScope } from '../../db/types.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';

/** Tokens carry this prefix so that secret scanners and people can tell what they are. */
export const ADMIN_TOKEN_PREFIX = 'cnd_';

/** Scopes from the least to the most powerful: a scope includes every scope before it. */
const SCOPE_RANK: Record<TokenScope, number> = { responder: 0, admin: 1 };

/** Whether a holder of `held` may do what needs `needed`. */
export function scopeIncludes(held: TokenScope, needed: TokenScope): boolean {
  return SCOPE_RANK[held] >= SCOPE_RANK[needed];
}

export interface IssueAdminTokenInput {
  name: string;
  /** Defaults to the issuer's own scope. */
  scope?: TokenScope;
  /** ISO-8601; refused from then on. Omitted or null: when the issuing token expires, or never. */
  expires_at?: string | null;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'admin_token',
  resourceId: id,
  now: ctx.now,
});

/** The stored form of a token: SHA-256, lowercase hex (the same as the bootstrap token's hash). */
export function hashAdminToken(token: string): Promise<string> {
  return sha256Hex(token);
}

function randomTokenSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const base64 = btoa(String.fromCharCode(...bytes));
  return base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

const invalidExpiry = (detail: string) =>
  new ServiceError('invalid', `expires_at is invalid. ${detail}`, [{ pointer: '/expires_at', detail }]);

// A token hands on no more than it holds: no wider scope, and no life beyond its own expiry
// (else a short-lived token could mint a permanent one). An expiry must lie ahead.
function checkIssue(
  input: IssueAdminTokenInput,
  ctx: ServiceContext,
  issuerExpiry: string | null,
): { scope: TokenScope; expiresAt: string | null } {
  const held = ctx.scope ?? 'admin';
  const scope = input.scope ?? held;
  if (!scopeIncludes(held, scope)) {
    throw new ServiceError('invalid', `A ${held} token cannot issue ${scope} tokens.`, [
      { pointer: '/scope', detail: `Must be ${held} or lower.` },
    ]);
  }
  if (input.expires_at == null) return { scope, expiresAt: issuerExpiry };
  const time = Date.parse(input.expires_at);
  if (Number.isNaN(time) || time <= Date.parse(ctx.now)) {
    throw invalidExpiry(`Must be an ISO-8601 time later than now (${ctx.now}).`);
  }
  if (issuerExpiry !== null && time > Date.parse(issuerExpiry)) {
    throw invalidExpiry(`Must not be later than the issuing token's own expiry (${issuerExpiry}).`);
  }
  return { scope, expiresAt: new Date(time).toISOString() };
}

/**
 * Creates a token: `cnd_` + 32 random bytes in base64url. Only its hash is stored; the token is
 * returned here once and can never be read again. The issuer (ctx.actor) is recorded as its
 * creator, so that revoking the issuer revokes it too.
 */
export async function issueAdminToken(
  db: Client,
  input: IssueAdminTokenInput,
  ctx: ServiceContext,
): Promise<{ token: string; record: AdminToken }> {
  const issuer = ctx.actor.startsWith('tok_') ? await getAdminToken(db, ctx.actor) : null;
  const { scope, expiresAt } = checkIssue(input, ctx, issuer?.expires_at ?? null);
  const token = `${ADMIN_TOKEN_PREFIX}${randomTokenSecret()}`;
  const id = newId('tok');
  const insert = insertAdminToken({
    id,
    name: input.name,
    tokenHash: await hashAdminToken(token),
    scope,
    expiresAt,
    createdBy: ctx.actor,
    now: ctx.now,
  });
  await runWriteBatch(db, withAuditEntry(auditTarget('admin_token.create', id, ctx), [insert]));
  return { token, record: requireFound(await getAdminToken(db, id), `No admin token has the id ${id}.`) };
}

/**
 * Revokes a token and every token it minted, directly or not: they stop working at once. Each
 * revocation is audited and names ctx.actor as the revoker. Revoking a revoked token changes nothing.
 */
export async function revokeAdminToken(
  db: Client,
  input: { id: string },
  ctx: ServiceContext,
): Promise<AdminToken> {
  const unknown = `No admin token has the id ${input.id}.`;
  const current = requireFound(await getAdminToken(db, input.id), unknown);
  if (current.revoked_at !== null) return current;
  const target = auditTarget('admin_token.revoke', input.id, ctx);
  await runWriteBatch(db, [
    ...withAuditEntry(target, [revokeAdminTokenStatement(input.id, ctx.actor, ctx.now)]),
    auditCascadedRevocationsStatement(target),
  ]);
  return requireFound(await getAdminToken(db, input.id), unknown);
}

/** How many tokens are neither revoked nor expired (the server issues a first one when there is none). */
export function countActiveAdminTokens(db: Client, now: string): Promise<number> {
  return countActive(db, now);
}
