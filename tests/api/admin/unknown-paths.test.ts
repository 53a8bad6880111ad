import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app.ts';
import { serveStaticSite } from '../../../api/site/serve-static.ts';
import { sha256Hex } from '../../../db/hash.ts';
import { createTestDatabase } from '../../support/database.ts';

// The site's HTML 404 is for readers; an API client that mistypes a path gets a problem document.

async function appWithSite() {
  const { db } = await createTestDatabase();
  const site = await mkdtemp(join(tmpdir(), 'candor-site-'));
  await writeFile(join(site, '404.html'), '<!doctype html><title>Not found</title>');
  await writeFile(join(site, 'index.html'), '<!doctype html><title>Status</title>');
  const token = `test-${crypto.randomUUID()}`;
  const app = createApp({
    database: () => db,
    bootstrapTokenHash: await sha256Hex(token),
    siteHandler: serveStaticSite(site),
  });
  return { app, headers: { Authorization: `Bearer ${token}` } };
}

describe('unknown paths under /admin/v1', () => {
  it.each(['/admin/v1/nothing', '/admin/v1/components/cmp_x/nothing', '/admin/v1/', '/admin/v1'])(
    'GET %s answers a problem document, not the site 404 page',
    async (path) => {
      const { app, headers } = await appWithSite();
      const response = await app.request(path, { headers });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect((await response.json()).status).toBe(404);
    },
  );

  it('without a token answers 401 as a problem document', async () => {
    const { app } = await appWithSite();
    const response = await app.request('/admin/v1/nothing');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('HEAD answers 404 without the site page', async () => {
    const { app, headers } = await appWithSite();
    const response = await app.request('/admin/v1/nothing', { method: 'HEAD', headers });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
