// The console seen by an attacker: forged posts, a responder token reaching for admin, link
// scanners, headers. Each test states what must hold; none needs a browser.
import { describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { consoleClient, latestSignInToken, ORIGIN, signInWithToken } from '../support/console.ts';

async function responderToken(t: TestApp): Promise<string> {
  const response = await t.admin('POST', '/admin/v1/tokens', { name: 'on call', scope: 'responder' });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function tokenCount(t: TestApp): Promise<number> {
  return Number((await t.db.execute('SELECT COUNT(*) AS n FROM admin_tokens')).rows[0]?.n);
}

describe('console, as an attacker', () => {
  test('a post without Origin, with Origin null or from another site changes nothing', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    await client.get('/admin/members');
    const csrf = client.csrf();
    const before = await tokenCount(t);
    for (const origin of [null, 'null', 'https://evil.example', `${ORIGIN}.evil.example`]) {
      const response = await client.post(
        '/admin/members/tokens',
        { csrf, name: 'backdoor', scope: 'admin' },
        { origin },
      );
      expect(response.status, String(origin)).toBe(403);
    }
    expect(await tokenCount(t)).toBe(before);
  });

  test('a responder session can neither see nor use an admin screen, nor issue itself an admin token', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await signInWithToken(client, await responderToken(t));
    await client.get('/admin/');
    const csrf = client.csrf();
    expect(client.text()).not.toContain('/admin/members');
    const before = await tokenCount(t);
    for (const path of [
      '/admin/members',
      '/admin/settings',
      '/admin/webhooks',
      '/admin/subscribers/export.csv',
      '/admin/audit-log',
      '/admin/activity',
    ]) {
      expect((await client.get(path)).status, path).toBe(403);
    }
    for (const path of ['/admin/members/tokens', '/admin/members', '/admin/settings', '/admin/webhooks']) {
      const response = await client.post(path, {
        csrf,
        name: 'mine',
        scope: 'admin',
        email: 'eve@example.com',
        url: 'https://evil.example/hook',
      });
      expect(response.status, path).toBe(403);
    }
    expect(await tokenCount(t)).toBe(before);
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM members')).rows[0]?.n).toBe(0);
  });

  test('opening an emailed link (as a mail scanner does) signs nobody in and leaves it usable', async () => {
    const t = await createTestApp();
    await t.admin('POST', '/admin/v1/members', { email: 'ada@example.com', name: 'Ada' });
    const ada = consoleClient(t);
    await ada.get('/admin/');
    await ada.post('/admin/sign-in', { csrf: ada.csrf(), email: 'ada@example.com' });
    const token = await latestSignInToken(t.db);

    const scanner = consoleClient(t);
    await scanner.get(`/admin/sign-in/link?token=${token}`);
    await scanner.get(`/admin/sign-in/link?token=${token}`);
    expect(scanner.cookies.has('candor_session')).toBe(false);
    // The scanner's page holds a form; without the browser's form cookie its post is refused.
    const forged = await scanner.post('/admin/sign-in/link', { csrf: 'x'.repeat(43), token });
    expect(forged.headers.get('Location')).toBe('/admin/?sign_in=refused');

    await ada.get(`/admin/sign-in/link?token=${token}`);
    const used = await ada.post('/admin/sign-in/link', { csrf: ada.csrf(), token });
    expect(used.headers.get('Location')).toBe('/admin/');
  });

  test('the sign-in answer is the same for a member and a stranger', async () => {
    const t = await createTestApp();
    await t.admin('POST', '/admin/v1/members', { email: 'ada@example.com', name: 'Ada' });
    const answers: string[] = [];
    for (const email of ['ada@example.com', 'nobody@example.com']) {
      const client = consoleClient(t);
      await client.get('/admin/');
      const response = await client.post('/admin/sign-in', { csrf: client.csrf(), email });
      answers.push(`${response.status} ${response.headers.get('Location')}`);
    }
    expect(answers[0]).toBe(answers[1]);
  });

  test('console pages, signed in or not, forbid framing and foreign scripts and are not cached', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    const signedOut = await client.get('/admin/');
    await signInWithToken(client, t.token);
    const signedIn = await client.get('/admin/members');
    for (const response of [signedOut, signedIn]) {
      const csp = response.headers.get('Content-Security-Policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('Cache-Control')).toBe('no-store');
    }
    const cookie = (await consoleClient(t).get('/admin/')).headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  test('behind a proxy that says https, the session cookie is Secure', async () => {
    const t = await createTestApp();
    const page = await t.app.request(`${ORIGIN}/admin/`);
    const formCookie = /candor_form=([^;]+)/.exec(page.headers.getSetCookie().join('\n'))?.[1] ?? '';
    const response = await t.app.request(`${ORIGIN}/admin/sign-in`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        'X-Forwarded-Proto': 'https',
        Cookie: `candor_form=${formCookie}`,
      },
      body: new URLSearchParams({ csrf: formCookie, token: t.token }),
    });
    expect(response.headers.get('Location')).toBe('/admin/');
    const session = response.headers.getSetCookie().find((line) => line.startsWith('candor_session='));
    expect(session).toMatch(/;\s*Secure/i);
  });
});
