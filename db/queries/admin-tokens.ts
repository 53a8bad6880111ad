import type { Client, InStatement, Row } from '@libsql/client';
import type { AdminToken, TokenScope } from '../types.ts';

// Admin tokens. Only the SHA-256 (hex) of a token is stored; nothing here ever returns it except
// findActiveAdminTokenByHash, which the authentication check needs for its constant-time compare.

const text = (value: unknown): string | null => (value == null ? null : String(value));

function toAdminToken(row: Row): AdminToken {
  return {
    id: String(row.id),
    name: String(row.name),
    scope: String(row.scope) as TokenScope,
    expires_at: text(row.expires_at),
    created_by: text(row.created_by),
    created_at: String(row.created_at),
    last_used_at: text(row.last_used_at),
    revoked_at: text(row.revoked_at),
    revoked_by: text(row.revoked_by),
  };
}

const COLUMNS = 'id, name, scope, expires_at, created_by, created_at, last_used_at, revoked_at, revoked_by';

export function insertAdminToken(token: {
  id: string;
  name: string;
  tokenHash: string;
  scope: TokenScope;
  expiresAt: string | null;
  createdBy: string;
  now: string;
}): InStatement {
  return {
    sql: `INSERT INTO admin_tokens (id, name, token_hash, scope, expires_at, created_by, created_at)
      VALUES (:id, :name, :token_hash, :scope, :expires_at, :created_by, :now)`,
    args: {
      id: token.id,
      name: token.name,
      token_hash: token.tokenHash,
      scope: token.scope,
      expires_at: token.expiresAt,
      created_by: token.createdBy,
      now: token.now,
    },
  };
}

/**
 * Revokes a token and every token minted from it, however indirectly (a leaked token's children
 * are as suspect as it is). Tokens already revoked keep their first revocation time and revoker.
 */
export function revokeAdminTokenStatement(id: string, revokedBy: string, now: string): InStatement {
  return {
    sql: `WITH RECURSIVE lineage(id) AS (
        SELECT :id UNION SELECT t.id FROM admin_tokens AS t JOIN lineage ON t.created_by = lineage.id)
      UPDATE admin_tokens SET revoked_at = :now, revoked_by = :revoked_by
      WHERE id IN (SELECT id FROM lineage) AND revoked_at IS NULL`,
    args: { id, now, revoked_by: revokedBy },
  };
}

/** All tokens (revoked ones too), newest first, without their hashes. */
export async function listAdminTokens(db: Client): Promise<AdminToken[]> {
  const result = await db.execute(`SELECT ${COLUMNS} FROM admin_tokens ORDER BY created_at DESC, id DESC`);
  return result.rows.map(toAdminToken);
}

/** One token without its hash, or null for an unknown id. */
export async function getAdminToken(db: Client, id: string): Promise<AdminToken | null> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM admin_tokens WHERE id = :id`,
    args: { id },
  });
  const row = result.rows[0];
  return row ? toAdminToken(row) : null;
}

/**
 * The token with this hash that is neither revoked nor expired at `now`, with its stored hash and
 * scope, or null when there is none.
 */
export async function findActiveAdminTokenByHash(
  db: Client,
  tokenHash: string,
  now: string,
): Promise<{ id: string; tokenHash: string; scope: TokenScope } | null> {
  const result = await db.execute({
    sql: `SELECT id, token_hash, scope FROM admin_tokens WHERE token_hash = :token_hash
      AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)`,
    args: { token_hash: tokenHash, now },
  });
  const row = result.rows[0];
  return row
    ? { id: String(row.id), tokenHash: String(row.token_hash), scope: row.scope as TokenScope }
    : null;
}

/** How many tokens are neither revoked nor expired at `now`. */
export async function countActiveAdminTokens(db: Client, now: string): Promise<number> {
  const result = await db.execute({
    sql: `SELECT count(*) AS n FROM admin_tokens
      WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)`,
    args: { now },
  });
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Records that a token was used at `now`, unless that was already recorded after `notBefore`:
 * one write a minute at most per token, however busy it is. Not an audited change.
 */
export async function touchAdminToken(db: Client, id: string, now: string, notBefore: string): Promise<void> {
  await db.execute({
    sql: `UPDATE admin_tokens SET last_used_at = :now
      WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :not_before)`,
    args: { id, now, not_before: notBefore },
  });
}

/**
 * Audits each token that revokeAdminTokenStatement() revoked along with `target` (those it minted,
 * however indirectly): one entry per token, as if each had been revoked by hand. Run it after that
 * statement, in the same batch: it finds them by the revocation's time and revoker.
 */
export function auditCascadedRevocationsStatement(target: {
  actor: string;
  action: string;
  resourceId: string;
  now: string;
}): InStatement {
  return {
    sql: `WITH RECURSIVE lineage(id) AS (
        SELECT :id UNION SELECT t.id FROM admin_tokens AS t JOIN lineage ON t.created_by = lineage.id)
      INSERT INTO audit_log (actor, action, resource_type, resource_id, changes, created_at)
      SELECT :actor, :action, 'admin_token', t.id, json_object(
          '/revoked_at', json_object('before', NULL, 'after', t.revoked_at),
          '/revoked_by', json_object('before', NULL, 'after', t.revoked_by)), :now
      FROM admin_tokens AS t
      WHERE t.id IN (SELECT id FROM lineage) AND t.id <> :id AND t.revoked_at = :now AND t.revoked_by = :actor
      ORDER BY t.created_at, t.id`,
    args: { id: target.resourceId, actor: target.actor, action: target.action, now: target.now },
  };
}
