import type { Client, InStatement } from '@libsql/client';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import { listComponentGroups, listComponents } from '../../db/queries/components.ts';
import { activateSubscriberStatement, setMinImpactStatement } from '../../db/queries/subscriber-writes.ts';
import { getSubscriberByEmail, replaceTargetsStatements } from '../../db/queries/subscribers.ts';
import { parseCsv } from '../subscribers/csv.ts';
import { type ImportRow, readImportRows } from '../subscribers/csv-import.ts';
import type { ServiceContext } from './context.ts';
import { runWriteBatch, ServiceError } from './errors.ts';
import { addSubscriberStatements } from './subscribers.ts';

export interface ImportResult {
  created: number;
  updated: number;
}

const target = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'subscriber',
  resourceId: id,
  now: ctx.now,
});

/** Statements overwriting a known subscriber's settings, as Statuspage's import does. */
function updateStatements(id: string, state: string, row: ImportRow, now: string): InStatement[] {
  return [
    setMinImpactStatement(id, row.min_impact, now),
    ...replaceTargetsStatements(id, row.components),
    ...(row.skip_confirmation && state === 'pending' ? [activateSubscriberStatement(id, now)] : []),
  ];
}

/**
 * Imports a subscriber CSV in one audited batch: every row is valid or nothing is written. New
 * addresses are added (pending with a confirmation email unless "skip confirmation" is yes);
 * known ones get the file's components and threshold. A later row for an address wins.
 */
export async function importSubscribers(db: Client, csv: string, ctx: ServiceContext): Promise<ImportResult> {
  let cells: string[][];
  try {
    cells = parseCsv(csv);
  } catch (error) {
    throw new ServiceError('invalid', `The CSV cannot be read: ${(error as Error).message}`, [
      { pointer: '', detail: 'Malformed CSV.' },
    ]);
  }
  const known = { groups: await listComponentGroups(db), components: await listComponents(db) };
  const { rows, problems } = readImportRows(cells, known);
  if (problems.length)
    throw new ServiceError('invalid', 'Some rows are invalid; nothing was imported.', problems);
  const latest = new Map(rows.map((row) => [row.email, row]));
  const statements: InStatement[] = [];
  const result: ImportResult = { created: 0, updated: 0 };
  for (const row of latest.values()) {
    const existing = await getSubscriberByEmail(db, row.email);
    if (existing) {
      result.updated += 1;
      const changes = updateStatements(existing.id, existing.state, row, ctx.now);
      statements.push(...withAuditEntry(target('subscriber.update', existing.id, ctx), changes));
    } else {
      result.created += 1;
      const added = await addSubscriberStatements(row, ctx.now);
      statements.push(...withAuditEntry(target('subscriber.create', added.id, ctx), added.statements));
    }
  }
  if (statements.length)
    await runWriteBatch(db, statements, { duplicate: 'An address was added meanwhile; retry.' });
  return result;
}
