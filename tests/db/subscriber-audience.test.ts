import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createComponentGroup } from '../../api/services/component-groups.ts';
import { createComponent } from '../../api/services/components.ts';
import { newId } from '../../db/ids.ts';
import { listActiveSubscribersFor } from '../../db/queries/subscriber-audience.ts';
import {
  activateSubscriberStatement,
  insertSubscriberStatement,
} from '../../db/queries/subscriber-writes.ts';
import { replaceTargetsStatements } from '../../db/queries/subscribers.ts';
import type { IncidentImpact } from '../../db/types.ts';
import { createTestDatabase } from '../support/database.ts';
import { componentInput, groupInput, testContext } from '../support/factories.ts';

async function addSubscriber(
  db: Client,
  options: { targets: string[] | null; minImpact?: IncidentImpact; active?: boolean },
): Promise<string> {
  const id = newId('sub');
  const now = new Date().toISOString();
  await db.batch(
    [
      insertSubscriberStatement({
        id,
        email: `${id}@example.com`,
        state: 'pending',
        minImpact: options.minImpact ?? 'none',
        confirmTokenHash: null,
        confirmExpiresAt: null,
        now,
      }),
      ...replaceTargetsStatements(id, options.targets),
      ...(options.active === false ? [] : [activateSubscriberStatement(id, now)]),
    ],
    'write',
  );
  return id;
}

describe('listActiveSubscribersFor', () => {
  it('reaches whole-page, component and group subscribers, never pending ones', async () => {
    const { db } = await createTestDatabase();
    const group = await createComponentGroup(db, groupInput(), testContext());
    const inGroup = await createComponent(db, componentInput({ group_id: group.id }), testContext());
    const other = await createComponent(db, componentInput(), testContext());
    const page = await addSubscriber(db, { targets: null });
    const byComponent = await addSubscriber(db, { targets: [inGroup.id] });
    const byGroup = await addSubscriber(db, { targets: [group.id] });
    await addSubscriber(db, { targets: [other.id] });
    await addSubscriber(db, { targets: null, active: false });
    const found = await listActiveSubscribersFor(db, {
      componentIds: [inGroup.id],
      impact: 'minor',
      limit: 100,
    });
    expect(found.map((r) => r.id).sort()).toEqual([page, byComponent, byGroup].sort());
  });

  it('sends an incident without components to whole-page subscribers only', async () => {
    const { db } = await createTestDatabase();
    const component = await createComponent(db, componentInput(), testContext());
    const page = await addSubscriber(db, { targets: null });
    await addSubscriber(db, { targets: [component.id] });
    const found = await listActiveSubscribersFor(db, { componentIds: [], impact: 'critical', limit: 100 });
    expect(found.map((r) => r.id)).toEqual([page]);
  });

  it('skips subscribers whose threshold the impact does not meet', async () => {
    const { db } = await createTestDatabase();
    const all = await addSubscriber(db, { targets: null, minImpact: 'none' });
    const minor = await addSubscriber(db, { targets: null, minImpact: 'minor' });
    await addSubscriber(db, { targets: null, minImpact: 'major' });
    const found = await listActiveSubscribersFor(db, { componentIds: [], impact: 'minor', limit: 100 });
    expect(found.map((r) => r.id).sort()).toEqual([all, minor].sort());
  });

  it('pages through recipients in id order', async () => {
    const { db } = await createTestDatabase();
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await addSubscriber(db, { targets: null }));
    const first = await listActiveSubscribersFor(db, { componentIds: [], impact: 'none', limit: 3 });
    const rest = await listActiveSubscribersFor(db, {
      componentIds: [],
      impact: 'none',
      limit: 3,
      after: first.at(-1)?.id,
    });
    expect([...first, ...rest].map((r) => r.id)).toEqual(ids.sort());
  });
});
