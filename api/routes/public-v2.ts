import type { Context } from 'hono';
import { Hono } from 'hono';
import { getDataVersion } from '../../db/queries/page.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../problem.ts';
import type { PublicCache } from '../public/cache.ts';
import {
  CORS_HEADERS,
  createCachedBody,
  respondToPreflight,
  respondWithCachedBody,
} from '../public/cached-response.ts';
import { buildEndpointDocument, PUBLIC_V2_PATHS, type PublicV2Path } from '../public/endpoints.ts';

/**
 * The Statuspage-compatible public API under /api/v2. GET (and HEAD, which Hono answers through
 * the GET route without a body) is served from the in-memory cache; OPTIONS answers CORS preflights.
 */
export function publicV2Routes(cache: PublicCache): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of PUBLIC_V2_PATHS) {
    app.get(`/${path}`, (c) => {
      const entry = cache.peek(path);
      if (entry !== undefined)
        return respondWithCachedBody(entry, c.req.header('if-none-match'), c.req.header('accept-encoding'));
      return serveSlowly(c, cache, path);
    });
    app.options(`/${path}`, () => respondToPreflight());
    app.all(`/${path}`, () => {
      throw new ApiError('method_not_allowed', 'The public API is read-only.', {
        headers: { ...CORS_HEADERS, Allow: 'GET, HEAD, OPTIONS' },
      });
    });
  }
  // Answered here rather than left to whatever handles the rest of the site, so that clients of the
  // API always get a problem document.
  app.all('*', (c) => {
    throw new ApiError('not_found', `No public API document at ${c.req.path}.`, { headers: CORS_HEADERS });
  });
  return app;
}

async function serveSlowly(c: Context<AppEnv>, cache: PublicCache, path: PublicV2Path): Promise<Response> {
  const db = c.var.db;
  const entry = await cache.get(
    path,
    async () => createCachedBody(await buildEndpointDocument(db, path)),
    async () => (await getDataVersion(db)).version,
  );
  return respondWithCachedBody(entry, c.req.header('if-none-match'), c.req.header('accept-encoding'));
}
