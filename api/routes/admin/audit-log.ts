import { z } from 'zod';
import { listAuditEntries } from '../../../db/queries/audit-log.ts';
import { type AdminRoute, defineRoute } from './define-route.ts';
import { limitQuery } from './fields.ts';
import { AuditEntrySchema } from './schemas.ts';

const AuditLogQuery = z.object({
  resource_type: z
    .enum([
      'page',
      'component_group',
      'component',
      'incident',
      'admin_token',
      'subscriber',
      'webhook',
      'postmortem',
      'maintenance',
      'incident_template',
      'member',
    ])
    .optional()
    .describe('Only entries about this type of resource.'),
  resource_id: z.string().min(1).optional().describe('Only entries about this resource.'),
  limit: limitQuery(50, 500),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Only entries with a smaller id: the id of the last one seen.'),
});

export const auditLogRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/audit-log',
    operationId: 'listAuditEntries',
    summary: 'Every write, newest first',
    description:
      'Each entry holds who acted and what they did: the resource as created (`after`), as deleted (`before`, with the rows deleted along), or what changed (`changes`).',
    tag: 'Audit log',
    query: AuditLogQuery,
    success: { status: 200, description: 'The entries.', schema: z.array(AuditEntrySchema) },
    handler: async (c, { query }) =>
      c.json(
        await listAuditEntries(c.var.db, {
          limit: query.limit,
          ...(query.resource_type ? { resourceType: query.resource_type } : {}),
          ...(query.resource_id ? { resourceId: query.resource_id } : {}),
          ...(query.before ? { before: query.before } : {}),
        }),
      ),
  }),
];
