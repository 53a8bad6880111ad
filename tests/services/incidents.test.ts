import { describe, expect, test } from 'vitest';
import { postIncidentUpdate } from '../../api/services/incident-updates.ts';
import { createIncident } from '../../api/services/incidents.ts';
import { getComponent } from '../../db/queries/components.ts';
import { getIncident } from '../../db/queries/incidents.ts';
import { createTestDatabase } from '../support/database.ts';
import { ALL_TABLES, countRows, incidentInput, makeComponent, testContext } from '../support/factories.ts';

describe('incident services', () => {
  test('use the time they are given for every timestamp (a seed can write the past)', async () => {
    const { db } = await createTestDatabase();
    const opened = testContext({ actor: 'seed', now: '2024-02-10T08:00:00.000Z' });
    const api = await makeComponent(db, { name: 'API' }, opened);
    const incident = await createIncident(
      db,
      incidentInput({ status: 'identified', components: { [api.id]: 'major_outage' } }),
      opened,
    );
    const later = testContext({ actor: 'seed', now: '2024-02-10T09:30:00.000Z' });
    await postIncidentUpdate(
      db,
      { incident_id: incident.id, status: 'monitoring', message: 'Watching.' },
      later,
    );
    const done = testContext({ actor: 'seed', now: '2024-02-10T10:00:00.000Z' });
    const { incident: resolved, update } = await postIncidentUpdate(
      db,
      { incident_id: incident.id, status: 'resolved', message: 'Fixed.' },
      done,
    );
    expect(resolved).toMatchObject({
      created_at: '2024-02-10T08:00:00.000Z',
      started_at: '2024-02-10T08:00:00.000Z',
      monitoring_at: '2024-02-10T09:30:00.000Z',
      resolved_at: '2024-02-10T10:00:00.000Z',
      updated_at: '2024-02-10T10:00:00.000Z',
    });
    expect(update).toMatchObject({
      display_at: '2024-02-10T10:00:00.000Z',
      created_at: '2024-02-10T10:00:00.000Z',
    });
    expect(await getComponent(db, api.id)).toMatchObject({
      status: 'operational',
      updated_at: '2024-02-10T10:00:00.000Z',
    });
    const history = await db.execute({
      sql: 'SELECT changed_at, new_status FROM component_status_changes WHERE component_id = ? ORDER BY changed_at',
      args: [api.id],
    });
    expect(history.rows.map((row) => [row.changed_at, row.new_status])).toEqual([
      ['2024-02-10T08:00:00.000Z', 'operational'],
      ['2024-02-10T08:00:00.000Z', 'major_outage'],
      ['2024-02-10T10:00:00.000Z', 'operational'],
    ]);
    const audit = await db.execute('SELECT DISTINCT actor FROM audit_log');
    expect(audit.rows.map((row) => row.actor)).toEqual(['seed']);
  });

  test('normalise a backfilled start and refuse one in the future or unreadable', async () => {
    const { db } = await createTestDatabase();
    const ctx = testContext({ now: '2024-02-10T08:00:00.000Z' });
    const same = await createIncident(db, incidentInput({ started_at: '2024-02-10T08:00:00Z' }), ctx);
    expect(same.started_at).toBe('2024-02-10T08:00:00.000Z');
    for (const started_at of ['2024-02-10T08:00:00.001Z', 'yesterday']) {
      await expect(createIncident(db, incidentInput({ started_at }), ctx)).rejects.toMatchObject({
        kind: 'invalid',
        fields: [expect.objectContaining({ pointer: '/started_at' })],
      });
    }
  });

  test('an update whose batch fails midway leaves no trace: incident, update, components, audit', async () => {
    const { db } = await createTestDatabase();
    const api = await makeComponent(db, { name: 'API' });
    const web = await makeComponent(db, { name: 'Web' });
    const incident = await createIncident(
      db,
      incidentInput({ components: { [api.id]: 'partial_outage' } }),
      testContext(),
    );
    // A fault injected into the middle of the batch: the second component's history row fails.
    await db.execute(`CREATE TRIGGER fail_web AFTER INSERT ON component_status_changes
      WHEN NEW.component_id = '${web.id}' BEGIN SELECT raise(ABORT, 'injected failure'); END`);
    const before = await countRows(db, ALL_TABLES);
    await expect(
      postIncidentUpdate(
        db,
        {
          incident_id: incident.id,
          status: 'monitoring',
          message: 'Partly fixed.',
          components: { [api.id]: 'operational', [web.id]: 'degraded_performance' },
        },
        testContext(),
      ),
    ).rejects.toThrow(/injected failure/);
    expect(await countRows(db, ALL_TABLES)).toEqual(before);
    expect(await getComponent(db, api.id)).toMatchObject({ status: 'partial_outage' });
    expect(await getIncident(db, incident.id)).toEqual(incident);
  });
});
