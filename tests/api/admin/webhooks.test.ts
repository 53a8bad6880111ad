import { describe, expect, it } from 'vitest';
import { getWebhookSecret } from '../../../db/queries/webhooks.ts';
import { createTestApp } from '../../support/app.ts';
import { makeComponent, makeGroup } from '../../support/factories.ts';
import { call, pointersOf } from './http.ts';

// A public address (TEST-NET addresses are refused as documentation ranges would be in IPv6;
// this one is an ordinary public IPv4 address, never contacted by these tests).
const PUBLIC_URL = 'https://93.184.215.14/hooks/candor';

describe('POST /admin/v1/webhooks', () => {
  it('answers 201 with the id and a whsec_ secret shown once, not cached, and never listed again', async () => {
    const t = await createTestApp();
    const created = await call(t, 'POST', '/admin/v1/webhooks', { url: PUBLIC_URL, format: 'statuspage' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toMatchObject({
      url: PUBLIC_URL,
      format: 'statuspage',
      components: [],
      min_impact: 'none',
      enabled: true,
    });
    expect(created.body.id).toMatch(/^whk_/);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await getWebhookSecret(t.db, created.body.id)).toBe(created.body.secret);

    const list = await call(t, 'GET', '/admin/v1/webhooks');
    expect(list.body).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const audit = await call(t, 'GET', '/admin/v1/audit-log');
    expect(audit.body[0]).toMatchObject({ action: 'webhook.create', resource_id: created.body.id });
    expect(JSON.stringify(audit.body)).not.toContain(created.body.secret);
  });

  it('accepts component and group ids with a threshold', async () => {
    const t = await createTestApp();
    const group = await makeGroup(t.db);
    const component = await makeComponent(t.db);
    const created = await call(t, 'POST', '/admin/v1/webhooks', {
      url: PUBLIC_URL,
      format: 'slack',
      components: [component.id, group.id],
      min_impact: 'major',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ components: [component.id, group.id], min_impact: 'major' });
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/'],
    ['a private network', 'http://10.1.2.3/'],
    ['cloud metadata in decimal', 'http://2852039166/latest/meta-data/'],
    ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['localhost by name', 'http://localhost:3000/'],
    ['a non-http scheme', 'file:///etc/passwd'],
    ['credentials in the URL', 'https://user:pass@93.184.215.14/'],
  ])('refuses %s with a problem naming /url and stores nothing', async (_, url) => {
    const t = await createTestApp();
    const refused = await call(t, 'POST', '/admin/v1/webhooks', { url, format: 'statuspage' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(pointersOf(refused.body)).toEqual(['/url']);
    expect((await call(t, 'GET', '/admin/v1/webhooks')).body).toEqual([]);
  });

  it('refuses unknown component ids, naming each, and an unknown format', async () => {
    const t = await createTestApp();
    const component = await makeComponent(t.db);
    const refused = await call(t, 'POST', '/admin/v1/webhooks', {
      url: PUBLIC_URL,
      format: 'statuspage',
      components: [component.id, 'cmp_gone'],
    });
    expect(refused.status).toBe(400);
    expect(pointersOf(refused.body)).toEqual(['/components/1']);
    const format = await call(t, 'POST', '/admin/v1/webhooks', { url: PUBLIC_URL, format: 'teams' });
    expect(pointersOf(format.body)).toEqual(['/format']);
  });

  it('is for admins only', async () => {
    const t = await createTestApp();
    const anonymous = await t.app.request('/admin/v1/webhooks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: PUBLIC_URL, format: 'slack' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await call(t, 'GET', '/admin/v1/webhooks')).body).toEqual([]);
  });
});

describe('GET, PATCH and DELETE /admin/v1/webhooks/{id}', () => {
  it('shows one webhook with its (empty) delivery log, and 404 for an unknown id', async () => {
    const t = await createTestApp();
    const { body } = await call(t, 'POST', '/admin/v1/webhooks', { url: PUBLIC_URL, format: 'slack' });
    const one = await call(t, 'GET', `/admin/v1/webhooks/${body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: body.id, deliveries: [] });
    expect(one.body.secret).toBeUndefined();
    expect((await call(t, 'GET', '/admin/v1/webhooks/whk_nope')).status).toBe(404);
  });

  it('disables and re-enables a webhook, re-checking a changed URL', async () => {
    const t = await createTestApp();
    const { body } = await call(t, 'POST', '/admin/v1/webhooks', { url: PUBLIC_URL, format: 'slack' });
    const off = await call(t, 'PATCH', `/admin/v1/webhooks/${body.id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, disabled_reason: 'Disabled by an admin.' });
    const on = await call(t, 'PATCH', `/admin/v1/webhooks/${body.id}`, {
      enabled: true,
      min_impact: 'minor',
    });
    expect(on.body).toMatchObject({
      enabled: true,
      disabled_reason: null,
      disabled_at: null,
      min_impact: 'minor',
    });
    const moved = await call(t, 'PATCH', `/admin/v1/webhooks/${body.id}`, { url: 'http://192.168.1.1/' });
    expect(moved.status).toBe(400);
    expect(pointersOf(moved.body)).toEqual(['/url']);
    expect((await call(t, 'GET', `/admin/v1/webhooks/${body.id}`)).body.url).toBe(PUBLIC_URL);
    const empty = await call(t, 'PATCH', `/admin/v1/webhooks/${body.id}`, {});
    expect(empty.status).toBe(400);
  });

  it('deletes a webhook: 204, then 404, and the deletion is audited', async () => {
    const t = await createTestApp();
    const { body } = await call(t, 'POST', '/admin/v1/webhooks', { url: PUBLIC_URL, format: 'slack' });
    expect((await call(t, 'DELETE', `/admin/v1/webhooks/${body.id}`)).status).toBe(204);
    expect((await call(t, 'DELETE', `/admin/v1/webhooks/${body.id}`)).status).toBe(404);
    const audit = await call(t, 'GET', '/admin/v1/audit-log');
    expect(audit.body[0]).toMatchObject({ action: 'webhook.delete', after: null });
  });
});
