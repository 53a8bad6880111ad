// What differs between the `before` and `after` snapshots of the audit entry being updated, as
// JSON: `{ "<JSON pointer>": { "before": …, "after": … } }`. A field is compared whole, except a
// collection of rows keyed by id (an incident's updates, a component's status history), which is
// compared row by row: posting one update records that update, not the incident's every update.
// Snapshots come from the same SQL, so equal values have equal JSON text.

const escapeKey = (key: string): string => `replace(replace(${key}, '~', '~0'), '/', '~1')`;

const valuesAt = (path: string): string =>
  `audit_log.before -> ${path} AS b, audit_log.after -> ${path} AS a`;

const bothObjects = (at: string): string =>
  `json_type(audit_log.before, ${at}) = 'object' AND json_type(audit_log.after, ${at}) = 'object'`;

// The top-level fields on either side (SQLite has no full join of json_each: a union of both).
const FIELDS = `SELECT key, fullkey AS at, ${valuesAt('fullkey')} FROM json_each(audit_log.before)
  UNION SELECT key, fullkey AS at, ${valuesAt('fullkey')} FROM json_each(audit_log.after)`;

// The rows of a collection present on either side.
const rowsOf = (side: 'before' | 'after'): string => `
  SELECT '/' || ${escapeKey('f.key')} || '/' || ${escapeKey('r.key')} AS pointer, ${valuesAt('r.fullkey')}
  FROM (${FIELDS}) AS f, json_each(audit_log.${side}, f.at) AS r
  WHERE f.b IS NOT f.a AND ${bothObjects('f.at')}`;

const DIFFERENCES = `
  SELECT '/' || ${escapeKey('f.key')} AS pointer, f.b, f.a FROM (${FIELDS}) AS f
  WHERE f.b IS NOT f.a AND NOT (${bothObjects('f.at')})
  UNION SELECT * FROM (${rowsOf('before')}) WHERE b IS NOT a
  UNION SELECT * FROM (${rowsOf('after')}) WHERE b IS NOT a`;

/** A scalar subquery over the row of audit_log being updated. */
export const CHANGES_SQL = `(SELECT json_group_object(d.pointer, json_object('before', json(d.b), 'after', json(d.a)))
  FROM (${DIFFERENCES}) AS d)`;
