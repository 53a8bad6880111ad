import type { Client, InValue } from '@libsql/client';
import { type Incident, type IncidentWithDetails, UNRESOLVED_INCIDENT_STATUSES } from '../types.ts';
import { toIncident, toIncidentUpdate } from './rows.ts';

const UNRESOLVED_SQL = UNRESOLVED_INCIDENT_STATUSES.map((status) => `'${status}'`).join(', ');

/** One incident with its updates and affected component ids, or null when the id is unknown. */
export async function getIncident(db: Client, id: string): Promise<IncidentWithDetails | null> {
  const result = await db.execute({ sql: 'SELECT * FROM incidents WHERE id = :id', args: { id } });
  const row = result.rows[0];
  if (!row) return null;
  const [incident] = await withDetails(db, [toIncident(row)]);
  return incident ?? null;
}

export interface ListIncidentsOptions {
  /** At most this many, newest first. */
  limit: number;
  /** Only investigating / identified / monitoring. */
  unresolvedOnly?: boolean;
  /** Only incidents created before this timestamp (keyset pagination). */
  before?: string;
}

/** Incidents newest first, each with its updates (newest first) and affected component ids. */
export async function listIncidents(
  db: Client,
  options: ListIncidentsOptions,
): Promise<IncidentWithDetails[]> {
  const where: string[] = [];
  const args: Record<string, InValue> = { limit: options.limit };
  if (options.unresolvedOnly) where.push(`status IN (${UNRESOLVED_SQL})`);
  if (options.before) {
    where.push('created_at < :before');
    args.before = options.before;
  }
  const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC LIMIT :limit`;
  const result = await db.execute({ sql, args });
  return withDetails(db, result.rows.map(toIncident));
}

// Two queries for any number of incidents rather than two per incident.
async function withDetails(db: Client, incidents: Incident[]): Promise<IncidentWithDetails[]> {
  if (incidents.length === 0) return [];
  const ids = incidents.map((incident) => incident.id);
  const placeholders = ids.map(() => '?').join(', ');
  const [updates, links] = await db.batch(
    [
      {
        sql: `SELECT * FROM incident_updates WHERE incident_id IN (${placeholders}) ORDER BY created_at DESC, id DESC`,
        args: ids,
      },
      {
        sql: `SELECT incident_id, component_id FROM incident_components WHERE incident_id IN (${placeholders})`,
        args: ids,
      },
    ],
    'read',
  );
  const byIncident = new Map<string, IncidentWithDetails>(
    incidents.map((incident) => [incident.id, { ...incident, incident_updates: [], component_ids: [] }]),
  );
  for (const row of updates?.rows ?? []) {
    byIncident.get(String(row.incident_id))?.incident_updates.push(toIncidentUpdate(row));
  }
  for (const row of links?.rows ?? []) {
    byIncident.get(String(row.incident_id))?.component_ids.push(String(row.component_id));
  }
  return [...byIncident.values()];
}
