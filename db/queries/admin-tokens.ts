import type { Client, InStatement, Row } from '@libsql/client';
import type { AdminToken } from '../types.ts';

// Admin tokens. Only the SHA-256 (hex) of a token is stored; nothing here ever returns it except
// findActiveAdminTokenByHash, which the authentication check needs for its constant-time compare.

function toAdminToken(row: Row): AdminToken {
  return {
    id: String(row.id),
    name: String(row.name),
    created_at: String(row.created_at),
    last_used_at: row.last_used_at == null ? null : String(row.last_used_at),
    revoked_at: row.revoked_at == null ? null : String(row.revoked_at),
  };
}

const COLUMNS = 'id, name, created_at, last_used_at, revoked_at';

export function insertAdminToken(token: {
  id: string;
  name: string;
  tokenHash: string;
  now: string;
}): InStatement {
  return {
    sql: 'INSERT INTO admin_tokens (id, name, token_hash, created_at) VALUES (:id, :name, :token_hash, :now)',
    args: { id: token.id, name: token.name, token_hash: token.tokenHash, now: token.now },
  };
}

/** Revokes a token; a token already revoked keeps its first revocation time. */
export function revokeAdminTokenStatement(id: string, now: string): InStatement {
  return {
    sql: 'UPDATE admin_tokens SET revoked_at = coalesce(revoked_at, :now) WHERE id = :id',
    args: { id, now },
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

/** The unrevoked token with this hash and its stored hash, or null when there is none. */
export async function findActiveAdminTokenByHash(
  db: Client,
  tokenHash: string,
): Promise<{ id: string; tokenHash: string } | null> {
  const result = await db.execute({
    sql: 'SELECT id, token_hash FROM admin_tokens WHERE token_hash = :token_hash AND revoked_at IS NULL',
    args: { token_hash: tokenHash },
  });
  const row = result.rows[0];
  return row ? { id: String(row.id), tokenHash: String(row.token_hash) } : null;
}

/** How many tokens are not revoked. */
export async function countActiveAdminTokens(db: Client): Promise<number> {
  const result = await db.execute('SELECT count(*) AS n FROM admin_tokens WHERE revoked_at IS NULL');
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
