import type { InValue } from '@libsql/client';

type ColumnValue = InValue | boolean | undefined;

/**
 * The SET list of a partial update: `updated_at = :now`, then `column = :column` for each of
 * `columns` whose value is defined (undefined means "leave as is"; null clears). Booleans are
 * stored as 0/1. Args carry `id` and `now` for the caller's WHERE clause.
 */
export function assignDefinedColumns<Fields extends { [K in keyof Fields]?: ColumnValue }>(
  change: { id: string; now: string },
  fields: Fields,
  columns: ReadonlyArray<keyof Fields & string>,
): { sets: string[]; args: Record<string, InValue> } {
  const sets = ['updated_at = :now'];
  const args: Record<string, InValue> = { id: change.id, now: change.now };
  for (const column of columns) {
    const value = fields[column];
    if (value === undefined) continue;
    sets.push(`${column} = :${column}`);
    args[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }
  return { sets, args };
}
