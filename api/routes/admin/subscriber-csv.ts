import { z } from 'zod';
import { listSubscribers, type Subscriber } from '../../../db/queries/subscribers.ts';
import { ApiError } from '../../problem.ts';
import { importSubscribers } from '../../services/subscriber-import.ts';
import { toCsv } from '../../subscribers/csv.ts';
import { readLimitedText } from '../../validation.ts';
import { type AdminRoute, defineRoute, serviceContext } from './define-route.ts';

// CSV export and import of subscribers, for teams moving from (or to) Statuspage.

const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
const EXPORT_HEADER = ['type', 'email', 'state', 'components', 'min_impact', 'created_at', 'confirmed_at'];

const exportRow = (s: Subscriber) => [
  'email',
  s.email,
  s.state,
  (s.components ?? []).join(';'),
  s.min_impact,
  s.created_at,
  s.confirmed_at ?? '',
];

async function* allSubscribers(db: Parameters<typeof listSubscribers>[0]) {
  let after: string | undefined;
  for (;;) {
    const page = await listSubscribers(db, { after, limit: 1000 });
    yield* page;
    if (page.length < 1000) return;
    after = page.at(-1)?.id;
  }
}

/** Every subscriber as the export's CSV text (also the console's download). */
export async function subscribersCsv(db: Parameters<typeof listSubscribers>[0]): Promise<string> {
  const rows = [EXPORT_HEADER];
  for await (const subscriber of allSubscribers(db)) rows.push(exportRow(subscriber));
  return toCsv(rows);
}

export const subscriberCsvRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/subscribers.csv',
    operationId: 'exportSubscribers',
    summary: 'Every subscriber as CSV',
    description: `Columns: ${EXPORT_HEADER.join(', ')}. \`components\` holds ids separated by \`;\` (empty: the whole page). The import reads this file back.`,
    tag: 'Subscribers',
    success: { status: 200, description: 'text/csv' },
    handler: async (c) => {
      return c.body(await subscribersCsv(c.var.db), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="subscribers.csv"',
        'Cache-Control': 'no-store',
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/subscribers/import',
    operationId: 'importSubscribers',
    summary: 'Import subscribers from CSV (Statuspage import template or this API export)',
    description:
      'Body: text/csv up to 2 MB. With a header row, columns by name: type, email, skip_confirmation (yes/no), components (names or ids, separated by ; | or ,), min_impact. Without one, Statuspage order: type, email, skip confirmation, components. Rows of another type than email are skipped. All rows are valid or nothing is written; known addresses get the file’s settings.',
    tag: 'Subscribers',
    errors: [409],
    success: {
      status: 200,
      description: 'How many were created and updated.',
      schema: z.object({ created: z.int(), updated: z.int() }),
    },
    handler: async (c) => {
      const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'text/csv') throw new ApiError('unsupported_media_type', 'Send the file as text/csv.');
      const csv = await readLimitedText(c.req.raw, IMPORT_MAX_BYTES);
      return c.json(await importSubscribers(c.var.db, csv, serviceContext(c)));
    },
  }),
];
