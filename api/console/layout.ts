// Templates are the `html` tag of api/subscribers/html.ts (every interpolation escaped unless it is
// SafeHtml), not hono/jsx: Node runs this code by stripping types and refuses .tsx files, so JSX
// would need a build step on Node that Workers' bundler does not; the tag needs none on either.
//
// The frame of every console page: skip link, header with who is signed in and a sign-out button,
// the screens' navigation (from the registry), and the page itself.
import type { Context } from 'hono';
import { html, SafeHtml as Safe, type SafeHtml } from '../subscribers/html.ts';
import type { ConsoleEnv } from './env.ts';
import { CONSOLE_CSS } from './styles.ts';

/** Console pages: never cached, never framed; only the console's own small script may run. */
export const CONSOLE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex',
};

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Which nav entry is current (a screen path). */
  current?: string;
  status?: 200 | 400 | 403 | 404 | 409 | 429;
}

function document(title: string, header: SafeHtml, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title} · Candor console</title><style>${new Safe(CONSOLE_CSS)}</style>
<script src="/admin/console.js" defer></script></head>
<body><a class="skip" href="#main">Skip to content</a>${header}
<main id="main" tabindex="-1">${body}</main></body></html>`}`;
}

/** A page for a signed-in user. */
export function consolePage(c: Context<ConsoleEnv>, options: PageOptions): Response {
  const session = c.var.session;
  const who = session.member ? session.member.name : `token ${session.actor}`;
  const nav = c.var.nav.map(
    (screen) =>
      html`<li><a href="${screen.path}"${options.current === screen.path ? html` aria-current="page"` : html``}>${screen.label}</a></li>`,
  );
  const header = html`<header class="top"><a class="brand" href="/admin/">Candor console</a>
<form class="inline" method="post" action="/admin/sign-out"><input type="hidden" name="csrf" value="${session.csrfToken}">
<span class="muted">${who}</span> <button class="secondary" type="submit">Sign out</button></form></header>
<nav class="screens" aria-label="Screens"><ul>${nav}</ul></nav>`;
  return c.body(document(options.title, header, options.body), options.status ?? 200, CONSOLE_HEADERS);
}

/** A page for someone not signed in (sign-in forms and their answers): no navigation, no data. */
export function publicPage(
  c: Context<ConsoleEnv>,
  title: string,
  body: SafeHtml,
  status: 200 | 400 | 403 | 429 = 200,
): Response {
  const header = html`<header class="top"><span class="brand">Candor console</span></header>`;
  return c.body(document(title, header, body), status, CONSOLE_HEADERS);
}

/** The hidden CSRF field every signed-in form carries. */
export function csrfField(c: Context<ConsoleEnv>): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${c.var.session.csrfToken}">`;
}

/** A short confirmation after a redirect (`?done=` names one of the screen's messages). */
export function notice(message: string | undefined): SafeHtml {
  return message ? html`<p class="notice" role="status">${message}</p>` : html``;
}
