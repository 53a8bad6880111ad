// A second build after one incident changed, into a fresh folder with the cache kept (as the
// server's builder does): only that incident's page is rendered again.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { createTestDatabase } from '../support/database.ts';
import { parseHtml, parseRssItems } from './documents.ts';
import { insertSiteFixture } from './fixtures.ts';

const BUILD_TIMEOUT = 120_000;

describe('rebuilding after a change', () => {
  it(
    're-renders only the changed incident, restores the others and keeps every feed identity',
    async () => {
      const { db, url, dir } = await createTestDatabase();
      const fixture = await insertSiteFixture(db);
      const cacheDir = join(dir, 'cache');
      const cached = (id: string) => join(cacheDir, 'dist', 'incidents', id, 'index.html');
      const first = join(dir, 'first');
      await runAstroBuild({ databaseUrl: url, outDir: first, cacheDir });
      const before = await mtimes([fixture.ids.resolved, fixture.ids.open, fixture.ids.old].map(cached));

      await db.execute({
        sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
              VALUES ('upd_old3', :incident, 'postmortem', 'The **root cause** was an expired DNSSEC key.', :at, :at, :at)`,
        args: { incident: fixture.ids.old, at: new Date().toISOString() },
      });
      // Like the server's builder: every build into a fresh folder, with the cache kept.
      const second = join(dir, 'second');
      const started = performance.now();
      await runAstroBuild({ databaseUrl: url, outDir: second, cacheDir });
      console.info(`incremental rebuild: ${Math.round(performance.now() - started)} ms`);
      const after = await mtimes([fixture.ids.resolved, fixture.ids.open, fixture.ids.old].map(cached));

      expect(after[0]).toBe(before[0]);
      expect(after[1]).toBe(before[1]);
      expect(after[2]).toBeGreaterThan(before[2] ?? 0);
      const page = (root: string, id: string) => readFile(join(root, 'incidents', id, 'index.html'), 'utf8');
      expect(await page(second, fixture.ids.resolved)).toBe(await page(first, fixture.ids.resolved));
      expect(parseHtml(await page(second, fixture.ids.old)).text).toContain(
        'The root cause was an expired DNSSEC key.',
      );

      const items = async (root: string) => parseRssItems(await readFile(join(root, 'history.rss'), 'utf8'));
      const [firstItems, secondItems] = [await items(first), await items(second)];
      const links = new Map(secondItems.map((item) => [item.guid, item.link]));
      for (const item of firstItems) expect(links.get(item.guid)).toBe(item.link);
      expect(secondItems.map((item) => item.guid)).toContain('upd_old3');
      expect(secondItems).toHaveLength(firstItems.length + 1);
    },
    BUILD_TIMEOUT,
  );
});

async function mtimes(paths: string[]): Promise<number[]> {
  return Promise.all(paths.map(async (path) => (await stat(path)).mtimeMs));
}
