// Console sessions: a random id in a cookie (HttpOnly, SameSite=Strict, Secure over https), kept
// in the database only as its SHA-256, with an expiry. The CSRF token of a session is derived from
// its id, so nothing more is stored, and a copy of the database yields neither.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sha256Hex } from '../../db/hash.ts';
import { getAdminToken } from '../../db/queries/admin-tokens.ts';
import { deleteSession, findLiveSession, insertSessionStatement } from '../../db/queries/console-sessions.ts';
import { getMember } from '../../db/queries/members.ts';
import type { Member, TokenScope } from '../../db/types.ts';
import { constantTimeEqual } from '../middleware/constant-time.ts';
import type { ConsoleEnv } from './env.ts';

export const SESSION_COOKIE = 'candor_session';
/** Long enough for an incident night, short enough that a forgotten phone does not stay in. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

export interface SignedIn {
  actor: string;
  scope: TokenScope;
  /** The member, for a session opened with an emailed link; null for an admin token's session. */
  member: Member | null;
  /** What the session's forms must carry back. */
  csrfToken: string;
}

/** 32 random bytes, base64url: 256 bits, for session ids and sign-in link tokens. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Whether the browser reached us over https (directly, or through a proxy that says so). */
export function isHttps(c: Context<ConsoleEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function cookieOptions(c: Context<ConsoleEnv>, maxAgeSeconds?: number) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'Strict' as const,
    secure: isHttps(c),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

const csrfFor = (sessionId: string) => sha256Hex(`csrf:${sessionId}`);

/** Opens a session for a member or an admin token and sets its cookie. */
export async function openSession(
  c: Context<ConsoleEnv>,
  who: { memberId: string | null; tokenId: string | null; actor: string; scope: TokenScope },
): Promise<void> {
  const id = randomSecret();
  const now = c.var.now();
  // The bootstrap token has no row to revoke: the session remembers which one opened it.
  const tokenId = who.tokenId === 'bootstrap' ? await bootstrapTokenId(c) : who.tokenId;
  if (who.tokenId === 'bootstrap' && tokenId === null) throw new Error('No bootstrap token is configured.');
  const expiresAt = new Date(Date.parse(now) + SESSION_LIFETIME_MS).toISOString();
  await c.var.db.batch(
    [insertSessionStatement({ idHash: await sha256Hex(id), ...who, tokenId, expiresAt, now })],
    'write',
  );
  setCookie(c, SESSION_COOKIE, id, cookieOptions(c, SESSION_LIFETIME_MS / 1000));
}

/**
 * The token_id of a session opened with the bootstrap token: `bootstrap:` and a digest of the
 * token's hash, so that setting a new CANDOR_ADMIN_TOKEN ends the sessions the old one opened
 * (and the stored value says nothing usable about either token). Null without a bootstrap token.
 */
async function bootstrapTokenId(c: Context<ConsoleEnv>): Promise<string | null> {
  const hash = c.var.bootstrapTokenHash?.toLowerCase();
  if (!hash) return null;
  return `bootstrap:${(await sha256Hex(`console-session:${hash}`)).slice(0, 32)}`;
}

// A token session lives only as long as its token: revoked, expired or (the bootstrap token)
// replaced, the session ends too.
async function tokenStillValid(c: Context<ConsoleEnv>, tokenId: string): Promise<boolean> {
  if (tokenId.startsWith('bootstrap')) {
    const current = await bootstrapTokenId(c);
    return current !== null && constantTimeEqual(tokenId, current);
  }
  const token = await getAdminToken(c.var.db, tokenId);
  if (!token || token.revoked_at !== null) return false;
  return token.expires_at === null || token.expires_at > c.var.now();
}

/** The signed-in identity of this request, or null (no cookie, unknown, expired or ended session). */
export async function readSession(c: Context<ConsoleEnv>): Promise<SignedIn | null> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id || id.length > 100) return null;
  const session = await findLiveSession(c.var.db, await sha256Hex(id), c.var.now());
  if (!session) return null;
  let member: Member | null = null;
  if (session.member_id !== null) {
    member = await getMember(c.var.db, session.member_id);
    if (!member) return null;
  } else if (session.token_id === null || !(await tokenStillValid(c, session.token_id))) {
    return null;
  }
  return { actor: session.actor, scope: session.scope, member, csrfToken: await csrfFor(id) };
}

/** Ends this browser's session (if any) and clears its cookie. */
export async function closeSession(c: Context<ConsoleEnv>): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await deleteSession(c.var.db, await sha256Hex(id));
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}
