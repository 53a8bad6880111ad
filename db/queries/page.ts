import type { Client } from '@libsql/client';
import type { Page } from '../types.ts';
import { toPage } from './rows.ts';

/** The page's settings, or null before the first start has created them. */
export async function getPage(db: Client): Promise<Page | null> {
  const result = await db.execute('SELECT * FROM page LIMIT 1');
  const row = result.rows[0];
  return row ? toPage(row) : null;
}

/**
 * The data version: the id of the newest audit entry (0 when nothing was ever written). Every
 * write adds an audit entry in its own transaction, so this moves exactly when the data does.
 */
export async function getDataVersion(db: Client): Promise<{ version: number; changedAt: string | null }> {
  const result = await db.execute('SELECT id, created_at FROM audit_log ORDER BY id DESC LIMIT 1');
  const row = result.rows[0];
  return row
    ? { version: Number(row.id), changedAt: String(row.created_at) }
    : { version: 0, changedAt: null };
}
