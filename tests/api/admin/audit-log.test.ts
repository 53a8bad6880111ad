import { describe, expect, test } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { call } from './http.ts';

describe('audit log', () => {
  test('records creation, update and deletion with before and after as the API returns them', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-06-01T08:00:00.000Z') });
    const created = (await call(t, 'POST', '/admin/v1/components', { name: 'API' })).body;
    const updated = (await call(t, 'PATCH', `/admin/v1/components/${created.id}`, { status: 'major_outage' }))
      .body;
    await call(t, 'DELETE', `/admin/v1/components/${created.id}`);
    const entries = (await call(t, 'GET', `/admin/v1/audit-log?resource_id=${created.id}`)).body;
    expect(entries).toEqual([
      expect.objectContaining({ action: 'component.delete', before: updated, after: null }),
      expect.objectContaining({ action: 'component.update', before: created, after: updated }),
      {
        id: expect.any(Number),
        actor: 'bootstrap',
        action: 'component.create',
        resource_type: 'component',
        resource_id: created.id,
        before: null,
        after: created,
        created_at: '2026-06-01T08:00:00.000Z',
      },
    ]);
  });

  test('records an incident update with the incident before and after, updates included', async () => {
    const t = await createTestApp();
    const api = (await call(t, 'POST', '/admin/v1/components', { name: 'API' })).body;
    const incident = (
      await call(t, 'POST', '/admin/v1/incidents', {
        name: 'Down',
        status: 'investigating',
        impact: 'critical',
        message: 'Down.',
        components: { [api.id]: 'major_outage' },
      })
    ).body;
    await call(t, 'POST', `/admin/v1/incidents/${incident.id}/updates`, {
      status: 'resolved',
      message: 'Up.',
    });
    const current = (await call(t, 'GET', `/admin/v1/incidents/${incident.id}`)).body;
    const [posted, opened] = (await call(t, 'GET', `/admin/v1/audit-log?resource_type=incident`)).body;
    expect(opened).toMatchObject({ action: 'incident.create', before: null, after: incident });
    expect(posted).toMatchObject({ action: 'incident.post_update', before: incident, after: current });
  });

  test('records groups, page and token writes, never with a token hash', async () => {
    const t = await createTestApp();
    const group = (await call(t, 'POST', '/admin/v1/component-groups', { name: 'Edge' })).body;
    const token = (await call(t, 'POST', '/admin/v1/tokens', { name: 'ci' })).body;
    await call(t, 'DELETE', `/admin/v1/tokens/${token.id}`);
    const actions = (await call(t, 'GET', '/admin/v1/audit-log')).body.map(
      (entry: { action: string; resource_id: string }) => [entry.action, entry.resource_id],
    );
    expect(actions).toEqual([
      ['admin_token.revoke', token.id],
      ['admin_token.create', token.id],
      ['component_group.create', group.id],
    ]);
    const [revoked] = (await call(t, 'GET', `/admin/v1/audit-log?resource_type=admin_token&limit=1`)).body;
    expect(Object.keys(revoked.after).sort()).toEqual([
      'created_at',
      'id',
      'last_used_at',
      'name',
      'revoked_at',
    ]);
    expect(revoked.after.revoked_at).not.toBeNull();
  });

  test('pages back with limit and before, and filters by resource type', async () => {
    const t = await createTestApp();
    for (const name of ['A', 'B', 'C', 'D']) await call(t, 'POST', '/admin/v1/components', { name });
    await call(t, 'POST', '/admin/v1/component-groups', { name: 'G' });
    const first = (await call(t, 'GET', '/admin/v1/audit-log?resource_type=component&limit=3')).body;
    expect(first.map((entry: { after: { name: string } }) => entry.after.name)).toEqual(['D', 'C', 'B']);
    const next = (
      await call(t, 'GET', `/admin/v1/audit-log?resource_type=component&limit=3&before=${first[2].id}`)
    ).body;
    expect(next.map((entry: { after: { name: string } }) => entry.after.name)).toEqual(['A']);
    const bad = await call(t, 'GET', '/admin/v1/audit-log?resource_type=widget&before=x');
    expect(bad.status).toBe(400);
  });

  test('a refused write leaves no audit entry', async () => {
    const t = await createTestApp();
    await call(t, 'POST', '/admin/v1/component-groups', { name: 'Edge' });
    await call(t, 'POST', '/admin/v1/component-groups', { name: 'Edge' });
    await call(t, 'POST', '/admin/v1/components', { name: '' });
    expect((await call(t, 'GET', '/admin/v1/audit-log')).body).toHaveLength(1);
  });
});
