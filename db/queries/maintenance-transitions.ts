// A maintenance's status transitions as one write batch each, safe to run from any number of
// schedulers and requests at once. The batch first claims the maintenance (a conditional UPDATE
// that succeeds only while it is still in a `from` status, and writes a token unique to this
// attempt); every later statement is conditioned on that token, so the loser of a race writes
// nothing at all (no component change, no update, no notification, no audit entry), and the
// winner writes all of it in the same transaction.
import type { InStatement, InValue } from '@libsql/client';
import { newId } from '../ids.ts';
import type { MaintenanceStatus } from '../types.ts';
import { type AuditTarget, closeAuditEntry, discardEmptyAuditEntry, openAuditEntry } from './audit-log.ts';
import { insertMaintenanceUpdate } from './maintenances.ts';

export interface MaintenanceTransition {
  maintenanceId: string;
  /** The statuses the maintenance must be in for the transition to happen. */
  from: readonly MaintenanceStatus[];
  to: MaintenanceStatus;
  /** What the components do: go under maintenance, get their status back, or stay. */
  components: 'start' | 'restore' | 'keep';
  /** The update posted with the transition (Statuspage posts one per status change). */
  update: { id: string; body: string };
  /** The outbox entry announcing it, written only when the maintenance's `notify` is on. */
  notice: { dedupeKey: string; payload: Record<string, unknown> } | null;
  actor: string;
  action: string;
  now: string;
}

const ACTIVE_SQL = "('in_progress', 'verifying')";

// A random id in SQL, for rows written by set-based statements (one per component).
const sqlId = (prefix: string) => `'${prefix}_' || lower(hex(randomblob(10)))`;

/** The statements of one transition; see the file comment for how they stay atomic. */
export function maintenanceTransitionStatements(transition: MaintenanceTransition): InStatement[] {
  const token = crypto.randomUUID();
  const from = transition.from.map((status) => `'${status}'`).join(', ');
  const audit: AuditTarget = {
    actor: transition.actor,
    action: transition.action,
    resourceType: 'maintenance',
    resourceId: transition.maintenanceId,
    now: transition.now,
  };
  const base = { mid: transition.maintenanceId, token, now: transition.now };
  const claimed = {
    sql: 'EXISTS (SELECT 1 FROM maintenances WHERE id = :mid AND claim_token = :token)',
    args: { mid: base.mid, token },
  };
  const statements: InStatement[] = [
    openAuditEntry(
      audit,
      `EXISTS (SELECT 1 FROM maintenances WHERE id = :resource_id AND status IN (${from}))`,
    ),
    {
      sql: `UPDATE maintenances SET claim_token = :token WHERE id = :mid AND status IN (${from})`,
      args: base,
    },
  ];
  if (transition.components === 'start') statements.push(...startComponents(base));
  if (transition.components === 'restore') statements.push(...restoreComponents(base));
  statements.push(
    insertMaintenanceUpdate(
      {
        id: transition.update.id,
        maintenanceId: transition.maintenanceId,
        status: transition.to,
        body: transition.update.body,
        now: transition.now,
      },
      claimed,
    ),
  );
  if (transition.notice) statements.push(noticeStatement(base, transition.notice));
  statements.push(
    {
      sql: `UPDATE maintenances SET status = :to, updated_at = :now,
          started_at = CASE WHEN :to IN ${ACTIVE_SQL} THEN coalesce(started_at, :now) ELSE started_at END,
          completed_at = CASE WHEN :to = 'completed' THEN :now ELSE completed_at END,
          cancelled_at = CASE WHEN :to = 'cancelled' THEN :now ELSE cancelled_at END
        WHERE id = :mid AND claim_token = :token`,
      args: { ...base, to: transition.to },
    },
    closeAuditEntry(audit, claimed),
    discardEmptyAuditEntry(audit, claimed),
    {
      sql: 'UPDATE maintenances SET claim_token = NULL WHERE id = :mid AND claim_token = :token',
      args: base,
    },
  );
  return statements;
}

// Holds for the claimed maintenance when it manages its components' statuses.
const MANAGES_COMPONENTS = `EXISTS (SELECT 1 FROM maintenances WHERE id = :mid AND claim_token = :token
  AND set_components_under_maintenance = 1)`;

// Another running window that also holds the component under maintenance.
const HELD_ELSEWHERE = `EXISTS (SELECT 1 FROM maintenance_components AS o JOIN maintenances AS m2 ON m2.id = o.maintenance_id
  WHERE o.component_id = c.id AND m2.id <> :mid AND m2.status IN ${ACTIVE_SQL}
    AND m2.set_components_under_maintenance = 1)`;

/**
 * Remembers each component's status and puts it under maintenance, recording the change in its
 * history (the source of uptime) and telling webhooks, as an incident update does. A component
 * already held by another running window remembers the status that window remembered.
 */
function startComponents(args: Record<string, InValue>): InStatement[] {
  return [
    {
      sql: `UPDATE maintenance_components AS mc SET status_before = coalesce(
          (SELECT o.status_before FROM maintenance_components AS o JOIN maintenances AS m2 ON m2.id = o.maintenance_id
            WHERE o.component_id = mc.component_id AND m2.id <> :mid AND m2.status IN ${ACTIVE_SQL}
              AND m2.set_components_under_maintenance = 1 AND o.status_before IS NOT NULL LIMIT 1),
          (SELECT c.status FROM components AS c WHERE c.id = mc.component_id))
        WHERE mc.maintenance_id = :mid AND ${MANAGES_COMPONENTS}`,
      args,
    },
    {
      sql: `INSERT INTO component_status_changes (id, component_id, old_status, new_status, changed_at, maintenance_id)
        SELECT ${sqlId('csc')}, c.id, c.status, 'under_maintenance', :now, :mid
        FROM components AS c JOIN maintenance_components AS mc ON mc.component_id = c.id AND mc.maintenance_id = :mid
        WHERE c.status <> 'under_maintenance' AND ${MANAGES_COMPONENTS}`,
      args,
    },
    componentNoticeStatement(args, "h.new_status = 'under_maintenance'"),
    {
      sql: `UPDATE components SET status = 'under_maintenance', updated_at = :now
        WHERE id IN (SELECT component_id FROM component_status_changes
          WHERE maintenance_id = :mid AND changed_at = :now AND new_status = 'under_maintenance')
          AND status <> 'under_maintenance' AND ${MANAGES_COMPONENTS}`,
      args,
    },
  ];
}

/**
 * Gives each component back the status it had when the window started, unless something else
 * changed it meanwhile (it is no longer under maintenance: an incident took it over) or another
 * running window still holds it (that one gives it back when it ends).
 */
function restoreComponents(args: Record<string, InValue>): InStatement[] {
  const back = "coalesce(mc.status_before, 'operational')";
  return [
    {
      sql: `INSERT INTO component_status_changes (id, component_id, old_status, new_status, changed_at, maintenance_id)
        SELECT ${sqlId('csc')}, c.id, c.status, ${back}, :now, :mid
        FROM components AS c JOIN maintenance_components AS mc ON mc.component_id = c.id AND mc.maintenance_id = :mid
        WHERE c.status = 'under_maintenance' AND ${back} <> 'under_maintenance' AND NOT ${HELD_ELSEWHERE}
          AND ${MANAGES_COMPONENTS}`,
      args,
    },
    componentNoticeStatement(args, "h.old_status = 'under_maintenance'"),
    {
      sql: `UPDATE components SET updated_at = :now, status = (
          SELECT h.new_status FROM component_status_changes AS h
          WHERE h.component_id = components.id AND h.maintenance_id = :mid AND h.changed_at = :now
            AND h.old_status = 'under_maintenance')
        WHERE id IN (SELECT component_id FROM component_status_changes
          WHERE maintenance_id = :mid AND changed_at = :now AND old_status = 'under_maintenance')
          AND status = 'under_maintenance' AND ${MANAGES_COMPONENTS}`,
      args,
    },
  ];
}

// The component.notify entries of the changes just written (api/webhooks/component-notify.ts),
// only when some webhook is enabled, as for an incident's changes.
function componentNoticeStatement(args: Record<string, InValue>, which: string): InStatement {
  return {
    sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
      SELECT ${sqlId('obx')}, 'component.notify', 'component.notify:' || h.id, json_object('change_id', h.id),
        'pending', :now, :now
      FROM component_status_changes AS h
      WHERE h.maintenance_id = :mid AND h.changed_at = :now AND ${which}
        AND EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1) AND ${MANAGES_COMPONENTS}
      ON CONFLICT (dedupe_key) DO NOTHING`,
    args,
  };
}

function noticeStatement(
  args: Record<string, InValue>,
  notice: { dedupeKey: string; payload: Record<string, unknown> },
): InStatement {
  return {
    sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
      SELECT :obx, 'maintenance.notify', :dedupe_key, :payload, 'pending', :now, :now
      WHERE EXISTS (SELECT 1 FROM maintenances WHERE id = :mid AND claim_token = :token AND notify = 1)
      ON CONFLICT (dedupe_key) DO NOTHING`,
    args: {
      ...args,
      obx: newId('obx'),
      dedupe_key: notice.dedupeKey,
      payload: JSON.stringify(notice.payload),
    },
  };
}
