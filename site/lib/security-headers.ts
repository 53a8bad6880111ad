// The headers every file of the static site is served with, by the Node server and (through the
// `_headers` file the build writes) by Cloudflare Pages. The policy fits what the pages do: one
// stylesheet and one script from the site itself, no inline code, the live script fetching the
// public JSON (from the API's origin when it lives elsewhere), and https images in incident updates.

/** `apiOrigin`: where the live script fetches from when not the page's own origin ('' for none). */
export function siteSecurityHeaders(apiOrigin = ''): Record<string, string> {
  const api = apiOrigin ? ` ${new URL(apiOrigin).origin}` : '';
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // Incident updates may show images from other hosts; https only, as the sanitiser keeps them.
    "img-src 'self' https:",
    `connect-src 'self'${api}`,
    `form-action 'self'${api}`,
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}

/** A Cloudflare Pages `_headers` file: the security headers on every path, long caching for hashed assets. */
export function pagesHeadersFile(apiOrigin = ''): string {
  const lines = ['/*'];
  for (const [name, value] of Object.entries(siteSecurityHeaders(apiOrigin)))
    lines.push(`  ${name}: ${value}`);
  lines.push('/_astro/*', '  Cache-Control: public, max-age=31536000, immutable', '');
  return lines.join('\n');
}
