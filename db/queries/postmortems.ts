// The post-mortem as the admin edits it: its draft, the incidents it covers and every published
// version. Writes are statements for a service to run in one audited batch.
import type { Client, InStatement } from '@libsql/client';
import type { ActionItem, Postmortem, PostmortemVersion } from '../types.ts';
import { parseActionItems, parseCompletedItems } from './postmortem-rows.ts';

/** The post-mortem covering the incident, or null when none does (or the incident is unknown). */
export async function getPostmortemOfIncident(db: Client, incidentId: string): Promise<Postmortem | null> {
  const result = await db.execute({
    sql: 'SELECT postmortem_id FROM postmortem_incidents WHERE incident_id = :id',
    args: { id: incidentId },
  });
  const id = result.rows[0]?.postmortem_id;
  return id == null ? null : getPostmortem(db, String(id));
}

/** One post-mortem with its incidents (oldest start first) and versions (oldest first), or null. */
export async function getPostmortem(db: Client, id: string): Promise<Postmortem | null> {
  const [main, links, versions] = await db.batch(
    [
      { sql: 'SELECT * FROM postmortems WHERE id = :id', args: { id } },
      {
        sql: `SELECT pi.incident_id FROM postmortem_incidents AS pi JOIN incidents AS i ON i.id = pi.incident_id
          WHERE pi.postmortem_id = :id ORDER BY i.started_at, i.id`,
        args: { id },
      },
      { sql: 'SELECT * FROM postmortem_versions WHERE postmortem_id = :id ORDER BY version', args: { id } },
    ],
    'read',
  );
  const row = main?.rows[0];
  if (!row) return null;
  return {
    id: String(row.id),
    incident_ids: (links?.rows ?? []).map((link) => String(link.incident_id)),
    body: String(row.body),
    action_items: parseActionItems(row.action_items),
    published_version: row.published_version == null ? null : Number(row.published_version),
    published_at: row.published_at == null ? null : String(row.published_at),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
    versions: (versions?.rows ?? []).map(
      (version): PostmortemVersion => ({
        version: Number(version.version),
        body: String(version.body),
        action_items: parseActionItems(version.action_items),
        completed_items: parseCompletedItems(version.completed_items),
        notified: Number(version.notified) === 1,
        published_at: String(version.published_at),
        published_by: String(version.published_by),
      }),
    ),
  };
}

/** Of the incidents, those covered by a post-mortem other than `postmortemId`, with that post-mortem. */
export async function listIncidentsCoveredElsewhere(
  db: Client,
  incidentIds: readonly string[],
  postmortemId: string | null,
): Promise<Map<string, string>> {
  if (incidentIds.length === 0) return new Map();
  const placeholders = incidentIds.map(() => '?').join(', ');
  const result = await db.execute({
    sql: `SELECT incident_id, postmortem_id FROM postmortem_incidents
      WHERE incident_id IN (${placeholders}) AND postmortem_id IS NOT ?`,
    args: [...incidentIds, postmortemId],
  });
  return new Map(result.rows.map((row) => [String(row.incident_id), String(row.postmortem_id)]));
}

export function insertPostmortemStatement(row: {
  id: string;
  body: string;
  actionItems: ActionItem[];
  now: string;
}): InStatement {
  return {
    sql: `INSERT INTO postmortems (id, body, action_items, published_version, published_at, created_at, updated_at)
      VALUES (:id, :body, :action_items, NULL, NULL, :now, :now)`,
    args: { id: row.id, body: row.body, action_items: JSON.stringify(row.actionItems), now: row.now },
  };
}

export function updatePostmortemDraftStatement(row: {
  id: string;
  body: string;
  actionItems: ActionItem[];
  now: string;
}): InStatement {
  return {
    sql: 'UPDATE postmortems SET body = :body, action_items = :action_items, updated_at = :now WHERE id = :id',
    args: { id: row.id, body: row.body, action_items: JSON.stringify(row.actionItems), now: row.now },
  };
}

/** Makes the post-mortem cover exactly these incidents. */
export function replacePostmortemIncidentsStatements(
  id: string,
  incidentIds: readonly string[],
): InStatement[] {
  return [
    { sql: 'DELETE FROM postmortem_incidents WHERE postmortem_id = :id', args: { id } },
    ...incidentIds.map((incidentId) => ({
      sql: 'INSERT INTO postmortem_incidents (incident_id, postmortem_id) VALUES (:incident_id, :id)',
      args: { incident_id: incidentId, id },
    })),
  ];
}

/**
 * Publishes the draft as `version`. The guard on published_version makes a second, concurrent
 * publication of the same version fail on the primary key instead of writing twice.
 */
export function publishPostmortemStatements(row: {
  id: string;
  version: number;
  completedItems: string[];
  notified: boolean;
  actor: string;
  now: string;
}): InStatement[] {
  return [
    {
      sql: `INSERT INTO postmortem_versions
          (postmortem_id, version, body, action_items, completed_items, notified, published_at, published_by)
        SELECT id, :version, body, action_items, :completed_items, :notified, :now, :actor FROM postmortems WHERE id = :id`,
      args: {
        id: row.id,
        version: row.version,
        completed_items: JSON.stringify(row.completedItems),
        notified: row.notified ? 1 : 0,
        now: row.now,
        actor: row.actor,
      },
    },
    {
      sql: `UPDATE postmortems SET published_version = :version, published_at = coalesce(published_at, :now),
        updated_at = :now WHERE id = :id`,
      args: { id: row.id, version: row.version, now: row.now },
    },
  ];
}

/** Gives an incident a deleted post-mortem covered back the status it had before: `resolved`. */
export function unpublishedIncidentStatement(incidentId: string, now: string): InStatement {
  return {
    sql: `UPDATE incidents SET status = 'resolved', updated_at = :now WHERE id = :incidentId AND status = 'postmortem'`,
    args: { incidentId, now },
  };
}

/**
 * Deletes a post-mortem with its versions and links (cascading). Webhook calls announcing it that
 * have not gone out yet never will: their bodies carry its text (queued emails are rendered when
 * sent, and find nothing). What is being sent at this moment goes.
 */
export function deletePostmortemStatements(postmortemId: string, now: string): InStatement[] {
  return [
    {
      sql: `UPDATE outbox SET state = 'dead', last_error = 'Not sent: the post-mortem was deleted.', sent_at = :now
        WHERE kind = 'webhook.deliver' AND state = 'pending' AND instr(dedupe_key, ':' || :postmortemId || ':v') > 0`,
      args: { postmortemId, now },
    },
    { sql: 'DELETE FROM postmortems WHERE id = :postmortemId', args: { postmortemId } },
  ];
}
