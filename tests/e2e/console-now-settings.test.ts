import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ADMIN_EMAIL = 'oncall@example.com';
const INCIDENT = 'Payments failing';

/** Page loads take seconds on a loaded machine: polls wait up to 20 s, not expect.poll's 1 s. */
const eventually = <T>(read: () => T | Promise<T>, timeout = 20_000) => expect.poll(read, { timeout });

interface AdminIncident {
  id: string;
  name: string;
  lead: { email: string; name: string | null } | null;
  update_cadence_minutes: number | null;
  next_update_at: string | null;
}

/** Every sign-in link in the offline mailer's .eml files (base64 parts decoded). */
function signInLinks(dataDir: string): string[] {
  const folder = join(dataDir, 'outbox-mail');
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
  const links: string[] = [];
  for (const file of files) {
    const eml = readFileSync(join(folder, file), 'utf8');
    for (const part of eml.matchAll(/Content-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+)/g)) {
      const text = Buffer.from((part[1] ?? '').replace(/\s/g, ''), 'base64').toString('utf8');
      for (const match of text.matchAll(/https?:\/\/[^\s"<]+\/admin\/sign-in\/link\?token=[\w-]+/g))
        links.push(match[0]);
    }
  }
  return [...new Set(links)];
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

describe('Now, incident lead and cadence, page settings in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ CANDOR_ADMIN_EMAIL: ADMIN_EMAIL });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const incidents = async () =>
    (await server.admin('GET', '/admin/v1/incidents?status=unresolved')).json as AdminIncident[];
  const incidentNamed = async (name: string) => (await incidents()).find((one) => one.name === name);

  async function signInByEmail(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    const before = new Set(signInLinks(server.dataDir));
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Email address').fill(ADMIN_EMAIL);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('a sign-in link is on its way');
    let link: string | undefined;
    await eventually(() => {
      link = signInLinks(server.dataDir).find((candidate) => !before.has(candidate));
      return link;
    }).toBeDefined();
    await page.goto(link ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Now');
    return page;
  }

  // One signed-in browser with JavaScript at phone width, shared by the tests below.
  let withScript: Page | undefined;
  async function signedInWithScript(): Promise<Page> {
    withScript ??= await signInByEmail(await browser.newContext({ viewport: { width: 360, height: 740 } }));
    return withScript;
  }

  const incidentItem = (page: Page, name: string) =>
    page.locator('main li', { has: page.locator('h3', { hasText: name }) });

  it('with JavaScript: opening an incident makes the signed-in member its lead; Now counts down to the next update', async () => {
    const page = await signedInWithScript();
    await page.getByRole('link', { name: 'Open an incident' }).first().click();
    expect(await page.locator('#lead_email').inputValue()).toBe(ADMIN_EMAIL);
    expect(await page.locator('#lead_name').inputValue()).toBe('oncall');
    await page.getByLabel('Name').fill(INCIDENT);
    await page.locator('select[name^="component:"]').first().selectOption('major_outage');
    await page.getByLabel('Message (markdown)').fill('Card payments fail; we are on it.');
    await page.getByRole('button', { name: 'Open incident' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Incident opened.');

    const incident = await incidentNamed(INCIDENT);
    expect(incident?.lead).toEqual({ email: ADMIN_EMAIL, name: 'oncall' });
    const item = incidentItem(page, INCIDENT);
    expect(await item.textContent()).toContain(`Lead: oncall <${ADMIN_EMAIL}>`);
    const countdown = item.locator('.countdown');
    expect(await countdown.getAttribute('data-due')).toBe(incident?.next_update_at);
    expect(await countdown.textContent()).toMatch(/^Next update due in (29|30) min \(\d\d:\d\d UTC\)$/);
    expect(await countdown.getAttribute('class')).toBe('countdown');
  }, 180_000);

  it('with JavaScript: the countdown keeps ticking, and turns red once the update is overdue', async () => {
    // A context of its own with a fake clock (signed in with the admin token).
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Sign in with a token' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Now');
    const countdown = incidentItem(page, INCIDENT).locator('.countdown');
    expect(await countdown.locator('[data-countdown]').textContent()).toMatch(/^due in (29|30) min$/);
    await page.clock.fastForward('01:00:00');
    await eventually(() => countdown.locator('[data-countdown]').textContent()).toMatch(
      /^overdue by (30|31) min$/,
    );
    expect(await countdown.getAttribute('class')).toBe('countdown bad');
    await context.close();
  }, 120_000);

  it('with JavaScript: the lead and cadence of an open incident change from its Post an update page', async () => {
    const page = await signedInWithScript();
    await page.goto(`${server.url}/admin/`);
    await page.getByRole('link', { name: `Post an update to ${INCIDENT}` }).click();
    await page.getByText('Change lead or cadence').click();
    await page.locator('#lead_name').fill('On-call Ann');
    await page.locator('#update_cadence_minutes').fill('1');
    await page.getByRole('button', { name: 'Save lead and cadence' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Lead and cadence saved.');
    const incident = await incidentNamed(INCIDENT);
    expect(incident).toMatchObject({
      lead: { email: ADMIN_EMAIL, name: 'On-call Ann' },
      update_cadence_minutes: 1,
    });
    expect(await incidentItem(page, INCIDENT).textContent()).toContain(`Lead: On-call Ann <${ADMIN_EMAIL}>`);
  }, 120_000);

  it('with JavaScript off: page settings change the cadence, refuse a private chat webhook by its field, set a logo; the API and the public page follow', async () => {
    const opened = await server.admin('POST', '/admin/v1/incidents', {
      name: 'Queue delays',
      status: 'identified',
      impact: 'minor',
      message: 'Jobs run late.',
    });
    expect(opened.status).toBe(201);
    const queue = opened.json as AdminIncident & { incident_updates: { created_at: string }[] };
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await signInByEmail(context);
    await page.getByRole('link', { name: 'Page settings' }).click();
    await page.getByLabel('Minor impact, minutes').fill('7');
    await page.getByLabel('Logo address (optional)').fill('https://cdn.example.com/logo.png');
    await page.getByLabel('Chat webhook (optional)').fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await eventually(() => page.locator('#chat_webhook_url-error').textContent()).toContain(
      'The chat webhook URL',
    );
    expect(await page.locator('#chat_webhook_url').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Minor impact, minutes').inputValue()).toBe('7');
    expect(await page.getByLabel('Logo address (optional)').inputValue()).toBe(
      'https://cdn.example.com/logo.png',
    );
    const unchanged = (await server.admin('GET', '/admin/v1/page')).json as Record<string, unknown>;
    expect(unchanged).toMatchObject({ chat_webhook_url: null, logo_url: null });

    await page.getByLabel('Chat webhook (optional)').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Saved.');
    const settings = (await server.admin('GET', '/admin/v1/page')).json as {
      update_cadence_minutes: Record<string, number>;
      logo_url: string | null;
      chat_webhook_url: string | null;
    };
    expect(settings.update_cadence_minutes.minor).toBe(7);
    expect(settings.logo_url).toBe('https://cdn.example.com/logo.png');
    expect(settings.chat_webhook_url).toBeNull();

    // The promise moves with the cadence: the API's next_update_at and the public page's line.
    const due = new Date(Date.parse(queue.incident_updates[0]?.created_at ?? '') + 7 * 60_000).toISOString();
    expect((await incidentNamed('Queue delays'))?.next_update_at).toBe(due);
    await eventually(async () => {
      const home = await (await fetch(`${server.url}/`)).text();
      return home.includes('src="https://cdn.example.com/logo.png"') && home.includes(`datetime="${due}"`);
    }, 90_000).toBe(true);
    const home = await (await fetch(`${server.url}/`)).text();
    expect(home).toMatch(new RegExp(`Next update by <time datetime="${due}"`));

    // The incident whose cadence is now 1 minute: overdue on Now, in red, with no script at all.
    const overdue = incidentItem(page, INCIDENT).locator('.countdown');
    await eventually(async () => {
      await page.goto(`${server.url}/admin/`);
      return overdue.textContent();
    }, 120_000).toMatch(/^Next update overdue by \d+ min/);
    expect(await overdue.getAttribute('class')).toBe('countdown bad');
    expect(await overdue.locator('strong').evaluate((node) => getComputedStyle(node).color)).toBe(
      'rgb(164, 14, 38)',
    );
    await context.close();
  }, 300_000);

  // axe takes several seconds a page on a loaded machine: one test per colour scheme.
  for (const scheme of ['light', 'dark'] as const) {
    it(`Now, the lead form and page settings are axe-clean and fit 360 px in the ${scheme} scheme`, async () => {
      // Now with everything it can show: a countdown, maintenance, a post-mortem coming due.
      await server.admin('PATCH', '/admin/v1/page', { postmortem_deadline_hours: 12 });
      if (scheme === 'light') {
        const start = Date.now() + 3 * 3_600_000;
        await server.admin('POST', '/admin/v1/maintenances', {
          name: 'Database upgrade',
          scheduled_for: new Date(start).toISOString(),
          scheduled_until: new Date(start + 3_600_000).toISOString(),
          message: 'Planned.',
        });
        await server.admin('POST', '/admin/v1/incidents', {
          name: 'Login outage',
          status: 'resolved',
          impact: 'major',
          message: 'Fixed.',
        });
      }
      const page = await signedInWithScript();
      const incident = await incidentNamed(INCIDENT);
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of [
        '/admin/',
        '/admin/settings',
        `/admin/incidents/${incident?.id}/lead`,
        `/admin/incidents/${incident?.id}/update`,
      ]) {
        await page.goto(`${server.url}${path}`);
        if (path === '/admin/') {
          expect(await page.locator('main').textContent()).toContain('Post-mortems due');
          expect(await page.locator('main a[href^="/admin/maintenance/"]').count()).toBeGreaterThan(0);
        }
        if (path.endsWith('/update')) await page.getByText('Change lead or cadence').click();
        await expectAxeClean(page, `${path} (${scheme})`);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${path} fits 360 px`,
        ).toBeLessThanOrEqual(360);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }, 300_000);
  }
});
