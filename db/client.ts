import { type Client, createClient } from '@libsql/client';

/**
 * How long a statement waits for another process's write lock before failing with SQLITE_BUSY.
 * The embedded driver waits synchronously, so a long wait also holds up other requests: five
 * seconds covers a migration or a checkpoint, and a lock held longer becomes a 503 to retry.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  busyTimeoutMs?: number;
}

/**
 * Opens the database used by the Node server, the CLI and the tests. Every connection of the
 * client's pool (it opens more under load and after `transaction()`) waits `busyTimeoutMs` for a
 * lock held elsewhere (`npm run migrate`, a backup, a second server): the client passes `timeout`
 * to each connection it opens, where a PRAGMA run once would reach one connection only. Throws
 * when the file cannot be opened or the driver does not enforce foreign keys.
 */
export async function openNodeDatabase(
  url: string,
  authToken?: string,
  options: OpenDatabaseOptions = {},
): Promise<Client> {
  const local = url.startsWith('file:');
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = createClient({ url, ...(authToken ? { authToken } : {}), ...(local ? { timeout } : {}) });
  if (!local) return db;
  try {
    // WAL lets the site build read while the API writes; it is stored in the file, so once is enough.
    await db.execute('PRAGMA journal_mode = WAL');
    await requireForeignKeys(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

// Foreign keys are a per-connection setting with no per-connection hook in the client; libsql
// builds with SQLITE_DEFAULT_FOREIGN_KEYS=1, so every connection it opens enforces them. Check it
// rather than assume it: a driver built otherwise would silently stop deleting dependants.
async function requireForeignKeys(db: Client): Promise<void> {
  const { rows } = await db.execute('PRAGMA foreign_keys');
  if (Number(rows[0]?.foreign_keys) !== 1) {
    throw new Error('This libsql build does not enforce foreign keys on new connections.');
  }
}
