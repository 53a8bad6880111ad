import { describe, expect, test } from 'vitest';
import { listAuditEntries } from '../../../db/queries/audit-log.ts';
import { createTestApp } from '../../support/app.ts';
import { consoleClient, latestSignInToken } from '../../support/console.ts';

describe('members', () => {
  test('adds a member (normalised address), lists it, refuses a duplicate with 409, audits both', async () => {
    const t = await createTestApp();
    const created = await t.admin('POST', '/admin/v1/members', { email: ' Ada@Example.com ', name: 'Ada' });
    expect(created.status).toBe(201);
    const member = await created.json();
    expect(member).toMatchObject({
      id: expect.stringMatching(/^mem_/),
      email: 'ada@example.com',
      name: 'Ada',
    });
    expect(await (await t.admin('GET', '/admin/v1/members')).json()).toEqual([member]);
    const duplicate = await t.admin('POST', '/admin/v1/members', { email: 'ada@example.com', name: 'Other' });
    expect(duplicate.status).toBe(409);
    const [entry] = await listAuditEntries(t.db, { limit: 5, resourceType: 'member' });
    expect(entry).toMatchObject({ action: 'member.create', actor: 'bootstrap', resource_id: member.id });
  });

  test('refuses a bad email or name with 400 naming the field and adds nothing', async () => {
    const t = await createTestApp();
    const response = await t.admin('POST', '/admin/v1/members', { email: 'not-an-email', name: '\u0000' });
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual([
      '/email',
      '/name',
    ]);
    expect(await (await t.admin('GET', '/admin/v1/members')).json()).toEqual([]);
  });

  test('removing a member ends their session and voids their unused links', async () => {
    const t = await createTestApp();
    const member = await (
      await t.admin('POST', '/admin/v1/members', { email: 'ada@example.com', name: 'Ada' })
    ).json();
    const client = consoleClient(t);
    await client.get('/admin/');
    await client.post('/admin/sign-in', { csrf: client.csrf(), email: 'ada@example.com' });
    const first = await latestSignInToken(t.db);
    await client.get('/admin/');
    await client.post('/admin/sign-in/link', { csrf: client.csrf(), token: first });
    const other = consoleClient(t);
    await other.get('/admin/');
    await other.post('/admin/sign-in', { csrf: other.csrf(), email: 'ada@example.com' });
    const unused = await latestSignInToken(t.db);
    expect(unused).not.toBe(first);
    await client.get('/admin/');
    expect(client.text()).toContain('Open incidents');

    expect((await t.admin('DELETE', `/admin/v1/members/${member.id}`)).status).toBe(204);
    await client.get('/admin/');
    expect(client.text()).toContain('Email me a sign-in link');
    await other.get('/admin/');
    const reuse = await other.post('/admin/sign-in/link', { csrf: other.csrf(), token: unused });
    expect(reuse.headers.get('Location')).toBe('/admin/?sign_in=expired');
  });

  test('needs an admin token', async () => {
    const t = await createTestApp();
    const issued = await (
      await t.admin('POST', '/admin/v1/tokens', { name: 'pager', scope: 'responder' })
    ).json();
    const response = await t.app.request('/admin/v1/members', {
      headers: { Authorization: `Bearer ${issued.token}` },
    });
    expect(response.status).toBe(403);
  });
});
