// Node only: serves the live static site from disk. The `current` link is resolved on every
// request, so a rebuild swaps the whole site at once without restarting anything.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { SiteFiles, type SiteFilesOptions } from './site-files.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface ServeStaticOptions extends SiteFilesOptions {
  /** Called when a request finds no site at all, e.g. to rebuild a live build deleted from disk. */
  onSiteMissing?: () => void;
}

/** A handler for GET/HEAD of any path under `rootDir`; 404 with the site's 404 page otherwise. */
export function serveStaticSite(
  rootDir: string,
  options: ServeStaticOptions = {},
): MiddlewareHandler<AppEnv> {
  const files = new SiteFiles(rootDir, options);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const pathname = decodePath(c.req.path);
    if (pathname === null) return c.text('Bad request', 400);
    if (!pathname.endsWith('/') && !extname(pathname) && (await files.get(`${pathname}/index.html`))) {
      // From the path as sent, still encoded (the decoded one may begin `//host`), with leading
      // slashes folded to one: a Location of `//host/…` would send the browser to another site.
      const { pathname: sent, search } = new URL(c.req.url);
      return c.redirect(`${sent.replace(/^\/+/, '/')}/${search}`, 301);
    }
    const found = await files.get(pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!found && !(await exists(rootDir))) {
      // Before the very first build, or after the live build was deleted: say so, rather than a
      // 404 for a page that will exist.
      options.onSiteMissing?.();
      return c.text('The status page is being built; try again in a few seconds.', 503, {
        'Retry-After': '5',
      });
    }
    if (!found) {
      const notFound = await files.get('/404.html');
      return c.body(notFound ? notFound.body : 'Not found', 404, {
        'Content-Type': CONTENT_TYPES['.html'] ?? 'text/html',
      });
    }
    const { etag } = found;
    const headers = {
      'Content-Type': CONTENT_TYPES[extname(found.path)] ?? 'application/octet-stream',
      ETag: etag,
      // Hashed assets never change; pages and feeds change with every rebuild.
      'Cache-Control': pathname.startsWith('/_astro/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate',
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(found.body, 200, headers);
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function decodePath(path: string): string | null {
  try {
    const decoded = decodeURIComponent(path);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}
