import { describe, expect, it } from 'vitest';
import { insertPage } from '../public/fixtures.ts';
import { createTestApp } from '../support/app.ts';

// Every answer of the API tells browsers not to sniff types, how much of the address to pass on,
// and (being data, not a document) to load and frame nothing.

const EXPECTED = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

function expectSecurityHeaders(response: Response): void {
  for (const [name, value] of Object.entries(EXPECTED)) expect(response.headers.get(name), name).toBe(value);
}

describe('security headers of the API', () => {
  it('are on admin answers, successful or not', async () => {
    const t = await createTestApp();
    await insertPage(t.db);
    expectSecurityHeaders(await t.admin('GET', '/admin/v1/page'));
    expectSecurityHeaders(await t.app.request('/admin/v1/page'));
    expectSecurityHeaders(await t.admin('POST', '/admin/v1/components', { name: '' }));
  });

  it('are on the public JSON: 200, 304, preflight and 404', async () => {
    const t = await createTestApp();
    await insertPage(t.db);
    const ok = await t.app.request('/api/v2/summary.json');
    expectSecurityHeaders(ok);
    const etag = ok.headers.get('etag') ?? '';
    expectSecurityHeaders(
      await t.app.request('/api/v2/summary.json', { headers: { 'If-None-Match': etag } }),
    );
    expectSecurityHeaders(await t.app.request('/api/v2/summary.json', { method: 'OPTIONS' }));
    expectSecurityHeaders(await t.app.request('/api/v2/nothing.json'));
  });
});
