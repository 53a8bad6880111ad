import type { Client, InStatement, InValue, Row } from '@libsql/client';
import { newId } from '../ids.ts';
import type { ComponentStatus, ComponentStatusChange } from '../types.ts';

/** The first row of a component's history, written with the component itself. */
export function insertInitialComponentStatus(change: {
  id: string;
  componentId: string;
  status: ComponentStatus;
  now: string;
}): InStatement {
  return {
    sql: `INSERT INTO component_status_changes (id, component_id, old_status, new_status, changed_at, incident_update_id)
      VALUES (:id, :component_id, NULL, :status, :now, NULL)`,
    args: { id: change.id, component_id: change.componentId, status: change.status, now: change.now },
  };
}

export interface ComponentStatusTransition {
  /** Id for the history row (used only when the status really changes). */
  changeId: string;
  componentId: string;
  status: ComponentStatus;
  now: string;
  incidentUpdateId: string | null;
}

/**
 * Moves a component to `status`: records the change (old status read inside the transaction)
 * and updates the component. Both statements do nothing when the component already has that
 * status, so the history holds real changes only.
 */
export function transitionComponentStatus(transition: ComponentStatusTransition): InStatement[] {
  const args: Record<string, InValue> = {
    id: transition.changeId,
    component_id: transition.componentId,
    status: transition.status,
    now: transition.now,
    incident_update_id: transition.incidentUpdateId,
  };
  return [
    {
      sql: `INSERT INTO component_status_changes (id, component_id, old_status, new_status, changed_at, incident_update_id)
        SELECT :id, c.id, c.status, :status, :now, :incident_update_id FROM components AS c
        WHERE c.id = :component_id AND c.status <> :status`,
      args,
    },
    enqueueComponentNotify(transition),
    {
      sql: 'UPDATE components SET status = :status, updated_at = :now WHERE id = :component_id AND status <> :status',
      args,
    },
  ];
}

/**
 * The outbox entry that tells webhooks about the change (api/webhooks/component-notify.ts), in
 * the change's own batch. Written only when the change row was (the status really changed) and
 * some webhook is enabled: without receivers there is nothing to send.
 */
function enqueueComponentNotify(transition: ComponentStatusTransition): InStatement {
  return {
    sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
      SELECT :id, 'component.notify', 'component.notify:' || :change_id, json_object('change_id', :change_id),
        'pending', :now, :now
      WHERE EXISTS (SELECT 1 FROM component_status_changes WHERE id = :change_id)
        AND EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)`,
    args: { id: newId('obx'), change_id: transition.changeId, now: transition.now },
  };
}

/** One change of a component's status, or null for an unknown id. */
export async function getComponentStatusChange(
  db: Client,
  id: string,
): Promise<ComponentStatusChange | null> {
  const result = await db.execute({
    sql: 'SELECT * FROM component_status_changes WHERE id = :id',
    args: { id },
  });
  const row = result.rows[0];
  return row ? toComponentStatusChange(row) : null;
}

function toComponentStatusChange(row: Row): ComponentStatusChange {
  return {
    id: String(row.id),
    component_id: String(row.component_id),
    old_status: row.old_status == null ? null : (String(row.old_status) as ComponentStatus),
    new_status: String(row.new_status) as ComponentStatus,
    changed_at: String(row.changed_at),
    incident_update_id: row.incident_update_id == null ? null : String(row.incident_update_id),
  };
}

/**
 * A component's status history, newest first; `before` (a changed_at) pages back. Empty for an
 * unknown component.
 */
export async function listComponentStatusChanges(
  db: Client,
  componentId: string,
  options: { limit: number; before?: string },
): Promise<ComponentStatusChange[]> {
  const args: Record<string, InValue> = { component_id: componentId, limit: options.limit };
  let before = '';
  if (options.before !== undefined) {
    before = 'AND changed_at < :before';
    args.before = options.before;
  }
  const result = await db.execute({
    sql: `SELECT * FROM component_status_changes WHERE component_id = :component_id ${before}
      ORDER BY changed_at DESC, rowid DESC LIMIT :limit`,
    args,
  });
  return result.rows.map(toComponentStatusChange);
}
