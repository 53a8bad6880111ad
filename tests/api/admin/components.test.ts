import { describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { countRows } from '../../support/factories.ts';
import { call } from './http.ts';

const statusHistory = async (t: TestApp, componentId: string) =>
  (
    await t.db.execute({
      sql: 'SELECT old_status, new_status, changed_at, incident_update_id FROM component_status_changes WHERE component_id = ? ORDER BY rowid',
      args: [componentId],
    })
  ).rows.map((row) => ({ ...row }));

const names = async (t: TestApp, groupId: string | null) =>
  (
    (await call(t, 'GET', '/admin/v1/components')).body as Array<{
      name: string;
      group_id: string | null;
      position: number;
    }>
  )
    .filter((component) => component.group_id === groupId)
    .sort((a, b) => a.position - b.position)
    .map((component) => component.name);

describe('components', () => {
  test('creates a component with defaults and its first status history row', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-02-01T12:00:00.000Z') });
    const created = await call(t, 'POST', '/admin/v1/components', { name: 'API' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'API',
      group_id: null,
      description: null,
      position: 0,
      status: 'operational',
      showcase: true,
      only_show_if_degraded: false,
      start_date: '2026-02-01',
      created_at: '2026-02-01T12:00:00.000Z',
    });
    expect(created.body.id).toMatch(/^cmp_/);
    expect(await statusHistory(t, created.body.id)).toEqual([
      {
        old_status: null,
        new_status: 'operational',
        changed_at: '2026-02-01T12:00:00.000Z',
        incident_update_id: null,
      },
    ]);
    expect((await call(t, 'GET', `/admin/v1/components/${created.body.id}`)).body).toEqual(created.body);
  });

  test('records every status change with its time, and nothing when the status stays', async () => {
    let now = Date.parse('2026-02-01T12:00:00.000Z');
    const t = await createTestApp({ clock: () => new Date(now) });
    const { id } = (
      await call(t, 'POST', '/admin/v1/components', { name: 'API', status: 'degraded_performance' })
    ).body;
    now += 60_000;
    const changed = await call(t, 'PATCH', `/admin/v1/components/${id}`, { status: 'major_outage' });
    expect(changed.body.status).toBe('major_outage');
    now += 60_000;
    await call(t, 'PATCH', `/admin/v1/components/${id}`, {
      status: 'major_outage',
      description: 'Same status',
    });
    expect(await statusHistory(t, id)).toEqual([
      {
        old_status: null,
        new_status: 'degraded_performance',
        changed_at: '2026-02-01T12:00:00.000Z',
        incident_update_id: null,
      },
      {
        old_status: 'degraded_performance',
        new_status: 'major_outage',
        changed_at: '2026-02-01T12:01:00.000Z',
        incident_update_id: null,
      },
    ]);
    const history = await call(t, 'GET', `/admin/v1/components/${id}/status-changes`);
    expect(history.body.map((change: { new_status: string }) => change.new_status)).toEqual([
      'major_outage',
      'degraded_performance',
    ]);
  });

  test('updates only the fields given', async () => {
    const t = await createTestApp();
    const { id } = (await call(t, 'POST', '/admin/v1/components', { name: 'API', description: 'Public API' }))
      .body;
    const updated = await call(t, 'PATCH', `/admin/v1/components/${id}`, {
      showcase: false,
      only_show_if_degraded: true,
      start_date: '2025-12-01',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'API',
      description: 'Public API',
      showcase: false,
      only_show_if_degraded: true,
      start_date: '2025-12-01',
    });
    const cleared = await call(t, 'PATCH', `/admin/v1/components/${id}`, { description: null });
    expect(cleared.body.description).toBeNull();
  });

  test('appends at the end of its group by default and shifts the others for an explicit position', async () => {
    const t = await createTestApp();
    for (const name of ['A', 'B', 'C']) await call(t, 'POST', '/admin/v1/components', { name });
    expect(await names(t, null)).toEqual(['A', 'B', 'C']);
    await call(t, 'POST', '/admin/v1/components', { name: 'First', position: 0 });
    expect(await names(t, null)).toEqual(['First', 'A', 'B', 'C']);
    await call(t, 'POST', '/admin/v1/components', { name: 'Last', position: 99 });
    const positions = (
      (await call(t, 'GET', '/admin/v1/components')).body as Array<{ position: number }>
    ).map((component) => component.position);
    expect(positions).toEqual([0, 1, 2, 3, 4]);
  });

  test('moves within its group and between groups, keeping positions dense', async () => {
    const t = await createTestApp();
    const group = (await call(t, 'POST', '/admin/v1/component-groups', { name: 'Backend' })).body;
    const ids: Record<string, string> = {};
    for (const name of ['A', 'B', 'C'])
      ids[name] = (await call(t, 'POST', '/admin/v1/components', { name })).body.id;
    await call(t, 'POST', '/admin/v1/components', { name: 'X', group_id: group.id });

    await call(t, 'PATCH', `/admin/v1/components/${ids.C}`, { position: 0 });
    expect(await names(t, null)).toEqual(['C', 'A', 'B']);
    await call(t, 'PATCH', `/admin/v1/components/${ids.C}`, { position: 2 });
    expect(await names(t, null)).toEqual(['A', 'B', 'C']);

    const moved = await call(t, 'PATCH', `/admin/v1/components/${ids.A}`, { group_id: group.id });
    expect(moved.body).toMatchObject({ group_id: group.id, position: 1 });
    expect(await names(t, null)).toEqual(['B', 'C']);
    expect(await names(t, group.id)).toEqual(['X', 'A']);

    await call(t, 'PATCH', `/admin/v1/components/${ids.B}`, { group_id: group.id, position: 0 });
    expect(await names(t, group.id)).toEqual(['B', 'X', 'A']);
    expect(await names(t, null)).toEqual(['C']);
    const ungrouped = (await call(t, 'GET', `/admin/v1/components/${ids.C}`)).body;
    expect(ungrouped.position).toBe(0);
  });

  test('deletes a component with its status history and incident links, closing the gap', async () => {
    const t = await createTestApp();
    const a = (await call(t, 'POST', '/admin/v1/components', { name: 'A' })).body;
    const b = (await call(t, 'POST', '/admin/v1/components', { name: 'B' })).body;
    const incident = await call(t, 'POST', '/admin/v1/incidents', {
      name: 'Outage',
      status: 'investigating',
      impact: 'major',
      message: 'Down',
      components: { [a.id]: 'major_outage' },
    });
    expect((await call(t, 'DELETE', `/admin/v1/components/${a.id}`)).status).toBe(204);
    expect((await call(t, 'GET', `/admin/v1/components/${a.id}`)).status).toBe(404);
    expect(await statusHistory(t, a.id)).toEqual([]);
    const after = (await call(t, 'GET', `/admin/v1/incidents/${incident.body.id}`)).body;
    expect(after.component_ids).toEqual([]);
    // The update still tells what happened, by name.
    expect(after.incident_updates[0].affected_components).toEqual([
      { code: a.id, name: 'A', old_status: 'operational', new_status: 'major_outage' },
    ]);
    expect((await call(t, 'GET', `/admin/v1/components/${b.id}`)).body.position).toBe(0);
  });

  test('refuses a duplicate name within a group with 409 but allows it in another group', async () => {
    const t = await createTestApp();
    const group = (await call(t, 'POST', '/admin/v1/component-groups', { name: 'EU' })).body;
    await call(t, 'POST', '/admin/v1/components', { name: 'API' });
    const duplicate = await call(t, 'POST', '/admin/v1/components', { name: 'API' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.detail).toContain('API');
    expect((await call(t, 'POST', '/admin/v1/components', { name: 'API', group_id: group.id })).status).toBe(
      201,
    );
    const other = (await call(t, 'POST', '/admin/v1/components', { name: 'Web' })).body;
    expect((await call(t, 'PATCH', `/admin/v1/components/${other.id}`, { name: 'API' })).status).toBe(409);
    expect((await call(t, 'GET', `/admin/v1/components/${other.id}`)).body.name).toBe('Web');
  });

  test('answers 400 at /group_id for an unknown group and changes nothing', async () => {
    const t = await createTestApp();
    const before = await countRows(t.db, ['components', 'component_status_changes', 'audit_log']);
    const answer = await call(t, 'POST', '/admin/v1/components', { name: 'API', group_id: 'grp_nope' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { pointer: '/group_id', detail: expect.stringContaining('grp_nope') },
    ]);
    expect(await countRows(t.db, ['components', 'component_status_changes', 'audit_log'])).toEqual(before);
  });

  test('answers 404 for unknown component ids', async () => {
    const t = await createTestApp();
    expect((await call(t, 'GET', '/admin/v1/components/cmp_nope')).status).toBe(404);
    expect((await call(t, 'PATCH', '/admin/v1/components/cmp_nope', { name: 'X' })).status).toBe(404);
    expect((await call(t, 'DELETE', '/admin/v1/components/cmp_nope')).status).toBe(404);
    expect((await call(t, 'GET', '/admin/v1/components/cmp_nope/status-changes')).status).toBe(404);
    expect(t.changes.count).toBe(0);
  });
});
