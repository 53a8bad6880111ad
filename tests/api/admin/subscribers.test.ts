import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { makeComponent, makeGroup } from '../../support/factories.ts';
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

  it("changes a subscriber's components and threshold, audited, leaving the rest", async () => {
    const t = await createTestApp();
    const api = await makeComponent(t.db, { name: 'API' });
    const group = await makeGroup(t.db);
    const added = await call(t, 'POST', '/admin/v1/subscribers', {
      email: 'a@example.com',
      skip_confirmation: true,
    });
    const path = `/admin/v1/subscribers/${added.body.id}`;

    const narrowed = await call(t, 'PATCH', path, {
      components: [api.id, group.id, api.id],
      min_impact: 'major',
    });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body).toMatchObject({ state: 'active', min_impact: 'major', email: 'a@example.com' });
    expect([...narrowed.body.components].sort()).toEqual([api.id, group.id].sort());
    // Only the threshold: the components stay.
    const threshold = await call(t, 'PATCH', path, { min_impact: 'minor' });
    expect(threshold.body).toMatchObject({ min_impact: 'minor' });
    expect([...threshold.body.components].sort()).toEqual([api.id, group.id].sort());
    // null (or an empty list): the whole page again.
    expect((await call(t, 'PATCH', path, { components: null })).body).toMatchObject({
      components: null,
      min_impact: 'minor',
    });

    const audit = await call(t, 'GET', '/admin/v1/audit-log?resource_type=subscriber');
    expect(
      audit.body.filter((entry: { action: string }) => entry.action === 'subscriber.update'),
    ).toHaveLength(3);
  });

  it('refuses a bad change naming the field, and changes nothing', async () => {
    const t = await createTestApp();
    const added = await call(t, 'POST', '/admin/v1/subscribers', {
      email: 'a@example.com',
      skip_confirmation: true,
    });
    const path = `/admin/v1/subscribers/${added.body.id}`;
    const pointers = async (body: unknown) =>
      ((await call(t, 'PATCH', path, body)).body.errors ?? []).map((e: { pointer: string }) => e.pointer);
    expect(await pointers({ min_impact: 'huge' })).toEqual(['/min_impact']);
    expect(await pointers({ components: ['nope'] })).toEqual(['/components/0']);
    expect(await pointers({ email: 'b@example.com', min_impact: 'major' })).toEqual(['/email']);
    expect((await call(t, 'PATCH', path, {})).status).toBe(400);
    const unknown = await call(t, 'PATCH', path, { components: ['cmp_missing'] });
    expect(unknown.status).toBe(400);
    expect(
      (await call(t, 'PATCH', '/admin/v1/subscribers/sub_missing', { min_impact: 'major' })).status,
    ).toBe(404);
    expect((await call(t, 'GET', path)).body).toMatchObject({ components: null, min_impact: 'none' });
  });

  it('requires an admin token', async () => {
    const t = await createTestApp();
    expect((await t.app.request('/admin/v1/subscribers')).status).toBe(401);
  });
});
