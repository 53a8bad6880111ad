// Node only: serves the live static site from disk. The `current` link is resolved on every
// request, so a rebuild swaps the whole site at once without restarting anything.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import { siteSecurityHeaders } from '../../site/lib/security-headers.ts';
import { type ContentEncoding, isCompressibleType, negotiateEncoding } from '../content-encoding.ts';
import type { AppEnv } from '../context.ts';
import { contentTypeOf, HTML_CONTENT_TYPE } from './content-types.ts';
import { type SiteFile, SiteFiles, type SiteFilesOptions, streamFile } from './site-files.ts';

/** The files the build writes beside each compressible file (api/jobs/precompress-site.ts). */
export const PRECOMPRESSED_SUFFIXES: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };

export interface ServeStaticOptions extends SiteFilesOptions {
  /** Where the live script fetches the public JSON when not from the page's own origin. */
  apiOrigin?: string;
  /** Called when a request finds no site at all, e.g. to rebuild a live build deleted from disk. */
  onSiteMissing?: () => void;
}

/** A handler for GET/HEAD of any path under `rootDir`; 404 with the site's 404 page otherwise. */
export function serveStaticSite(
  rootDir: string,
  options: ServeStaticOptions = {},
): MiddlewareHandler<AppEnv> {
  const files = new SiteFiles(rootDir, options);
  const security = siteSecurityHeaders(options.apiOrigin);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const pathname = decodePath(c.req.path);
    if (pathname === null) return c.text('Bad request', 400, security);
    if (!pathname.endsWith('/') && !extname(pathname) && (await files.get(`${pathname}/index.html`))) {
      // From the path as sent, still encoded (the decoded one may begin `//host`), with leading
      // slashes folded to one: a Location of `//host/…` would send the browser to another site.
      const { pathname: sent, search } = new URL(c.req.url);
      return c.body(null, 301, { ...security, Location: `${sent.replace(/^\/+/, '/')}/${search}` });
    }
    const wanted = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
    const found = await files.get(wanted);
    if (!found && !(await exists(rootDir))) {
      // Before the very first build, or after the live build was deleted: say so, rather than a
      // 404 for a page that will exist.
      options.onSiteMissing?.();
      return c.text('The status page is being built; try again in a few seconds.', 503, {
        ...security,
        'Retry-After': '5',
      });
    }
    if (!found) {
      const notFound = await files.get('/404.html');
      return c.body(notFound?.body ?? 'Not found', 404, {
        ...security,
        'Content-Type': HTML_CONTENT_TYPE,
      });
    }
    const contentType = contentTypeOf(found.path);
    const compressible = isCompressibleType(contentType);
    const encoding = compressible ? negotiateEncoding(c.req.header('Accept-Encoding')) : null;
    const encoded = encoding ? await files.get(`${wanted}${PRECOMPRESSED_SUFFIXES[encoding]}`) : null;
    const file = encoded ?? found;
    const headers: Record<string, string> = {
      ...security,
      'Content-Type': contentType,
      // Each encoded file has an identity of its own, so each encoding has its own ETag.
      ETag: file.etag,
      // Hashed assets never change; pages and feeds change with every rebuild.
      'Cache-Control': pathname.startsWith('/_astro/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate',
      ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
      ...(encoded && encoding ? { 'Content-Encoding': encoding } : {}),
    };
    if (c.req.header('If-None-Match') === file.etag) return c.body(null, 304, headers);
    return send(c, file, headers);
  };
}

function send(c: Context<AppEnv>, file: SiteFile, headers: Record<string, string>): Response {
  headers['Content-Length'] = String(file.size);
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  return c.body(file.body ?? streamFile(file), 200, headers);
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
