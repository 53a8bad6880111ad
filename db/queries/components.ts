import type { Client } from '@libsql/client';
import type { Component, ComponentGroup } from '../types.ts';
import { toComponent, toComponentGroup } from './rows.ts';

/** All groups, in display order. */
export async function listComponentGroups(db: Client): Promise<ComponentGroup[]> {
  const result = await db.execute('SELECT * FROM component_groups ORDER BY position, name');
  return result.rows.map(toComponentGroup);
}

/** All components, in display order within their group. */
export async function listComponents(db: Client): Promise<Component[]> {
  const result = await db.execute('SELECT * FROM components ORDER BY position, name');
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
