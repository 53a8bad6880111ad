import { describe, expect, it } from 'vitest';
import {
  CACHE_CONTROL,
  createCachedBody,
  matchesIfNoneMatch,
  respondToPreflight,
  respondWithCachedBody,
} from '../../api/public/cached-response.ts';

describe('createCachedBody', () => {
  it('serialises the document once and derives a strong ETag from the bytes', async () => {
    const entry = await createCachedBody({ version: 3, document: { page: { id: 'page_1' } } });
    expect(new TextDecoder().decode(entry.body)).toBe('{"page":{"id":"page_1"}}');
    expect(entry.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(entry.version).toBe(3);
  });

  it('gives equal bytes the same ETag and different bytes a different one', async () => {
    const a = await createCachedBody({ version: 1, document: { x: 1 } });
    const b = await createCachedBody({ version: 2, document: { x: 1 } });
    const c = await createCachedBody({ version: 1, document: { x: 2 } });
    expect(a.etag).toBe(b.etag);
    expect(a.etag).not.toBe(c.etag);
  });
});

describe('matchesIfNoneMatch', () => {
  const etag = '"abc"';
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc"', true],
    ['*', true],
    ['"abd"', false],
    ['abc', false],
    ['', false],
  ])('If-None-Match %s matches: %s', (header, expected) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(expected);
  });
});

describe('respondWithCachedBody', () => {
  it('answers 200 with the body, JSON content type, CORS, cache headers and the ETag', async () => {
    const entry = await createCachedBody({ version: 1, document: { ok: true } });
    const response = respondWithCachedBody(entry, undefined);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe(CACHE_CONTROL);
    expect(response.headers.get('etag')).toBe(entry.etag);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers 304 without a body when If-None-Match names the ETag', async () => {
    const entry = await createCachedBody({ version: 1, document: { ok: true } });
    const response = respondWithCachedBody(entry, entry.etag);
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(entry.etag);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.text()).toBe('');
  });

  it('sends the same bytes to every request without being consumed', async () => {
    const entry = await createCachedBody({ version: 1, document: { ok: true } });
    await respondWithCachedBody(entry, undefined).text();
    expect(await respondWithCachedBody(entry, undefined).json()).toEqual({ ok: true });
  });
});

describe('respondToPreflight', () => {
  it('allows any origin to GET, HEAD and revalidate', () => {
    const response = respondToPreflight();
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toContain('If-None-Match');
  });
});
