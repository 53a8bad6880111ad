import { describe, expect, test } from 'vitest';
import { ensurePage, updatePage } from '../../api/services/page.ts';
import { listAuditEntries } from '../../db/queries/audit-log.ts';
import { createTestDatabase } from '../support/database.ts';
import { testContext } from '../support/factories.ts';

const defaults = { name: 'Acme Status', url: 'https://status.acme.test', time_zone: 'Europe/Berlin' };

describe('ensurePage', () => {
  test('creates the page once, at the time given, audited as system', async () => {
    const { db } = await createTestDatabase();
    const page = await ensurePage(db, defaults, '2025-01-01T00:00:00.000Z');
    expect(page).toMatchObject({ ...defaults, created_at: '2025-01-01T00:00:00.000Z' });
    expect(page.id).toMatch(/^page_/);
    const again = await ensurePage(db, { ...defaults, name: 'Other' }, '2025-02-01T00:00:00.000Z');
    expect(again).toEqual(page);
    const entries = await listAuditEntries(db, { limit: 10 });
    expect(entries).toEqual([
      expect.objectContaining({ actor: 'system', action: 'page.create', before: null, after: page }),
    ]);
  });

  test('two concurrent first starts still make one page and one audit entry', async () => {
    const { db } = await createTestDatabase();
    const [first, second] = await Promise.all([
      ensurePage(db, defaults, '2025-01-01T00:00:00.000Z'),
      ensurePage(db, { ...defaults, name: 'Racer' }, '2025-01-01T00:00:00.000Z'),
    ]);
    expect(first).toEqual(second);
    expect((await db.execute('SELECT count(*) AS n FROM page')).rows[0]?.n).toBe(1);
    expect(await listAuditEntries(db, { limit: 10 })).toHaveLength(1);
  });
});

test('updatePage fails with not_found before the page exists', async () => {
  const { db } = await createTestDatabase();
  await expect(updatePage(db, { name: 'X' }, testContext())).rejects.toMatchObject({ kind: 'not_found' });
});
