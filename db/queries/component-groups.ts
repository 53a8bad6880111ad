import type { Client, InStatement } from '@libsql/client';
import { assignDefinedColumns } from './assignments.ts';
import { closePositionGapSql, positionArgs, positionValueSql } from './positions.ts';

// Writes for component groups (the reads live in components.ts): statements for a service to run
// in one batch together with its audit entry.

export interface NewComponentGroup {
  id: string;
  name: string;
  description: string | null;
  /** Null appends the group after the last one. */
  position: number | null;
  now: string;
}

/** Inserts a group at its position (pair with openPositionGap when a position is given). */
export function insertComponentGroup(group: NewComponentGroup): InStatement {
  return {
    sql: `INSERT INTO component_groups (id, name, description, position, created_at, updated_at)
      VALUES (:id, :name, :description, ${positionValueSql('component_groups')}, :now, :now)`,
    args: {
      ...positionArgs({ id: group.id, scope: null, position: group.position }),
      name: group.name,
      description: group.description,
      now: group.now,
    },
  };
}

/**
 * Sets the given fields and updated_at. With `position`, also moves the group there (run
 * closePositionGap and openPositionGap before it).
 */
export function updateComponentGroupFields(change: {
  id: string;
  name?: string;
  description?: string | null;
  position?: number;
  now: string;
}): InStatement {
  const { sets, args } = assignDefinedColumns(change, change, ['name', 'description']);
  if (change.position !== undefined) {
    sets.push(`position = ${positionValueSql('component_groups')}`);
    Object.assign(args, positionArgs({ id: change.id, scope: null, position: change.position }));
  }
  return { sql: `UPDATE component_groups SET ${sets.join(', ')} WHERE id = :id`, args };
}

/**
 * Deletes a group, closing the gap it leaves, but only while it has no components: a group that
 * gained one meanwhile is left as it is (and with foreign keys on, the schema refuses it anyway).
 */
export function deleteComponentGroupStatements(id: string): InStatement[] {
  const empty = 'NOT EXISTS (SELECT 1 FROM components WHERE group_id = :id)';
  return [
    { sql: `${closePositionGapSql('component_groups')} AND ${empty}`, args: { id } },
    { sql: `DELETE FROM component_groups WHERE id = :id AND ${empty}`, args: { id } },
  ];
}

/** How many components belong to the group (0 for an unknown group). */
export async function countComponentsInGroup(db: Client, groupId: string): Promise<number> {
  const result = await db.execute({
    sql: 'SELECT count(*) AS n FROM components WHERE group_id = :id',
    args: { id: groupId },
  });
  return Number(result.rows[0]?.n ?? 0);
}
