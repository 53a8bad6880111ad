import { describe, expect, test } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { ALL_TABLES } from '../../support/factories.ts';
import { call, rawCall } from './http.ts';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('admin authentication', () => {
  test('refuses a request without a token with 401 and a Bearer challenge', async () => {
    const t = await createTestApp();
    const answer = await rawCall(t, 'GET', '/admin/v1/components');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('Content-Type')).toBe('application/problem+json');
    expect(answer.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect(answer.body.type).toBe('/problems/unauthorized');
  });

  test('refuses a malformed Authorization header', async () => {
    const t = await createTestApp();
    for (const header of ['Basic abc', 'Bearer', t.token, `Bearer ${t.token} extra`]) {
      const answer = await rawCall(t, 'GET', '/admin/v1/components', { headers: { Authorization: header } });
      expect(answer.status, header).toBe(401);
    }
  });

  test('refuses a wrong token', async () => {
    const t = await createTestApp();
    const answer = await rawCall(t, 'GET', '/admin/v1/components', { headers: bearer(`${t.token}x`) });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('WWW-Authenticate')).toContain('invalid_token');
  });

  test('accepts the bootstrap token and records it as the actor', async () => {
    const t = await createTestApp();
    expect((await call(t, 'GET', '/admin/v1/components')).status).toBe(200);
    await call(t, 'POST', '/admin/v1/components', { name: 'API' });
    const [entry] = (await call(t, 'GET', '/admin/v1/audit-log')).body;
    expect(entry.actor).toBe('bootstrap');
  });

  test('refuses a write without a token and changes nothing', async () => {
    const t = await createTestApp();
    const answer = await rawCall(t, 'POST', '/admin/v1/components', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'API' }),
    });
    expect(answer.status).toBe(401);
    expect((await t.db.execute('SELECT count(*) AS n FROM components')).rows[0]?.n).toBe(0);
    expect(t.changes.count).toBe(0);
  });
});

describe('admin tokens', () => {
  test('an issued token works, acts under its own id, and records its last use', async () => {
    const t = await createTestApp();
    const issued = await call(t, 'POST', '/admin/v1/tokens', { name: 'deploys' });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^cnd_[A-Za-z0-9_-]{43}$/);
    expect(issued.body).toMatchObject({ name: 'deploys', last_used_at: null, revoked_at: null });

    const headers = { ...bearer(issued.body.token), 'Content-Type': 'application/json' };
    const created = await rawCall(t, 'POST', '/admin/v1/components', { headers, body: '{"name":"API"}' });
    expect(created.status).toBe(201);
    const [entry] = (await call(t, 'GET', '/admin/v1/audit-log?resource_type=component')).body;
    expect(entry.actor).toBe(issued.body.id);
    const [listed] = (await call(t, 'GET', '/admin/v1/tokens')).body;
    expect(listed.last_used_at).not.toBeNull();
  });

  test('writes last_used_at at most once a minute per token', async () => {
    let now = Date.parse('2026-03-01T10:00:00.000Z');
    const t = await createTestApp({ clock: () => new Date(now) });
    const { token, id } = (await call(t, 'POST', '/admin/v1/tokens', { name: 'ci' })).body;
    const use = () => rawCall(t, 'GET', '/admin/v1/page', { headers: bearer(token) });
    const lastUsed = async () =>
      (await t.db.execute({ sql: 'SELECT last_used_at FROM admin_tokens WHERE id = ?', args: [id] })).rows[0]
        ?.last_used_at;
    await use();
    expect(await lastUsed()).toBe('2026-03-01T10:00:00.000Z');
    now += 30_000;
    await use();
    expect(await lastUsed()).toBe('2026-03-01T10:00:00.000Z');
    now += 31_000;
    await use();
    expect(await lastUsed()).toBe('2026-03-01T10:01:01.000Z');
  });

  test('a revoked token gets 401 and stays listed with revoked_at', async () => {
    const t = await createTestApp();
    const { token, id } = (await call(t, 'POST', '/admin/v1/tokens', { name: 'old' })).body;
    expect((await rawCall(t, 'GET', '/admin/v1/tokens', { headers: bearer(token) })).status).toBe(200);
    expect((await call(t, 'DELETE', `/admin/v1/tokens/${id}`)).status).toBe(204);
    expect((await rawCall(t, 'GET', '/admin/v1/tokens', { headers: bearer(token) })).status).toBe(401);
    const [listed] = (await call(t, 'GET', '/admin/v1/tokens')).body;
    expect(listed.revoked_at).not.toBeNull();
  });

  test('revoking an unknown token is a 404', async () => {
    const t = await createTestApp();
    expect((await call(t, 'DELETE', '/admin/v1/tokens/tok_unknown')).status).toBe(404);
    expect(t.changes.count).toBe(0);
  });

  test('never returns token hashes', async () => {
    const t = await createTestApp();
    await call(t, 'POST', '/admin/v1/tokens', { name: 'a' });
    const tokens = await call(t, 'GET', '/admin/v1/tokens');
    const audit = await call(t, 'GET', '/admin/v1/audit-log');
    const hashes = (await t.db.execute('SELECT token_hash FROM admin_tokens')).rows.map((row) =>
      String(row.token_hash),
    );
    expect(hashes).toHaveLength(1);
    for (const text of [JSON.stringify(tokens.body), JSON.stringify(audit.body)]) {
      expect(text).not.toContain('token_hash');
      expect(text).not.toContain(hashes[0]);
    }
  });

  test('stores only the SHA-256 of a token: the token itself is nowhere in the database', async () => {
    const t = await createTestApp();
    const { token } = (await call(t, 'POST', '/admin/v1/tokens', { name: 'a' })).body;
    const [stored] = (await t.db.execute('SELECT token_hash FROM admin_tokens')).rows;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
    const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    expect(stored?.token_hash).toBe(hex);
    for (const table of ALL_TABLES) {
      const rows = (await t.db.execute(`SELECT * FROM ${table}`)).rows;
      expect(JSON.stringify(rows), table).not.toContain(token.slice(4));
    }
  });
});
