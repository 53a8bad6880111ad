// The post-mortem screen of the console in Chromium, over the real server (site builds included):
// write and publish with JavaScript on and off, a follow-up version, hostile markdown, and axe.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Page loads and site builds take seconds on a loaded machine. */
const eventually = <T>(read: () => T | Promise<T>, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 250 });

interface V2Incident {
  id: string;
  status: string;
  postmortem_body: string | null;
}

async function expectAxeClean(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    results.violations.map(
      (v) => `${label}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    ),
  ).toEqual([]);
}

describe('post-mortems in the console, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A resolved incident through the admin API (the console's incident flows have their own tests). */
  async function resolvedIncident(name: string, impact = 'major'): Promise<string> {
    const created = await server.admin('POST', '/admin/v1/incidents', {
      name,
      status: 'resolved',
      impact,
      message: 'It is fixed.',
    });
    expect(created.status).toBe(201);
    return (created.json as { id: string }).id;
  }

  async function signedIn(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Sign in with a token' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Now');
    return page;
  }

  async function publicIncident(id: string): Promise<V2Incident | undefined> {
    const body = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: V2Incident[];
    };
    return body.incidents.find((incident) => incident.id === id);
  }

  /** The public post-mortem page once the rebuild has it (contains `text`), as a browser page. */
  async function publicPostmortem(id: string, text: string): Promise<Page> {
    const url = `${server.url}/incidents/${id}/postmortem/`;
    await eventually(async () => {
      const response = await fetch(url);
      return response.ok && (await response.text()).includes(text);
    }, 90_000).toBe(true);
    const page = await browser.newPage();
    await page.goto(url);
    return page;
  }

  async function fillItem(page: Page, n: number, title: string, status: string, due: string) {
    await page.getByLabel(`Action item ${n}`, { exact: true }).fill(title);
    await page.getByLabel(`Status of item ${n}`).selectOption(status);
    await page.getByLabel(`Due date of item ${n} (optional)`).fill(due);
  }

  async function publish(page: Page, version: number, notify: boolean): Promise<void> {
    await page.getByRole('button', { name: 'Publish…' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe(`Publish version ${version}?`);
    const box = page.getByLabel(/Notify subscribers/);
    if ((await box.isChecked()) !== notify) await box.click();
    await page.getByRole('button', { name: `Publish version ${version}` }).click();
    await eventually(() => page.locator('main').textContent()).toContain(
      'Published. The page is being rebuilt.',
    );
  }

  async function writeAndPublish(javaScriptEnabled: boolean): Promise<void> {
    const label = javaScriptEnabled ? 'JS' : 'no JS';
    const name = `Card payments failing (${label})`;
    const id = await resolvedIncident(name, 'critical');
    const sibling = `Card payments slow (${label})`;
    const siblingId = await resolvedIncident(sibling, 'minor');
    const page = await signedIn(javaScriptEnabled);

    // Owed on the list; the link opens the editor on the template.
    await page.goto(`${server.url}/admin/postmortems`);
    await page.getByRole('link', { name: `Write the post-mortem for ${name}` }).click();
    await eventually(() => page.locator('h1').textContent()).toBe(`Post-mortem: ${name}`);
    expect(await page.getByLabel('Report (markdown)').inputValue()).toContain('## Summary');

    const report = `## Summary\n\nA certificate expired (${label}), so card payments failed for 40 minutes.`;
    await page.getByLabel('Report (markdown)').fill(report);
    await fillItem(page, 1, `Alert 30 days before expiry (${label})`, 'in_progress', '2026-12-15');
    await fillItem(page, 2, `Automate renewal (${label})`, 'planned', '');
    // Room for one more: a post that re-renders with everything typed kept.
    await page.getByRole('button', { name: 'Add another row' }).click();
    await eventually(() => page.getByLabel('Action item 3', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Report (markdown)').inputValue()).toBe(report);
    expect(await page.getByLabel('Action item 1', { exact: true }).inputValue()).toBe(
      `Alert 30 days before expiry (${label})`,
    );
    expect(await page.getByLabel('Due date of item 1 (optional)').inputValue()).toBe('2026-12-15');
    await fillItem(page, 3, `Remove me (${label})`, 'planned', '');
    await page.getByRole('button', { name: 'Remove item 3' }).click();
    await eventually(() => page.getByLabel('Action item 2', { exact: true }).inputValue()).toBe(
      `Automate renewal (${label})`,
    );
    expect(
      await page
        .locator('input[name="item_title"]')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
    ).not.toContain(`Remove me (${label})`);
    // The same root cause: the sibling incident, picked by name.
    await page.getByRole('checkbox', { name: new RegExp(sibling.replace(/[()]/g, '\\$&')) }).check();

    await page.getByRole('button', { name: 'Preview' }).click();
    await eventually(() => page.locator('.pm-report').textContent()).toContain('A certificate expired');
    expect(await page.locator('.pm-report td').first().textContent()).toBe(
      `Alert 30 days before expiry (${label})`,
    );
    await page.getByRole('button', { name: 'Save draft', exact: true }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Draft saved.');
    await page.goto(`${server.url}/admin/postmortems`);
    expect(await page.locator('main').textContent()).toContain(`${name} · ${sibling}`);
    await page.goto(`${server.url}/admin/postmortems/${id}`);

    await publish(page, 1, true);
    expect(await page.locator('main').textContent()).toContain('Version 1');

    const published = await publicPostmortem(id, 'A certificate expired');
    expect(await published.locator('.report td').first().textContent()).toBe(
      `Alert 30 days before expiry (${label})`,
    );
    expect(await published.locator('main').textContent()).toContain(sibling);
    await published.close();
    await eventually(async () => (await publicIncident(id))?.status).toBe('postmortem');
    const incident = await publicIncident(id);
    expect(incident?.postmortem_body).toContain('A certificate expired');
    expect(incident?.postmortem_body).toContain('## Action items');
    expect((await publicIncident(siblingId))?.status).toBe('postmortem');

    // Version 2: an item done is a follow-up, on the page.
    await page.getByLabel('Status of item 1').selectOption('done');
    await publish(page, 2, false);
    const followUp = await publicPostmortem(id, 'Follow-ups');
    expect(await followUp.locator('#follow-ups-heading + ul').textContent()).toContain(
      `Alert 30 days before expiry (${label})`,
    );
    expect(await followUp.locator('.published').textContent()).toContain('updated on');
    await followUp.close();
    await page.context().close();
  }

  it('with JavaScript off: writes a post-mortem with action items, publishes it and a follow-up', async () => {
    await writeAndPublish(false);
  }, 240_000);

  it('with JavaScript on: the same', async () => {
    await writeAndPublish(true);
  }, 240_000);

  it('sanitises hostile markdown in the preview and on the published page', async () => {
    const id = await resolvedIncident('Hostile report', 'major');
    const page = await signedIn(true);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const filler = 'The load balancer dropped connections. '.repeat(520);
    const hostile = `## Hostile\n\n<script>alert("script")</script>\n\n[click me](javascript:alert("link")) and [also](JaVaScRiPt:alert(1))\n\n<img src="x" onerror="alert('img')">\n\n<iframe src="https://evil.test"></iframe>\n\n${filler}`;
    expect(hostile.length).toBeGreaterThan(20_000);
    await page.goto(`${server.url}/admin/postmortems/${id}`);
    await page.getByLabel('Report (markdown)').fill(hostile);
    await page.getByRole('button', { name: 'Preview' }).click();
    await eventually(() => page.locator('.pm-report').textContent()).toContain('dropped connections');

    async function expectInert(target: Page, root: string) {
      const found = await target.locator(root).evaluate((element) => ({
        scripts: element.querySelectorAll('script').length,
        iframes: element.querySelectorAll('iframe').length,
        handlers: element.querySelectorAll('[onerror]').length,
        javascriptLinks: [...element.querySelectorAll('a')].filter((a) =>
          /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
        ).length,
      }));
      expect(found).toEqual({ scripts: 0, iframes: 0, handlers: 0, javascriptLinks: 0 });
    }
    await expectInert(page, '.pm-report');
    await publish(page, 1, false);
    const published = await publicPostmortem(id, 'dropped connections');
    published.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await expectInert(published, '.report');
    await published.close();
    expect(dialogs).toEqual([]);
    await page.context().close();
  }, 240_000);

  // axe takes seconds a page on a loaded machine: one test per colour scheme.
  for (const scheme of ['light', 'dark'] as const) {
    it(`the list, the editor, its preview and the publish step are axe-clean in the ${scheme} scheme and fit 360 px`, async () => {
      const id = await resolvedIncident(`Axe check (${scheme})`, 'critical');
      const page = await signedIn(true);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${server.url}/admin/postmortems`);
      await expectAxeClean(page, `list (${scheme})`);
      await page.goto(`${server.url}/admin/postmortems/${id}`);
      await expectAxeClean(page, `editor (${scheme})`);
      await page.getByRole('button', { name: 'Preview' }).click();
      await eventually(() => page.locator('.pm-report').count()).toBe(1);
      await expectAxeClean(page, `preview (${scheme})`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.getByRole('button', { name: 'Publish…' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Publish version 1?');
      await expectAxeClean(page, `publish step (${scheme})`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.goto(`${server.url}/admin/postmortems/${id}/waive`);
      await expectAxeClean(page, `waiver step (${scheme})`);
      await page.context().close();
    }, 240_000);
  }
});
