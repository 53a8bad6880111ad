import type { Client, InStatement, InValue } from '@libsql/client';
import {
  type Incident,
  type IncidentImpact,
  type IncidentLead,
  type IncidentStatus,
  type IncidentWithDetails,
  UNRESOLVED_INCIDENT_STATUSES,
} from '../types.ts';
import { assignDefinedColumns } from './assignments.ts';
import { assemblePublishedPostmortems, publishedPostmortemStatements } from './postmortem-rows.ts';
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

// Five queries for any number of incidents rather than five per incident.
async function withDetails(db: Client, incidents: Incident[]): Promise<IncidentWithDetails[]> {
  if (incidents.length === 0) return [];
  const ids = incidents.map((incident) => incident.id);
  const placeholders = ids.map(() => '?').join(', ');
  const [updates, links, ...postmortemResults] = await db.batch(
    [
      {
        sql: `SELECT * FROM incident_updates WHERE incident_id IN (${placeholders}) ORDER BY created_at DESC, id DESC`,
        args: ids,
      },
      {
        sql: `SELECT incident_id, component_id FROM incident_components WHERE incident_id IN (${placeholders})
          ORDER BY incident_id, component_id`,
        args: ids,
      },
      ...publishedPostmortemStatements(ids),
    ],
    'read',
  );
  const [versions, postmortemLinks, followUps] = postmortemResults.map((result) => result.rows);
  const postmortems = assemblePublishedPostmortems(versions ?? [], postmortemLinks ?? [], followUps ?? []);
  const byIncident = new Map<string, IncidentWithDetails>(
    incidents.map((incident) => [
      incident.id,
      {
        ...incident,
        incident_updates: [],
        component_ids: [],
        postmortem: postmortems.get(incident.id) ?? null,
      },
    ]),
  );
  for (const row of updates?.rows ?? []) {
    byIncident.get(String(row.incident_id))?.incident_updates.push(toIncidentUpdate(row));
  }
  for (const row of links?.rows ?? []) {
    byIncident.get(String(row.incident_id))?.component_ids.push(String(row.component_id));
  }
  return [...byIncident.values()];
}

// Writes: statements for a service to run in one batch together with its audit entry.

/** Inserts an incident row exactly as given (its first update is inserted separately). */
export function insertIncident(incident: Incident): InStatement {
  const { lead, ...row } = incident;
  return {
    sql: `INSERT INTO incidents (id, name, status, impact, started_at, monitoring_at, resolved_at, created_at, updated_at,
        lead_email, lead_name, update_cadence_minutes, postmortem_waived_at)
      VALUES (:id, :name, :status, :impact, :started_at, :monitoring_at, :resolved_at, :created_at, :updated_at,
        :lead_email, :lead_name, :update_cadence_minutes, :postmortem_waived_at)`,
    args: { ...row, lead_email: lead?.email ?? null, lead_name: lead?.name ?? null },
  };
}

/**
 * Sets the given fields and updated_at: undefined leaves a field as it is, null clears the lead
 * or the incident's own cadence.
 */
export function updateIncidentFields(change: {
  id: string;
  name?: string;
  impact?: IncidentImpact;
  lead?: IncidentLead | null;
  update_cadence_minutes?: number | null;
  now: string;
}): InStatement {
  const { lead, ...fields } = change;
  const leadColumns =
    lead === undefined ? {} : { lead_email: lead?.email ?? null, lead_name: lead?.name ?? null };
  const { sets, args } = assignDefinedColumns(change, { ...fields, ...leadColumns }, [
    'name',
    'impact',
    'lead_email',
    'lead_name',
    'update_cadence_minutes',
  ]);
  return { sql: `UPDATE incidents SET ${sets.join(', ')} WHERE id = :id`, args };
}

/** Records that the incident needs no post-mortem; a repeated waiver keeps the first time. */
export function waiveIncidentPostmortem(change: { id: string; now: string }): InStatement {
  return {
    sql: `UPDATE incidents SET postmortem_waived_at = coalesce(postmortem_waived_at, :now),
        updated_at = CASE WHEN postmortem_waived_at IS NULL THEN :now ELSE updated_at END
      WHERE id = :id`,
    args: { ...change },
  };
}

/**
 * The incidents reminders and nudges may concern, each with its updates: every open one, and the
 * major or critical ones resolved since `resolvedSince` whose post-mortem is neither published
 * (status postmortem) nor waived. At most `limit`, newest first.
 */
export async function listIncidentsForReminders(
  db: Client,
  options: { resolvedSince: string; limit: number },
): Promise<IncidentWithDetails[]> {
  const result = await db.execute({
    sql: `SELECT * FROM incidents
      WHERE status IN (${UNRESOLVED_SQL})
        OR (status = 'resolved' AND impact IN ('major', 'critical') AND postmortem_waived_at IS NULL
          AND resolved_at >= :since)
      ORDER BY created_at DESC, id DESC LIMIT :limit`,
    args: { since: options.resolvedSince, limit: options.limit },
  });
  return withDetails(db, result.rows.map(toIncident));
}

/**
 * Moves an incident to `status` at `now`: monitoring_at is set the first time it is monitored and
 * kept after; resolved_at is set when it is resolved (kept on a repeated resolution) and cleared
 * when it is reopened.
 */
export function setIncidentStatus(change: { id: string; status: IncidentStatus; now: string }): InStatement {
  return {
    // A resolved update posted after the post-mortem was published leaves the status `postmortem`:
    // the incident is still resolved, and its post-mortem is still the public word on it.
    sql: `UPDATE incidents SET
        status = CASE WHEN status = 'postmortem' AND :status = 'resolved' THEN 'postmortem' ELSE :status END,
        updated_at = :now,
        monitoring_at = CASE WHEN :status = 'monitoring' THEN coalesce(monitoring_at, :now) ELSE monitoring_at END,
        resolved_at = CASE WHEN :status IN ('resolved', 'postmortem') THEN coalesce(resolved_at, :now) ELSE NULL END
      WHERE id = :id`,
    args: { ...change },
  };
}

/** Links a component to an incident; a no-op when already linked. */
export function linkIncidentComponent(incidentId: string, componentId: string): InStatement {
  return {
    sql: 'INSERT OR IGNORE INTO incident_components (incident_id, component_id) VALUES (:incident_id, :component_id)',
    args: { incident_id: incidentId, component_id: componentId },
  };
}

/**
 * Deletes an incident with its updates and component links. Status history rows caused by its
 * updates stay (they are the components' uptime record) but lose the reference.
 */
export function deleteIncidentStatements(id: string): InStatement[] {
  return [
    {
      sql: `UPDATE component_status_changes SET incident_update_id = NULL
        WHERE incident_update_id IN (SELECT id FROM incident_updates WHERE incident_id = :id)`,
      args: { id },
    },
    { sql: 'DELETE FROM incident_components WHERE incident_id = :id', args: { id } },
    { sql: 'DELETE FROM incident_updates WHERE incident_id = :id', args: { id } },
    { sql: 'DELETE FROM incidents WHERE id = :id', args: { id } },
  ];
}

/**
 * Of the components linked to incident `incidentId`, those also linked to another incident that
 * is not resolved (empty for an unknown incident).
 */
export async function listComponentIdsSharedWithOpenIncidents(
  db: Client,
  incidentId: string,
): Promise<string[]> {
  const result = await db.execute({
    sql: `SELECT DISTINCT mine.component_id FROM incident_components AS mine
      JOIN incident_components AS other ON other.component_id = mine.component_id AND other.incident_id <> mine.incident_id
      JOIN incidents AS i ON i.id = other.incident_id AND i.status IN (${UNRESOLVED_SQL})
      WHERE mine.incident_id = :id`,
    args: { id: incidentId },
  });
  return result.rows.map((row) => String(row.component_id));
}

/**
 * The distinct impacts of every unresolved incident (at most four rows, however many are open):
 * what the page's overall status needs, without loading the incidents themselves.
 */
export async function listUnresolvedIncidentImpacts(db: Client): Promise<IncidentImpact[]> {
  const result = await db.execute(
    `SELECT DISTINCT impact FROM incidents WHERE status IN (${UNRESOLVED_SQL})`,
  );
  return result.rows.map((row) => row.impact as IncidentImpact);
}
