import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface V2Component {
  id: string;
  name: string;
  group: boolean;
  status: string;
}

describe('the status page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ CANDOR_LIVE_REFRESH_SECONDS: '1' });
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

  it('shows an admin change through the live script without a reload', async () => {
    const page = await openPage('/');
    await expect.poll(() => page.locator('h1').count()).toBeGreaterThan(0);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const components = (await (await fetch(`${server.url}/api/v2/components.json`)).json()) as {
      components: V2Component[];
    };
    const target = components.components.find((c) => !c.group && c.status === 'operational');
    if (!target) throw new Error('the demo data has no operational component');

    const incidentName = `Live check ${crypto.randomUUID().slice(0, 8)}`;
    const created = await server.admin('POST', '/admin/v1/incidents', {
      name: incidentName,
      status: 'investigating',
      impact: 'critical',
      message: 'We are looking into it.',
      components: { [target.id]: 'major_outage' },
    });
    expect(created.status).toBe(201);

    const body = page.locator('body');
    await expect.poll(() => body.textContent(), { timeout: 15_000 }).toContain(incidentName);
    const componentRow = page.locator(`[data-component-id="${target.id}"]`).first();
    await expect.poll(() => componentRow.textContent(), { timeout: 15_000 }).toMatch(/major outage/i);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await page.close();
  }, 60_000);

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
    // One more refresh cycle (1 s here), so a script blocked after its first run would show too.
    await page.waitForTimeout(1_500);
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

  it('answers unknown pages with the site 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/no-such-page/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('body').textContent()).toMatch(/not found/i);
    await page.close();
  });
});
