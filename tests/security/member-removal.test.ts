// Offboarding: a member who issued themselves an admin token from the console before being
// removed must not keep access through it.
import { describe, expect, test } from 'vitest';
import { listAuditEntries } from '../../db/queries/audit-log.ts';
import { createTestApp } from '../support/app.ts';
import { consoleClient, latestSignInToken } from '../support/console.ts';

describe('removing a member', () => {
  test('revokes the admin tokens they issued (and those minted from them), audited; others stay', async () => {
    const t = await createTestApp();
    const created = await t.admin('POST', '/admin/v1/members', { email: 'eve@example.com', name: 'Eve' });
    const eve = (await created.json()) as { id: string };
    const bystander = await t.admin('POST', '/admin/v1/tokens', { name: 'ci', scope: 'admin' });
    const bystanderToken = ((await bystander.json()) as { token: string }).token;

    const client = consoleClient(t);
    await client.get('/admin/');
    await client.post('/admin/sign-in', { csrf: client.csrf(), email: 'eve@example.com' });
    const link = await latestSignInToken(t.db);
    await client.get(`/admin/sign-in/link?token=${link}`);
    await client.post('/admin/sign-in/link', { csrf: client.csrf(), token: link });
    await client.get('/admin/members');
    await client.post('/admin/members/tokens', { csrf: client.csrf(), name: 'just in case', scope: 'admin' });
    const kept = /<pre>([^<]+)<\/pre>/.exec(client.text())?.[1];
    expect(kept).toBeTruthy();
    const asKept = (path: string, init: RequestInit = {}) =>
      t.app.request(path, {
        ...init,
        headers: { Authorization: `Bearer ${kept}`, 'Content-Type': 'application/json' },
      });
    // A token minted from that token, to hide the trail.
    const child = await asKept('/admin/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', scope: 'admin' }),
    });
    const childToken = ((await child.json()) as { token: string }).token;

    expect((await t.admin('DELETE', `/admin/v1/members/${eve.id}`)).status).toBeLessThan(300);

    expect((await asKept('/admin/v1/components')).status).toBe(401);
    const asChild = await t.app.request('/admin/v1/components', {
      headers: { Authorization: `Bearer ${childToken}` },
    });
    expect(asChild.status).toBe(401);
    const asBystander = await t.app.request('/admin/v1/components', {
      headers: { Authorization: `Bearer ${bystanderToken}` },
    });
    expect(asBystander.status).toBe(200);
    const entries = await listAuditEntries(t.db, { limit: 100 });
    expect(entries.filter((entry) => entry.action === 'admin_token.revoke')).toHaveLength(2);
  });
});
