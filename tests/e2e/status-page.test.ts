import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('the status page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // The Node server's own default refresh period: the 5 s promise below is made with it.
    server = await startTestServer();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openPage(path: string): Promise<Page> {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status()).toBe(200);
    return page;
  }

  async function expectNoSeriousViolations(page: Page): Promise<void> {
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
  }

  it('shows a posted update as the rebuilt page renders it within 5 s, without a reload', async () => {
    const name = `Live check ${crypto.randomUUID().slice(0, 8)}`;
    const created = await server.admin('POST', '/admin/v1/incidents', {
      name,
      status: 'investigating',
      impact: 'major',
      message: 'We are looking into it.',
    });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    await server.builder.whenIdle();

    const page = await openPage('/');
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const card = page.locator(`[data-incident-id="${id}"]`);
    expect(await card.count()).toBe(1);

    const posted = Date.now();
    const update = await server.admin('POST', `/admin/v1/incidents/${id}/updates`, {
      status: 'identified',
      message: 'We are **rotating** it; see [their status](https://status.example.com/).',
    });
    expect(update.status).toBe(201);
    // Within 5 s the tab knows: it shows the rebuilt card, or says an update was posted (never a
    // half version) while the build still runs.
    const notice = page.locator('[data-live-notice]');
    const rendered = card.locator('.md strong');
    await expect
      .poll(async () => (await notice.isVisible()) || (await rendered.count()) > 0, {
        timeout: 5_000,
        interval: 100,
      })
      .toBe(true);
    expect(Date.now() - posted).toBeLessThan(5_000);
    // Then the rebuilt page's own card. The whole way from POST to card is the build plus the
    // tab's next look (below); the build's time is the builder's.
    await expect
      .poll(() => card.locator('.md strong').first().textContent(), { timeout: 60_000, interval: 100 })
      .toBe('rotating');
    const seen = Date.now();
    const builds = (await server.admin('GET', '/admin/v1/site/builds')).json as Array<{
      status: string;
      finished_at: string | null;
    }>;
    const published = builds
      .filter((build) => build.status === 'succeeded' && build.finished_at)
      .map((build) => Date.parse(build.finished_at ?? ''))
      .filter((finished) => finished >= posted && finished <= seen)
      .sort((a, b) => a - b)[0];
    expect(published).toBeDefined();
    // Once the rebuild is served, the tab swaps it in at its next look: the next summary check
    // (every 3 s, the Node server's default) when the build was out before the tab noticed the
    // change, else the next pending poll (every 1 s). Plus the page's fetch and swap and this
    // test's own polling, on a machine running other browsers at once.
    expect(seen - (published ?? 0)).toBeLessThan(3_000 + 1_000);
    await expect.poll(() => notice.isHidden()).toBe(true);
    expect(await card.locator('a[href="https://status.example.com/"]').textContent()).toBe('their status');
    // The earlier update stays: the card is the rebuilt page's, not a summary of the API's.
    expect(await card.locator('[data-update-id]').count()).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await page.close();
  }, 120_000);

  it("moves an open tab's next-update promise when the page's cadence changes, without a reload", async () => {
    const created = await server.admin('POST', '/admin/v1/incidents', {
      name: `Cadence check ${crypto.randomUUID().slice(0, 8)}`,
      status: 'investigating',
      impact: 'minor',
      message: 'Looking into it.',
    });
    const incident = created.json as {
      id: string;
      next_update_at: string;
      incident_updates: Array<{ created_at: string }>;
    };
    await server.builder.whenIdle();
    const page = await openPage('/');
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const promise = page.locator(`[data-incident-id="${incident.id}"] [data-next-update] time`);
    expect(await promise.getAttribute('datetime')).toBe(incident.next_update_at);

    const cadence = { critical: 30, major: 60, minor: 20, none: 480 };
    const patched = await server.admin('PATCH', '/admin/v1/page', { update_cadence_minutes: cadence });
    expect(patched.status).toBe(200);
    const posted = Date.parse(incident.incident_updates[0]?.created_at ?? '');
    const expected = new Date(posted + cadence.minor * 60_000).toISOString();
    await expect
      .poll(() => promise.getAttribute('datetime'), { timeout: 30_000, interval: 100 })
      .toBe(expected);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await server.admin('PATCH', '/admin/v1/page', {
      update_cadence_minutes: { critical: 30, major: 60, minor: 240, none: 480 },
    });
    await server.admin('POST', `/admin/v1/incidents/${incident.id}/updates`, {
      status: 'resolved',
      message: 'Fixed.',
    });
    await server.builder.whenIdle();
    await page.close();
  }, 120_000);

  it('runs the live script under the Content-Security-Policy the server sends, with no violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const summaryFetched = page.waitForResponse((response) =>
      response.url().endsWith('/api/v2/summary.json'),
    );
    const response = await page.goto(`${server.url}/`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect((await summaryFetched).status()).toBe(200);
    // One more refresh cycle (3 s on Node), so a script blocked after its first run would show too.
    await page.waitForTimeout(3_500);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('has no serious or critical accessibility violations on the main pages', async () => {
    const incidents = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: Array<{ id: string }>;
    };
    const first = incidents.incidents[0];
    if (!first) throw new Error('the demo data has no incident');
    await server.builder.whenIdle();
    for (const path of ['/', `/incidents/${first.id}/`, '/history/']) {
      for (const colorScheme of ['light', 'dark'] as const) {
        // axe-core's Playwright runner needs a page opened from an explicit context.
        const context = await browser.newContext({ colorScheme });
        const page = await context.newPage();
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        await expectNoSeriousViolations(page);
        await context.close();
      }
    }
  }, 90_000);

  it('never scrolls sideways at 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    for (const path of ['/', '/history/']) {
      await page.goto(`${server.url}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  it('shows 30 days per bar at 390 px, and every day is reachable from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const uptime = page.locator('.uptime').first();
    // The 90-day label is hidden; the narrow label comes from the stylesheet.
    expect(await uptime.locator('.scale .wide').isVisible()).toBe(false);
    expect(await uptime.locator('.scale').evaluate((el) => getComputedStyle(el, '::before').content)).toBe(
      '"30 days ago"',
    );
    const bar = uptime.locator('svg.bars');
    expect(await bar.getAttribute('role')).toBe('slider');
    await bar.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    expect(await bar.getAttribute('aria-valuenow')).toBe('89');
    const detail = uptime.locator('.day-detail');
    expect(await detail.textContent()).toMatch(/^\d{1,2} \w{3} \d{4}: /);
    await page.keyboard.press('Home');
    expect(await bar.getAttribute('aria-valuenow')).toBe('1');
    await context.close();
  });

  it("shows times in the reader's own time zone and says so", async () => {
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const note = page.locator('[data-zone-note]');
    await expect.poll(() => note.textContent()).toBe('Times are shown in your time zone, America/New_York.');
    // A full date and time (a "Next update by" line shows the time of day only).
    const time = page.locator('time[data-local]:not([data-local="clock"])').first();
    const iso = (await time.getAttribute('datetime')) ?? '';
    const expected = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(Date.parse(iso));
    expect(await time.textContent()).toBe(expected);
    await context.close();
  });

  it('answers unknown pages with the site 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/no-such-page/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('body').textContent()).toMatch(/not found/i);
    await page.close();
  });
});
