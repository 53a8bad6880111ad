// The edge deployment's site build: `astro build` on a static host's builder (Pages, a CI job)
// reads the data from the libSQL server over HTTP, and the page's live script points at the
// Worker's origin rather than its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { parseHtml } from '../site/documents.ts';
import { type LibsqlHttpServer, startLibsqlHttpServer } from '../support/libsql-http-server.ts';
import { migrateRemote } from '../support/worker.ts';

const AUTH_TOKEN = 'site-build-token';
const API_ORIGIN = 'https://api.status.example.test';

let dir: string;
let database: LibsqlHttpServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candor-edge-site-'));
  database = await startLibsqlHttpServer({ file: join(dir, 'candor.db'), authToken: AUTH_TOKEN });
  await migrateRemote(database.url, ['--demo'], {
    DATABASE_AUTH_TOKEN: AUTH_TOKEN,
    CANDOR_PUBLIC_URL: 'https://status.example.test',
  });
}, 60_000);

afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('builds the status page from a libSQL server, with the live script reading the API origin', async () => {
  const outDir = join(dir, 'dist');
  const { pages } = await runAstroBuild({
    databaseUrl: database.url,
    databaseAuthToken: AUTH_TOKEN,
    outDir,
    cacheDir: join(dir, 'cache'),
    apiOrigin: API_ORIGIN,
  });
  expect(pages).toBeGreaterThan(3);
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  expect(html).toContain('Public API');
  expect(html).toContain('Elevated error rates on the public API');
  const apiOrigins = parseHtml(html)
    .findAll('[data-api-origin]')
    .map((element) => element.attributes['data-api-origin']);
  expect(apiOrigins).toEqual([API_ORIGIN]);
  const feed = await readFile(join(outDir, 'history.atom'), 'utf8');
  expect(feed).toContain('https://status.example.test/');
}, 120_000);

it('fails the migrate command, and so the deploy, when the database refuses the token', async () => {
  await expect(
    migrateRemote(database.url, [], {
      DATABASE_AUTH_TOKEN: 'wrong',
      CANDOR_PUBLIC_URL: 'https://status.example.test',
    }),
  ).rejects.toMatchObject({ code: 1 });
});
