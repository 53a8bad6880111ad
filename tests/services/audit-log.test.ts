import { describe, expect, test } from 'vitest';
import { createIncident, deleteIncident } from '../../api/services/incidents.ts';
import { changesSql } from '../../db/queries/audit-changes.ts';
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

describe('changes between two snapshots', () => {
  const changes = async (before: unknown, after: unknown, collections: string[] = []) => {
    const { db } = await createTestDatabase();
    const result = await db.execute({
      sql: `SELECT ${changesSql(':before', ':after', collections)} AS changes`,
      args: { before: JSON.stringify(before), after: JSON.stringify(after) },
    });
    return JSON.parse(String(result.rows[0]?.changes));
  };

  test('lists changed fields with their JSON types, and fields that appear or disappear', async () => {
    expect(
      await changes(
        { a: 1, flag: true, text: 'same', gone: 'x', nothing: null, list: [1] },
        { a: '1', flag: false, text: 'same', added: null, nothing: 0, list: [1, 2] },
      ),
    ).toEqual({
      '/a': { before: 1, after: '1' },
      '/flag': { before: true, after: false },
      '/gone': { before: 'x', after: null },
      '/added': { before: null, after: null },
      '/nothing': { before: null, after: 0 },
      '/list': { before: [1], after: [1, 2] },
    });
  });

  test('compares collections keyed by id row by row, escaping keys as JSON pointers', async () => {
    const rows = { r1: { body: 'one' }, 'r/2': { body: 'two' }, r3: { body: 'three' } };
    expect(
      await changes(
        { id: 'x', rows },
        { id: 'x', rows: { r1: rows.r1, 'r/2': { body: 'TWO' }, r4: { body: 'four' } } },
        ['rows'],
      ),
    ).toEqual({
      '/rows/r~12': { before: { body: 'two' }, after: { body: 'TWO' } },
      '/rows/r3': { before: { body: 'three' }, after: null },
      '/rows/r4': { before: null, after: { body: 'four' } },
    });
  });

  test('is empty when nothing differs', async () => {
    expect(await changes({ a: { b: 1 }, c: 'd' }, { a: { b: 1 }, c: 'd' }, ['a'])).toEqual({});
  });

  test('compares any other object field whole', async () => {
    expect(await changes({ o: { x: 1, y: 2 } }, { o: { x: 1, y: 3 } })).toEqual({
      '/o': { before: { x: 1, y: 2 }, after: { x: 1, y: 3 } },
    });
  });
});

test('a deleted incident keeps its updates and component links in the audit entry', async () => {
  const { db } = await createTestDatabase();
  const component = await makeComponent(db, { name: 'API' }, testContext());
  const incident = await createIncident(
    db,
    {
      name: 'Down',
      status: 'investigating',
      impact: 'major',
      message: 'Looking.',
      components: { [component.id]: 'major_outage' },
    },
    testContext(),
  );
  await deleteIncident(db, { id: incident.id }, testContext());
  const [entry] = await listAuditEntries(db, { limit: 1 });
  const [update] = incident.incident_updates;
  expect(entry).toMatchObject({ action: 'incident.delete', after: null, changes: null });
  expect(entry?.before).toMatchObject({
    component_ids: [component.id],
    incident_updates: { [String(update?.id)]: { body: 'Looking.' } },
  });
});
