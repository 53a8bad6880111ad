import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// The console's screens for what the first screens left to the API: editing and deleting
// incidents, recording a past one, a component's settings, history and drag reordering, changing a
// webhook, a subscriber's subscription, token expiry and the outbox filter.

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

interface Component {
  id: string;
  name: string;
  group_id: string | null;
  position: number;
  status: string;
  showcase: boolean;
  only_show_if_degraded: boolean;
  start_date: string | null;
}
interface Incident {
  id: string;
  name: string;
  impact: string;
  started_at: string;
  status: string;
  incident_updates: { id: string; body: string }[];
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

describe('the console screens for the rest of the admin API', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // Webhooks to this machine: the SSRF guard resolves names, and this machine has no DNS.
    server = await startTestServer({ CANDOR_ALLOW_PRIVATE_WEBHOOKS: '1' });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const { status, json } = await server.admin(method, `/admin/v1${path}`, body);
    expect(status, `${method} ${path}`).toBeLessThan(300);
    return json as T;
  };

  async function signIn(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    // Pages take seconds on a loaded machine; a missing element still fails within a minute.
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Sign in with a token' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Now');
    return page;
  }

  // axe and the width check run scripts in the page: with JavaScript off they cannot, so each
  // screen a JS-off flow reaches is checked again, as it is then, in a signed-in JS-on page.
  let checker: Page | undefined;
  async function fitsAndIsClean(page: Page, label: string): Promise<void> {
    checker ??= await signIn(true);
    await checker.goto(page.url());
    expect(
      await checker.evaluate(() => document.documentElement.scrollWidth),
      `${label} fits`,
    ).toBeLessThanOrEqual(360);
    for (const scheme of ['light', 'dark'] as const) {
      await checker.emulateMedia({ colorScheme: scheme });
      await expectAxeClean(checker, `${label} (${scheme})`);
    }
    await checker.emulateMedia({ colorScheme: 'light' });
  }

  it('with JavaScript off: renames an incident, corrects a message, records a past one, deletes one', async () => {
    const page = await signIn(false);
    const opened = await api<Incident>('POST', '/incidents', {
      name: 'Login errers',
      status: 'investigating',
      impact: 'minor',
      message: 'We are lookng into it.',
    });

    await page.goto(`${server.url}/admin/incidents`);
    await page.getByRole('link', { name: 'Edit Login errers' }).click();
    await fitsAndIsClean(page, 'edit incident');
    // A refused name keeps what was typed and says why, by the field.
    // Too long for the API (the browser's own checks would stop an empty one before sending).
    await page.getByLabel('Name').fill('x'.repeat(201));
    await page.getByLabel('Impact').selectOption('major');
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.locator('#name-error').count()).toBe(1);
    expect(await page.getByLabel('Impact').inputValue()).toBe('major');
    await page.getByLabel('Name').fill('Login errors');
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Saved.');
    const renamed = await api<Incident>('GET', `/incidents/${opened.id}`);
    expect([renamed.name, renamed.impact]).toEqual(['Login errors', 'major']);

    await page
      .getByRole('link', { name: /Correct this message/ })
      .first()
      .click();
    await fitsAndIsClean(page, 'correct a message');
    await page.getByLabel('Message (markdown)').fill('We are looking into it.');
    await page.getByRole('button', { name: 'Save message' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Message corrected.');
    const publicJson = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: { id: string; name: string; impact: string; incident_updates: { body: string }[] }[];
    };
    const listed = publicJson.incidents.find((incident) => incident.id === opened.id);
    expect(listed?.name).toBe('Login errors');
    expect(listed?.incident_updates.map((update) => update.body)).toEqual(['We are looking into it.']);

    await page.goto(`${server.url}/admin/incidents`);
    await fitsAndIsClean(page, 'incidents, with edit links');
    await page.getByRole('link', { name: 'Record a past incident' }).click();
    await fitsAndIsClean(page, 'record a past incident');
    await page.getByLabel('Name').fill('DNS outage last spring');
    await page.getByLabel('Began at (UTC)').fill('2026-04-02T09:30');
    await page.getByLabel('Impact').selectOption('critical');
    await page.getByLabel('What happened (markdown)').fill('Our DNS provider failed for an hour.');
    await page.getByRole('button', { name: 'Record incident' }).click();
    await eventually(() => page.locator('h1').textContent()).toBe('Edit incident');
    const all = await api<Incident[]>('GET', '/incidents?limit=100');
    const past = all.find((incident) => incident.name === 'DNS outage last spring');
    expect(past?.started_at).toBe('2026-04-02T09:30:00.000Z');
    expect(past?.status).toBe('resolved');

    await page.goto(`${server.url}/admin/incidents/${opened.id}/edit`);
    await page.getByRole('link', { name: 'Delete this incident' }).click();
    await fitsAndIsClean(page, 'delete incident');
    expect(await page.locator('h1').textContent()).toContain('Login errors');
    await page.getByRole('button', { name: 'Delete this incident' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Incident deleted.');
    expect((await server.admin('GET', `/admin/v1/incidents/${opened.id}`)).status).toBe(404);
    const after = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: { id: string }[];
    };
    expect(after.incidents.some((incident) => incident.id === opened.id)).toBe(false);
    await page.context().close();
  }, 420_000);

  it("with JavaScript off: sets a component's status and display, and shows its history", async () => {
    const page = await signIn(false);
    const component = await api<Component>('POST', '/components', { name: 'Search API' });
    await page.goto(`${server.url}/admin/components`);
    await page.getByRole('link', { name: 'Status and display of Search API' }).click();
    await fitsAndIsClean(page, 'component settings');
    await page.getByLabel('Status now').selectOption('partial_outage');
    await page.getByLabel('Show its uptime history on the page').uncheck();
    await page.getByLabel('Hide it from the page while it is operational').check();
    await page.getByLabel('Uptime counts from (optional)').fill('2026-01-15');
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Saved.');
    const changed = await api<Component>('GET', `/components/${component.id}`);
    expect([changed.status, changed.showcase, changed.only_show_if_degraded, changed.start_date]).toEqual([
      'partial_outage',
      false,
      true,
      '2026-01-15',
    ]);
    const v2 = (await (await fetch(`${server.url}/api/v2/components.json`)).json()) as {
      components: { id: string; status: string; showcase: boolean }[];
    };
    expect(v2.components.find((entry) => entry.id === component.id)?.status).toBe('partial_outage');

    await page.getByRole('link', { name: 'Status history' }).click();
    await fitsAndIsClean(page, 'component history');
    const items = await page.locator('main .list > li').allTextContents();
    expect(items[0]).toContain('Partial outage');
    expect(items[0]).toContain('set directly');
    expect(items.at(-1)).toContain('(created)');
    await page.context().close();
  }, 420_000);

  it('with JavaScript on: reorders components by drag; the ↑ ↓ buttons still work from the keyboard', async () => {
    const page = await signIn(true);
    const group = await api<{ id: string }>('POST', '/component-groups', { name: 'Drag group' });
    for (const name of ['Alpha', 'Bravo', 'Charlie']) {
      await api('POST', '/components', { name, group_id: group.id });
    }
    const order = async () =>
      (await api<Component[]>('GET', '/components'))
        .filter((component) => component.group_id === group.id)
        .sort((a, b) => a.position - b.position)
        .map((component) => component.name);

    await page.goto(`${server.url}/admin/components`);
    await fitsAndIsClean(page, 'components');
    const item = (name: string) =>
      page.locator('li[data-reorder]', { has: page.locator(`strong:text-is("${name}")`) });
    expect(await item('Charlie').getAttribute('draggable')).toBe('true');
    // The drag events a browser fires for a drop of Charlie on Alpha (headless Chromium starts no
    // native drag from synthetic mouse moves here), handled by the console's own script.
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    await item('Charlie').dispatchEvent('dragstart', { dataTransfer });
    await item('Alpha').dispatchEvent('dragenter', { dataTransfer });
    await item('Alpha').dispatchEvent('dragover', { dataTransfer });
    await item('Alpha').dispatchEvent('drop', { dataTransfer });
    await eventually(order).toEqual(['Charlie', 'Alpha', 'Bravo']);
    await eventually(() => page.locator('main').textContent()).toContain('Moved.');

    // Keyboard: focus the button, press Enter.
    const down = page.getByRole('button', { name: 'Move Charlie down' });
    await down.focus();
    await page.keyboard.press('Enter');
    await eventually(order).toEqual(['Alpha', 'Charlie', 'Bravo']);
    const public2 = (await (await fetch(`${server.url}/api/v2/components.json`)).json()) as {
      components: { name: string; group_id: string | null }[];
    };
    expect(
      public2.components.filter((entry) => entry.group_id === group.id).map((entry) => entry.name),
    ).toEqual(['Alpha', 'Charlie', 'Bravo']);
    await page.context().close();
  }, 420_000);

  it('with JavaScript off: changes a webhook and re-enables a disabled one', async () => {
    const page = await signIn(false);
    const component = await api<Component>('POST', '/components', { name: 'Webhooked' });
    const created = await server.admin('POST', '/admin/v1/webhooks', {
      url: 'http://127.0.0.1:9/a',
      format: 'statuspage',
    });
    const webhook = created.json as { id: string };
    await api('PATCH', `/webhooks/${webhook.id}`, { enabled: false });

    await page.goto(`${server.url}/admin/webhooks`);
    await page.getByRole('link', { name: 'Change, deliveries of http://127.0.0.1:9/a' }).click();
    await fitsAndIsClean(page, 'webhook');
    expect(await page.locator('main').textContent()).toContain('Disabled');
    expect(await page.locator('main').textContent()).toContain('None yet.');
    // The cloud metadata address is refused by the field, even here; what was typed stays.
    await page.getByLabel('Address (https)').fill('http://169.254.169.254/latest');
    await page.getByLabel('Webhooked').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.locator('#url-error').count()).toBe(1);
    expect(await page.getByLabel('Webhooked').isChecked()).toBe(true);

    await page.getByLabel('Address (https)').fill('http://127.0.0.1:9/b');
    await page.getByLabel('Sends').selectOption('major');
    await page.getByLabel('Enabled').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('Saved.');
    const changed = await api<{ url: string; enabled: boolean; components: string[]; min_impact: string }>(
      'GET',
      `/webhooks/${webhook.id}`,
    );
    expect(changed).toMatchObject({
      url: 'http://127.0.0.1:9/b',
      enabled: true,
      components: [component.id],
      min_impact: 'major',
    });
    await page.context().close();
  }, 420_000);

  it("shows a subscriber's components and threshold, issues an expiring token, filters the outbox", async () => {
    const page = await signIn(false);
    const component = await api<Component>('POST', '/components', { name: 'Billing' });
    const subscriber = await api<{ id: string }>('POST', '/subscribers', {
      email: 'reader@example.com',
      components: [component.id],
      min_impact: 'major',
      skip_confirmation: true,
    });
    await page.goto(`${server.url}/admin/subscribers`);
    await fitsAndIsClean(page, 'subscribers, with the components to follow');
    await page.getByRole('link', { name: 'reader@example.com' }).click();
    expect(page.url()).toContain(`/admin/subscribers/${subscriber.id}`);
    await fitsAndIsClean(page, 'subscriber');
    const text = await page.locator('main').textContent();
    expect(text).toContain('Billing');
    expect(text).toContain('Major impact or worse');

    await page.goto(`${server.url}/admin/members`);
    await fitsAndIsClean(page, 'members, with token expiry');
    await page.getByLabel('What it is for').fill('contractor');
    await page.getByLabel('Stops working on (optional, at 00:00 UTC)').fill('2999-01-31');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await eventually(() => page.locator('main').textContent()).toContain('shown this once');
    const tokens = await api<{ name: string; expires_at: string | null }[]>('GET', '/tokens');
    expect(tokens.find((token) => token.name === 'contractor')?.expires_at).toBe('2999-01-31T00:00:00.000Z');
    expect(await page.locator('main').textContent()).toContain('expires 2999-01-31 00:00 UTC');
    // An expiry in the past is refused next to the field.
    await page.getByLabel('What it is for').fill('too late');
    await page.getByLabel('Stops working on (optional, at 00:00 UTC)').fill('2001-01-01');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await eventually(() => page.locator('#token-expires-error').count()).toBe(1);
    expect(await page.getByLabel('What it is for').inputValue()).toBe('too late');

    await page.goto(`${server.url}/admin/activity`);
    await page.getByLabel('Show').selectOption('sent');
    await page.getByRole('button', { name: 'Filter' }).click();
    await eventually(() => page.url()).toContain('state=sent');
    await fitsAndIsClean(page, 'outbox filtered');
    // Each outbox row's first span is its state; the page shows what the API lists for the filter.
    const shown = await page.locator('h2#outbox ~ ul.list > li > span:first-of-type').allTextContents();
    const sent = await api<unknown[]>('GET', '/outbox?state=sent');
    expect(sent.length).toBeGreaterThan(0);
    expect(shown).toEqual(sent.map(() => 'sent'));
    await page.context().close();
  }, 420_000);
});
