import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './context.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { ApiError, problemResponse } from './problem.ts';
import { PublicCache } from './public/cache.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { publicV2Routes } from './routes/public-v2.ts';

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
    await next();
  });

  // Every successful admin write invalidates what was derived from the data: the public JSON
  // served from memory, and (through onDataChanged) the static site.
  app.use('/admin/v1/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400) {
      publicCache.invalidate();
      try {
        await deps.onDataChanged?.(c);
      } catch (error) {
        console.error('After a successful write, reacting to the data change failed:', error);
      }
    }
  });

  app.route('/admin/v1', adminRoutes());
  app.route('/api/v2', publicV2Routes(publicCache));

  if (deps.siteHandler) app.use('*', deps.siteHandler);

  app.notFound((c) =>
    problemResponse(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return problemResponse(c, error);
    console.error(error);
    return problemResponse(c, new ApiError('internal', 'The server failed to handle this request.'));
  });
  return app;
}
