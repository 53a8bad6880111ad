// The incremental build's promise: after changes, the site it writes is byte for byte the site a
// full `astro build` writes from the same data at the same instant, and the live build it started
// from is left untouched.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { SiteRenderer } from '../../api/jobs/site-renderer.ts';
import { createMaintenance } from '../../api/services/maintenances.ts';
import { deletePostmortem, publishPostmortem, savePostmortemDraft } from '../../api/services/postmortems.ts';
import { insertSiteFixture } from '../site/fixtures.ts';
import { createTestDatabase } from '../support/database.ts';

const TIMEOUT = 240_000;
const renderers: SiteRenderer[] = [];

afterEach(async () => {
  await Promise.all(renderers.splice(0).map((renderer) => renderer.stop()));
});

async function listFiles(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(root.length + 1), await readFile(path));
  }
  return files;
}

// The one timestamp a build writes on its own: RSS's <lastBuildDate> (the rss package sets it to the
// moment of writing). Compressed copies are compared by their decompressed bytes, without it.
function withoutBuildTime(path: string, bytes: Buffer): Buffer {
  if (!/\.rss(\.br|\.gz)?$/.test(path)) return bytes;
  const plain = path.endsWith('.br')
    ? brotliDecompressSync(bytes)
    : path.endsWith('.gz')
      ? gunzipSync(bytes)
      : bytes;
  return Buffer.from(plain.toString('utf8').replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, ''));
}

async function expectSameSite(actualDir: string, expectedDir: string): Promise<void> {
  const [actual, expected] = [await listFiles(actualDir), await listFiles(expectedDir)];
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const different = [...expected]
    .filter(([path, bytes]) => {
      const other = actual.get(path);
      return !other || !withoutBuildTime(path, other).equals(withoutBuildTime(path, bytes));
    })
    .map(([path]) => path);
  expect(different).toEqual([]);
}

describe('incremental site builds', () => {
  it(
    'write the same bytes as a full build of the same data, rendering only what changed',
    async () => {
      const { db, url, dir } = await createTestDatabase();
      const fixture = await insertSiteFixture(db);
      const cacheDir = join(dir, 'cache');
      const builtAt = Date.now();
      const renderer = new SiteRenderer({ databaseUrl: url, cacheDir, log: () => {} });
      renderers.push(renderer);

      const first = join(dir, 'first');
      const full = await renderer.build({ outDir: first, builtAt });
      expect(full.mode).toBe('full');
      expect(full.precompressed).toBe(true);
      const frontBefore = await readFile(join(first, 'index.html'));
      const untouched = join(first, 'incidents', fixture.ids.resolved, 'index.html');
      const untouchedInode = (await stat(untouched)).ino;

      // A new update on one incident, a new incident, and a deleted one.
      const at = new Date(builtAt - 60_000).toISOString();
      await db.batch(
        [
          {
            sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
                  VALUES ('upd_new1', :incident, 'monitoring', 'A **fix** is out; see [notes](https://example.com/n).', :at, :at, :at)`,
            args: { incident: fixture.ids.open, at },
          },
          {
            sql: `INSERT INTO incidents (id, name, status, impact, started_at, created_at, updated_at)
                  VALUES ('inc_brandnew', 'Search <is> down', 'investigating', 'major', :at, :at, :at)`,
            args: { at },
          },
          {
            sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
                  VALUES ('upd_new2', 'inc_brandnew', 'investigating', 'Looking.', :at, :at, :at)`,
            args: { at },
          },
          { sql: 'DELETE FROM incident_updates WHERE incident_id = ?', args: [fixture.ids.old] },
          { sql: 'DELETE FROM incident_components WHERE incident_id = ?', args: [fixture.ids.old] },
          { sql: 'DELETE FROM incidents WHERE id = ?', args: [fixture.ids.old] },
        ],
        'write',
      );
      const second = join(dir, 'second');
      const incremental = await renderer.build({ outDir: second, previousDir: first, builtAt });
      expect(incremental.mode).toBe('incremental');
      expect(incremental.precompressed).toBe(true);
      // Far fewer than every page: the unchanged incidents' pages are links to the first build's.
      expect(incremental.rendered).toBeLessThan(incremental.pages);
      expect((await stat(join(second, 'incidents', fixture.ids.resolved, 'index.html'))).ino).toBe(
        untouchedInode,
      );

      const reference = new SiteRenderer({ databaseUrl: url, cacheDir: join(dir, 'cache-2'), log: () => {} });
      renderers.push(reference);
      const fresh = join(dir, 'fresh');
      await reference.build({ outDir: fresh, builtAt });
      await expectSameSite(second, fresh);
      // The live build it started from is as it was.
      expect(await readFile(join(first, 'index.html'))).toEqual(frontBefore);
      expect((await listFiles(first)).has(`incidents/${fixture.ids.old}/index.html`)).toBe(true);

      // The next build takes over the first folder (no longer live) rather than linking every file
      // of the second: it must drop the deleted incident's page, take the changes the second build
      // made and this one's, and still equal a full build.
      await db.execute({
        sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
              VALUES ('upd_new3', 'inc_brandnew', 'identified', 'Found it.', :at, :at, :at)`,
        args: { at },
      });
      const third = join(dir, 'third');
      const recycled = await renderer.build({
        outDir: third,
        previousDir: second,
        recycleDir: first,
        builtAt,
      });
      expect(recycled.mode).toBe('incremental');
      await expect(stat(first)).rejects.toThrow(/ENOENT/);
      // Pages unchanged since the second build are its files, not copies.
      expect((await stat(join(third, 'incidents', fixture.ids.resolved, 'index.html'))).ino).toBe(
        untouchedInode,
      );
      const freshAgain = join(dir, 'fresh-again');
      await reference.build({ outDir: freshAgain, builtAt });
      await expectSameSite(third, freshAgain);
      // The live build (the second) is as it was.
      await expectSameSite(second, fresh);
    },
    TIMEOUT,
  );

  it(
    'also after page settings, a post-mortem and a maintenance window change what pages show',
    async () => {
      const { db, url, dir } = await createTestDatabase();
      const fixture = await insertSiteFixture(db);
      const builtAt = Date.now();
      const renderer = new SiteRenderer({ databaseUrl: url, cacheDir: join(dir, 'cache'), log: () => {} });
      renderers.push(renderer);
      const first = join(dir, 'first');
      await renderer.build({ outDir: first, builtAt });

      const reference = new SiteRenderer({ databaseUrl: url, cacheDir: join(dir, 'cache-2'), log: () => {} });
      renderers.push(reference);
      let previous = first;
      let older: string | undefined;
      // Each build after the first takes over the build before the live one, as the server asks.
      const expectIncrementalEqualsFull = async (name: string) => {
        const next = join(dir, name);
        const incremental = await renderer.build({
          outDir: next,
          previousDir: previous,
          recycleDir: older,
          builtAt,
        });
        expect(incremental.mode).toBe('incremental');
        const fresh = join(dir, `${name}-full`);
        await reference.build({ outDir: fresh, builtAt });
        await expectSameSite(next, fresh);
        older = previous;
        previous = next;
      };

      // A post-mortem (linked from the incident's month in the history), and a window on a
      // component no incident of this change touches (only the window changes its feeds).
      const ctx = { actor: 'system', now: new Date(builtAt - 30_000).toISOString() };
      await savePostmortemDraft(
        db,
        { incident_id: fixture.ids.resolved, body: '## Summary\n\nA *cause*.', action_items: [] },
        ctx,
      );
      await publishPostmortem(db, { incident_id: fixture.ids.resolved, notify: false }, ctx);
      await createMaintenance(
        db,
        {
          name: 'Database <upgrade>',
          scheduled_for: new Date(builtAt + 86_400_000).toISOString(),
          scheduled_until: new Date(builtAt + 90_000_000).toISOString(),
          components: [fixture.ids.dns],
          message: 'Read-only for a **few** minutes.',
        },
        ctx,
      );
      await expectIncrementalEqualsFull('second');

      // Page settings that cached pages show: the cadence (the "next update by" promise), the
      // metrics line, the header's logo and links (every page's layout).
      await db.execute(
        `UPDATE page SET update_cadence_minutes = '{"none":15,"minor":15,"major":15,"critical":15}', show_incident_metrics = 1,
          logo_url = 'https://example.com/logo.png', support_url = 'mailto:help@example.com'`,
      );
      await expectIncrementalEqualsFull('third');
      await expect(stat(first)).rejects.toThrow(/ENOENT/);

      // Back to the defaults, and the maintenance window cancelled: pages the two builds before
      // changed go back to what they were.
      await db.execute(
        `UPDATE page SET update_cadence_minutes = '{"critical":30,"major":60,"minor":240,"none":480}', show_incident_metrics = 0,
          logo_url = NULL, support_url = NULL`,
      );
      await db.execute(`UPDATE maintenances SET status = 'cancelled'`);
      // And the post-mortem deleted: its page goes, the incident and its month show none.
      await deletePostmortem(db, fixture.ids.resolved, ctx);
      await expectIncrementalEqualsFull('fourth');
      expect(
        (await listFiles(join(dir, 'fourth'))).has(`incidents/${fixture.ids.resolved}/postmortem/index.html`),
      ).toBe(false);
      await expectIncrementalEqualsFull('fifth');
    },
    TIMEOUT,
  );

  it(
    'builds in full when asked to start from a build it did not make, then incrementally again',
    async () => {
      const { db, url, dir } = await createTestDatabase();
      await insertSiteFixture(db);
      const renderer = new SiteRenderer({ databaseUrl: url, cacheDir: join(dir, 'cache'), log: () => {} });
      renderers.push(renderer);
      await renderer.build({ outDir: join(dir, 'first') });
      // Not the folder the renderer built last (a restored backup, say): it cannot know its pages.
      const unknown = await renderer.build({
        outDir: join(dir, 'second'),
        previousDir: join(dir, 'elsewhere'),
      });
      expect(unknown.mode).toBe('full');
      expect((await stat(join(dir, 'second', 'index.html'))).isFile()).toBe(true);
      const next = await renderer.build({ outDir: join(dir, 'third'), previousDir: join(dir, 'second') });
      expect(next.mode).toBe('incremental');

      // The live build deleted from under the server (a clean-up tool), the one before it still
      // there: taking that one over would publish it without the pages it lacks. A full build.
      await rm(join(dir, 'third'), { recursive: true });
      const repaired = await renderer.build({
        outDir: join(dir, 'fourth'),
        previousDir: join(dir, 'third'),
        recycleDir: join(dir, 'second'),
      });
      expect(repaired.mode).toBe('full');
      expect((await stat(join(dir, 'fourth', 'index.html'))).isFile()).toBe(true);
    },
    TIMEOUT,
  );
});
