// The responder console at /admin/: server-rendered pages with plain HTML forms over the same
// services as the admin API (/admin/v1), on both runtimes. See README, "Console".
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { html } from '../subscribers/html.ts';
import type { ConsoleEnv } from './env.ts';
import { readForm } from './form.ts';
import { isSameOrigin, tokenMatches } from './guard.ts';
import { consolePage, publicPage } from './layout.ts';
import { mountScreens, navFor } from './screens/registry.ts';
import { CONSOLE_SCRIPT } from './script.ts';
import { readSession } from './session.ts';
import { mountSignIn, signInPage } from './sign-in.ts';

export function consoleRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<ConsoleEnv>();

  // The API's paths are the API's: nothing of the console runs for them.
  app.use('/admin/*', async (c, next) => {
    if (c.req.path === '/admin/v1' || c.req.path.startsWith('/admin/v1/')) return next();
    if (c.req.method === 'POST') {
      if (!isSameOrigin(c)) {
        return publicPage(
          c,
          'Refused',
          html`<h1>Refused</h1><p>This form was sent from another site.</p>`,
          403,
        );
      }
      c.set('form', await readForm(c));
    }
    return next();
  });

  app.get('/admin/console.js', (c) =>
    c.body(CONSOLE_SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    }),
  );
  mountSignIn(app, deps);

  // Everything else needs a session. Signed out, a page is the sign-in form and shows no data;
  // a form post is sent back to it.
  app.use('/admin/*', async (c, next) => {
    if (c.req.path === '/admin/v1' || c.req.path.startsWith('/admin/v1/')) return next();
    const session = await readSession(c);
    if (!session) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return signInPage(c);
      return c.redirect('/admin/', 303);
    }
    if (c.req.method === 'POST' && !tokenMatches(c.var.form.get('csrf'), session.csrfToken)) {
      return publicPage(
        c,
        'Refused',
        html`<h1>Refused</h1><p>The form had expired; go back, reload and try again.</p>`,
        403,
      );
    }
    c.set('session', session);
    c.set('nav', navFor(session.scope));
    return next();
  });

  app.get('/admin', (c) => c.redirect('/admin/', 301));
  mountScreens(app);
  app.all('/admin/*', (c) => {
    if (c.req.path.startsWith('/admin/v1/')) return c.notFound();
    return consolePage(c, {
      title: 'Not found',
      status: 404,
      body: html`<h1>Not found</h1><p><a href="/admin/">Back to Now</a></p>`,
    });
  });
  return app as unknown as Hono<AppEnv>;
}
