// Every connection of the client's pool, not just the first, must wait for locks and enforce
// foreign keys: the pool opens more connections under concurrent requests and for transactions.
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../db/client.ts';
import { createTestDatabase } from '../support/database.ts';

async function readPragmaConcurrently(db: Awaited<ReturnType<typeof openNodeDatabase>>, pragma: string) {
  // Started in the same tick, each call borrows its own connection from the pool.
  const results = await Promise.all([1, 2, 3, 4].map(() => db.execute(`PRAGMA ${pragma}`)));
  return results.map((result) => Number(Object.values(result.rows[0] ?? {})[0]));
}

describe('openNodeDatabase', () => {
  it('gives every pooled connection the busy timeout and foreign keys', async () => {
    const { url } = await createTestDatabase();
    const db = await openNodeDatabase(url);
    try {
      expect(await readPragmaConcurrently(db, 'busy_timeout')).toEqual([5000, 5000, 5000, 5000]);
      expect(await readPragmaConcurrently(db, 'foreign_keys')).toEqual([1, 1, 1, 1]);
    } finally {
      db.close();
    }
  });

  it('keeps the settings on connections a transaction holds and on those opened beside it', async () => {
    const { url } = await createTestDatabase();
    const db = await openNodeDatabase(url, undefined, { busyTimeoutMs: 1234 });
    try {
      const transaction = await db.transaction('read');
      const inside = await transaction.execute('PRAGMA busy_timeout');
      const beside = await readPragmaConcurrently(db, 'busy_timeout');
      transaction.close();
      expect(Number(inside.rows[0]?.timeout)).toBe(1234);
      expect(beside).toEqual([1234, 1234, 1234, 1234]);
    } finally {
      db.close();
    }
  });
});
