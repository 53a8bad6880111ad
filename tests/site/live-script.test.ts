// The front page's live script in a real browser, against a stand-in for /api/v2/summary.json
// whose answer each test sets.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';
import { siteSecurityHeaders } from '../../site/lib/security-headers.ts';
import { launchChromium } from '../support/browser.ts';
import { insertSiteFixture, OPEN_NAME, type SiteFixture } from './fixtures.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
};

let summary: unknown = null;

function serveSite(root: string): Server {
  return createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/api/v2/summary.json') {
      if (summary === null) response.writeHead(503).end();
      else response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(summary));
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    try {
      if (!file.startsWith(root)) throw new Error('outside the site');
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

function summaryWith(fixture: SiteFixture, incidents: unknown[]) {
  return {
    page: {
      id: 'page_fixture',
      name: 'Acme',
      url: '',
      time_zone: 'Europe/Berlin',
      updated_at: new Date().toISOString(),
    },
    status: { indicator: 'critical', description: 'Major System Outage' },
    components: [
      { id: 'grp_core', name: 'Core', status: 'major_outage', group: true, components: [fixture.ids.api] },
      { id: fixture.ids.api, name: 'API', status: 'major_outage', group: false },
      { id: fixture.ids.dashboard, name: 'Dashboard', status: 'operational', group: false },
      { id: fixture.ids.legacy, name: 'Legacy API', status: 'partial_outage', group: false },
    ],
    incidents,
    scheduled_maintenances: [],
  };
}

describe('the live script', () => {
  let dir: string;
  let server: Server;
  let browser: Browser;
  let origin: string;
  let fixture: SiteFixture;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-live-'));
    const url = `file:${join(dir, 'candor.db')}`;
    const db = await openNodeDatabase(url);
    await migrate(db, await readMigrationFiles());
    fixture = await insertSiteFixture(db);
    db.close();
    const out = join(dir, 'out');
    await runAstroBuild({
      databaseUrl: url,
      outDir: out,
      cacheDir: join(dir, 'cache'),
      liveRefreshSeconds: 1,
    });
    server = serveSite(out);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(timezoneId?: string): Promise<Page> {
    const page = await browser.newPage(timezoneId ? { timezoneId } : {});
    await page.goto(`${origin}/`);
    return page;
  }

  it('updates the banner, the component statuses and the open incidents in place, as text', async () => {
    summary = summaryWith(fixture, [
      {
        id: 'inc_live',
        name: 'API down <img src=x onerror="window.owned=1">',
        status: 'identified',
        impact: 'critical',
        incident_updates: [
          { id: 'upd_live2', status: 'identified', body: 'Cause found: <b>not bold</b>' },
          { id: 'upd_live1', status: 'investigating', body: 'Looking.' },
        ],
      },
    ]);
    const page = await open();
    const banner = page.locator('[data-status-description]');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toBe('Major System Outage');
    expect(await page.getAttribute('[data-status-banner]', 'data-indicator')).toBe('critical');

    const api = page.locator(`[data-component-id="${fixture.ids.api}"]`);
    expect(await api.locator('[data-status-word]').textContent()).toBe('Major outage');
    expect(await api.getAttribute('data-status')).toBe('major_outage');
    expect(await api.locator('[data-status-icon] use').getAttribute('href')).toBe('#i-down');
    expect(await page.locator('[data-group-id="grp_core"] [data-status-word]').first().textContent()).toBe(
      'Major outage',
    );
    // Shown only while degraded: hidden in the build, visible once the API says it is not operational.
    expect(await page.locator(`[data-component-id="${fixture.ids.legacy}"]`).isVisible()).toBe(true);

    const incidents = page.locator('[data-active-incidents]');
    expect(await incidents.locator('h3 a').textContent()).toBe(
      'API down <img src=x onerror="window.owned=1">',
    );
    expect(await incidents.locator('h3 a').getAttribute('href')).toBe('/incidents/inc_live/');
    expect(await incidents.locator('.live-update').textContent()).toBe(
      'Identified — Cause found: <b>not bold</b>',
    );
    expect(await incidents.locator('img, b').count()).toBe(0);
    expect(await incidents.textContent()).not.toContain(OPEN_NAME);
    expect(await page.evaluate(() => (window as unknown as { owned?: number }).owned)).toBeUndefined();
    expect(await page.locator('[data-live-updated]').textContent()).toMatch(
      /^Live: .*last checked at \d\d:\d\d:\d\d/,
    );
    await page.close();
  }, 30_000);

  it('keeps the built list of open incidents while the API reports the same ones', async () => {
    summary = summaryWith(fixture, [
      {
        id: fixture.ids.open,
        name: OPEN_NAME,
        status: 'investigating',
        impact: 'minor',
        incident_updates: [
          {
            id: fixture.ids.openUpdate,
            status: 'investigating',
            body: 'We are **looking** into slow page loads.',
          },
        ],
      },
    ]);
    const page = await open();
    await expect
      .poll(() => page.locator('[data-status-description]').textContent(), { timeout: 10_000 })
      .toBe('Major System Outage');
    // The built list renders markdown; a list rebuilt from the API would hold plain text.
    expect(await page.locator('[data-active-incidents] strong').textContent()).toBe('looking');
    await page.close();
  }, 30_000);

  it("shows each open incident's next update in the reader's own time zone", async () => {
    const readerClock = (iso: string, timeZone: string) =>
      new Date(iso).toLocaleTimeString('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
        timeZone,
      });
    // As built (page zone Europe/Berlin), rewritten in the reader's zone before any refresh.
    summary = null;
    const built = await open('Asia/Tokyo');
    const builtTime = built.locator('[data-next-update] time');
    const due = String(await builtTime.getAttribute('datetime'));
    await expect
      .poll(() => builtTime.textContent(), { timeout: 10_000 })
      .toBe(readerClock(due, 'Asia/Tokyo'));
    await built.close();

    summary = summaryWith(fixture, [
      {
        id: 'inc_next',
        name: 'Checkout errors',
        status: 'identified',
        impact: 'major',
        incident_updates: [{ id: 'upd_next', status: 'identified', body: 'Found it.' }],
        next_update_at: '2026-11-30T14:45:00.000Z',
      },
    ]);
    const page = await open('America/New_York');
    const promise = page.locator('[data-active-incidents] [data-next-update]');
    await expect
      .poll(() => promise.textContent(), { timeout: 10_000 })
      .toBe(`Next update by ${readerClock('2026-11-30T14:45:00.000Z', 'America/New_York')}`);
    expect(await promise.textContent()).toMatch(/^Next update by 09:45 /);
    expect(await promise.locator('time').getAttribute('datetime')).toBe('2026-11-30T14:45:00.000Z');
    await page.close();
  }, 30_000);

  it('leaves the page as built when the API does not answer', async () => {
    summary = null;
    const page = await open();
    const failed = page.waitForResponse((response) => response.url().endsWith('/api/v2/summary.json'));
    expect((await failed).status()).toBe(503);
    await page.waitForTimeout(1500);
    expect(await page.locator('[data-status-description]').textContent()).toBe('Partially Degraded Service');
    expect(await page.locator('[data-live-updated]').textContent()).toMatch(/^Status as of /);
    expect(await page.locator('[data-active-incidents] h3').textContent()).toContain(OPEN_NAME);
    await page.close();
  }, 30_000);
});
