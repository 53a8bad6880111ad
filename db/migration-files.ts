import { readdir, readFile } from 'node:fs/promises';
import type { Migration } from './migrate.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Reads db/migrations/*.sql from disk (Node only; the Worker bundles them as text). */
export async function readMigrationFiles(): Promise<Migration[]> {
  const names = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => ({ name, sql: await readFile(new URL(name, MIGRATIONS_DIR), 'utf8') })),
  );
}
