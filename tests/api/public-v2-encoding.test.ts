import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../api/content-encoding.ts';
import { insertComponent, insertIncident, insertPage } from '../public/fixtures.ts';
import { createTestApp } from '../support/app.ts';

// The public JSON is compressed once per cached body and negotiated per request.

async function appWithLargeSummary() {
  const test = await createTestApp();
  await insertPage(test.db);
  const componentIds: string[] = [];
  for (let i = 0; i < 20; i++)
    componentIds.push((await insertComponent(test.db, { name: `Component ${i}` })).id);
  await insertIncident(test.db, { componentIds });
  return test;
}

const get = (app: Awaited<ReturnType<typeof createTestApp>>['app'], path: string, headers = {}) =>
  app.request(`/api/v2/${path}`, { headers });

describe('compression of the public JSON', () => {
  it('answers brotli to clients that accept it, and the body decodes to the same document', async () => {
    const { app } = await appWithLargeSummary();
    const plain = await get(app, 'summary.json');
    const br = await get(app, 'summary.json', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-type')).toBe('application/json');
    const bytes = new Uint8Array(await br.arrayBuffer());
    const text = await plain.text();
    expect(bytes.byteLength).toBeLessThan(text.length / 3);
    expect(brotliDecompressSync(bytes).toString()).toBe(text);
  });

  it('answers gzip to clients that accept only gzip, and nothing compressed to the others', async () => {
    const { app } = await appWithLargeSummary();
    const gzip = await get(app, 'summary.json', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const plain = await get(app, 'summary.json', { 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(gunzipSync(new Uint8Array(await gzip.arrayBuffer())).toString()).toBe(await plain.text());
  });

  it('gives each encoding its own ETag, and a 304 only for the ETag of the encoding asked for', async () => {
    const { app } = await appWithLargeSummary();
    const etags = await Promise.all(
      ['identity', 'gzip', 'br'].map(async (encoding) => {
        const response = await get(app, 'summary.json', { 'Accept-Encoding': encoding });
        return response.headers.get('etag') ?? '';
      }),
    );
    expect(new Set(etags).size).toBe(3);
    const [plainTag, , brTag] = etags;
    const hit = await get(app, 'summary.json', { 'Accept-Encoding': 'br', 'If-None-Match': brTag ?? '' });
    expect(hit.status).toBe(304);
    expect(hit.headers.get('etag')).toBe(brTag);
    const miss = await get(app, 'summary.json', { 'Accept-Encoding': 'br', 'If-None-Match': plainTag ?? '' });
    expect(miss.status).toBe(200);
  });

  it('answers HEAD with the headers of the encoding a GET would get and no body', async () => {
    const { app } = await appWithLargeSummary();
    const head = await app.request('/api/v2/summary.json', {
      method: 'HEAD',
      headers: { 'Accept-Encoding': 'br' },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-encoding')).toBe('br');
    expect(await head.text()).toBe('');
  });

  it('leaves a body under 1 KB uncompressed', async () => {
    const { app } = await appWithLargeSummary();
    const status = await get(app, 'status.json', { 'Accept-Encoding': 'br, gzip' });
    expect(status.headers.get('content-encoding')).toBeNull();
    expect(status.headers.get('vary')).toBeNull();
  });
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip', 'gzip'],
    ['gzip, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['*', 'br'],
    ['*;q=0, gzip;q=0.1', 'gzip'],
    ['identity', null],
    ['gzip;q=0', null],
    ['deflate', null],
  ])('picks from %j: %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
