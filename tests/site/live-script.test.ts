// The live script in a real browser against a static host: the built site from a folder that the
// test swaps for a rebuilt one (as a deploy does), and summary.json read from the same database by
// the real endpoint code, so the signatures the build writes and the API's are checked against each
// other, not against a hand-written stand-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Client } from '@libsql/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock } from '../../api/cadence/clock-format.ts';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { buildEndpointDocument } from '../../api/public/endpoints.ts';
import { postIncidentUpdate } from '../../api/services/incident-updates.ts';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';
import { siteSecurityHeaders } from '../../site/lib/security-headers.ts';
import { launchChromium } from '../support/browser.ts';
import { testContext } from '../support/factories.ts';
import { insertSiteFixture, OPEN_NAME, type SiteFixture } from './fixtures.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
};

describe('the live script', () => {
  let dir: string;
  let url: string;
  let db: Client;
  let server: Server;
  let browser: Browser;
  let origin: string;
  let fixture: SiteFixture;
  /** The folder the static host serves: replaced whole by each "deploy". */
  let siteRoot: string;
  let apiUp = true;
  const pageFetches: string[] = [];

  function serve(): Server {
    return createServer(async (request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === '/api/v2/summary.json') {
        if (!apiUp) return void response.writeHead(503).end();
        const { document } = await buildEndpointDocument(db, 'summary.json');
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document));
        return;
      }
      if (path.endsWith('/')) pageFetches.push(path);
      const file = normalize(join(siteRoot, path.endsWith('/') ? `${path}index.html` : path));
      try {
        if (!file.startsWith(siteRoot)) throw new Error('outside the site');
        await stat(file);
        // With the policy the real servers send, so that a script the policy blocks fails here too.
        response.writeHead(200, {
          ...siteSecurityHeaders(),
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
        response.end(await readFile(file));
      } catch {
        response.writeHead(404).end();
      }
    });
  }

  let builds = 0;
  async function build(): Promise<string> {
    builds += 1;
    const out = join(dir, `out-${builds}`);
    await runAstroBuild({
      databaseUrl: url,
      outDir: out,
      cacheDir: join(dir, 'cache'),
      liveRefreshSeconds: 1,
    });
    return out;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-live-'));
    url = `file:${join(dir, 'candor.db')}`;
    db = await openNodeDatabase(url);
    await migrate(db, await readMigrationFiles());
    fixture = await insertSiteFixture(db);
    siteRoot = await build();
    server = serve();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string, timezoneId?: string): Promise<Page> {
    const page = await browser.newPage(timezoneId ? { timezoneId } : {});
    await page.goto(`${origin}${path}`);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    return page;
  }

  const summaryFetched = (page: Page) =>
    page.waitForResponse((response) => response.url().endsWith('/api/v2/summary.json'));

  it("shows an open incident's next update in the reader's own time zone", async () => {
    // Built in the page's zone (Europe/Berlin), rewritten in the reader's by the script.
    for (const path of ['/', `/incidents/${fixture.ids.open}/`]) {
      const page = await open(path, 'Asia/Tokyo');
      const time = page.locator('[data-next-update] time').first();
      const due = String(await time.getAttribute('datetime'));
      expect(Number.isNaN(Date.parse(due))).toBe(false);
      await expect.poll(() => time.textContent(), { timeout: 10_000 }).toBe(formatClock(due, 'Asia/Tokyo'));
      expect(await time.textContent()).toMatch(/GMT\+9|JST/);
      await page.close();
    }
    // The tests below count the pages fetched: these opening loads are not theirs.
    pageFetches.splice(0);
  }, 30_000);

  it('leaves a page built from the data the API serves as it is, fetching nothing else', async () => {
    const page = await open('/');
    await summaryFetched(page);
    await summaryFetched(page);
    expect(await page.locator('[data-live-notice]').isHidden()).toBe(true);
    expect(await page.locator('[data-active-incidents] strong').textContent()).toBe('looking');
    expect(await page.locator('[data-live-updated]').textContent()).toMatch(/^Live: .*last checked at/);
    expect(pageFetches.filter((path) => path === '/')).toEqual(['/']);
    await page.close();
  }, 30_000);

  it('says an update was posted until the rebuild is out, then shows the rebuilt HTML in place', async () => {
    const front = await open('/');
    const incidentPage = await open(`/incidents/${fixture.ids.open}/`);
    await summaryFetched(front);

    const message = 'We are **rotating** it; see [their status](https://status.example.com/).';
    await postIncidentUpdate(
      db,
      { incident_id: fixture.ids.open, status: 'identified', message, components: {} },
      testContext(),
    );
    const notice = front.locator('[data-live-notice]');
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(() => incidentPage.locator('[data-live-notice]').isVisible(), { timeout: 10_000 })
      .toBe(true);
    // Nothing half-rendered meanwhile: the card is still the built one.
    expect(await front.locator('[data-active-incidents]').textContent()).not.toContain('rotating');

    siteRoot = await build();
    const card = front.locator(`[data-incident-id="${fixture.ids.open}"]`);
    await expect
      .poll(() => card.locator('.md strong').first().textContent(), { timeout: 10_000 })
      .toBe('rotating');
    expect(await card.locator('a[href="https://status.example.com/"]').textContent()).toBe('their status');
    // The earlier update, its time and the component line stay, as in the rebuilt page.
    expect(await card.locator('[data-update-id]').count()).toBe(2);
    expect(await card.locator(`[data-update-id="${fixture.ids.openUpdate}"] time`).count()).toBe(1);
    expect(await card.locator('.incident-meta').textContent()).toContain('Identified');
    await expect.poll(() => notice.isHidden()).toBe(true);
    // The past-incidents entry of the open incident is the rebuilt one too.
    expect(await front.locator('[data-live-fragment="past"]').textContent()).toContain(OPEN_NAME);

    const updates = incidentPage.locator('[data-live-fragment="updates"]');
    await expect
      .poll(() => updates.locator('.md strong').first().textContent(), { timeout: 10_000 })
      .toBe('rotating');
    expect(await incidentPage.locator('[data-live-fragment="facts"]').textContent()).toContain('Identified');
    await expect.poll(() => incidentPage.locator('[data-live-notice]').isHidden()).toBe(true);
    for (const page of [front, incidentPage]) {
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
        true,
      );
      await page.close();
    }
  }, 120_000);

  it('leaves the page as built when the API does not answer', async () => {
    apiUp = false;
    try {
      const page = await open('/');
      const failed = await summaryFetched(page);
      expect(failed.status()).toBe(503);
      await page.waitForTimeout(1500);
      expect(await page.locator('[data-live-notice]').isHidden()).toBe(true);
      expect(await page.locator('[data-live-updated]').textContent()).toMatch(/^Status as of /);
      expect(await page.locator('[data-active-incidents] h3').textContent()).toContain(OPEN_NAME);
      await page.close();
    } finally {
      apiUp = true;
    }
  }, 30_000);
});
