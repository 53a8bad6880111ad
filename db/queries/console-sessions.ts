import type { Client, InStatement } from '@libsql/client';
import type { TokenScope } from '../types.ts';

// Console sessions and emailed sign-in links. Only SHA-256 hashes of their secrets are stored.

export interface ConsoleSession {
  member_id: string | null;
  token_id: string | null;
  actor: string;
  scope: TokenScope;
  expires_at: string;
}

export function insertSessionStatement(session: {
  idHash: string;
  memberId: string | null;
  tokenId: string | null;
  actor: string;
  scope: TokenScope;
  expiresAt: string;
  now: string;
}): InStatement {
  return {
    sql: `INSERT INTO console_sessions (id_hash, member_id, token_id, actor, scope, expires_at, created_at)
      VALUES (:id_hash, :member_id, :token_id, :actor, :scope, :expires_at, :now)`,
    args: {
      id_hash: session.idHash,
      member_id: session.memberId,
      token_id: session.tokenId,
      actor: session.actor,
      scope: session.scope,
      expires_at: session.expiresAt,
      now: session.now,
    },
  };
}

/** The session with this id hash if it has not expired; null otherwise. */
export async function findLiveSession(
  db: Client,
  idHash: string,
  now: string,
): Promise<ConsoleSession | null> {
  const result = await db.execute({
    sql: `SELECT member_id, token_id, actor, scope, expires_at FROM console_sessions
      WHERE id_hash = :id_hash AND expires_at > :now`,
    args: { id_hash: idHash, now },
  });
  const row = result.rows[0];
  if (!row) return null;
  return {
    member_id: row.member_id == null ? null : String(row.member_id),
    token_id: row.token_id == null ? null : String(row.token_id),
    actor: String(row.actor),
    scope: String(row.scope) as TokenScope,
    expires_at: String(row.expires_at),
  };
}

/** Ends a session (signing out); a session already gone changes nothing. */
export async function deleteSession(db: Client, idHash: string): Promise<void> {
  await db.execute({
    sql: 'DELETE FROM console_sessions WHERE id_hash = :id_hash',
    args: { id_hash: idHash },
  });
}

/** Drops expired sessions and links, so that neither table grows without bound. */
export async function deleteExpiredSessions(db: Client, now: string): Promise<void> {
  await db.batch(
    [
      { sql: 'DELETE FROM console_sessions WHERE expires_at <= :now', args: { now } },
      { sql: 'DELETE FROM sign_in_links WHERE expires_at <= :now', args: { now } },
    ],
    'write',
  );
}

export function insertSignInLinkStatement(link: {
  tokenHash: string;
  memberId: string;
  expiresAt: string;
  now: string;
}): InStatement {
  return {
    sql: `INSERT INTO sign_in_links (token_hash, member_id, expires_at, created_at)
      VALUES (:token_hash, :member_id, :expires_at, :now)`,
    args: { token_hash: link.tokenHash, member_id: link.memberId, expires_at: link.expiresAt, now: link.now },
  };
}

/**
 * Marks an unused, unexpired link as used and returns its member; null when the link is unknown,
 * expired or already used. One UPDATE … RETURNING, so two clicks racing cannot both win.
 */
export async function consumeSignInLink(db: Client, tokenHash: string, now: string): Promise<string | null> {
  const result = await db.execute({
    sql: `UPDATE sign_in_links SET used_at = :now
      WHERE token_hash = :token_hash AND used_at IS NULL AND expires_at > :now
      RETURNING member_id`,
    args: { token_hash: tokenHash, now },
  });
  const row = result.rows[0];
  return row ? String(row.member_id) : null;
}

/** Whether a link can still be used (for the page that shows its button). */
export async function isSignInLinkUsable(db: Client, tokenHash: string, now: string): Promise<boolean> {
  const result = await db.execute({
    sql: 'SELECT 1 FROM sign_in_links WHERE token_hash = :token_hash AND used_at IS NULL AND expires_at > :now',
    args: { token_hash: tokenHash, now },
  });
  return result.rows.length > 0;
}
