// Node only: the data folder and the database, checked and opened at start, with failures the
// operator can fix (a folder or file the server's user cannot write) explained in one line.
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Client } from '@libsql/client';
import { openNodeDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { readMigrationFiles } from '../db/migration-files.ts';
import type { NodeConfig } from './env.ts';
import { explainStorageError } from './startup-error.ts';

/** The site's folder inside the data folder. */
export const siteDirOf = (config: NodeConfig): string => join(config.dataDir, 'site');

/**
 * Makes sure the data folder (and its site folder, if there is one) can be written, then opens
 * and migrates the database. Throws a StartupError naming CANDOR_DATA_DIR or DATABASE_URL when
 * the server's user cannot write them.
 */
export async function openStorage(config: NodeConfig): Promise<Client> {
  for (const dir of [config.dataDir, siteDirOf(config)]) {
    try {
      await mkdir(dir, { recursive: true });
      // mkdir succeeds on a folder that exists, writable or not.
      await access(dir, constants.W_OK);
    } catch (error) {
      throw explainStorageError(error, 'CANDOR_DATA_DIR', dir);
    }
  }
  const defaultFile = resolve(config.dataDir, 'candor.db');
  const inDataDir = config.databaseUrl === `file:${defaultFile}`;
  const [setting, where] = inDataDir
    ? ['CANDOR_DATA_DIR', defaultFile]
    : ['DATABASE_URL', config.databaseUrl];
  let db: Client | undefined;
  try {
    db = await openNodeDatabase(config.databaseUrl, config.databaseAuthToken);
    await migrate(db, await readMigrationFiles());
    return db;
  } catch (error) {
    db?.close();
    throw explainStorageError(error, setting, where);
  }
}
