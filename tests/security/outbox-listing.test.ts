// The outbox listing is read by admin tokens (scripts, dashboards): it must not hand out a
// member's pending sign-in link, which would let the token's holder act as that member.
import { describe, expect, test } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { consoleClient, latestSignInToken } from '../support/console.ts';

describe('GET /admin/v1/outbox', () => {
  test('a member.sign_in entry waiting to be sent shows its token as redacted', async () => {
    const t = await createTestApp();
    expect(
      (await t.admin('POST', '/admin/v1/members', { email: 'ada@example.com', name: 'Ada' })).status,
    ).toBe(201);
    const client = consoleClient(t);
    await client.get('/admin/');
    await client.post('/admin/sign-in', { csrf: client.csrf(), email: 'ada@example.com' });
    const token = await latestSignInToken(t.db); // still in the entry: no mailer ran

    const listing = await t.admin('GET', '/admin/v1/outbox');
    const text = await listing.text();
    expect(listing.status).toBe(200);
    expect(text).not.toContain(token);
    const entry = (JSON.parse(text) as Array<{ kind: string; payload: { token?: string } }>).find(
      (candidate) => candidate.kind === 'member.sign_in',
    );
    expect(entry?.payload.token).toBe('redacted');
  });
});
