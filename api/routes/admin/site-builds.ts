import { z } from 'zod';
import { listSiteBuilds } from '../../../db/queries/site-builds.ts';
import { type AdminRoute, defineRoute } from './define-route.ts';
import { limitQuery } from './fields.ts';
import { SiteBuildSchema } from './schemas.ts';

export const siteBuildRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/site/builds',
    operationId: 'listSiteBuilds',
    summary: 'Static site builds, newest first',
    description: 'A failed build shows its error.',
    tag: 'Site',
    query: z.object({ limit: limitQuery(20, 100) }),
    success: { status: 200, description: 'The builds.', schema: z.array(SiteBuildSchema) },
    handler: async (c, { query }) => c.json(await listSiteBuilds(c.var.db, query.limit)),
  }),
];
