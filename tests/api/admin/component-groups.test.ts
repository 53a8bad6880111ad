import { describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { countRows } from '../../support/factories.ts';
import { call } from './http.ts';

const groupNames = async (t: TestApp) =>
  ((await call(t, 'GET', '/admin/v1/component-groups')).body as Array<{ name: string }>).map(
    (group) => group.name,
  );

describe('component groups', () => {
  test('creates, lists in order, reads and updates a group', async () => {
    const t = await createTestApp();
    const created = await call(t, 'POST', '/admin/v1/component-groups', {
      name: 'Backend',
      description: 'APIs',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Backend', description: 'APIs', position: 0 });
    expect(created.body.id).toMatch(/^grp_/);
    await call(t, 'POST', '/admin/v1/component-groups', { name: 'Frontend' });
    await call(t, 'POST', '/admin/v1/component-groups', { name: 'Edge', position: 0 });
    expect(await groupNames(t)).toEqual(['Edge', 'Backend', 'Frontend']);

    const updated = await call(t, 'PATCH', `/admin/v1/component-groups/${created.body.id}`, {
      name: 'Core',
      description: null,
      position: 2,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Core', description: null, position: 2 });
    expect(await groupNames(t)).toEqual(['Edge', 'Frontend', 'Core']);
    expect((await call(t, 'GET', `/admin/v1/component-groups/${created.body.id}`)).body).toEqual(
      updated.body,
    );
  });

  test('refuses a duplicate group name with 409', async () => {
    const t = await createTestApp();
    await call(t, 'POST', '/admin/v1/component-groups', { name: 'Backend' });
    const other = (await call(t, 'POST', '/admin/v1/component-groups', { name: 'Frontend' })).body;
    const duplicate = await call(t, 'POST', '/admin/v1/component-groups', { name: 'Backend' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('Content-Type')).toBe('application/problem+json');
    expect(
      (await call(t, 'PATCH', `/admin/v1/component-groups/${other.id}`, { name: 'Backend' })).status,
    ).toBe(409);
    expect(await groupNames(t)).toEqual(['Backend', 'Frontend']);
  });

  test('refuses to delete a group that has components with 409, and deletes it once empty', async () => {
    const t = await createTestApp();
    const group = (await call(t, 'POST', '/admin/v1/component-groups', { name: 'Backend' })).body;
    const component = (await call(t, 'POST', '/admin/v1/components', { name: 'API', group_id: group.id }))
      .body;
    const before = await countRows(t.db, ['component_groups', 'components', 'audit_log']);
    const refused = await call(t, 'DELETE', `/admin/v1/component-groups/${group.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/move them to another group or delete them first/);
    expect(await countRows(t.db, ['component_groups', 'components', 'audit_log'])).toEqual(before);

    await call(t, 'PATCH', `/admin/v1/components/${component.id}`, { group_id: null });
    expect((await call(t, 'DELETE', `/admin/v1/component-groups/${group.id}`)).status).toBe(204);
    expect((await call(t, 'GET', `/admin/v1/component-groups/${group.id}`)).status).toBe(404);
  });

  test('closes the gap a deleted group leaves', async () => {
    const t = await createTestApp();
    const first = (await call(t, 'POST', '/admin/v1/component-groups', { name: 'A' })).body;
    await call(t, 'POST', '/admin/v1/component-groups', { name: 'B' });
    await call(t, 'DELETE', `/admin/v1/component-groups/${first.id}`);
    const [remaining] = (await call(t, 'GET', '/admin/v1/component-groups')).body;
    expect(remaining).toMatchObject({ name: 'B', position: 0 });
  });

  test('answers 404 for unknown group ids', async () => {
    const t = await createTestApp();
    expect((await call(t, 'GET', '/admin/v1/component-groups/grp_nope')).status).toBe(404);
    expect((await call(t, 'PATCH', '/admin/v1/component-groups/grp_nope', { name: 'X' })).status).toBe(404);
    expect((await call(t, 'DELETE', '/admin/v1/component-groups/grp_nope')).status).toBe(404);
  });
});
