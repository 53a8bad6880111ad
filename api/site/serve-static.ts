// Node only: serves the live static site from disk. The `current` link is resolved on every
// request, so a rebuild swaps the whole site at once without restarting anything.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';

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

interface FoundFile {
  body: Buffer;
  path: string;
  mtimeMs: number;
}

/** A handler for GET/HEAD of any path under `rootDir`; 404 with the site's 404 page otherwise. */
export function serveStaticSite(rootDir: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const pathname = decodePath(c.req.path);
    if (pathname === null) return c.text('Bad request', 400);
    if (
      !pathname.endsWith('/') &&
      !extname(pathname) &&
      (await findFile(rootDir, `${pathname}/index.html`))
    ) {
      // From the path as sent, still encoded (the decoded one may begin `//host`), with leading
      // slashes folded to one: a Location of `//host/…` would send the browser to another site.
      const { pathname: sent, search } = new URL(c.req.url);
      return c.redirect(`${sent.replace(/^\/+/, '/')}/${search}`, 301);
    }
    const found = await findFile(rootDir, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!found && !(await exists(rootDir))) {
      // Only before the very first build: say so, rather than a 404 for a page that will exist.
      return c.text('The status page is being built; try again in a few seconds.', 503, {
        'Retry-After': '5',
      });
    }
    if (!found) {
      const notFound = await findFile(rootDir, '/404.html');
      return c.body(notFound ? new Uint8Array(notFound.body) : 'Not found', 404, {
        'Content-Type': CONTENT_TYPES['.html'] ?? 'text/html',
      });
    }
    const etag = `W/"${found.body.length.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}"`;
    const headers = {
      'Content-Type': CONTENT_TYPES[extname(found.path)] ?? 'application/octet-stream',
      ETag: etag,
      // Hashed assets never change; pages and feeds change with every rebuild.
      'Cache-Control': pathname.startsWith('/_astro/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate',
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(found.body), 200, headers);
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

// normalize() folds `..`; the prefix check then refuses anything that would leave the root.
async function findFile(rootDir: string, pathname: string): Promise<FoundFile | null> {
  const root = normalize(rootDir + sep);
  const path = normalize(join(root, pathname));
  if (!path.startsWith(root)) return null;
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    return { body: await readFile(path), path, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}
