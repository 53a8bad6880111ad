import { describe, expect, it } from 'vitest';
import { createComponentGroup } from '../../api/services/component-groups.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { buildOverview } from '../../site/lib/overview.ts';
import { createTestDatabase } from '../support/database.ts';
import { makeComponent, makeGroup, testContext } from '../support/factories.ts';

describe('the front page overview', () => {
  it('shows groups that hold components and leaves out empty ones', async () => {
    const { db } = await createTestDatabase();
    const filled = await makeGroup(db, { name: 'Filled' });
    await makeComponent(db, { name: 'In the group', group_id: filled.id });
    await createComponentGroup(db, { name: 'Empty' }, testContext());
    const overview = buildOverview(await readSiteData(db, Date.now()));
    const groups = overview.items.flatMap((item) => (item.kind === 'group' ? [item.group.name] : []));
    expect(groups).toEqual(['Filled']);
  });
});
