import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ADMIN_EMAIL = 'oncall@example.com';

/** Page loads take seconds on a loaded machine: polls wait up to 20 s, not expect.poll's 1 s. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const SCREENS = [
  '/admin/',
  '/admin/incidents',
  '/admin/incidents/new',
  '/admin/components',
  '/admin/subscribers',
  '/admin/webhooks',
  '/admin/members',
  '/admin/audit-log',
  '/admin/activity',
  '/admin/settings',
];

interface V2Incident {
  name: string;
  status: string;
  components: { name: string; status: string }[];
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

describe('the responder console in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let evil: Server;
  let evilUrl: string;

  beforeAll(async () => {
    server = await startTestServer({ CANDOR_ADMIN_EMAIL: ADMIN_EMAIL });
    browser = await launchChromium();
    // Another origin serving a form that posts to the console, as a malicious page would.
    evil = createServer((_request, response) => {
      response.setHeader('Content-Type', 'text/html');
      response.end(`<form method="post" action="${server.url}/admin/incidents/new">
<input name="name" value="Forged"><input name="status" value="investigating"><input name="impact" value="minor">
<input name="message" value="x"><input name="intent" value="open"><button>Go</button></form>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await server?.stop();
  });

  // One signed-in browser with JavaScript, shared by the tests below (each sign-in counts against
  // the per-address rate limit).
  let withScript: Page | undefined;
  async function signedInWithScript(): Promise<Page> {
    withScript ??= await signInByEmail(await browser.newContext({ viewport: { width: 360, height: 740 } }));
    return withScript;
  }

  async function signInByEmail(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    const before = new Set(signInLinks(server.dataDir));
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Email address').fill(ADMIN_EMAIL);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('a sign-in link is on its way');
    let link: string | undefined;
    await expect
      .poll(
        () => {
          link = signInLinks(server.dataDir).find((candidate) => !before.has(candidate));
          return link;
        },
        { timeout: 15_000 },
      )
      .toBeDefined();
    await page.goto(link ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Now');
    return page;
  }

  async function runIncident(page: Page, name: string): Promise<void> {
    await page.getByRole('link', { name: 'Open an incident' }).first().click();
    await page.getByLabel('Name').fill(name);
    const firstComponent = page.locator('select[name^="component:"]').first();
    const componentName = await page
      .locator(`label[for="${await firstComponent.getAttribute('id')}"]`)
      .textContent();
    await firstComponent.selectOption('major_outage');
    await page.getByLabel('Message (markdown)').fill('We are **looking** into it.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await eventually(() => page.locator('.preview').textContent()).toContain('looking');
    expect(await page.getByLabel('Name').inputValue()).toBe(name);
    await page.getByRole('button', { name: 'Open incident' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Incident opened.');

    await page.getByRole('link', { name: `Post an update to ${name}` }).click();
    await page.getByLabel('Status', { exact: true }).selectOption('monitoring');
    await page.locator('select[data-incident-component]').first().selectOption('degraded_performance');
    await page.getByLabel('Message (markdown)').fill('A fix is rolling out.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Update posted.');

    await page.getByRole('link', { name: `Resolve ${name}` }).click();
    expect(await page.locator('select[data-incident-component]').first().inputValue()).toBe('operational');
    await page.getByLabel('Message (markdown)').fill('Fixed.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Update posted.');

    const incidents = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: V2Incident[];
    };
    const incident = incidents.incidents.find((candidate) => candidate.name === name);
    expect(incident?.status).toBe('resolved');
    const components = (await (await fetch(`${server.url}/api/v2/components.json`)).json()) as {
      components: { name: string; status: string }[];
    };
    expect(components.components.find((component) => component.name === componentName)?.status).toBe(
      'operational',
    );
  }

  it('with JavaScript off: signs in by emailed link, runs an incident to resolution, signs out for good', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await signInByEmail(context);
    await runIncident(page, 'Checkout failing (no JS)');
    const [session] = (await context.cookies()).filter((cookie) => cookie.name === 'candor_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Sign in');
    // The old cookie, put back, opens nothing.
    if (session) await context.addCookies([session]);
    await page.goto(`${server.url}/admin/audit-log`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await context.close();
  }, 120_000);

  it('with JavaScript on: the same flow; every screen fits 360 px without horizontal scroll', async () => {
    const page = await signedInWithScript();
    await runIncident(page, 'Search slow (JS)');
    for (const path of SCREENS) {
      await page.goto(`${server.url}${path}`);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${path} fits 360 px`,
      ).toBeLessThanOrEqual(360);
    }
  }, 180_000);

  // axe takes several seconds a page on a loaded machine: one test per colour scheme.
  for (const scheme of ['light', 'dark'] as const) {
    it(`every screen is axe-clean in the ${scheme} scheme`, async () => {
      const page = await signedInWithScript();
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of SCREENS) {
        await page.goto(`${server.url}${path}`);
        await expectAxeClean(page, `${path} (${scheme})`);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }, 420_000);
  }

  it('refuses a form posted from another origin, even signed in', async () => {
    const page = await signedInWithScript();
    const before = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: V2Incident[];
    };
    await page.goto(evilUrl);
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.url().startsWith(`${server.url}/admin/incidents/new`)),
      page.getByRole('button', { name: 'Go' }).click(),
    ]);
    expect(response.status()).toBe(403);
    const after = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: V2Incident[];
    };
    expect(after.incidents.map((incident) => incident.name)).toEqual(
      before.incidents.map((incident) => incident.name),
    );
  }, 120_000);
});
