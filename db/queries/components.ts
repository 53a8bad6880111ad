import type { Client, InStatement } from '@libsql/client';
import type { Component, ComponentGroup, ComponentStatus } from '../types.ts';
import { assignDefinedColumns } from './assignments.ts';
import { closePositionGap, positionArgs, positionValueSql } from './positions.ts';
import { toComponent, toComponentGroup } from './rows.ts';

/** All groups, in display order. */
export async function listComponentGroups(db: Client): Promise<ComponentGroup[]> {
  const result = await db.execute('SELECT * FROM component_groups ORDER BY position, name');
  return result.rows.map(toComponentGroup);
}

/** All components in display order: ungrouped ones first, then group by group, each by position. */
export async function listComponents(db: Client): Promise<Component[]> {
  const result = await db.execute(
    `SELECT c.* FROM components c LEFT JOIN component_groups g ON g.id = c.group_id
     ORDER BY g.id IS NOT NULL, g.position, g.name, c.position, c.name`,
  );
  return result.rows.map(toComponent);
}

/** One component, or null when no component has this id. */
export async function getComponent(db: Client, id: string): Promise<Component | null> {
  const result = await db.execute({ sql: 'SELECT * FROM components WHERE id = :id', args: { id } });
  const row = result.rows[0];
  return row ? toComponent(row) : null;
}

/** One group, or null when no group has this id. */
export async function getComponentGroup(db: Client, id: string): Promise<ComponentGroup | null> {
  const result = await db.execute({ sql: 'SELECT * FROM component_groups WHERE id = :id', args: { id } });
  const row = result.rows[0];
  return row ? toComponentGroup(row) : null;
}

// Writes: statements for a service to run in one batch together with its audit entry.

export interface ComponentFields {
  name?: string;
  description?: string | null;
  status?: ComponentStatus;
  showcase?: boolean;
  only_show_if_degraded?: boolean;
  start_date?: string | null;
}

// The columns a caller may set, listed so that no other key of a wider object reaches the SQL.
const FIELD_COLUMNS = [
  'name',
  'description',
  'status',
  'showcase',
  'only_show_if_degraded',
  'start_date',
] as const satisfies readonly (keyof ComponentFields)[];

export interface NewComponent extends Required<ComponentFields> {
  id: string;
  group_id: string | null;
  /** Null appends the component at the end of its group. */
  position: number | null;
  now: string;
}

/** Inserts a component at its position (pair with openPositionGap when a position is given). */
export function insertComponent(component: NewComponent): InStatement {
  return {
    sql: `INSERT INTO components (id, group_id, name, description, position, status, showcase,
        only_show_if_degraded, start_date, created_at, updated_at)
      VALUES (:id, :scope, :name, :description, ${positionValueSql('components')}, :status, :showcase,
        :only_show_if_degraded, :start_date, :now, :now)`,
    args: {
      ...positionArgs({ id: component.id, scope: component.group_id, position: component.position }),
      name: component.name,
      description: component.description,
      status: component.status,
      showcase: component.showcase ? 1 : 0,
      only_show_if_degraded: component.only_show_if_degraded ? 1 : 0,
      start_date: component.start_date,
      now: component.now,
    },
  };
}

/**
 * Sets the given fields and updated_at. With `move`, also puts the component in group `scope`
 * at `position` (null: at the end); run closePositionGap and openPositionGap before it.
 */
export function updateComponentFields(change: {
  id: string;
  fields: ComponentFields;
  move?: { scope: string | null; position: number | null };
  now: string;
}): InStatement {
  const { sets, args } = assignDefinedColumns(change, change.fields, FIELD_COLUMNS);
  if (change.move) {
    sets.push(`group_id = :scope, position = ${positionValueSql('components')}`);
    Object.assign(args, positionArgs({ id: change.id, ...change.move }));
  }
  return { sql: `UPDATE components SET ${sets.join(', ')} WHERE id = :id`, args };
}

/**
 * Deletes a component with its incident links and status history, closing the gap it leaves.
 * Incident updates keep their affected_components JSON (it holds the name), so history stays readable.
 */
export function deleteComponentStatements(id: string): InStatement[] {
  return [
    closePositionGap('components', id),
    { sql: 'DELETE FROM incident_components WHERE component_id = :id', args: { id } },
    { sql: 'DELETE FROM component_status_changes WHERE component_id = :id', args: { id } },
    { sql: 'DELETE FROM components WHERE id = :id', args: { id } },
  ];
}

/** The ids among `ids` that belong to no component (empty when all exist). */
export async function findMissingComponentIds(db: Client, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await db.execute({
    sql: `SELECT id FROM components WHERE id IN (${ids.map(() => '?').join(', ')})`,
    args: [...ids],
  });
  const found = new Set(result.rows.map((row) => String(row.id)));
  return ids.filter((id) => !found.has(id));
}
