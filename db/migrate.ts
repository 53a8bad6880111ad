import type { Client } from '@libsql/client';
import { sha256Hex } from './hash.ts';

export interface Migration {
  name: string;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
}

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

/**
 * Applies, in name order, every migration not yet in the ledger. Each file runs in its own
 * transaction together with its ledger row, so a failed file leaves no trace. Throws when a file
 * that was already applied has changed: migrations are forward-only and never edited once landed.
 */
export async function migrate(db: Client, migrations: Migration[]): Promise<MigrationResult> {
  await db.execute(LEDGER_DDL);
  const ledger = await db.execute('SELECT name, checksum FROM schema_migrations');
  const appliedChecksums = new Map(ledger.rows.map((row) => [String(row.name), String(row.checksum)]));
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    const checksum = await sha256Hex(migration.sql);
    const known = appliedChecksums.get(migration.name);
    if (known !== undefined) {
      if (known !== checksum) {
        throw new Error(`Migration ${migration.name} was edited after it was applied (checksum mismatch)`);
      }
      continue;
    }
    await applyMigration(db, migration, checksum);
    applied.push(migration.name);
  }
  return { applied };
}

async function applyMigration(db: Client, migration: Migration, checksum: string): Promise<void> {
  const ledgerRow = `INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (${quote(migration.name)}, ${quote(checksum)}, ${quote(new Date().toISOString())});`;
  try {
    await db.executeMultiple(`BEGIN;\n${migration.sql}\n;${ledgerRow}\nCOMMIT;`);
  } catch (error) {
    await db.execute('ROLLBACK').catch(() => undefined);
    throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}

// Names and checksums are ours (file names, hex digests), never user input; quoting keeps them literal.
function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
