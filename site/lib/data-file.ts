// Node only: the site's snapshot read from a local database file with the `libsql` driver itself,
// without @libsql/client on top. The client turns every value of every row into a property defined
// one by one (Object.defineProperty), which at 10,000 incidents (40,000 rows) made reading the data
// the slowest step of an incremental build; plain rows from the driver are several times cheaper.
// Same rows, same order, same snapshot (one read transaction): the pages cannot tell the difference.
import { fileURLToPath } from 'node:url';
import type { InArgs, InStatement, Row } from '@libsql/client';

/** The path of a `file:` database URL (`file:/abs`, `file:rel`, `file:///abs`), else undefined. */
export function localDatabasePath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const withoutQuery = url.split('?')[0] ?? url;
  return withoutQuery.startsWith('file://')
    ? fileURLToPath(withoutQuery)
    : withoutQuery.slice('file:'.length);
}

/** Runs read-only `statements` in one transaction on the file at `path`; the rows of each. */
export async function readRowsFromFile(
  path: string,
  statements: readonly InStatement[],
  busyTimeoutMs: number,
): Promise<Row[][]> {
  // Loaded on use: the edge build (a remote database) never needs the native driver.
  const { default: Database } = await import('libsql');
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    db.exec('BEGIN');
    try {
      return statements.map((statement) => {
        const { sql, args } = typeof statement === 'string' ? { sql: statement, args: undefined } : statement;
        const rows = db.prepare(sql).all(namedOrPositional(args)) as Record<string, unknown>[];
        return rows.map(asRow);
      });
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}

// @libsql/client accepts `:name`, `@name` and `$name` keys; the driver wants the bare name.
function namedOrPositional(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined || Array.isArray(args)) return args ?? [];
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [name.replace(/^[:@$]/, ''), value]));
}

// As @libsql/client gives them: blobs as ArrayBuffer (the site reads none today, but a row must
// not change type with the driver).
function asRow(row: Record<string, unknown>): Row {
  for (const column in row) {
    const value = row[column];
    if (value instanceof Uint8Array)
      row[column] = value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  }
  return row as Row;
}
