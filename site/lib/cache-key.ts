import { hash } from 'node:crypto';

/**
 * A digest of everything a page renders, for getStaticPaths' `cacheKey`: with the experimental
 * incremental build, a page whose key and code are unchanged is copied from the last build.
 */
export function digestRenderInputs(value: unknown): string {
  // The one-shot hash: the same digest as createHash's, without a Hash object per page (tens of
  // thousands per build at 10,000 incidents).
  return hash('sha256', JSON.stringify(value), 'base64url');
}

// An incident's digest is part of the keys of its own page and of its components' pages and feeds:
// computed once per incident object, that is once per snapshot of the data.
const incidentDigests = new WeakMap<object, string>();

/** digestRenderInputs(incident), remembered for this very object (the data is never mutated). */
export function digestIncident(incident: object): string {
  let digest = incidentDigests.get(incident);
  if (digest === undefined) {
    digest = digestRenderInputs(incident);
    incidentDigests.set(incident, digest);
  }
  return digest;
}

/**
 * The key of a page rendered inside BaseLayout: `inputs` (what the page itself shows) and what the
 * layout shows on every page (the name, the time zone, the header's logo and links).
 */
export function pageCacheKey(
  page: {
    name: string;
    url: string;
    logo_url: string | null;
    product_url: string | null;
    support_url: string | null;
  },
  timeZone: string,
  inputs: unknown,
): string {
  const { name, url, logo_url, product_url, support_url } = page;
  return digestRenderInputs({ layout: { name, url, logo_url, product_url, support_url, timeZone }, inputs });
}
