import { describe, expect, test } from 'vitest';
import { listAuditEntries } from '../../../db/queries/audit-log.ts';
import { createTestApp } from '../../support/app.ts';
import { consoleClient, latestSignInToken, signInWithToken } from '../../support/console.ts';

async function addMember(t: Awaited<ReturnType<typeof createTestApp>>, email = 'ada@example.com') {
  const response = await t.admin('POST', '/admin/v1/members', { email, name: 'Ada' });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

describe('console sign-in', () => {
  test('signed out, /admin/ shows the sign-in form and no data', async () => {
    const t = await createTestApp();
    await t.admin('POST', '/admin/v1/incidents', {
      name: 'Secret outage',
      status: 'investigating',
      impact: 'major',
      message: 'x',
    });
    const client = consoleClient(t);
    const response = await client.get('/admin/');
    expect(response.status).toBe(200);
    expect(client.text()).toContain('Email me a sign-in link');
    expect(client.text()).not.toContain('Secret outage');
    expect((await client.get('/admin/incidents')).status).toBe(200);
    expect(client.text()).not.toContain('Secret outage');
  });

  test('a member signs in with an emailed link, once; the audit log names the member', async () => {
    const t = await createTestApp();
    const member = await addMember(t);
    const client = consoleClient(t);
    await client.get('/admin/');
    const sent = await client.post('/admin/sign-in', { csrf: client.csrf(), email: 'ADA@example.com' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('Location')).toBe('/admin/?sign_in=sent');
    const token = await latestSignInToken(t.db);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url

    expect((await client.get(`/admin/sign-in/link?token=${token}`)).status).toBe(200);
    expect(client.text()).toContain('Sign in to the console');
    const used = await client.post('/admin/sign-in/link', { csrf: client.csrf(), token });
    expect(used.headers.get('Location')).toBe('/admin/');
    await client.get('/admin/');
    expect(client.text()).toContain('Open incidents');

    const again = consoleClient(t);
    await again.get('/admin/');
    const reused = await again.post('/admin/sign-in/link', { csrf: again.csrf(), token });
    expect(reused.headers.get('Location')).toBe('/admin/?sign_in=expired');

    await client.get('/admin/incidents/new');
    const opened = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      name: 'Logins failing',
      status: 'investigating',
      impact: 'major',
      message: 'Looking into it.',
      notify: 'on',
      intent: 'open',
    });
    expect(opened.status).toBe(303);
    const [entry] = await listAuditEntries(t.db, { limit: 1, resourceType: 'incident' });
    expect(entry?.actor).toBe(member.id);
  });

  test('an unknown address gets the same answer and no email', async () => {
    const t = await createTestApp();
    await addMember(t);
    const client = consoleClient(t);
    await client.get('/admin/');
    const response = await client.post('/admin/sign-in', {
      csrf: client.csrf(),
      email: 'stranger@example.com',
    });
    expect(response.headers.get('Location')).toBe('/admin/?sign_in=sent');
    await expect(latestSignInToken(t.db)).rejects.toThrow();
  });

  test('a wrong token is refused; the bootstrap token signs in', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await client.get('/admin/');
    const wrong = await client.post('/admin/sign-in', { csrf: client.csrf(), token: 'cnd_nope' });
    expect(wrong.headers.get('Location')).toBe('/admin/?sign_in=bad-token');
    await signInWithToken(client, t.token);
    const cookie = wrong.headers.get('Set-Cookie') ?? '';
    expect(cookie).toBe('');
    await client.get('/admin/');
    expect(client.text()).toContain('Open incidents');
  });

  test('the session cookie is HttpOnly and SameSite=Strict, Secure over https', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await client.get('/admin/');
    const csrf = client.csrf();
    const response = await t.app.request('https://console.test/admin/sign-in', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'https://console.test',
        Cookie: `candor_form=${client.cookies.get('candor_form')}`,
      },
      body: new URLSearchParams({ csrf, token: t.token }),
    });
    const cookie = response.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^candor_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Secure');
  });

  test('a post from another origin or without the CSRF token is refused and changes nothing', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    await client.get('/admin/incidents/new');
    const fields = { name: 'Forged', status: 'investigating', impact: 'minor', message: 'x', intent: 'open' };
    const crossSite = await client.post(
      '/admin/incidents/new',
      { ...fields, csrf: client.csrf() },
      { origin: 'https://evil.test' },
    );
    expect(crossSite.status).toBe(403);
    const noToken = await client.post('/admin/incidents/new', fields);
    expect(noToken.status).toBe(403);
    const incidents = await (await t.admin('GET', '/admin/v1/incidents')).json();
    expect(incidents).toEqual([]);
  });

  test('after sign-out the session is refused', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    const session = client.cookies.get('candor_session');
    await client.get('/admin/');
    const out = await client.post('/admin/sign-out', { csrf: client.csrf() });
    expect(out.status).toBe(303);
    expect(client.cookies.has('candor_session')).toBe(false);
    client.cookies.set('candor_session', session ?? '');
    await client.get('/admin/');
    expect(client.text()).toContain('Email me a sign-in link');
  });

  test('sign-in attempts are rate limited', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await client.get('/admin/');
    const csrf = client.csrf();
    let last: Response | undefined;
    for (let attempt = 0; attempt < 21; attempt += 1) {
      last = await client.post('/admin/sign-in', { csrf, token: 'cnd_wrong' });
    }
    expect(last?.headers.get('Location')).toBe('/admin/?sign_in=limited');
  });
});
