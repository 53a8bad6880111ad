import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLocalDateTime, toLocalInputValue } from '../../api/console/local-time.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ZONE = 'Europe/Berlin';

/** Page loads and site rebuilds take seconds on a loaded machine: polls wait up to 30 s. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 250 });

interface V2Maintenance {
  id: string;
  name: string;
  status: string;
  scheduled_for: string;
  scheduled_until: string;
  components: { name: string }[];
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

/** A wall time in the page's zone, `days` from now at `hour`:00, as the form field takes it. */
function localInput(days: number, hour: number): string {
  const day = toLocalInputValue(new Date(Date.now() + days * 86_400_000).toISOString(), ZONE).slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00`;
}

const instantOf = (local: string): string => {
  const parsed = parseLocalDateTime(local, ZONE);
  if (!parsed.ok) throw new Error(`${local} is not a time in ${ZONE}`);
  return parsed.iso;
};

describe('the console maintenance screen in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let responderToken: string;
  let componentName: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const page = await server.admin('PATCH', '/admin/v1/page', { time_zone: ZONE });
    expect(page.status).toBe(200);
    const issued = await server.admin('POST', '/admin/v1/tokens', { name: 'pager', scope: 'responder' });
    responderToken = (issued.json as { token: string }).token;
    const components = await server.admin('GET', '/admin/v1/components');
    componentName = (components.json as { name: string }[])[0]?.name ?? '';
    expect(componentName).not.toBe('');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(token: string, javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Admin token').fill(token);
    await page.getByRole('button', { name: 'Sign in with a token' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Now');
    return page;
  }

  async function upcoming(): Promise<V2Maintenance[]> {
    const response = await fetch(`${server.url}/api/v2/scheduled-maintenances/upcoming.json`);
    return ((await response.json()) as { scheduled_maintenances: V2Maintenance[] }).scheduled_maintenances;
  }

  async function frontPage(): Promise<string> {
    return (await fetch(`${server.url}/`)).text();
  }

  /** Schedules, checks the public page and JSON, reschedules and cancels, all through the forms. */
  async function runMaintenance(page: Page, name: string, days: number): Promise<void> {
    await page.getByRole('link', { name: 'Maintenance', exact: true }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Maintenance');
    await page.getByRole('link', { name: 'Schedule maintenance' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Schedule maintenance');
    expect(await page.locator('main').textContent()).toContain(`Times are in ${ZONE}`);
    const from = localInput(days, 2);
    const until = localInput(days, 4);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Starts').fill(from);
    await page.getByLabel('Ends').fill(until);
    await page.getByLabel(componentName, { exact: true }).check();
    await page.getByLabel('First message (markdown)').fill('The API is **read-only** for a few minutes.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await eventually(() => page.locator('.preview div strong').first().textContent()).toBe('read-only');
    expect(await page.getByLabel('Name').inputValue()).toBe(name);
    expect(await page.getByLabel(componentName, { exact: true }).isChecked()).toBe(true);

    // An end before the start is refused by its field; nothing typed is lost.
    await page.getByLabel('Ends').fill(localInput(days, 1));
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    await eventually(() => page.locator('#new-scheduled_until-error').textContent()).toContain(
      'later than scheduled_for',
    );
    expect(await page.getByLabel('First message (markdown)').inputValue()).toContain('read-only');
    await page.getByLabel('Ends').fill(until);
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Maintenance scheduled.');
    const id = /\/admin\/maintenance\/(mnt_\w+)/.exec(page.url())?.[1] ?? '';
    expect(id).not.toBe('');

    const listed = (await upcoming()).find((maintenance) => maintenance.id === id);
    expect(listed).toMatchObject({ name, status: 'scheduled', components: [{ name: componentName }] });
    expect(Date.parse(listed?.scheduled_for ?? '')).toBe(Date.parse(instantOf(from)));
    expect(Date.parse(listed?.scheduled_until ?? '')).toBe(Date.parse(instantOf(until)));
    // After the rebuild the front page lists it under scheduled maintenance, with its own page.
    await eventually(
      async () =>
        /Scheduled maintenance<\/h2>[\s\S]*data-maintenance-id="mnt_/.test(await frontPage()) &&
        (await frontPage()).includes(`data-maintenance-id="${id}"`),
    ).toBe(true);
    await eventually(async () => {
      const response = await fetch(`${server.url}/maintenance/${id}/`);
      return response.status === 200 && (await response.text()).includes(name);
    }).toBe(true);

    // Reschedule: an hour later at both ends.
    const later = { from: localInput(days, 3), until: localInput(days, 5) };
    await page.getByLabel('Starts').fill(later.from);
    await page.getByLabel('Ends').fill(later.until);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Changes saved.');
    const moved = (await upcoming()).find((maintenance) => maintenance.id === id);
    expect(Date.parse(moved?.scheduled_for ?? '')).toBe(Date.parse(instantOf(later.from)));
    expect(Date.parse(moved?.scheduled_until ?? '')).toBe(Date.parse(instantOf(later.until)));

    // Cancel, after the confirmation page.
    await page.getByRole('link', { name: 'Cancel this maintenance' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe(`Cancel ${name}?`);
    await page.getByRole('button', { name: 'Cancel this maintenance' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Maintenance cancelled.');
    expect((await upcoming()).some((maintenance) => maintenance.id === id)).toBe(false);
    await eventually(async () => (await frontPage()).includes(`data-maintenance-id="${id}"`)).toBe(false);
    await page.getByRole('link', { name: 'All maintenance' }).click();
    await eventually(() => page.locator('main').textContent()).toContain(`${name}\n(Cancelled)`);
  }

  it('with JavaScript off (admin token): schedules, reschedules and cancels; the public page and JSON follow', async () => {
    const page = await signIn(server.adminToken, false);
    await runMaintenance(page, 'Database upgrade (no JS)', 3);
    await page.context().close();
  }, 180_000);

  let withScript: Page | undefined;
  it('with JavaScript on, as a responder token: the same flow; every page fits 360 px', async () => {
    withScript = await signIn(responderToken, true);
    await runMaintenance(withScript, 'Cache migration (JS)', 4);
    for (const path of ['/admin/maintenance', '/admin/maintenance/new']) {
      await withScript.goto(`${server.url}${path}`);
      expect(await withScript.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(
        360,
      );
    }
  }, 180_000);

  for (const scheme of ['light', 'dark'] as const) {
    it(`the list, the schedule form, a window's page and its confirmation are axe-clean (${scheme})`, async () => {
      const created = await server.admin('POST', '/admin/v1/maintenances', {
        name: `Axe window (${scheme})`,
        scheduled_for: instantOf(localInput(5, 2)),
        scheduled_until: instantOf(localInput(5, 4)),
        message: 'Checked by **axe**.',
      });
      const id = (created.json as { id: string }).id;
      withScript ??= await signIn(responderToken, true);
      const page = withScript;
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of [
        '/admin/maintenance',
        '/admin/maintenance/new',
        `/admin/maintenance/${id}`,
        `/admin/maintenance/${id}/cancel`,
      ]) {
        await page.goto(`${server.url}${path}`);
        await expectAxeClean(page, `${path} (${scheme})`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(
          360,
        );
      }
      // The forms with their errors showing, too.
      await page.goto(`${server.url}/admin/maintenance/new`);
      // Past the browser's own checks, so the server's answer is what is shown.
      await page.evaluate(() => {
        for (const field of document.querySelectorAll('[required]')) field.removeAttribute('required');
      });
      await page.getByRole('button', { name: 'Schedule maintenance' }).click();
      await eventually(() => page.locator('.alert').count()).toBe(1);
      await expectAxeClean(page, `schedule form with errors (${scheme})`);
      await page.emulateMedia({ colorScheme: 'light' });
    }, 240_000);
  }
});
