// Reading published post-mortems: the statements and the assembly from their rows, shared by the
// admin/public reads (db/queries/incidents.ts) and the site's one-batch snapshot (site/lib/data.ts),
// so that both see exactly the same post-mortem for an incident.
import type { InStatement, Row } from '@libsql/client';
import type { ActionItem, PublishedPostmortem } from '../types.ts';

const parseItems = (value: unknown): ActionItem[] => JSON.parse(String(value ?? '[]')) as ActionItem[];
const parseTitles = (value: unknown): string[] => JSON.parse(String(value ?? '[]')) as string[];

// Only post-mortems with a published version; with ids, only those covering one of them.
function scope(incidentIds: readonly string[] | null): { where: string; args: string[] } {
  if (incidentIds === null) return { where: '', args: [] };
  const placeholders = incidentIds.map(() => '?').join(', ');
  return {
    where: `AND p.id IN (SELECT postmortem_id FROM postmortem_incidents WHERE incident_id IN (${placeholders}))`,
    args: [...incidentIds],
  };
}

/**
 * Three read statements (versions, incident links, follow-ups) for published post-mortems: all of
 * them (null) or those covering one of `incidentIds`. Pass their rows to assemblePublishedPostmortems.
 */
export function publishedPostmortemStatements(incidentIds: readonly string[] | null): InStatement[] {
  const { where, args } = scope(incidentIds);
  return [
    {
      sql: `SELECT p.id, p.published_at AS first_published_at, v.version, v.body, v.action_items, v.published_at
        FROM postmortems AS p JOIN postmortem_versions AS v ON v.postmortem_id = p.id AND v.version = p.published_version
        WHERE p.published_version IS NOT NULL ${where}`,
      args,
    },
    {
      sql: `SELECT pi.incident_id, pi.postmortem_id FROM postmortem_incidents AS pi
        JOIN postmortems AS p ON p.id = pi.postmortem_id JOIN incidents AS i ON i.id = pi.incident_id
        WHERE p.published_version IS NOT NULL ${where} ORDER BY i.started_at, i.id`,
      args,
    },
    {
      sql: `SELECT v.postmortem_id, v.version, v.published_at, v.completed_items FROM postmortem_versions AS v
        JOIN postmortems AS p ON p.id = v.postmortem_id
        WHERE v.completed_items <> '[]' ${where} ORDER BY v.postmortem_id, v.version`,
      args,
    },
  ];
}

/** Published post-mortems by the id of every incident they cover. */
export function assemblePublishedPostmortems(
  versionRows: readonly Row[],
  linkRows: readonly Row[],
  followUpRows: readonly Row[],
): Map<string, PublishedPostmortem> {
  const byId = new Map<string, PublishedPostmortem>();
  for (const row of versionRows) {
    const version = Number(row.version);
    byId.set(String(row.id), {
      id: String(row.id),
      incident_ids: [],
      version,
      body: String(row.body),
      action_items: parseItems(row.action_items),
      published_at: String(row.first_published_at),
      updated_at: version > 1 ? String(row.published_at) : null,
      follow_ups: [],
    });
  }
  for (const row of followUpRows) {
    byId.get(String(row.postmortem_id))?.follow_ups.push({
      version: Number(row.version),
      published_at: String(row.published_at),
      completed_items: parseTitles(row.completed_items),
    });
  }
  const byIncident = new Map<string, PublishedPostmortem>();
  for (const row of linkRows) {
    const postmortem = byId.get(String(row.postmortem_id));
    if (!postmortem) continue;
    postmortem.incident_ids.push(String(row.incident_id));
    byIncident.set(String(row.incident_id), postmortem);
  }
  return byIncident;
}

export { parseItems as parseActionItems, parseTitles as parseCompletedItems };
