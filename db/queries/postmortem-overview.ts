// The post-mortems at a glance, for the console's list and editor: which resolved incidents still
// owe one, every post-mortem with the incidents it covers and how its draft compares with its
// newest version, and the incidents a post-mortem may cover.
import type { Client } from '@libsql/client';
import type { IncidentImpact, IncidentStatus } from '../types.ts';
import { parseActionItems } from './postmortem-rows.ts';

export interface OverviewIncident {
  id: string;
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  started_at: string;
  resolved_at: string | null;
  postmortem_waived_at: string | null;
}

export interface PostmortemSummary {
  id: string;
  /** Oldest start first. */
  incidents: OverviewIncident[];
  published_version: number | null;
  /** When the newest version was published; null for a draft never published. */
  last_published_at: string | null;
  /** The draft differs from the newest version (always false before the first publication). */
  unpublished_changes: boolean;
  updated_at: string;
}

const INCIDENT_COLUMNS =
  'i.id, i.name, i.status, i.impact, i.started_at, i.resolved_at, i.postmortem_waived_at';

function toIncident(row: Record<string, unknown>): OverviewIncident {
  return {
    id: String(row.id),
    name: String(row.name),
    status: String(row.status) as IncidentStatus,
    impact: String(row.impact) as IncidentImpact,
    started_at: String(row.started_at),
    resolved_at: row.resolved_at == null ? null : String(row.resolved_at),
    postmortem_waived_at: row.postmortem_waived_at == null ? null : String(row.postmortem_waived_at),
  };
}

/**
 * Resolved major and critical incidents without a waiver that no post-mortem covers yet, the
 * longest-resolved first (the most overdue on top). At most `limit`.
 */
export async function listIncidentsWithoutPostmortem(db: Client, limit: number): Promise<OverviewIncident[]> {
  const result = await db.execute({
    sql: `SELECT ${INCIDENT_COLUMNS} FROM incidents AS i
      WHERE i.status = 'resolved' AND i.impact IN ('major', 'critical') AND i.postmortem_waived_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM postmortem_incidents AS pi WHERE pi.incident_id = i.id)
      ORDER BY i.resolved_at, i.id LIMIT :limit`,
    args: { limit },
  });
  return result.rows.map((row) => toIncident(row as Record<string, unknown>));
}

/** The post-mortems saved, most recently edited first (at most `limit`), each with its incidents. */
export async function listPostmortemSummaries(db: Client, limit: number): Promise<PostmortemSummary[]> {
  const [main, links] = await db.batch(
    [
      {
        sql: `SELECT p.id, p.body, p.action_items, p.published_version, p.updated_at,
            v.body AS version_body, v.action_items AS version_items, v.published_at AS version_published_at
          FROM postmortems AS p
          LEFT JOIN postmortem_versions AS v ON v.postmortem_id = p.id AND v.version = p.published_version
          ORDER BY p.updated_at DESC, p.id LIMIT :limit`,
        args: { limit },
      },
      {
        sql: `SELECT pi.postmortem_id, ${INCIDENT_COLUMNS} FROM postmortem_incidents AS pi
          JOIN incidents AS i ON i.id = pi.incident_id
          WHERE pi.postmortem_id IN (SELECT id FROM postmortems ORDER BY updated_at DESC, id LIMIT :limit)
          ORDER BY i.started_at, i.id`,
        args: { limit },
      },
    ],
    'read',
  );
  const incidents = new Map<string, OverviewIncident[]>();
  for (const row of links?.rows ?? []) {
    const key = String(row.postmortem_id);
    incidents.set(key, [...(incidents.get(key) ?? []), toIncident(row as Record<string, unknown>)]);
  }
  return (main?.rows ?? []).map((row) => {
    const published = row.published_version != null;
    // Compared as the admin API compares them (parsed items), not as stored text.
    const same =
      published &&
      String(row.body) === String(row.version_body) &&
      JSON.stringify(parseActionItems(row.action_items)) ===
        JSON.stringify(parseActionItems(row.version_items));
    return {
      id: String(row.id),
      incidents: incidents.get(String(row.id)) ?? [],
      published_version: published ? Number(row.published_version) : null,
      last_published_at: row.version_published_at == null ? null : String(row.version_published_at),
      unpublished_changes: published && !same,
      updated_at: String(row.updated_at),
    };
  });
}

export interface CoverableIncident extends OverviewIncident {
  /** The post-mortem covering it already, if any. */
  postmortem_id: string | null;
}

/** Resolved incidents (and those with a post-mortem), newest start first: what a post-mortem may cover. */
export async function listResolvedIncidentsForCover(db: Client, limit: number): Promise<CoverableIncident[]> {
  const result = await db.execute({
    sql: `SELECT ${INCIDENT_COLUMNS}, pi.postmortem_id FROM incidents AS i
      LEFT JOIN postmortem_incidents AS pi ON pi.incident_id = i.id
      WHERE i.status IN ('resolved', 'postmortem')
      ORDER BY i.started_at DESC, i.id LIMIT :limit`,
    args: { limit },
  });
  return result.rows.map((row) => ({
    ...toIncident(row as Record<string, unknown>),
    postmortem_id: row.postmortem_id == null ? null : String(row.postmortem_id),
  }));
}
