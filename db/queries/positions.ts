import type { InStatement, InValue } from '@libsql/client';

// Components are ordered within their group, groups within the page. Positions are kept dense
// (0, 1, 2 … in each scope) so that "move to position 2" means what it says: the rows in the way
// shift by one. Every statement reads the current positions inside the write's transaction.

export type OrderedTable = 'components' | 'component_groups';

// The rows sharing a scope with `:scope` (a group id, or NULL for ungrouped components).
const IN_SCOPE: Record<OrderedTable, string> = {
  components: 'group_id IS :scope',
  component_groups: '1 = 1',
};

const OLD_SCOPE: Record<OrderedTable, string> = {
  components: 'group_id IS (SELECT group_id FROM components WHERE id = :id)',
  component_groups: '1 = 1',
};

/**
 * Shifts down the rows after row `id` in its current scope, as if it were removed. Run it before
 * deleting the row or moving it elsewhere.
 */
export function closePositionGap(table: OrderedTable, id: string): InStatement {
  return { sql: closePositionGapSql(table), args: { id } };
}

/** The SQL of closePositionGap (reads `:id`), for callers that add a condition. */
export function closePositionGapSql(table: OrderedTable): string {
  return `UPDATE ${table} SET position = position - 1
    WHERE id <> :id AND ${OLD_SCOPE[table]} AND position > (SELECT position FROM ${table} WHERE id = :id)`;
}

/** Shifts up the rows of a scope at or after `position` (except row `id`) to make room. */
export function openPositionGap(
  table: OrderedTable,
  target: { id: string; scope: string | null; position: number },
): InStatement {
  return {
    sql: `UPDATE ${table} SET position = position + 1 WHERE id <> :id AND ${IN_SCOPE[table]} AND position >= :position`,
    args: { id: target.id, scope: target.scope, position: target.position },
  };
}

/**
 * SQL for the position a row takes in scope `:scope`: `:position` when given, clamped to just
 * after the last row; the end of the scope when `:position` is NULL. Row `:id` itself is ignored.
 */
export function positionValueSql(table: OrderedTable): string {
  const end = `(SELECT coalesce(max(position) + 1, 0) FROM ${table} WHERE id <> :id AND ${IN_SCOPE[table]})`;
  return `(CASE WHEN :position IS NULL THEN ${end} ELSE min(:position, ${end}) END)`;
}

/** The arguments positionValueSql() reads. */
export function positionArgs(target: {
  id: string;
  scope: string | null;
  position: number | null;
}): Record<string, InValue> {
  return { id: target.id, scope: target.scope, position: target.position };
}
