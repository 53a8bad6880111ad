import type { Client } from '@libsql/client';
import { INCIDENT_IMPACTS, type IncidentImpact } from '../types.ts';

export interface Recipient {
  id: string;
  email: string;
}

export interface AudienceQuery {
  /** The components the incident touches; none means only whole-page subscribers are reached. */
  componentIds: readonly string[];
  impact: IncidentImpact;
  /** Keyset pagination: only subscribers with an id after this one. */
  after?: string | undefined;
  limit: number;
}

/**
 * Active subscribers an incident event should reach, in id order: those following the whole
 * page, one of its components, or a group that holds one of them now, whose min_impact the
 * incident's impact meets. Pending, unsubscribed and quarantined addresses are never returned.
 */
export async function listActiveSubscribersFor(db: Client, query: AudienceQuery): Promise<Recipient[]> {
  const allowed = INCIDENT_IMPACTS.slice(0, INCIDENT_IMPACTS.indexOf(query.impact) + 1);
  const result = await db.execute({
    sql: `SELECT s.id, s.email FROM subscribers AS s
      WHERE s.state = 'active' AND s.id > :after
        AND s.min_impact IN (SELECT value FROM json_each(:allowed))
        AND (s.whole_page = 1 OR EXISTS (
          SELECT 1 FROM subscriber_targets AS t
          LEFT JOIN components AS c ON c.group_id = t.group_id
          WHERE t.subscriber_id = s.id
            AND coalesce(t.component_id, c.id) IN (SELECT value FROM json_each(:components))))
      ORDER BY s.id LIMIT :limit`,
    args: {
      after: query.after ?? '',
      allowed: JSON.stringify(allowed),
      components: JSON.stringify(query.componentIds),
      limit: query.limit,
    },
  });
  return result.rows.map((row) => ({ id: String(row.id), email: String(row.email) }));
}
