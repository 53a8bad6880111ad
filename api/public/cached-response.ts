import type { EndpointDocument } from './endpoints.ts';

// Everything a cached hit needs is computed once, when the body is built: the bytes, the ETag and
// the header objects. Answering a request then allocates one Response and nothing else. Plain
// header objects (not Headers) keep @hono/node-server on its fast path, which writes them as is.

/** One endpoint's serialised body, ready to send. */
export interface CachedBody {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  /** The data version the body was read at. */
  version: number;
  headers: Readonly<Record<string, string>>;
  notModifiedHeaders: Readonly<Record<string, string>>;
}

/** Statuspage's CDN keeps these about 10 s; so may any cache in front of Candor. */
export const CACHE_CONTROL = 'public, max-age=10';

// Atlassian's widget and other browser clients read the JSON cross-origin and show nothing without it.
export const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' } as const;

const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match, Cache-Control, Content-Type',
  'Access-Control-Max-Age': '86400',
} as const;

const encoder = new TextEncoder();

/** Serialises a document and derives its strong ETag (SHA-256 of the bytes, so equal bytes agree everywhere). */
export async function createCachedBody({ version, document }: EndpointDocument): Promise<CachedBody> {
  const body = encoder.encode(JSON.stringify(document));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  const etag = `"${hex}"`;
  const notModifiedHeaders = { ...CORS_HEADERS, 'Cache-Control': CACHE_CONTROL, ETag: etag };
  return {
    body,
    etag,
    version,
    headers: { 'Content-Type': 'application/json', ...notModifiedHeaders },
    notModifiedHeaders,
  };
}

/**
 * Whether an If-None-Match header names this ETag. Uses the weak comparison RFC 9110 requires for
 * If-None-Match, since proxies that compress a body turn its ETag into a weak one.
 */
export function matchesIfNoneMatch(header: string, etag: string): boolean {
  if (header === etag) return true;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === etag;
  });
}

export function respondWithCachedBody(entry: CachedBody, ifNoneMatch: string | undefined): Response {
  if (ifNoneMatch !== undefined && matchesIfNoneMatch(ifNoneMatch, entry.etag)) {
    return new Response(null, { status: 304, headers: entry.notModifiedHeaders });
  }
  return new Response(entry.body, { status: 200, headers: entry.headers });
}

export function respondToPreflight(): Response {
  return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
}
