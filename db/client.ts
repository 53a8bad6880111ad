import { type Client, createClient } from '@libsql/client';

/**
 * Opens the embedded database used by the Node server and the tests. Foreign keys are per
 * connection in SQLite, so they are switched on here; WAL lets the site build read while the API
 * writes.
 */
export async function openNodeDatabase(url: string, authToken?: string): Promise<Client> {
  const db = createClient(authToken ? { url, authToken } : { url });
  if (url.startsWith('file:')) {
    await db.execute('PRAGMA journal_mode = WAL');
    await db.execute('PRAGMA busy_timeout = 5000');
  }
  await db.execute('PRAGMA foreign_keys = ON');
  return db;
}
