import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { requireAdminToken } from '../../middleware/auth.ts';
import { buildOpenApiDocument } from '../../openapi.ts';
import { ApiError } from '../../problem.ts';
import { auditLogRoutes } from './audit-log.ts';
import { componentGroupRoutes } from './component-groups.ts';
import { componentRoutes } from './components.ts';
import { type AdminRoute, defineRoute, mountRoutes } from './define-route.ts';
import { incidentTemplateRoutes } from './incident-templates.ts';
import { incidentUpdateRoutes } from './incident-updates.ts';
import { incidentRoutes } from './incidents.ts';
import { insightRoutes } from './insights.ts';
import { maintenanceRoutes } from './maintenances.ts';
import { memberRoutes } from './members.ts';
import { outboxRoutes } from './outbox.ts';
import { pageRoutes } from './page.ts';
import { postmortemRoutes } from './postmortems.ts';
import { NAMED_SCHEMAS } from './schemas.ts';
import { siteBuildRoutes } from './site-builds.ts';
import { subscriberCsvRoutes } from './subscriber-csv.ts';
import { subscriberRoutes } from './subscribers.ts';
import { tokenRoutes } from './tokens.ts';
import { webhookRoutes } from './webhooks.ts';

/** Every authenticated admin route: what is mounted is exactly what is documented. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...pageRoutes,
  ...componentGroupRoutes,
  ...componentRoutes,
  ...incidentRoutes,
  ...incidentUpdateRoutes,
  ...maintenanceRoutes,
  ...postmortemRoutes,
  ...incidentTemplateRoutes,
  ...insightRoutes,
  ...tokenRoutes,
  ...memberRoutes,
  ...auditLogRoutes,
  ...siteBuildRoutes,
  ...outboxRoutes,
  ...webhookRoutes,
  ...subscriberCsvRoutes,
  ...subscriberRoutes,
];

const INFO = {
  title: 'Candor admin API',
  version: '1',
  basePath: '/admin/v1',
  description:
    'Manage the status page: components, groups, incidents, tokens. Every write is atomic and audited. Errors are RFC 9457 problem documents.',
};

let openApiDocument: Record<string, unknown> | undefined;

const openApiRoute = defineRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This document',
  tag: 'Meta',
  public: true,
  success: { status: 200, description: 'The OpenAPI 3.1 document of the admin API.' },
  handler: (c) => {
    // Built on first request: the schemas never change while the process lives.
    openApiDocument ??= buildOpenApiDocument(INFO, [openApiRoute, ...ADMIN_ROUTES], NAMED_SCHEMAS);
    return c.json(openApiDocument);
  },
});

/** The admin API, mounted at /admin/v1. Only the OpenAPI document is served without a token. */
export function adminRoutes(): Hono<AppEnv> {
  const admin = new Hono<AppEnv>();
  mountRoutes(admin, [openApiRoute]);
  admin.use('*', requireAdminToken);
  mountRoutes(admin, ADMIN_ROUTES);
  // Claimed here, so that no admin path falls through to the site's HTML 404: API clients always
  // get a problem document (after the token check, which keeps the list of routes private).
  admin.all('*', (c) => {
    throw new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`);
  });
  return admin;
}
