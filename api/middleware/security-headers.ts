import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';

/**
 * Sent with everything the API answers. An API response is never a document to render: its policy
 * forbids loading anything and being framed, so a JSON body opened directly in a browser cannot
 * be turned into a page.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/**
 * Adds the security headers a response does not set itself (the static site sets its own policy).
 * The public JSON's successful answers carry them in their prebuilt header objects and are left
 * alone: touching their headers here would take @hono/node-server off its fast path.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status < 400 && c.req.path.startsWith('/api/v2/')) return;
  const headers = c.res.headers;
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) {
    if (!headers.has(name)) headers.set(name, value);
  }
};
