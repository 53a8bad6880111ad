import type { Client } from '@libsql/client';
import { sha256Hex } from '../../db/hash.ts';
import { newId } from '../../db/ids.ts';
import {
  countActiveAdminTokens as countActive,
  getAdminToken,
  insertAdminToken,
  revokeAdminTokenStatement,
} from '../../db/queries/admin-tokens.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import type { AdminToken } from '../../db/types.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch } from './errors.ts';

/** Tokens carry this prefix so that secret scanners and people can tell what they are. */
export const ADMIN_TOKEN_PREFIX = 'cnd_';

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

/**
 * Creates a token: `cnd_` + 32 random bytes in base64url. Only its hash is stored; the token is
 * returned here once and can never be read again.
 */
export async function issueAdminToken(
  db: Client,
  input: { name: string },
  ctx: ServiceContext,
): Promise<{ token: string; record: AdminToken }> {
  const token = `${ADMIN_TOKEN_PREFIX}${randomTokenSecret()}`;
  const id = newId('tok');
  const insert = insertAdminToken({
    id,
    name: input.name,
    tokenHash: await hashAdminToken(token),
    now: ctx.now,
  });
  await runWriteBatch(db, withAuditEntry(auditTarget('admin_token.create', id, ctx), [insert]));
  return { token, record: requireFound(await getAdminToken(db, id), `No admin token has the id ${id}.`) };
}

/** Revokes a token: it stops working at once. Revoking a revoked token changes nothing. */
export async function revokeAdminToken(
  db: Client,
  input: { id: string },
  ctx: ServiceContext,
): Promise<AdminToken> {
  const unknown = `No admin token has the id ${input.id}.`;
  const current = requireFound(await getAdminToken(db, input.id), unknown);
  if (current.revoked_at !== null) return current;
  const target = auditTarget('admin_token.revoke', input.id, ctx);
  await runWriteBatch(db, withAuditEntry(target, [revokeAdminTokenStatement(input.id, ctx.now)]));
  return requireFound(await getAdminToken(db, input.id), unknown);
}

/** How many tokens are not revoked (the server issues a first one when there is none). */
export function countActiveAdminTokens(db: Client): Promise<number> {
  return countActive(db);
}
