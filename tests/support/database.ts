import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { onTestFinished } from 'vitest';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';

/**
 * A fresh, migrated database in a temp file, closed and deleted when the calling test finishes.
 * A file rather than `:memory:`: the libSQL Node client swaps a memory database for an empty one
 * after transaction().
 */
export async function createTestDatabase(): Promise<{ db: Client; url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'candor-test-'));
  const url = `file:${join(dir, 'candor.db')}`;
  const db = await openNodeDatabase(url);
  await migrate(db, await readMigrationFiles());
  onTestFinished(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, url, dir };
}
