import { ApiError } from '../problem.ts';

// The period the insights cover. `from` and `to` take a calendar date (UTC) or an instant; a date
// as `to` includes that whole day, so ?from=2026-11-01&to=2026-11-30 is the month of November.

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 90;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// An instant must say its zone: a bare local time would mean different moments on different servers.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export interface InsightRange {
  from: string;
  to: string;
}

/** The instant a `from`/`to` value names, or null when it names none. */
export function parseRangeEdge(value: string, edge: 'from' | 'to'): number | null {
  if (DATE.test(value)) {
    const day = Date.parse(`${value}T00:00:00.000Z`);
    // Date.parse rolls 2026-02-30 over into March: only a date that round-trips is a date.
    if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== value) return null;
    return edge === 'to' ? day + DAY_MS : day;
  }
  if (!INSTANT.test(value)) return null;
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? null : instant;
}

const invalid = (field: 'from' | 'to', detail: string) =>
  new ApiError('validation_failed', `The query string has invalid fields; ${detail}`, {
    errors: [{ pointer: `/${field}`, detail }],
  });

/** The range asked for, defaulting to the last 90 days up to `now`; a 400 naming the bad field. */
export function resolveInsightRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: number,
): InsightRange {
  const edges: { from: number | null; to: number | null } = { from: null, to: null };
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value === undefined) continue;
    edges[field] = parseRangeEdge(value, field);
    if (edges[field] === null) {
      throw invalid(
        field,
        `${field} must be a date (2026-11-30) or an instant with its zone (2026-11-30T12:00:00Z).`,
      );
    }
  }
  const to = edges.to ?? now;
  const from = edges.from ?? to - DEFAULT_RANGE_DAYS * DAY_MS;
  if (from >= to) throw invalid('from', 'from must be before to.');
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
