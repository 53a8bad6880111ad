import type { Client, InStatement } from '@libsql/client';
import type { ComponentStatus, IncidentStatus, IncidentUpdate } from '../types.ts';
import { toIncidentUpdate } from './rows.ts';

export interface NewIncidentUpdate {
  id: string;
  incidentId: string;
  status: IncidentStatus;
  body: string;
  /** The component statuses this update sets, in the order given. */
  componentStatuses: ReadonlyArray<readonly [componentId: string, status: ComponentStatus]>;
  deliverNotifications: boolean;
  displayAt: string;
  now: string;
}

// affected_components lists, from the components' statuses as they are inside the transaction,
// the components whose status really changes: { code, name, old_status, new_status }, or NULL
// when none does. It must run before the components are updated.
const AFFECTED_COMPONENTS_SQL = `(SELECT nullif(json_group_array(json_object('code', c.id, 'name', c.name,
    'old_status', c.status, 'new_status', m.value) ORDER BY m.id), '[]')
  FROM json_each(:component_statuses) AS m JOIN components AS c ON c.id = m.key WHERE c.status <> m.value)`;

/** Inserts an update; put it before the component status transitions it describes. */
export function insertIncidentUpdate(update: NewIncidentUpdate): InStatement {
  return {
    sql: `INSERT INTO incident_updates (id, incident_id, status, body, affected_components, deliver_notifications,
        display_at, created_at, updated_at)
      VALUES (:id, :incident_id, :status, :body, ${AFFECTED_COMPONENTS_SQL}, :deliver_notifications,
        :display_at, :now, :now)`,
    args: {
      id: update.id,
      incident_id: update.incidentId,
      status: update.status,
      body: update.body,
      component_statuses: JSON.stringify(Object.fromEntries(update.componentStatuses)),
      deliver_notifications: update.deliverNotifications ? 1 : 0,
      display_at: update.displayAt,
      now: update.now,
    },
  };
}

/** Replaces an update's body (a correction); touches updated_at, never display_at. */
export function updateIncidentUpdateBody(change: { id: string; body: string; now: string }): InStatement {
  return {
    sql: 'UPDATE incident_updates SET body = :body, updated_at = :now WHERE id = :id',
    args: { ...change },
  };
}

/** One update of one incident, or null when the incident has no update with this id. */
export async function getIncidentUpdate(
  db: Client,
  incidentId: string,
  id: string,
): Promise<IncidentUpdate | null> {
  const result = await db.execute({
    sql: 'SELECT * FROM incident_updates WHERE id = :id AND incident_id = :incident_id',
    args: { id, incident_id: incidentId },
  });
  const row = result.rows[0];
  return row ? toIncidentUpdate(row) : null;
}
