import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Page loads take seconds on a loaded machine: polls wait up to 20 s, not expect.poll's 1 s. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

const TITLE = 'Invoices cannot be downloaded';
const BODY = 'Invoice downloads **fail** for some customers.';

interface V2Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  components: { name: string; status: string }[];
  incident_updates: { body: string; status: string }[];
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

describe('console templates and insights in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let fixTemplateId = '';
  const opened: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const group = await server.admin('POST', '/admin/v1/component-groups', { name: 'Billing' });
    await server.admin('POST', '/admin/v1/components', {
      name: 'Invoices',
      group_id: (group.json as { id: string }).id,
    });
    const fix = await server.admin('POST', '/admin/v1/incident-templates', {
      name: 'Fix deployed',
      body: 'A fix is deployed; we are watching the invoice downloads.',
      status: 'monitoring',
    });
    fixTemplateId = (fix.json as { id: string }).id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Sign in with a token' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Now');
    return page;
  }

  async function v2Incident(id: string): Promise<V2Incident | undefined> {
    const json = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: V2Incident[];
    };
    return json.incidents.find((incident) => incident.id === id);
  }

  /** The newest incident (the admin list is newest first). */
  async function newestIncidentId(): Promise<string> {
    const list = (await server.admin('GET', '/admin/v1/incidents')).json as Array<{ id: string }>;
    return list[0]?.id ?? '';
  }

  /** Opens an incident from the "Invoices down" template through the picker, as a responder would. */
  async function openFromTemplate(page: Page): Promise<string> {
    await page.goto(`${server.url}/admin/incidents/new`);
    await page.getByLabel('Start from a template').selectOption({ label: 'Invoices down' });
    await page.getByRole('button', { name: 'Use template' }).click();
    await eventually(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe(TITLE);
    expect(await page.getByLabel('Message (markdown)').inputValue()).toBe(BODY);
    expect(await page.getByLabel('Invoices', { exact: true }).inputValue()).toBe('major_outage');
    expect(await page.getByLabel('Impact', { exact: true }).inputValue()).toBe('major');
    await page.getByRole('button', { name: 'Open incident' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Incident opened.');
    const id = await newestIncidentId();
    opened.push(id);
    return id;
  }

  /** Title, body and components on the public JSON and the built incident page came from the template. */
  async function expectPublishedFromTemplate(id: string): Promise<void> {
    const incident = await v2Incident(id);
    expect(incident).toMatchObject({ name: TITLE, status: 'identified', impact: 'major' });
    expect(incident?.incident_updates.at(-1)?.body).toBe(BODY);
    expect(incident?.components).toEqual([
      expect.objectContaining({ name: 'Invoices', status: 'major_outage' }),
    ]);
    await eventually(async () => (await fetch(`${server.url}/incidents/${id}/`)).status).toBe(200);
    const html = await (await fetch(`${server.url}/incidents/${id}/`)).text();
    expect(html).toContain(TITLE);
    expect(html).toContain('<strong>fail</strong>');
    expect(html).toContain('Invoices');
  }

  it('with JavaScript on: writes a template, opens an incident from it', async () => {
    const page = await signedIn(true);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByLabel('Name (how responders pick it)').fill('Invoices down');
    await page.getByLabel('Incident title').fill(TITLE);
    await page.getByLabel('Status', { exact: true }).selectOption('identified');
    await page.getByLabel('Impact', { exact: true }).selectOption('major');
    await page.getByLabel('Invoices', { exact: true }).selectOption('major_outage');
    await page.getByLabel('Message (markdown)').fill(BODY);
    await page.getByRole('button', { name: 'Preview' }).click();
    await eventually(() => page.locator('.preview strong').allTextContents()).toContain('fail');
    await page.getByRole('button', { name: 'Create template' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Template created.');
    expect(await page.locator('main').textContent()).toContain('Invoices: Major outage');

    const id = await openFromTemplate(page);
    await expectPublishedFromTemplate(id);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  }, 120_000);

  it('with JavaScript off: opens an incident from the template, then posts an update from another', async () => {
    const page = await signedIn(false);
    const id = await openFromTemplate(page);
    await expectPublishedFromTemplate(id);

    await page.goto(`${server.url}/admin/incidents/${id}/update`);
    await page.getByLabel('Start from a template').selectOption({ label: 'Fix deployed' });
    await page.getByRole('button', { name: 'Use template' }).click();
    await eventually(() => page.getByLabel('Message (markdown)').inputValue()).toContain('A fix is deployed');
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('monitoring');
    // The template sets no component: the incident's keeps its current status.
    expect(await page.locator('select[data-incident-component]').first().inputValue()).toBe('major_outage');
    await page.locator('select[data-incident-component]').first().selectOption('degraded_performance');
    await page.getByRole('button', { name: 'Post update' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Update posted.');
    const incident = await v2Incident(id);
    expect(incident?.status).toBe('monitoring');
    expect(incident?.incident_updates[0]?.body).toBe(
      'A fix is deployed; we are watching the invoice downloads.',
    );
    await eventually(async () => (await fetch(`${server.url}/incidents/${id}/`)).text()).toContain(
      'we are watching the invoice downloads',
    );
    await page.context().close();
  }, 120_000);

  it('insights list the incidents and download the same CSV as the API, at 360 px', async () => {
    // Resolved, incidents' metrics stop moving with the clock, so the two CSVs can be compared
    // exactly (the demo data's open incidents too).
    const all = (await server.admin('GET', '/admin/v1/incidents?limit=100')).json as Array<{
      id: string;
      status: string;
    }>;
    for (const incident of all.filter((one) => !['resolved', 'postmortem'].includes(one.status))) {
      await server.admin('POST', `/admin/v1/incidents/${incident.id}/updates`, {
        status: 'resolved',
        message: 'Fixed.',
      });
    }
    const page = await signedIn(true);
    await page.getByRole('link', { name: 'Insights' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Insights');
    const table = page.getByRole('region', { name: 'Each incident, oldest first' });
    expect(await table.getByRole('link', { name: TITLE }).count()).toBe(opened.length);
    expect(await page.locator('main').textContent()).toContain('Monthly medians');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    const api = await fetch(`${server.url}/admin/v1/insights.csv`, {
      headers: { Authorization: `Bearer ${server.adminToken}` },
    });
    expect(download.suggestedFilename()).toMatch(
      /^incident-metrics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(csv).toBe(await api.text());
    for (const id of opened) expect(csv).toContain(`${id},${TITLE},major,resolved`);
    await page.context().close();
  }, 120_000);

  for (const scheme of ['light', 'dark'] as const) {
    it(`templates, the template pickers and insights are axe-clean in the ${scheme} scheme`, async () => {
      const page = await signedIn(true);
      await page.emulateMedia({ colorScheme: scheme });
      const templates = (await server.admin('GET', '/admin/v1/incident-templates')).json as Array<{
        id: string;
      }>;
      const template = templates[0]?.id ?? '';
      // Run alone, this test still has an incident to post an update to.
      const incident =
        opened[0] ??
        (
          (
            await server.admin('POST', '/admin/v1/incidents', {
              name: 'For the update form',
              status: 'investigating',
              impact: 'minor',
              message: 'Looking.',
            })
          ).json as { id: string }
        ).id;
      for (const path of [
        '/admin/templates',
        '/admin/templates/new',
        `/admin/templates/${template}/edit`,
        `/admin/templates/${template}/delete`,
        `/admin/incidents/new?template=${template}`,
        `/admin/incidents/${incident}/update?template=${fixTemplateId}`,
        '/admin/insights',
        '/admin/insights?from=2026-02-30',
      ]) {
        await page.goto(`${server.url}${path}`);
        await expectAxeClean(page, `${path} (${scheme})`);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${path} fits 360 px`,
        ).toBeLessThanOrEqual(360);
      }
      await page.context().close();
    }, 420_000);
  }
});
