import { Hono } from 'hono';
import { isDatabaseBusy } from '../db/busy.ts';
import { consoleRoutes } from './console/index.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { ApiError, problemResponse } from './problem.ts';
import { PublicCache } from './public/cache.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { publicV2Routes } from './routes/public-v2.ts';
import { resendWebhookRoutes } from './routes/resend-webhooks.ts';
import { subscribeRoutes } from './routes/subscribe.ts';
import { subscriberPageRoutes } from './routes/subscriber-pages.ts';
import { STRICT_POLICY } from './webhooks/target-guard.ts';

const BUSY_RETRY_AFTER_SECONDS = 2;

/** Builds the whole HTTP API. Uses only Web-standard APIs so that Node and Workers share it. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const clock = deps.clock ?? (() => new Date());
  const publicCache = new PublicCache();

  app.use('*', securityHeaders);

  app.use('*', async (c, next) => {
    c.set('db', deps.database(c.env));
    c.set('now', () => clock().toISOString());
    const bootstrap = deps.bootstrapTokenHash;
    c.set('bootstrapTokenHash', (typeof bootstrap === 'function' ? bootstrap(c.env) : bootstrap) ?? null);
    const policy = deps.webhookPolicy ?? STRICT_POLICY;
    c.set('webhookPolicy', typeof policy === 'function' ? policy(c.env) : policy);
    c.set('clientAddress', () => deps.clientAddress?.(c) ?? c.req.header('cf-connecting-ip') ?? 'unknown');
    await next();
  });

  // Every successful admin write invalidates what was derived from the data: the public JSON
  // served from memory, and (through onDataChanged) the static site.
  // The console's writes (under /admin/) are the same writes, answered with redirects.
  app.use('/admin/*', async (c, next) => {
    await next();
    const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if (write && c.res.status < 400 && !c.var.publicDataUnchanged) {
      publicCache.invalidate();
      try {
        await deps.onDataChanged?.(c);
      } catch (error) {
        console.error('After a successful write, reacting to the data change failed:', error);
      }
    }
  });

  app.route('/admin/v1', adminRoutes());
  app.route('/', consoleRoutes(deps));
  app.route('/api/v2', publicV2Routes(publicCache));
  app.route(
    '/api/webhooks',
    resendWebhookRoutes((bindings) => deps.resendWebhookSecret?.(bindings)),
  );
  app.route('/', subscribeRoutes(deps.onOutboxWritten));
  app.route('/', subscriberPageRoutes());

  if (deps.siteHandler) app.use('*', deps.siteHandler);

  app.notFound((c) =>
    problemResponse(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return problemResponse(c, error);
    if (isDatabaseBusy(error)) {
      // Another process held the write lock past the busy timeout: expected now and then (a
      // migration, a backup, a second server), so one line rather than a stack per request.
      console.error(`${c.req.method} ${c.req.path}: 503, the database stayed locked by another process`);
      return problemResponse(
        c,
        new ApiError('unavailable', 'The database is busy with another writer; retry shortly.', {
          headers: { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS) },
        }),
      );
    }
    console.error(error);
    return problemResponse(c, new ApiError('internal', 'The server failed to handle this request.'));
  });
  return app;
}
