import type { Client } from '@libsql/client';
import type { MeasuredIncident } from '../../site/lib/incident-metrics.ts';
import type { IncidentStatus } from '../types.ts';
import { toIncident } from './rows.ts';

/**
 * Incidents that started in [from, to) (ISO instants), oldest first, each with when its updates
 * were posted and with what status (no bodies: the metrics need none). Two queries however many.
 */
export async function listIncidentsForMetrics(
  db: Client,
  range: { from: string; to: string },
): Promise<MeasuredIncident[]> {
  const inRange = 'started_at >= :from AND started_at < :to';
  const [incidents, updates] = await db.batch(
    [
      { sql: `SELECT * FROM incidents WHERE ${inRange} ORDER BY started_at, id`, args: range },
      {
        sql: `SELECT id, incident_id, status, created_at FROM incident_updates
          WHERE incident_id IN (SELECT id FROM incidents WHERE ${inRange}) ORDER BY created_at, id`,
        args: range,
      },
    ],
    'read',
  );
  const byId = new Map<
    string,
    MeasuredIncident & { incident_updates: MeasuredIncident['incident_updates'][number][] }
  >();
  for (const row of incidents?.rows ?? []) {
    const incident = toIncident(row);
    byId.set(incident.id, { ...incident, incident_updates: [] });
  }
  for (const row of updates?.rows ?? []) {
    byId.get(String(row.incident_id))?.incident_updates.push({
      id: String(row.id),
      status: String(row.status) as IncidentStatus,
      created_at: String(row.created_at),
    });
  }
  return [...byId.values()];
}
