import type { Client } from '@libsql/client';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../api/context.ts';
import { PublicCache } from '../../api/public/cache.ts';
import { publicV2Routes } from '../../api/routes/public-v2.ts';
import { insertComponent, insertPage } from '../public/fixtures.ts';
import { createTestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/database.ts';

// HTTP behaviour of the eight public endpoints: headers, conditional requests, CORS, errors and
// the in-memory cache. The documents' content is covered in public-v2-documents.test.ts.

const TOP_LEVEL_KEYS: Record<string, string[]> = {
  'summary.json': ['page', 'components', 'incidents', 'scheduled_maintenances', 'status'],
  'status.json': ['page', 'status'],
  'components.json': ['page', 'components'],
  'incidents.json': ['page', 'incidents'],
  'incidents/unresolved.json': ['page', 'incidents'],
  'scheduled-maintenances.json': ['page', 'scheduled_maintenances'],
  'scheduled-maintenances/upcoming.json': ['page', 'scheduled_maintenances'],
  'scheduled-maintenances/active.json': ['page', 'scheduled_maintenances'],
};
const PATHS = Object.keys(TOP_LEVEL_KEYS);

async function appWithPage() {
  const test = await createTestApp();
  await insertPage(test.db);
  await insertComponent(test.db, { name: 'API' });
  return test;
}

describe.each(PATHS)('GET /api/v2/%s', (path) => {
  it('answers 200 JSON with CORS, a short Cache-Control, an ETag and the Statuspage top-level keys', async () => {
    const { app } = await appWithPage();
    const response = await app.request(`/api/v2/${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, max-age=10');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Object.keys(await response.json())).toEqual(TOP_LEVEL_KEYS[path]);
  });

  it('answers HEAD with 200, the same headers and no body', async () => {
    const { app } = await appWithPage();
    const get = await app.request(`/api/v2/${path}`);
    const head = await app.request(`/api/v2/${path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    for (const header of ['content-type', 'access-control-allow-origin', 'cache-control', 'etag']) {
      expect(head.headers.get(header)).toBe(get.headers.get(header));
    }
    expect(await head.text()).toBe('');
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 to a stale one', async () => {
    const { app } = await appWithPage();
    const etag = (await app.request(`/api/v2/${path}`)).headers.get('etag') ?? '';
    const notModified = await app.request(`/api/v2/${path}`, { headers: { 'If-None-Match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('access-control-allow-origin')).toBe('*');
    expect(await notModified.text()).toBe('');
    const stale = await app.request(`/api/v2/${path}`, { headers: { 'If-None-Match': '"0000"' } });
    expect(stale.status).toBe(200);
  });

  it('answers a CORS preflight', async () => {
    const { app } = await appWithPage();
    const response = await app.request(`/api/v2/${path}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://widget.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });
});

describe('public API errors', () => {
  it('answers an unknown path under /api/v2 with a 404 problem document', async () => {
    const { app } = await appWithPage();
    const response = await app.request('/api/v2/pages.json');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toMatchObject({ status: 404, instance: '/api/v2/pages.json' });
  });

  it('answers a write to a public document with 405 and the allowed methods', async () => {
    const { app } = await appWithPage();
    const response = await app.request('/api/v2/summary.json', { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 404 while the page is not set up, and serves the page once it is', async () => {
    const { app, db } = await createTestApp();
    const before = await app.request('/api/v2/status.json');
    expect(before.status).toBe(404);
    expect(before.headers.get('content-type')).toBe('application/problem+json');
    await insertPage(db);
    expect((await app.request('/api/v2/status.json')).status).toBe(200);
  });
});

/** The public routes over their own cache, so a test can invalidate it as an admin write would. */
async function publicAppWithCache(): Promise<{ app: Hono<AppEnv>; db: Client; cache: PublicCache }> {
  const { db } = await createTestDatabase();
  const cache = new PublicCache();
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('db', db);
    await next();
  });
  app.route('/api/v2', publicV2Routes(cache));
  return { app, db, cache };
}

describe('public API cache', () => {
  it('serves later requests from memory without reading the database again', async () => {
    const { app, db } = await publicAppWithCache();
    await insertPage(db);
    const component = await insertComponent(db, { name: 'API' });
    const first = await (await app.request('/api/v2/components.json')).text();
    // A change that bypasses the admin API (and so the invalidation) stays invisible...
    await db.execute({
      sql: "UPDATE components SET name = 'Renamed' WHERE id = :id",
      args: { id: component.id },
    });
    expect(await (await app.request('/api/v2/components.json')).text()).toBe(first);
  });

  it('reflects a change on the first request after an invalidation, with a new ETag', async () => {
    const { app, db, cache } = await publicAppWithCache();
    await insertPage(db);
    const component = await insertComponent(db, { name: 'API' });
    const before = await app.request('/api/v2/components.json');
    const etag = before.headers.get('etag') ?? '';
    await db.execute({
      sql: "UPDATE components SET status = 'major_outage' WHERE id = :id",
      args: { id: component.id },
    });
    cache.invalidate();
    const after = await app.request('/api/v2/components.json', { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const body = (await after.json()) as { components: { status: string }[] };
    expect(body.components[0]?.status).toBe('major_outage');
  });

  it('invalidates every endpoint at once', async () => {
    const { app, db, cache } = await publicAppWithCache();
    await insertPage(db);
    await app.request('/api/v2/status.json');
    await insertComponent(db, { status: 'partial_outage' });
    cache.invalidate();
    const status = (await (await app.request('/api/v2/status.json')).json()) as {
      status: { indicator: string };
    };
    expect(status.status.indicator).toBe('major');
  });
});
