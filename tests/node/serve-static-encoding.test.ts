// What the static handler sends besides the bytes: the precompressed copy the client accepts,
// the security headers, and large files without holding them in memory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AppEnv } from '../../api/context.ts';
import { precompressSite } from '../../api/jobs/precompress-site.ts';
import { type ServeStaticOptions, serveStaticSite } from '../../api/site/serve-static.ts';

const PAGE = `<!doctype html><h1>All systems operational</h1>${'<p>Component operational</p>'.repeat(200)}`;
const FEED = `<rss version="2.0"><channel>${'<item><title>Resolved</title></item>'.repeat(100)}</channel></rss>`;

async function setUp(options: ServeStaticOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), 'candor-encoding-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string | Buffer> = {
    'index.html': PAGE,
    '404.html': '<h1>Not here</h1>',
    'history.rss': FEED,
    'tiny.txt': 'ok',
    'logo.png': Buffer.alloc(4096, 7),
  };
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  await precompressSite(root);
  const app = new Hono<AppEnv>();
  app.use('*', serveStaticSite(root, options));
  return { app, root };
}

const get = (app: Hono<AppEnv>, path: string, acceptEncoding?: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} });

describe('precompressed site files', () => {
  it('sends the brotli copy of a page to a browser that accepts it, as HTML that decodes to the page', async () => {
    const { app } = await setUp();
    const response = await get(app, '/', 'gzip, deflate, br, zstd');
    expect(response.headers.get('Content-Encoding')).toBe('br');
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('Vary')).toBe('Accept-Encoding');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(PAGE.length / 5);
    expect(brotliDecompressSync(bytes).toString()).toBe(PAGE);
  });

  it('sends gzip to gzip-only clients and the plain file to the others, each with its own ETag', async () => {
    const { app } = await setUp();
    const gzip = await get(app, '/history.rss', 'gzip');
    expect(gzip.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(FEED);
    const plain = await get(app, '/history.rss');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(plain.headers.get('Vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(FEED);
    const br = await get(app, '/history.rss', 'br');
    const etags = [gzip, plain, br].map((response) => response.headers.get('ETag'));
    expect(new Set(etags).size).toBe(3);
    const cached = await app.request('/history.rss', {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': etags[2] ?? '' },
    });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('Content-Encoding')).toBe('br');
  });

  it('answers HEAD with the encoded length and headers and no body', async () => {
    const { app } = await setUp();
    const head = await get(app, '/', 'br', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Encoding')).toBe('br');
    expect(Number(head.headers.get('Content-Length'))).toBeLessThan(PAGE.length / 5);
    expect(await head.text()).toBe('');
  });

  it('leaves tiny files and images uncompressed', async () => {
    const { app } = await setUp();
    const tiny = await get(app, '/tiny.txt', 'br');
    expect(tiny.headers.get('Content-Encoding')).toBeNull();
    const png = await get(app, '/logo.png', 'br');
    expect(png.headers.get('Content-Encoding')).toBeNull();
    expect(png.headers.get('Vary')).toBeNull();
  });
});

describe('security headers of the site', () => {
  it('sends nosniff, a Referrer-Policy and a CSP without inline scripts on pages, 404s and redirects', async () => {
    const { app } = await setUp();
    for (const response of [
      await get(app, '/'),
      await get(app, '/missing/'),
      await get(app, '/history.rss'),
    ]) {
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
      const policy = response.headers.get('Content-Security-Policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
    }
  });

  it('lets the live script reach the API origin when it lives elsewhere, and nothing else', async () => {
    const { app } = await setUp({ apiOrigin: 'https://api.example.com/some/path' });
    const policy = (await get(app, '/')).headers.get('Content-Security-Policy') ?? '';
    expect(policy).toContain("connect-src 'self' https://api.example.com;");
  });
});

describe('large site files', () => {
  it('are sent whole from a stream, not refused or cut', async () => {
    const { app } = await setUp({ maxFileBytes: 1024 });
    const response = await get(app, '/history.rss');
    expect(response.headers.get('Content-Length')).toBe(String(FEED.length));
    expect(await response.text()).toBe(FEED);
  });
});
