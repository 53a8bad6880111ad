// Console sessions opened with the bootstrap token (CANDOR_ADMIN_TOKEN), seen by an attacker who
// once held it: replacing the token must end them, as revoking a stored token does.
import { describe, expect, test } from 'vitest';
import { createApp } from '../../api/app.ts';
import { sha256Hex } from '../../db/hash.ts';
import { createTestApp } from '../support/app.ts';
import { consoleClient, ORIGIN, signInWithToken } from '../support/console.ts';

describe('console sessions of the bootstrap token', () => {
  test('a new CANDOR_ADMIN_TOKEN ends the sessions the old one opened', async () => {
    const t = await createTestApp();
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const nowPage = async (app: ReturnType<typeof createApp>) =>
      (await app.request(`${ORIGIN}/admin/`, { headers: { Cookie: cookie } })).text();

    // Same token: still signed in.
    expect(await nowPage(t.app)).toContain('Sign out');

    // The operator replaces the leaked token and restarts: the old browser is signed out.
    const rotated = createApp({ database: () => t.db, bootstrapTokenHash: await sha256Hex('a-new-token') });
    const after = await nowPage(rotated);
    expect(after).not.toContain('Sign out');
    expect(after).toContain('Email me a sign-in link');

    // And with no bootstrap token at all, likewise.
    const removed = createApp({ database: () => t.db, bootstrapTokenHash: null });
    expect(await nowPage(removed)).not.toContain('Sign out');
  });

  test('the session does not store the bootstrap token or its hash', async () => {
    const t = await createTestApp();
    await signInWithToken(consoleClient(t), t.token);
    const rows = await t.db.execute('SELECT token_id, actor FROM console_sessions');
    const tokenId = String(rows.rows[0]?.token_id);
    expect(rows.rows[0]?.actor).toBe('bootstrap');
    expect(tokenId.startsWith('bootstrap:')).toBe(true);
    expect(tokenId).not.toContain(await sha256Hex(t.token));
  });
});
