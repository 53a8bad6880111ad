import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { readSiteData } from '../../site/lib/data.ts';
import { createTestDatabase } from '../support/database.ts';
import { insertSiteFixture } from './fixtures.ts';

const DAY = 86_400_000;

/** The client, counting the round trips made through it. */
function countingClient(db: Client): { client: Client; calls: string[] } {
  const calls: string[] = [];
  const client = new Proxy(db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (['execute', 'batch', 'executeMultiple', 'transaction'].includes(String(property))) {
          calls.push(String(property));
        }
        return value.apply(target, args);
      };
    },
  });
  return { client, calls };
}

describe('readSiteData', () => {
  it('reads everything in one read batch, whatever the number of incidents', async () => {
    const { db } = await createTestDatabase();
    await insertSiteFixture(db);
    const { client, calls } = countingClient(db);
    const data = await readSiteData(client, Date.now());
    expect(calls).toEqual(['batch']);
    expect(data.incidents).toHaveLength(4);
    expect(data.components).toHaveLength(8);
    expect(data.groups.map((group) => group.name)).toEqual(['Core', 'Edge & <Delivery>']);
  });

  it('gives a page with defaults when the database has no page row yet', async () => {
    const { db } = await createTestDatabase();
    const data = await readSiteData(db, Date.parse('2026-11-22T10:00:00Z'));
    expect(data.page).toMatchObject({ name: 'Status', url: '', time_zone: 'UTC' });
    expect(data.timeZone).toBe('UTC');
    expect(data.incidents).toEqual([]);
    expect(data.components).toEqual([]);
  });

  it('assembles incidents newest first, each with its updates newest first and its components', async () => {
    const { db } = await createTestDatabase();
    const { ids } = await insertSiteFixture(db);
    const data = await readSiteData(db, Date.now());
    expect(data.incidents.map((incident) => incident.id)).toEqual([
      ids.open,
      ids.recent,
      ids.resolved,
      ids.old,
    ]);
    const resolved = data.incidents[2];
    expect(resolved?.incident_updates.map((update) => update.id)).toEqual([...ids.resolvedUpdates].reverse());
    expect(resolved?.component_ids).toEqual([ids.api]);
  });

  it('keeps the status history of the window and the status in force when it begins, oldest first', async () => {
    const { db } = await createTestDatabase();
    const now = Date.parse('2026-11-22T10:00:00Z');
    await db.execute(
      `INSERT INTO components (id, name, position, status, created_at, updated_at)
       VALUES ('cmp_x', 'X', 0, 'operational', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const changes: Array<[string, number]> = [
      ['operational', now - 300 * DAY],
      ['major_outage', now - 200 * DAY],
      ['partial_outage', now - 100 * DAY],
      ['operational', now - 10 * DAY],
      // Two changes in the same millisecond: the one written last is the one in force.
      ['degraded_performance', now - DAY],
      ['under_maintenance', now - DAY],
    ];
    await db.batch(
      changes.map(([status, at], index) => ({
        sql: `INSERT INTO component_status_changes (id, component_id, old_status, new_status, changed_at)
              VALUES (?, 'cmp_x', NULL, ?, ?)`,
        // Ids that sort against the insertion order, so only the write order can decide the tie.
        args: [`csc_${9 - index}`, status, new Date(at).toISOString()],
      })),
      'write',
    );
    const data = await readSiteData(db, now);
    expect(data.statusHistory.get('cmp_x')).toEqual([
      { status: 'partial_outage', at: now - 100 * DAY },
      { status: 'operational', at: now - 10 * DAY },
      { status: 'degraded_performance', at: now - DAY },
      { status: 'under_maintenance', at: now - DAY },
    ]);
    expect(data.historyFrom).toBeLessThan(now - 90 * DAY);
  });
});

describe('readSiteData across snapshots', () => {
  it('keeps the object of an unchanged incident and builds a changed one anew', async () => {
    const { db } = await createTestDatabase();
    const now = Date.now();
    await insertSiteFixture(db, now);
    const first = await readSiteData(db, now);
    const [changed, unchanged] = first.incidents;
    if (!changed || !unchanged) throw new Error('the fixture has fewer than two incidents');
    const edited = changed.incident_updates[0];
    if (!edited) throw new Error('the fixture incident has no update');
    await db.execute({
      sql: 'UPDATE incident_updates SET body = ? WHERE id = ?',
      args: ['Corrected wording.', edited.id],
    });
    const second = await readSiteData(db, now);
    const byId = new Map(second.incidents.map((incident) => [incident.id, incident]));
    expect(byId.get(unchanged.id)).toBe(unchanged);
    const rebuilt = byId.get(changed.id);
    expect(rebuilt).not.toBe(changed);
    expect(rebuilt?.incident_updates.find((update) => update.id === edited.id)?.body).toBe(
      'Corrected wording.',
    );
    // Unchanged data still reads the same, object for object.
    const third = await readSiteData(db, now);
    expect(third.incidents).toEqual(second.incidents);
    expect(third.incidents.every((incident, index) => incident === second.incidents[index])).toBe(true);
  });
});

describe('readSiteData update order', () => {
  it('orders each incident’s updates as SQLite orders display_at, created_at, id (newest first)', async () => {
    const { db } = await createTestDatabase();
    const now = Date.now();
    await insertSiteFixture(db, now);
    const [row] = (await db.execute('SELECT id FROM incidents ORDER BY id LIMIT 1')).rows;
    const incidentId = String(row?.id);
    const shown = new Date(now - 60_000).toISOString();
    const written = [new Date(now - 30_000).toISOString(), new Date(now - 20_000).toISOString()];
    const insert = (id: string, createdAt: string) => ({
      sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
            VALUES (?, ?, 'monitoring', 'Tie.', ?, ?, ?)`,
      args: [id, incidentId, shown, createdAt, createdAt],
    });
    // Same display time: then by creation, then by id.
    await db.batch([
      insert('upd_tie_b', written[0] ?? ''),
      insert('upd_tie_a', written[0] ?? ''),
      insert('upd_tie_c', written[1] ?? ''),
    ]);
    const expected = (
      await db.execute({
        sql: 'SELECT id FROM incident_updates WHERE incident_id = ? ORDER BY display_at DESC, created_at DESC, id DESC',
        args: [incidentId],
      })
    ).rows.map((update) => String(update.id));
    const data = await readSiteData(db, now);
    const incident = data.incidents.find((item) => item.id === incidentId);
    expect(incident?.incident_updates.map((update) => update.id)).toEqual(expected);
    expect(expected.filter((id) => id.startsWith('upd_tie_'))).toEqual([
      'upd_tie_c',
      'upd_tie_b',
      'upd_tie_a',
    ]);
  });
});
