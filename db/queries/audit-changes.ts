// What differs between two snapshots of a record (snapshots.ts), as JSON:
// `{ "<JSON pointer>": { "before": …, "after": … } }`. A field is compared whole, except the
// record's collections of rows keyed by id (an incident's updates, a component's status history),
// compared row by row: posting one update records that update, not the incident's every update.
// Snapshots come from the same SQL, so equal values have equal JSON text.
//
// Each side is listed with json_each once per level and grouped by key. Joining two json_each
// tables re-ran one for every row of the other, and reading the collections out of the field
// list made SQLite sort them whole: both cost several times more on an incident of 800 KB.

const pointer = (key: string): string => `'/' || replace(replace(${key}, '~', '~0'), '/', '~1')`;

// json_each gives scalars as SQL values: back to JSON text, so that types survive the comparison.
const jsonText = `CASE type WHEN 'object' THEN value WHEN 'array' THEN value
  WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null' ELSE json_quote(value) END`;

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

// One row per key at `path` of either side with its JSON text before (jb) and after (ja).
function paired(before: string, after: string, path: string, prefix: string, skip: string[]): string {
  const where = skip.length ? `WHERE key NOT IN (${skip.map(quote).join(', ')})` : '';
  return `SELECT ${prefix} || ${pointer('k')} AS p, max(jb) AS jb, max(ja) AS ja FROM (
      SELECT key AS k, ${jsonText} AS jb, NULL AS ja FROM json_each(${before}, ${quote(path)}) ${where}
      UNION ALL SELECT key, NULL, ${jsonText} FROM json_each(${after}, ${quote(path)}) ${where})
    GROUP BY k`;
}

/**
 * A scalar subquery: the changes from the JSON `before` to the JSON `after` (SQL expressions),
 * comparing the top-level fields named in `collections` row by row.
 */
export function changesSql(before: string, after: string, collections: readonly string[] = []): string {
  const levels = [
    paired(before, after, '$', "''", [...collections]),
    ...collections.map((name) => paired(before, after, `$.${name}`, pointer(quote(name)), [])),
  ];
  return `(SELECT json_group_object(d.p, json_object('before', json(d.jb), 'after', json(d.ja)))
    FROM (${levels.join(' UNION ALL ')}) AS d WHERE d.jb IS NOT d.ja)`;
}
