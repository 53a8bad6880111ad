// Signing in and out. Every answer to a POST is a redirect (303) to /admin/, whose sign-in form
// says what happened; whether an address belongs to a member is never revealed.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { sha256Hex } from '../../db/hash.ts';
import { isSignInLinkUsable } from '../../db/queries/console-sessions.ts';
import type { AppDeps } from '../context.ts';
import { identifyAdminToken } from '../middleware/auth.ts';
import { ApiError } from '../problem.ts';
import { ensureFirstMember } from '../services/members.ts';
import { html } from '../subscribers/html.ts';
import { clientIp, enforceRateLimit, type RateLimit } from '../subscribers/rate-limit.ts';
import type { ConsoleEnv } from './env.ts';
import { signedOutFormToken, signedOutTokenMatches, tokenMatches } from './guard.ts';
import { publicPage } from './layout.ts';
import { closeSession, openSession, readSession } from './session.ts';
import { sendSignInLink, useSignInLink } from './sign-in-links.ts';

export const SIGN_IN_LIMITS = {
  perIp: { limit: 20, windowMs: 15 * 60_000 },
  perAddress: { limit: 5, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimit>;

const Email = z.string().trim().max(254).pipe(z.email());

/** What the sign-in form says after a redirect (`?sign_in=`). */
const OUTCOMES: Record<string, { text: string; field?: 'email' | 'token' }> = {
  sent: {
    text: 'If that address belongs to a member, a sign-in link is on its way. It works once, for 15 minutes.',
  },
  'bad-email': { text: 'Enter an email address, like name@example.com.', field: 'email' },
  'bad-token': { text: 'That token is unknown, revoked or expired.', field: 'token' },
  expired: { text: 'That sign-in link has expired or was used already. Ask for a new one.' },
  limited: { text: 'Too many sign-in attempts. Wait a few minutes, then try again.' },
  refused: { text: 'The form had expired. Please try again.' },
  'signed-out': { text: 'You are signed out.' },
};

/** The sign-in page: what a signed-out visitor sees at every console address. */
export function signInPage(c: Context<ConsoleEnv>): Response {
  const csrf = signedOutFormToken(c);
  const outcome = OUTCOMES[c.req.query('sign_in') ?? ''];
  const message = (field?: 'email' | 'token') =>
    outcome && outcome.field === field
      ? html`<p class="${field ? 'field-error' : 'notice'}" role="status" ${field ? html`id="${field}-error"` : html``}>${outcome.text}</p>`
      : html``;
  const described = (field: 'email' | 'token') =>
    outcome?.field === field ? html` aria-invalid="true" aria-describedby="${field}-error"` : html``;
  return publicPage(
    c,
    'Sign in',
    html`<h1>Sign in</h1>${message()}
<form method="post" action="/admin/sign-in" class="card"><input type="hidden" name="csrf" value="${csrf}">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" required${described('email')}>${message('email')}
<div class="actions"><button type="submit">Email me a sign-in link</button></div></form>
<form method="post" action="/admin/sign-in" class="card"><input type="hidden" name="csrf" value="${csrf}">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="off" required${described('token')}>${message('token')}
<div class="actions"><button type="submit" class="secondary">Sign in with a token</button></div></form>`,
  );
}

const back = (c: Context<ConsoleEnv>, outcome: string) => c.redirect(`/admin/?sign_in=${outcome}`, 303);

async function limited(c: Context<ConsoleEnv>, bucket: string, rule: RateLimit): Promise<boolean> {
  try {
    await enforceRateLimit(c.var.db, `console-sign-in:${bucket}`, rule, Date.parse(c.var.now()));
    return false;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'rate_limited') return true;
    throw error;
  }
}

export function mountSignIn(app: Hono<ConsoleEnv>, deps: AppDeps): void {
  app.post('/admin/sign-in', async (c) => {
    c.set('publicDataUnchanged', true);
    const form = c.var.form;
    if (!signedOutTokenMatches(c, form.get('csrf'))) return back(c, 'refused');
    const ip = clientIp(c);
    if (await limited(c, `ip:${ip}`, SIGN_IN_LIMITS.perIp)) return back(c, 'limited');
    if (form.get('token')) {
      const identity = await identifyAdminToken(c as never, form.get('token').trim());
      if (!identity) return back(c, 'bad-token');
      await openSession(c as never, { memberId: null, tokenId: identity.actor, ...identity });
      return c.redirect('/admin/', 303);
    }
    const email = Email.safeParse(form.get('email'));
    if (!email.success) return back(c, 'bad-email');
    if (await limited(c, `email:${email.data.toLowerCase()}`, SIGN_IN_LIMITS.perAddress))
      return back(c, 'limited');
    await ensureFirstMember(c.var.db, deps.firstMemberEmail?.(c.env), c.var.now());
    if (await sendSignInLink(c.var.db, email.data, c.var.now())) {
      try {
        await deps.onOutboxWritten?.(c as never);
      } catch (error) {
        console.error('Sending the sign-in link now failed; the scheduler retries it:', error);
      }
    }
    return back(c, 'sent');
  });

  // Mail scanners follow links: a GET only shows the button; the POST signs in.
  app.get('/admin/sign-in/link', async (c) => {
    const token = c.req.query('token') ?? '';
    const usable =
      token.length > 0 &&
      token.length <= 100 &&
      (await isSignInLinkUsable(c.var.db, await sha256Hex(token), c.var.now()));
    if (!usable) {
      return publicPage(
        c,
        'Link expired',
        html`<h1>This link no longer works</h1>
<p>It has expired or was used already.</p><p><a class="button" href="/admin/">Ask for a new link</a></p>`,
      );
    }
    return publicPage(
      c,
      'Sign in',
      html`<h1>Sign in to the console</h1>
<form method="post" action="/admin/sign-in/link"><input type="hidden" name="csrf" value="${signedOutFormToken(c)}">
<input type="hidden" name="token" value="${token}"><div class="actions"><button type="submit">Sign in</button></div></form>`,
    );
  });

  app.post('/admin/sign-in/link', async (c) => {
    c.set('publicDataUnchanged', true);
    const form = c.var.form;
    if (!signedOutTokenMatches(c, form.get('csrf'))) return back(c, 'refused');
    const memberId = await useSignInLink(c.var.db, form.get('token'), c.var.now());
    if (!memberId) return back(c, 'expired');
    await openSession(c as never, { memberId, tokenId: null, actor: memberId, scope: 'admin' });
    return c.redirect('/admin/', 303);
  });

  app.post('/admin/sign-out', async (c) => {
    c.set('publicDataUnchanged', true);
    const session = await readSession(c);
    // A stale or forged form cannot sign anyone out; with no session there is nothing to end.
    if (session && !tokenMatches(c.var.form.get('csrf'), session.csrfToken))
      return c.text('Refused: the form token does not match.', 403);
    await closeSession(c);
    return back(c, 'signed-out');
  });
}
