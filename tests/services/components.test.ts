import { describe, expect, test } from 'vitest';
import { deleteComponentGroup } from '../../api/services/component-groups.ts';
import { createComponent, updateComponent } from '../../api/services/components.ts';
import { ServiceError } from '../../api/services/errors.ts';
import { listComponents } from '../../db/queries/components.ts';
import { createTestDatabase } from '../support/database.ts';
import { componentInput, makeComponent, makeGroup, testContext } from '../support/factories.ts';

describe('component services', () => {
  test('report an unknown group as an invalid /group_id, a duplicate as a conflict', async () => {
    const { db } = await createTestDatabase();
    const unknownGroup = createComponent(db, componentInput({ group_id: 'grp_x' }), testContext());
    await expect(unknownGroup).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ pointer: '/group_id', detail: expect.any(String) }],
    });
    await makeComponent(db, { name: 'API' });
    await expect(makeComponent(db, { name: 'API' })).rejects.toMatchObject({ kind: 'conflict' });
    const group = await makeGroup(db);
    await makeComponent(db, { group_id: group.id });
    const refused = deleteComponentGroup(db, { id: group.id }, testContext());
    await expect(refused).rejects.toBeInstanceOf(ServiceError);
    await expect(refused).rejects.toMatchObject({ kind: 'conflict' });
  });

  test('keep positions dense per group through creations and moves', async () => {
    const { db } = await createTestDatabase();
    const [a, b, c] = [await makeComponent(db), await makeComponent(db), await makeComponent(db)];
    const group = await makeGroup(db);
    await updateComponent(db, { id: b.id, group_id: group.id }, testContext());
    await makeComponent(db, { group_id: group.id, position: 0 });
    await updateComponent(db, { id: c.id, position: 0 }, testContext());
    const byGroup = new Map<string | null, number[]>();
    for (const component of await listComponents(db)) {
      byGroup.set(component.group_id, [...(byGroup.get(component.group_id) ?? []), component.position]);
    }
    expect(byGroup.get(null)?.sort()).toEqual([0, 1]);
    expect(byGroup.get(group.id)?.sort()).toEqual([0, 1]);
    const ungrouped = (await listComponents(db)).filter((component) => component.group_id === null);
    expect(ungrouped.map((component) => component.id)).toEqual([c.id, a.id]);
  });
});
