import type { Client, InStatement, InValue, Row } from '@libsql/client';
import type { AuditEntry } from '../types.ts';
import { changesSql } from './audit-changes.ts';
import { type AuditedResource, snapshotCollections, snapshotSql } from './snapshots.ts';

export interface AuditTarget {
  actor: string;
  /** `<resource>.<verb>`, e.g. `incident.create`. */
  action: string;
  resourceType: AuditedResource;
  resourceId: string;
  now: string;
}

const targetArgs = (target: AuditTarget): Record<string, InValue> => ({
  actor: target.actor,
  action: target.action,
  resource_type: target.resourceType,
  resource_id: target.resourceId,
  now: target.now,
});

/**
 * Opens an audit entry whose `before` is the resource as it is at this point of the batch. Put it
 * first in the write's batch and closeAuditEntry() last: together they record the change
 * atomically with it. With `onlyIf`, a SQL condition, the entry is written only when it holds.
 */
export function openAuditEntry(target: AuditTarget, onlyIf?: string): InStatement {
  const values = `:actor, :action, :resource_type, :resource_id, ${snapshotSql(target.resourceType)}, NULL, :now`;
  return {
    sql: onlyIf
      ? `INSERT INTO audit_log (actor, action, resource_type, resource_id, before, after, created_at)
         SELECT ${values} WHERE ${onlyIf}`
      : `INSERT INTO audit_log (actor, action, resource_type, resource_id, before, after, created_at)
         VALUES (${values})`,
    args: targetArgs(target),
  };
}

/**
 * Completes the entry opened by openAuditEntry() in the same batch with the resource as it is
 * now: a creation keeps it as `after`, a deletion keeps its `before` (with the rows the deletion
 * took along), and any other write keeps only `changes`, what differs. Storing the whole record
 * twice on every write made the log grow with the square of an incident's updates. Writes are
 * serialised, so the newest entry is ours; matching the resource as well makes this a no-op
 * when a conditional open wrote nothing.
 */
export function closeAuditEntry(target: AuditTarget, onlyIf?: AuditCondition): InStatement {
  return guardedBy(onlyIf, {
    sql: `WITH s AS MATERIALIZED (SELECT ${snapshotSql(target.resourceType)} AS snapshot)
      UPDATE audit_log SET
        after = CASE WHEN audit_log.before IS NULL THEN s.snapshot END,
        changes = CASE WHEN audit_log.before IS NOT NULL AND s.snapshot IS NOT NULL
          THEN ${changesSql('audit_log.before', 's.snapshot', snapshotCollections(target.resourceType))} END,
        before = CASE WHEN s.snapshot IS NULL THEN audit_log.before END
      FROM s
      WHERE id = (SELECT max(id) FROM audit_log) AND resource_type = :resource_type AND resource_id = :resource_id`,
    args: targetArgs(target),
  });
}

/**
 * A condition with arguments of its own, for a batch whose writes all depend on one claim made
 * inside it (see db/queries/maintenance-transitions.ts): the close must not touch an older entry
 * of the same resource when the claim was lost and nothing was opened.
 */
export interface AuditCondition {
  sql: string;
  args: Record<string, InValue>;
}

// Appends the condition to a statement whose SQL ends in its WHERE clause.
function guardedBy(
  condition: AuditCondition | undefined,
  statement: { sql: string; args: Record<string, InValue> },
) {
  if (!condition) return statement;
  return { sql: `${statement.sql} AND (${condition.sql})`, args: { ...condition.args, ...statement.args } };
}

const parseJson = (value: unknown): unknown => (value == null ? null : JSON.parse(String(value)));

function toAuditEntry(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    actor: String(row.actor),
    action: String(row.action),
    resource_type: String(row.resource_type),
    resource_id: String(row.resource_id),
    before: parseJson(row.before),
    after: parseJson(row.after),
    changes: parseJson(row.changes) as AuditEntry['changes'],
    created_at: String(row.created_at),
  };
}

export interface ListAuditEntriesOptions {
  limit: number;
  resourceType?: string;
  resourceId?: string;
  /** Only entries with an id below this one (keyset pagination: pass the last id of a page). */
  before?: number;
}

/** Audit entries newest first, optionally for one resource type and/or id. */
export async function listAuditEntries(db: Client, options: ListAuditEntriesOptions): Promise<AuditEntry[]> {
  const where: string[] = [];
  const args: Record<string, InValue> = { limit: options.limit };
  if (options.resourceType !== undefined) {
    where.push('resource_type = :resource_type');
    args.resource_type = options.resourceType;
  }
  if (options.resourceId !== undefined) {
    where.push('resource_id = :resource_id');
    args.resource_id = options.resourceId;
  }
  if (options.before !== undefined) {
    where.push('id < :before');
    args.before = options.before;
  }
  const result = await db.execute({
    sql: `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT :limit`,
    args,
  });
  return result.rows.map(toAuditEntry);
}

/**
 * Removes the entry just closed when it records nothing: no row before and none after, as when
 * the resource was deleted by another request between a service's checks and its write.
 */
export function discardEmptyAuditEntry(target: AuditTarget, onlyIf?: AuditCondition): InStatement {
  return guardedBy(onlyIf, {
    sql: `DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log) AND resource_type = :resource_type
      AND resource_id = :resource_id AND before IS NULL AND after IS NULL AND changes IS NULL`,
    args: targetArgs(target),
  });
}

/** The statements of a write wrapped in its audit entry: open, the writes, close. */
export function withAuditEntry(
  target: AuditTarget,
  statements: InStatement[],
  onlyIf?: string,
): InStatement[] {
  return [
    openAuditEntry(target, onlyIf),
    ...statements,
    closeAuditEntry(target),
    discardEmptyAuditEntry(target),
  ];
}
