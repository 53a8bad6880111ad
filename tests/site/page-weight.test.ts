// The front page stays small: with the demo data (HTML + CSS + JS it loads, uncompressed) and in an
// incident storm (2,000 incidents started on one day), where the per-day and per-card bounds hold.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../api/demo/seed.ts';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';

const KB = 1024;
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function buildSite(fill: (db: Awaited<ReturnType<typeof openNodeDatabase>>) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'candor-weight-'));
  dirs.push(dir);
  const url = `file:${join(dir, 'candor.db')}`;
  const db = await openNodeDatabase(url);
  await migrate(db, await readMigrationFiles());
  await fill(db);
  db.close();
  const out = join(dir, 'out');
  await runAstroBuild({ databaseUrl: url, outDir: out, cacheDir: join(dir, 'cache') });
  return out;
}

/** The bytes of / plus each stylesheet and script file it links. */
async function frontPageWeight(out: string): Promise<{ html: number; total: number; text: string }> {
  const text = await readFile(join(out, 'index.html'), 'utf8');
  const assets = new Set(
    [...text.matchAll(/<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="(\/_astro\/[^"]+)"/g)].map(
      (match) => match[1] ?? '',
    ),
  );
  let total = Buffer.byteLength(text);
  for (const asset of assets) total += (await readFile(join(out, asset))).byteLength;
  return { html: Buffer.byteLength(text), total, text };
}

describe('the front page weight', () => {
  it('is at most 30 KB with the demo data, HTML, CSS and JS together', async () => {
    const out = await buildSite(async (db) => {
      await seedDemoIfEmpty(db, new Date());
    });
    const weight = await frontPageWeight(out);
    expect(weight.text).toContain('No incidents reported.');
    expect(weight.total).toBeLessThanOrEqual(30 * KB);
  }, 180_000);

  it('is at most 100 KB after 2,000 incidents started on one day, with "and N more" into the history', async () => {
    const now = Date.now();
    const out = await buildSite(async (db) => {
      await db.execute({
        sql: `INSERT INTO page (id, name, url, time_zone, created_at, updated_at) VALUES ('page_s', 'Storm', '', 'UTC', ?, ?)`,
        args: [new Date(now).toISOString(), new Date(now).toISOString()],
      });
      const statements = [];
      const dayStart = Date.UTC(
        new Date(now).getUTCFullYear(),
        new Date(now).getUTCMonth(),
        new Date(now).getUTCDate(),
      );
      for (let i = 0; i < 2000; i++) {
        const at = new Date(Math.min(now - 1000, dayStart + i * 1000)).toISOString();
        statements.push(
          {
            sql: `INSERT INTO incidents (id, name, status, impact, started_at, resolved_at, created_at, updated_at)
              VALUES (?, ?, 'resolved', 'minor', ?, ?, ?, ?)`,
            args: [`inc_s${i}`, `Monitor alert ${i}`, at, at, at, at],
          },
          {
            sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
              VALUES (?, ?, 'resolved', 'Recovered by itself.', ?, ?, ?)`,
            args: [`upd_s${i}`, `inc_s${i}`, at, at, at],
          },
        );
      }
      await db.batch(statements, 'write');
    });
    const weight = await frontPageWeight(out);
    expect(weight.html).toBeLessThanOrEqual(100 * KB);
    const more = weight.text.match(/href="([^"]+)"[^>]*>\s*and (\d+) more incidents that day/);
    expect(Number(more?.[2])).toBe(1995);
    // The link leads to the page of the month that lists the first incident not shown.
    const target = await readFile(join(out, more?.[1] ?? '/missing/', 'index.html'), 'utf8');
    expect(target).toContain('Monitor alert 1994');
    expect(target).toMatch(/page \d+ of 40/);
  }, 300_000);
});
