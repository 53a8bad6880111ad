import { createHash } from 'node:crypto';

/**
 * A digest of everything a page renders, for getStaticPaths' `cacheKey`: with the experimental
 * incremental build, a page whose key and code are unchanged is copied from the last build.
 */
export function digestRenderInputs(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
