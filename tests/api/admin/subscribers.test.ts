import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { makeGroup } from '../../support/factories.ts';
import { confirmationEntries } from '../../support/subscribers.ts';
import { call } from './http.ts';

describe('/admin/v1/subscribers', () => {
  it('adds a pending subscriber with a confirmation email, audited', async () => {
    const t = await createTestApp();
    const group = await makeGroup(t.db);
    const added = await call(t, 'POST', '/admin/v1/subscribers', {
      email: 'Ada@Example.com',
      components: [group.id],
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      email: 'ada@example.com',
      state: 'pending',
      components: [group.id],
      min_impact: 'none',
    });
    expect(await confirmationEntries(t.db)).toHaveLength(1);
    const audit = await call(t, 'GET', '/admin/v1/audit-log?resource_type=subscriber');
    expect(audit.body[0]).toMatchObject({
      action: 'subscriber.create',
      resource_id: added.body.id,
      before: null,
    });
    expect(audit.body[0].after.email).toBe('ada@example.com');
  });

  it('activates at once with skip_confirmation and sends no email', async () => {
    const t = await createTestApp();
    const added = await call(t, 'POST', '/admin/v1/subscribers', {
      email: 'a@example.com',
      skip_confirmation: true,
    });
    expect(added.body).toMatchObject({ state: 'active', components: null });
    expect(await confirmationEntries(t.db)).toEqual([]);
  });

  it('answers 409 for an address already subscribed', async () => {
    const t = await createTestApp();
    await call(t, 'POST', '/admin/v1/subscribers', { email: 'a@example.com' });
    const again = await call(t, 'POST', '/admin/v1/subscribers', { email: 'A@example.com ' });
    expect(again.status).toBe(409);
  });

  it('refuses bad fields naming them and changes nothing', async () => {
    const t = await createTestApp();
    const bad = await call(t, 'POST', '/admin/v1/subscribers', {
      email: 'nope',
      components: ['cmp_x'],
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/email', '/extra']);
    expect((await call(t, 'GET', '/admin/v1/subscribers')).body).toEqual([]);
  });

  it('lists by state and address with the next page in a Link header', async () => {
    const t = await createTestApp();
    for (const name of ['a', 'b', 'c']) {
      await call(t, 'POST', '/admin/v1/subscribers', {
        email: `${name}@example.com`,
        skip_confirmation: true,
      });
    }
    await call(t, 'POST', '/admin/v1/subscribers', { email: 'pending@example.org' });
    const first = await call(t, 'GET', '/admin/v1/subscribers?state=active&limit=2');
    expect(first.body).toHaveLength(2);
    const next = first.headers.get('Link')?.match(/^<([^>]+)>; rel="next"$/)?.[1];
    expect(next).toContain('cursor=');
    const second = await call(t, 'GET', next ?? '');
    expect(second.body).toHaveLength(1);
    expect(second.headers.get('Link')).toBeNull();
    const all = [...first.body, ...second.body].map((s: { email: string }) => s.email).sort();
    expect(all).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    const byEmail = await call(t, 'GET', '/admin/v1/subscribers?email=example.org');
    expect(byEmail.body.map((s: { email: string }) => s.email)).toEqual(['pending@example.org']);
  });

  it('deletes a subscriber, audited, and 404s after', async () => {
    const t = await createTestApp();
    const added = await call(t, 'POST', '/admin/v1/subscribers', { email: 'a@example.com' });
    expect((await call(t, 'DELETE', `/admin/v1/subscribers/${added.body.id}`)).status).toBe(204);
    expect((await call(t, 'GET', `/admin/v1/subscribers/${added.body.id}`)).status).toBe(404);
    expect((await call(t, 'DELETE', `/admin/v1/subscribers/${added.body.id}`)).status).toBe(404);
    const audit = await call(t, 'GET', '/admin/v1/audit-log?resource_type=subscriber');
    expect(audit.body[0]).toMatchObject({ action: 'subscriber.delete', after: null });
  });

  it('requires an admin token', async () => {
    const t = await createTestApp();
    expect((await t.app.request('/admin/v1/subscribers')).status).toBe(401);
  });
});
