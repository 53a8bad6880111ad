// Cross-site request forgery: every console POST must come from a page of this same host (the
// Origin header, which browsers send with every form post) and carry the form token: the session's
// for signed-in forms, or a cookie-bound token for the sign-in forms (double submit).
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { constantTimeEqual } from '../middleware/constant-time.ts';
import type { ConsoleEnv } from './env.ts';
import { cookieOptions, randomSecret } from './session.ts';

export const FORM_COOKIE = 'candor_form';

/** Whether the request's Origin (or, without one, Sec-Fetch-Site) says it came from this host. */
export function isSameOrigin(c: Context<ConsoleEnv>): boolean {
  const origin = c.req.header('Origin');
  if (!origin || origin === 'null') return c.req.header('Sec-Fetch-Site') === 'same-origin';
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false;
  }
}

/** Whether a submitted token equals the expected one (constant time). */
export function tokenMatches(submitted: string, expected: string | undefined): boolean {
  return expected !== undefined && expected.length > 0 && submitted.length === expected.length
    ? constantTimeEqual(submitted, expected)
    : false;
}

/** The token for signed-out forms: the cookie's, set now when the browser has none. */
export function signedOutFormToken(c: Context<ConsoleEnv>): string {
  const existing = getCookie(c, FORM_COOKIE);
  if (existing && /^[\w-]{43}$/.test(existing)) return existing;
  const token = randomSecret();
  setCookie(c, FORM_COOKIE, token, cookieOptions(c, 24 * 60 * 60));
  return token;
}

export function signedOutTokenMatches(c: Context<ConsoleEnv>, submitted: string): boolean {
  return tokenMatches(submitted, getCookie(c, FORM_COOKIE));
}
