// The renderer reads a local database with the libsql driver directly (site/lib/data-file.ts):
// it must give the site exactly the data the @libsql/client path gives.
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { forgetSiteData, loadSiteData, readSiteData } from '../../site/lib/data.ts';
import { localDatabasePath } from '../../site/lib/data-file.ts';
import { createTestDatabase } from '../support/database.ts';
import { insertSiteFixture } from './fixtures.ts';

const saved = { url: process.env.DATABASE_URL, builtAt: process.env.CANDOR_SITE_BUILT_AT };
afterEach(() => {
  forgetSiteData();
  for (const [name, value] of [
    ['DATABASE_URL', saved.url],
    ['CANDOR_SITE_BUILT_AT', saved.builtAt],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('localDatabasePath', () => {
  it('finds the file of each form of file: URL and nothing for remote ones', () => {
    expect(localDatabasePath('file:/var/lib/candor/candor.db')).toBe('/var/lib/candor/candor.db');
    expect(localDatabasePath('file:data/candor.db')).toBe('data/candor.db');
    expect(localDatabasePath('file:///var/lib/candor.db')).toBe('/var/lib/candor.db');
    expect(localDatabasePath('libsql://db.example.com')).toBeUndefined();
    expect(localDatabasePath('https://db.example.com')).toBeUndefined();
  });
});

describe('reading the site data from a local file', () => {
  it('gives the same data as the client, in the same order', async () => {
    const { db, url } = await createTestDatabase();
    const now = Date.now();
    await insertSiteFixture(db, now);
    // A second update at the very same instant: the order of ties must match too.
    const [first] = (await db.execute('SELECT id FROM incidents ORDER BY id LIMIT 1')).rows;
    const at = new Date(now - 1000).toISOString();
    await db.batch([
      {
        sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
              VALUES ('upd_tie_a', ?, 'monitoring', 'Tie a', ?, ?, ?), ('upd_tie_b', ?, 'monitoring', 'Tie b', ?, ?, ?)`,
        args: [first?.id ?? '', at, at, at, first?.id ?? '', at, at, at],
      },
    ]);
    const viaClient = await readSiteData(db, now);
    process.env.DATABASE_URL = url;
    process.env.CANDOR_SITE_BUILT_AT = String(now);
    forgetSiteData();
    const viaFile = await loadSiteData();
    expect(viaFile.incidents.length).toBeGreaterThan(0);
    expect(viaFile.statusHistory.size).toBeGreaterThan(0);
    expect(isDeepStrictEqual(viaFile, viaClient)).toBe(true);
  });
});
