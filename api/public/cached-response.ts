import {
  type ContentEncoding,
  compress,
  MIN_COMPRESSIBLE_BYTES,
  negotiateEncoding,
} from '../content-encoding.ts';
import { API_SECURITY_HEADERS } from '../middleware/security-headers.ts';
import type { EndpointDocument } from './endpoints.ts';

// Everything a cached hit needs is computed once, when the body is built: the bytes in each
// encoding, their ETags and the header objects. Answering a request then allocates one Response
// and nothing else. Plain header objects (not Headers) keep @hono/node-server on its fast path,
// which writes them as is.

/** One encoding of a serialised body, ready to send. */
export interface CachedVariant {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  headers: Readonly<Record<string, string>>;
  notModifiedHeaders: Readonly<Record<string, string>>;
}

/** One endpoint's serialised body, uncompressed and (when it is large enough) compressed. */
export interface CachedBody extends CachedVariant {
  /** The data version the body was read at. */
  version: number;
  encoded: Readonly<Partial<Record<ContentEncoding, CachedVariant>>>;
}

/** Statuspage's CDN keeps these about 10 s; so may any cache in front of Candor. */
export const CACHE_CONTROL = 'public, max-age=10';

// Atlassian's widget and other browser clients read the JSON cross-origin and show nothing without it.
export const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' } as const;

const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  ...API_SECURITY_HEADERS,
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match, Cache-Control, Content-Type',
  'Access-Control-Max-Age': '86400',
} as const;

const encoder = new TextEncoder();

/**
 * Serialises a document, compresses it with brotli and gzip when it is large enough, and derives
 * a strong ETag per encoding (SHA-256 of the uncompressed bytes, so equal bytes agree everywhere,
 * plus the encoding: a cache must never answer a gzip request with a brotli body).
 */
export async function createCachedBody({ version, document }: EndpointDocument): Promise<CachedBody> {
  const body = encoder.encode(JSON.stringify(document));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  const compressible = body.byteLength >= MIN_COMPRESSIBLE_BYTES;
  const variant = (bytes: Uint8Array<ArrayBuffer>, encoding?: ContentEncoding): CachedVariant => {
    const etag = encoding ? `"${hex}-${encoding}"` : `"${hex}"`;
    const notModifiedHeaders: Record<string, string> = {
      ...CORS_HEADERS,
      ...API_SECURITY_HEADERS,
      'Cache-Control': CACHE_CONTROL,
      ETag: etag,
      ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
    };
    const headers = { 'Content-Type': 'application/json', ...notModifiedHeaders };
    return {
      body: bytes,
      etag,
      headers: encoding ? { ...headers, 'Content-Encoding': encoding } : headers,
      notModifiedHeaders,
    };
  };
  const encoded: Partial<Record<ContentEncoding, CachedVariant>> = {};
  if (compressible) {
    const [br, gzip] = await Promise.all([compress(body, 'br'), compress(body, 'gzip')]);
    encoded.br = variant(br, 'br');
    encoded.gzip = variant(gzip, 'gzip');
  }
  return { ...variant(body), version, encoded };
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

/** The body in the encoding the client prefers among those it accepts, with its own ETag. */
export function respondWithCachedBody(
  entry: CachedBody,
  ifNoneMatch: string | undefined,
  acceptEncoding?: string,
): Response {
  const encoding = negotiateEncoding(acceptEncoding);
  const variant = (encoding && entry.encoded[encoding]) || entry;
  if (ifNoneMatch !== undefined && matchesIfNoneMatch(ifNoneMatch, variant.etag)) {
    return new Response(null, { status: 304, headers: variant.notModifiedHeaders });
  }
  if (variant === entry) return new Response(entry.body, { status: 200, headers: entry.headers });
  return new Response(variant.body, { status: 200, headers: variant.headers, ...ALREADY_ENCODED });
}

// Workers compress a body themselves when a response names a Content-Encoding, unless told that
// the body is encoded already; Node ignores the option.
const ALREADY_ENCODED = { encodeBody: 'manual' } as ResponseInit;

export function respondToPreflight(): Response {
  return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
}
