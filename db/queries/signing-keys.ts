import type { Client } from '@libsql/client';

async function readSigningKey(db: Client, purpose: string): Promise<string | null> {
  const result = await db.execute({
    sql: 'SELECT secret FROM signing_keys WHERE purpose = :purpose',
    args: { purpose },
  });
  const row = result.rows[0];
  return row ? String(row.secret) : null;
}

/**
 * The installation's secret for `purpose`, created on first use. Racing first calls agree: the
 * insert keeps whichever row landed first and every caller reads that one.
 */
export async function getOrCreateSigningKey(db: Client, purpose: string, now: string): Promise<string> {
  const existing = await readSigningKey(db, purpose);
  if (existing !== null) return existing;
  const fresh = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  await db.execute({
    sql: `INSERT INTO signing_keys (purpose, secret, created_at) VALUES (:purpose, :fresh, :now)
      ON CONFLICT (purpose) DO NOTHING`,
    args: { purpose, fresh, now },
  });
  const created = await readSigningKey(db, purpose);
  if (created === null) throw new Error(`No signing key for ${purpose} after creating one.`);
  return created;
}
