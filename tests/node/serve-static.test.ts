// The Node server's static file handler, mounted in a tiny Hono app over a temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AppEnv } from '../../api/context.ts';
import { serveStaticSite } from '../../api/site/serve-static.ts';

const SITE: Record<string, string> = {
  'index.html': '<h1>All systems operational</h1>',
  '404.html': '<h1>This page does not exist</h1>',
  'history/index.html': '<h1>History</h1>',
  'history.rss': '<rss version="2.0"></rss>',
  'history.atom': '<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
  '_astro/x.css': 'body{color:red}',
};

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
}

/** `<base>/site` holds the site; files beside it must never be reachable. */
function setUp(options: { withSite?: boolean; onSiteMissing?: () => void } = {}) {
  const base = mkdtempSync(join(tmpdir(), 'candor-static-'));
  onTestFinished(() => rmSync(base, { recursive: true, force: true }));
  const root = join(base, 'site');
  if (options.withSite !== false) writeFiles(root, SITE);
  const app = new Hono<AppEnv>();
  app.use('*', serveStaticSite(root, options.onSiteMissing ? { onSiteMissing: options.onSiteMissing } : {}));
  app.post('/api/echo', (c) => c.text('api'));
  return { app, base, root };
}

describe('serveStaticSite', () => {
  it('serves index.html for / as HTML', async () => {
    const { app } = setUp();
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(SITE['index.html']);
  });

  it('serves a folder page at its trailing-slash address', async () => {
    const { app } = setUp();
    const response = await app.request('/history/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(SITE['history/index.html']);
  });

  it('redirects a folder page without its trailing slash permanently, keeping the query', async () => {
    const { app } = setUp();
    const plain = await app.request('/history');
    expect(plain.status).toBe(301);
    expect(plain.headers.get('Location')).toBe('/history/');
    const withQuery = await app.request('/history?page=2&q=a%20b');
    expect(withQuery.status).toBe(301);
    expect(withQuery.headers.get('Location')).toBe('/history/?page=2&q=a%20b');
  });

  it('redirects only within its own site, however the path is encoded', async () => {
    const { app } = setUp();
    const origin = 'https://status.example.com';
    // Each names the history folder through a detour that starts like another host (`//host`, `/\host`).
    const attempts = [
      '/%2fevil.example%2f..%2fhistory',
      '/%2Fevil.example/..%2Fhistory',
      '/%5cevil.example%2f..%2fhistory',
      '//history',
      '/\\history',
    ];
    for (const path of attempts) {
      const response = await app.request(`${origin}${path}`);
      const location = response.headers.get('Location');
      if (location !== null) expect(new URL(location, `${origin}${path}`).origin, path).toBe(origin);
    }
  });

  it('answers an unknown path with 404 and the body of 404.html', async () => {
    const { app } = setUp();
    for (const path of ['/no-such-page', '/no-such-page/', '/incidents/inc_missing/']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toBe(SITE['404.html']);
    }
  });

  it('answers 503 with Retry-After while the site folder does not exist yet', async () => {
    const { app, root } = setUp({ withSite: false });
    const response = await app.request('/');
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0);

    writeFiles(root, SITE);
    const built = await app.request('/');
    expect(built.status).toBe(200);
    expect(await built.text()).toBe(SITE['index.html']);
  });

  it('reports a missing site (a deleted live build) so it can be rebuilt, and not a missing page', async () => {
    let reports = 0;
    const { app, root } = setUp({ withSite: false, onSiteMissing: () => reports++ });
    expect((await app.request('/')).status).toBe(503);
    expect(reports).toBe(1);
    writeFiles(root, SITE);
    expect((await app.request('/no-such-page/')).status).toBe(404);
    expect(reports).toBe(1);
  });

  it('never reads outside the site folder, however the path is encoded', async () => {
    const { app, base } = setUp();
    writeFiles(base, {
      'secret.txt': 'TOP SECRET',
      'secret-folder/index.html': 'TOP SECRET PAGE',
      'site-evil/x.txt': 'TOP SECRET SIBLING',
    });
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/history/..%2f..%2fsecret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret-folder',
      '/..%2fsecret-folder/',
      '/..%2fsite-evil%2fx.txt',
      '/%252e%252e%252fsecret.txt',
    ];
    for (const path of attempts) {
      const response = await app.request(path);
      expect([400, 404], path).toContain(response.status);
      expect(response.headers.get('Location'), path).toBeNull();
      expect(await response.text(), path).not.toContain('TOP SECRET');
    }
  });

  it('answers 304 to a matching If-None-Match, and a new ETag once the file changed', async () => {
    const { app, root } = setUp();
    const first = await app.request('/');
    const etag = first.headers.get('ETag');
    expect(etag).toBeTruthy();

    const again = await app.request('/', { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(await again.text()).toBe('');

    writeFileSync(join(root, 'index.html'), '<h1>Partial outage of the API</h1>');
    const changed = await app.request('/', { headers: { 'If-None-Match': etag ?? '' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(etag);
    expect(await changed.text()).toBe('<h1>Partial outage of the API</h1>');
  });

  it('lets hashed assets be cached for good and makes pages and feeds revalidate', async () => {
    const { app } = setUp();
    const asset = await app.request('/_astro/x.css');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(asset.headers.get('Cache-Control')).toContain('immutable');
    expect(asset.headers.get('Cache-Control')).toContain('max-age=31536000');
    for (const path of ['/', '/history/', '/history.rss']) {
      const cacheControl = (await app.request(path)).headers.get('Cache-Control') ?? '';
      expect(cacheControl, path).toContain('must-revalidate');
      expect(cacheControl, path).toContain('max-age=0');
      expect(cacheControl, path).not.toContain('immutable');
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { app } = setUp();
    const get = await app.request('/');
    const head = await app.request('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Type')).toBe(get.headers.get('Content-Type'));
    expect(head.headers.get('ETag')).toBe(get.headers.get('ETag'));
    expect(head.headers.get('Cache-Control')).toBe(get.headers.get('Cache-Control'));
    expect(await head.text()).toBe('');
  });

  it('serves the feeds with their feed content types', async () => {
    const { app } = setUp();
    const rss = await app.request('/history.rss');
    expect(rss.headers.get('Content-Type')).toBe('application/rss+xml; charset=utf-8');
    expect(await rss.text()).toBe(SITE['history.rss']);
    const atom = await app.request('/history.atom');
    expect(atom.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    expect(await atom.text()).toBe(SITE['history.atom']);
  });

  it('leaves other methods to the routes after it', async () => {
    const { app } = setUp();
    const response = await app.request('/api/echo', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('api');
  });
});
