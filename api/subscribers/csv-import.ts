import type { Component, ComponentGroup } from '../../db/types.ts';
import { INCIDENT_IMPACTS, type IncidentImpact } from '../../db/types.ts';
import type { FieldProblem } from '../services/errors.ts';

// Reads a subscriber list as Statuspage's import template has it: a type column (`email`; rows
// of other types such as sms or slack are skipped), the address, "skip confirmation" (yes/no)
// and the components, by name or id. With a header row the columns may come in any order
// (type, email, skip_confirmation, components, min_impact); without one, Statuspage's order.

export interface ImportRow {
  email: string;
  components: string[] | null;
  min_impact: IncidentImpact;
  skip_confirmation: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HEADER_NAMES: Record<string, keyof Columns> = {
  type: 'type',
  email: 'email',
  'email address': 'email',
  skip_confirmation: 'skip',
  'skip confirmation': 'skip',
  'skip confirmation notification': 'skip',
  components: 'components',
  'component subscriptions': 'components',
  min_impact: 'minImpact',
};

interface Columns {
  type?: number;
  email?: number;
  skip?: number;
  components?: number;
  minImpact?: number;
}

function columnsOf(first: readonly string[]): { columns: Columns; hasHeader: boolean } {
  const columns: Columns = {};
  first.forEach((name, index) => {
    const key = HEADER_NAMES[name.trim().toLowerCase()];
    if (key) columns[key] = index;
  });
  // A first row holding an address is data (Statuspage's template has no header).
  if (columns.email !== undefined && !first.some((cell) => cell.includes('@')))
    return { columns, hasHeader: true };
  return { columns: { type: 0, email: 1, skip: 2, components: 3 }, hasHeader: false };
}

/** Resolves component and group names (case-insensitive) or ids to ids; unknown ones are reported. */
function targetResolver(groups: readonly ComponentGroup[], components: readonly Component[]) {
  const byKey = new Map<string, string>();
  for (const item of [...groups, ...components]) {
    byKey.set(item.id, item.id);
    byKey.set(item.name.trim().toLowerCase(), item.id);
  }
  const lookup = (name: string) => byKey.get(name) ?? byKey.get(name.toLowerCase());
  return (cell: string): { ids: string[]; unknown: string[] } => {
    const ids: string[] = [];
    const unknown: string[] = [];
    // `;` and `|` always separate; a comma only where the text around it is not itself a name.
    for (const part of cell
      .split(/[;|\n]/)
      .map((name) => name.trim())
      .filter(Boolean)) {
      const names = lookup(part)
        ? [part]
        : part
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean);
      for (const name of names) {
        const id = lookup(name);
        if (id) ids.push(id);
        else unknown.push(name);
      }
    }
    return { ids: [...new Set(ids)], unknown };
  };
}

/** The email rows of a parsed CSV, or every problem found (pointers `/rows/<line>/<column>`). */
export function readImportRows(
  cells: readonly string[][],
  known: { groups: readonly ComponentGroup[]; components: readonly Component[] },
): { rows: ImportRow[]; problems: FieldProblem[] } {
  const first = cells[0] ?? [];
  const { columns, hasHeader } = columnsOf(first);
  const resolve = targetResolver(known.groups, known.components);
  const rows: ImportRow[] = [];
  const problems: FieldProblem[] = [];
  cells.forEach((row, index) => {
    if (hasHeader && index === 0) return;
    const line = index + 1;
    const at = (column: number | undefined) => (column === undefined ? '' : (row[column] ?? '').trim());
    const type = at(columns.type).toLowerCase();
    if (columns.type !== undefined && type !== 'email' && type !== '') return;
    const email = at(columns.email).toLowerCase();
    if (!EMAIL.test(email) || email.length > 254)
      problems.push({ pointer: `/rows/${line}/email`, detail: 'Not an email address.' });
    const { ids, unknown } = resolve(at(columns.components));
    if (unknown.length)
      problems.push({
        pointer: `/rows/${line}/components`,
        detail: `Not on this page: ${unknown.join(', ')}.`,
      });
    const impact = at(columns.minImpact).toLowerCase() || 'none';
    if (!(INCIDENT_IMPACTS as readonly string[]).includes(impact))
      problems.push({ pointer: `/rows/${line}/min_impact`, detail: 'One of none, minor, major, critical.' });
    const skip = at(columns.skip).toLowerCase();
    rows.push({
      email,
      components: ids.length ? ids : null,
      min_impact: impact as IncidentImpact,
      skip_confirmation: skip === 'yes' || skip === 'true' || skip === '1',
    });
  });
  return { rows, problems };
}
