import { z } from 'zod';
import { getPage } from '../../../db/queries/page.ts';
import { ApiError } from '../../problem.ts';
import { updatePage } from '../../services/page.ts';
import { type AdminRoute, defineRoute, serviceContext } from './define-route.ts';
import { patchBody } from './fields.ts';
import { PageSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const hasNoCredentials = (value: string) => {
  const url = new URL(value);
  return url.username === '' && url.password === '';
};

export const UpdatePageBody = patchBody(
  z.strictObject({
    name: nameField(100).optional().describe('Shown as the page title.'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      // Feeds and every page print it: a password in it would be published.
      .refine(hasNoCredentials, 'Must not hold a user name or password (user:pass@).')
      .optional()
      .describe('The public address of the page (http or https, no user:pass@), used in feeds and links.'),
    time_zone: z
      .string()
      .refine(isTimeZone, 'Not a time zone: use an IANA name such as Europe/Paris.')
      .optional()
      .describe('IANA time zone in which the page shows times.'),
  }),
);

export const pageRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/page',
    operationId: 'getPage',
    summary: "The page's settings",
    tag: 'Page',
    errors: [404],
    success: { status: 200, description: 'The page.', schema: PageSchema },
    handler: async (c) => {
      const page = await getPage(c.var.db);
      if (!page) throw new ApiError('not_found', 'The page has not been set up yet.');
      return c.json(page);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/page',
    operationId: 'updatePage',
    summary: "Change the page's name, url or time zone",
    tag: 'Page',
    body: UpdatePageBody,
    errors: [404],
    success: { status: 200, description: 'The page as changed.', schema: PageSchema },
    handler: async (c, { body }) => c.json(await updatePage(c.var.db, body, serviceContext(c))),
  }),
];
