import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface OutboxRow {
  kind: string;
  payload: { subscriber_id: string; token: string };
}

// The subscribe flow as a reader without JavaScript meets it: plain forms all the way.
describe('subscribing in a browser with JavaScript off', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function confirmationToken(): Promise<string> {
    const { json } = await server.admin('GET', '/admin/v1/outbox?limit=100');
    const entry = (json as OutboxRow[]).find((row) => row.kind === 'subscriber.confirmation');
    if (!entry) throw new Error('no subscriber.confirmation entry in the outbox');
    return entry.payload.token;
  }

  it('subscribes from /subscribe/ with a component ticked, then confirms with the button', async () => {
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/subscribe/`))?.status()).toBe(200);
    const firstBox = page.locator('input[name="components"][value^="cmp_"]').first();
    const componentId = await firstBox.getAttribute('value');
    await firstBox.check();
    await page.getByLabel('Email address').fill('reader@example.com');
    await page.getByLabel('Major impact or worse').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your inbox');

    const token = await confirmationToken();
    const confirm = await context.newPage();
    await confirm.goto(`${server.url}/subscribe/confirm?token=${encodeURIComponent(token)}`);
    const pending = await server.admin('GET', '/admin/v1/subscribers?email=reader@example.com');
    expect(pending.json).toMatchObject([
      { state: 'pending', components: [componentId], min_impact: 'major' },
    ]);

    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => confirm.locator('h1').textContent()).toBe('Subscription confirmed');
    const active = await server.admin('GET', '/admin/v1/subscribers?email=reader@example.com');
    expect(active.json).toMatchObject([{ state: 'active' }]);

    await confirm.getByRole('link', { name: 'Choose components or unsubscribe' }).click();
    await confirm.getByRole('button', { name: 'Unsubscribe from everything' }).click();
    await expect.poll(() => confirm.locator('h1').textContent()).toBe('You are unsubscribed');
    const gone = await server.admin('GET', '/admin/v1/subscribers?email=reader@example.com');
    expect(gone.json).toMatchObject([{ state: 'unsubscribed' }]);
  });

  it('offers the form on the front page and on incident pages', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.locator('form[action$="/api/subscribe"] input[name="email"]').count()).toBe(1);
    const incidentLink = page.locator('a[href^="/incidents/"]').first();
    await page.goto(`${server.url}${await incidentLink.getAttribute('href')}`);
    expect(await page.locator('form[action$="/api/subscribe"] input[name="email"]').count()).toBe(1);
  });
});
