import type { Context } from 'hono';
import { Hono } from 'hono';
import { listComponentGroups, listComponents } from '../../db/queries/components.ts';
import { getSubscriber } from '../../db/queries/subscribers.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../problem.ts';
import { toApiError } from '../routes/admin/define-route.ts';
import {
  confirmSubscription,
  findConfirmable,
  unsubscribe,
  updatePreferences,
} from '../services/subscription-changes.ts';
import { PreferencesBody, readFormFields } from '../subscribers/input.ts';
import { subscriberLinks, verifySubscriberToken } from '../subscribers/links.ts';
import * as pages from '../subscribers/pages.ts';
import { respondWithError, respondWithPage } from '../subscribers/respond.ts';
import { validateInput } from '../validation.ts';

// The pages behind the links in subscriber emails. Every GET only shows a page: mail providers'
// link scanners fetch links, and must never confirm or unsubscribe anyone.

const origin = (c: Context) => new URL(c.req.url).origin;
const queryToken = (c: Context) => c.req.query('token') ?? '';
const show = (c: Context<AppEnv>, page: pages.Page, status = 200) => respondWithPage(c.var.db, page, status);
const invalidLink = (c: Context<AppEnv>) => show(c, pages.invalidLinkPage(), 404);

async function formToken(c: Context<AppEnv>): Promise<{ token: string; fields: Record<string, unknown> }> {
  const fields = await readFormFields(c);
  return { token: typeof fields.token === 'string' ? fields.token : queryToken(c), fields };
}

function confirmRoutes(app: Hono<AppEnv>): void {
  app.get('/subscribe/confirm', async (c) => {
    const token = queryToken(c);
    const pending = await findConfirmable(c.var.db, token, c.var.now());
    return pending ? show(c, pages.confirmPage(token)) : invalidLink(c);
  });
  app.post('/subscribe/confirm', async (c) => {
    const { token } = await formToken(c);
    const confirmed = await confirmSubscription(c.var.db, token, c.var.now());
    if (!confirmed) return invalidLink(c);
    const links = await subscriberLinks(c.var.db, confirmed.id, origin(c));
    return show(c, pages.confirmedPage(links.manage));
  });
}

function unsubscribeRoutes(app: Hono<AppEnv>): void {
  app.get('/unsubscribe', async (c) => {
    const token = queryToken(c);
    const id = await verifySubscriberToken(c.var.db, 'unsubscribe', token);
    return id ? show(c, pages.unsubscribePage(token)) : invalidLink(c);
  });
  // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the link itself; our own
  // page's form posts the token in the body. Either way it takes effect at once.
  app.post('/unsubscribe', async (c) => {
    const { token, fields } = await formToken(c);
    const id = await verifySubscriberToken(c.var.db, 'unsubscribe', token);
    if (!id) return invalidLink(c);
    await unsubscribe(c.var.db, id, c.var.now());
    if (fields['List-Unsubscribe'] === 'One-Click')
      return c.text('Unsubscribed.', 200, { 'Cache-Control': 'no-store' });
    return show(c, pages.unsubscribedPage());
  });
}

async function managePage(c: Context<AppEnv>, subscriberId: string, token: string, saved: boolean) {
  const subscriber = await getSubscriber(c.var.db, subscriberId);
  if (!subscriber || subscriber.state === 'pending' || subscriber.state === 'quarantined')
    return invalidLink(c);
  if (subscriber.state === 'unsubscribed') return show(c, pages.unsubscribedPage());
  const [groups, components] = await Promise.all([listComponentGroups(c.var.db), listComponents(c.var.db)]);
  return show(c, pages.managePage(subscriber, token, { groups, components }, saved));
}

function manageRoutes(app: Hono<AppEnv>): void {
  app.get('/subscribe/manage', async (c) => {
    const token = queryToken(c);
    const id = await verifySubscriberToken(c.var.db, 'manage', token);
    return id ? managePage(c, id, token, false) : invalidLink(c);
  });
  app.post('/subscribe/manage', async (c) => {
    const { token, fields } = await formToken(c);
    const id = await verifySubscriberToken(c.var.db, 'manage', token);
    if (!id) return invalidLink(c);
    try {
      const input = validateInput(
        PreferencesBody,
        { ...fields, token, min_impact: fields.min_impact || undefined },
        'form',
      );
      await updatePreferences(c.var.db, id, input, c.var.now());
    } catch (caught) {
      const error = toApiError(caught);
      if (error instanceof ApiError) return respondWithError(c, c.var.db, error, true);
      throw error;
    }
    return managePage(c, id, token, true);
  });
}

/** GET/POST /subscribe/confirm, /unsubscribe and /subscribe/manage. */
export function subscriberPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  confirmRoutes(app);
  unsubscribeRoutes(app);
  manageRoutes(app);
  return app;
}
