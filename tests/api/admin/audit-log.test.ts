import { describe, expect, test } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { call } from './http.ts';

describe('audit log', () => {
  test('records a creation whole, an update as its changes, and a deletion whole', async () => {
    let now = Date.parse('2026-06-01T08:00:00.000Z');
    const t = await createTestApp({ clock: () => new Date(now) });
    const created = (await call(t, 'POST', '/admin/v1/components', { name: 'API' })).body;
    now += 60_000;
    const updated = (await call(t, 'PATCH', `/admin/v1/components/${created.id}`, { status: 'major_outage' }))
      .body;
    await call(t, 'DELETE', `/admin/v1/components/${created.id}`);
    const [deleted, changed, first] = (await call(t, 'GET', `/admin/v1/audit-log?resource_id=${created.id}`))
      .body;
    expect(first).toEqual({
      id: expect.any(Number),
      actor: 'bootstrap',
      action: 'component.create',
      resource_type: 'component',
      resource_id: created.id,
      before: null,
      after: { ...created, status_history: expect.any(Object), incident_ids: [] },
      changes: null,
      created_at: '2026-06-01T08:00:00.000Z',
    });
    const [change] = Object.entries(changed.changes).filter(([pointer]) =>
      pointer.startsWith('/status_history/'),
    );
    expect(changed).toMatchObject({ action: 'component.update', before: null, after: null });
    expect(Object.keys(changed.changes).sort()).toEqual(['/status', change?.[0], '/updated_at'].sort());
    expect(changed.changes['/status']).toEqual({ before: 'operational', after: 'major_outage' });
    expect(change?.[1]).toMatchObject({
      before: null,
      after: { old_status: 'operational', new_status: 'major_outage' },
    });
    expect(deleted).toMatchObject({ action: 'component.delete', after: null, changes: null });
    expect(deleted.before).toMatchObject(updated);
  });

  test('a deleted component keeps its status history and incident links in the audit log', async () => {
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
    await call(t, 'DELETE', `/admin/v1/components/${api.id}`);
    const [deleted] = (await call(t, 'GET', `/admin/v1/audit-log?resource_id=${api.id}`)).body;
    expect(deleted.action).toBe('component.delete');
    expect(deleted.before.incident_ids).toEqual([incident.id]);
    const history = Object.values(deleted.before.status_history).map(
      (row) => (row as { new_status: string }).new_status,
    );
    expect(history.sort()).toEqual(['major_outage', 'operational']);
  });

  test('posting an update records that update and the incident fields it changed, not the other updates', async () => {
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
    const [first] = incident.incident_updates;
    expect(opened).toMatchObject({ action: 'incident.create', before: null, changes: null });
    expect(opened.after).toMatchObject({ name: 'Down', incident_updates: { [first.id]: first } });
    const [latest] = current.incident_updates;
    expect(posted).toMatchObject({ action: 'incident.post_update', before: null, after: null });
    expect(posted.changes).toEqual({
      '/status': { before: 'investigating', after: 'resolved' },
      '/resolved_at': { before: null, after: current.resolved_at },
      '/updated_at': { before: incident.updated_at, after: current.updated_at },
      [`/incident_updates/${latest.id}`]: { before: null, after: latest },
    });
  });

  test('editing an update records its message before and after', async () => {
    const t = await createTestApp();
    const incident = (
      await call(t, 'POST', '/admin/v1/incidents', {
        name: 'Slow',
        status: 'investigating',
        impact: 'minor',
        message: 'Slow.',
      })
    ).body;
    const [first] = incident.incident_updates;
    await call(t, 'PATCH', `/admin/v1/incidents/${incident.id}/updates/${first.id}`, {
      message: 'Very slow.',
    });
    const [edited] = (await call(t, 'GET', `/admin/v1/audit-log?resource_id=${incident.id}&limit=1`)).body;
    const change = edited.changes[`/incident_updates/${first.id}`];
    expect(change.before.body).toBe('Slow.');
    expect(change.after.body).toBe('Very slow.');
  });

  test('the audit log grows with what is posted, not with the size of the incident', async () => {
    const t = await createTestApp();
    const incident = (
      await call(t, 'POST', '/admin/v1/incidents', {
        name: 'Long',
        status: 'investigating',
        impact: 'minor',
        message: 'Start.',
      })
    ).body;
    const message = 'x'.repeat(20_000);
    const auditBytes = async () =>
      Number(
        (
          await t.db.execute(
            "SELECT sum(length(coalesce(before, '')) + length(coalesce(after, '')) + length(coalesce(changes, ''))) AS n FROM audit_log",
          )
        ).rows[0]?.n,
      );
    const start = await auditBytes();
    for (let i = 0; i < 20; i += 1) {
      const posted = await call(t, 'POST', `/admin/v1/incidents/${incident.id}/updates`, {
        status: 'identified',
        message,
      });
      expect(posted.status).toBe(201);
    }
    // Each update is stored once (20 KB plus its envelope); a whole incident per entry would be ~4 MB.
    expect((await auditBytes()) - start).toBeLessThan(20 * 22_000);
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
    const [revoked, issued] = (await call(t, 'GET', `/admin/v1/audit-log?resource_type=admin_token`)).body;
    expect(Object.keys(issued.after).sort()).toEqual([
      'created_at',
      'created_by',
      'expires_at',
      'id',
      'name',
      'revoked_at',
      'revoked_by',
      'scope',
    ]);
    expect(revoked.changes).toEqual({
      '/revoked_at': { before: null, after: expect.any(String) },
      '/revoked_by': { before: null, after: 'bootstrap' },
    });
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
