import { expect, test } from 'vitest';
import { listAuditEntries, withAuditEntry } from '../../db/queries/audit-log.ts';
import { createTestDatabase } from '../support/database.ts';
import { makeComponent, testContext } from '../support/factories.ts';

const target = (resourceId: string) => ({
  actor: 'test',
  action: 'component.update',
  resourceType: 'component' as const,
  resourceId,
  now: '2025-01-01T00:00:00.000Z',
});

test('an audit entry records what changed, taken from the rows inside the batch', async () => {
  const { db } = await createTestDatabase();
  const component = await makeComponent(db, { name: 'API' }, testContext());
  await db.batch(
    withAuditEntry(target(component.id), [
      { sql: "UPDATE components SET name = 'Renamed' WHERE id = ?", args: [component.id] },
    ]),
    'write',
  );
  const [entry] = await listAuditEntries(db, { limit: 1 });
  expect(entry).toMatchObject({
    before: null,
    after: null,
    changes: { '/name': { before: 'API', after: 'Renamed' } },
  });
});

test('an entry about a row that exists neither before nor after is discarded', async () => {
  const { db } = await createTestDatabase();
  const before = await listAuditEntries(db, { limit: 10 });
  await db.batch(withAuditEntry(target('cmp_vanished'), []), 'write');
  expect(await listAuditEntries(db, { limit: 10 })).toEqual(before);
});
