import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** The text part of an .eml file the offline mailer wrote (multipart/alternative, base64 parts). */
function textPartOf(eml: string): string {
  const match =
    /Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(
      eml,
    );
  if (!match?.[1]) throw new Error('no text part in the email');
  return Buffer.from(match[1].replace(/\s/g, ''), 'base64').toString('utf8');
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

  // The link as the reader gets it: from the confirmation email the offline mailer wrote (the
  // admin outbox listing never shows the token).
  async function confirmationLink(): Promise<string> {
    const folder = join(server.dataDir, 'outbox-mail');
    await expect
      .poll(() => (existsSync(folder) ? readdirSync(folder).length : 0), { timeout: 15_000 })
      .toBe(1);
    const [file] = readdirSync(folder);
    const link = /^Confirm your subscription: (\S+)$/m.exec(
      textPartOf(readFileSync(join(folder, file ?? ''), 'utf8')),
    );
    if (!link?.[1]) throw new Error('no confirmation link in the email');
    return link[1];
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

    const link = await confirmationLink();
    expect(link.startsWith(`${server.url}/subscribe/confirm?token=`)).toBe(true);
    const confirm = await context.newPage();
    await confirm.goto(link);
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
