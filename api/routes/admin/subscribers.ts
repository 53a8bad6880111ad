import type { Context } from 'hono';
import { z } from 'zod';
import {
  getSubscriber,
  listSubscribers,
  SUBSCRIBER_STATES,
  type Subscriber,
} from '../../../db/queries/subscribers.ts';
import { INCIDENT_IMPACTS } from '../../../db/types.ts';
import type { AppEnv } from '../../context.ts';
import { ApiError } from '../../problem.ts';
import { addSubscriber, deleteSubscriber, updateSubscriber } from '../../services/subscribers.ts';
import { MinImpact, Targets, TargetsChange } from '../../subscribers/input.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { limitQuery } from './fields.ts';

const timestamp = () => z.iso.datetime();

export const SubscriberSchema: z.ZodType<Subscriber> = z.object({
  id: z.string().describe('Prefixed id: sub_…'),
  email: z.string(),
  state: z.enum(SUBSCRIBER_STATES),
  components: z
    .array(z.string())
    .nullable()
    .describe('Component and group ids followed; null: the whole page.'),
  min_impact: z.enum(INCIDENT_IMPACTS),
  confirmed_at: timestamp().nullable(),
  unsubscribed_at: timestamp().nullable(),
  quarantined_at: timestamp().nullable(),
  created_at: timestamp(),
  updated_at: timestamp(),
});

const ListQuery = z.object({
  email: z.string().min(1).max(254).optional().describe('Only addresses containing this text.'),
  state: z.enum(SUBSCRIBER_STATES).optional(),
  cursor: z
    .string()
    .regex(/^sub_[a-z0-9]+$/)
    .optional()
    .describe('From the `Link: rel="next"` header of the previous page.'),
  limit: limitQuery(100, 1000).describe('How many to return, in id order (1 to 1000, default 100).'),
});

export const AddSubscriberBody = z.strictObject({
  email: z.string().trim().max(254).pipe(z.email('Not an email address.')),
  components: Targets.describe('Component and group ids; omitted or empty: the whole page.'),
  min_impact: MinImpact,
  skip_confirmation: z
    .boolean()
    .default(false)
    .describe('The admin vouches for consent: active at once, no email.'),
});

export const UpdateSubscriberBody = z
  .strictObject({
    components: TargetsChange.describe(
      'Component and group ids to follow instead; null or empty: the whole page; omitted: unchanged.',
    ),
    min_impact: z
      .enum(INCIDENT_IMPACTS)
      .optional()
      .describe('The least impact the subscriber hears of; omitted: unchanged.'),
  })
  .refine((body) => body.components !== undefined || body.min_impact !== undefined, {
    message: 'Give components, min_impact or both.',
  });

/** The `Link` header of the next page: the same filters, after the last id shown. */
function nextLink(c: Context<AppEnv>, page: Subscriber[], limit: number): Record<string, string> {
  const last = page.at(-1);
  if (!last || page.length < limit) return {};
  const url = new URL(c.req.url);
  url.searchParams.set('cursor', last.id);
  return { Link: `<${url.pathname}${url.search}>; rel="next"` };
}

export const subscriberRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/subscribers',
    operationId: 'listSubscribers',
    summary: 'Email subscribers, in id order',
    description: 'The next page, if any, is in the `Link` header (rel="next").',
    tag: 'Subscribers',
    query: ListQuery,
    success: { status: 200, description: 'The subscribers.', schema: z.array(SubscriberSchema) },
    handler: async (c, { query }) => {
      const page = await listSubscribers(c.var.db, {
        email: query.email,
        state: query.state,
        after: query.cursor,
        limit: query.limit,
      });
      return c.json(page, 200, nextLink(c, page, query.limit));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/subscribers',
    operationId: 'addSubscriber',
    summary: 'Add a subscriber',
    description: 'Pending with a confirmation email, or active at once with `skip_confirmation`.',
    tag: 'Subscribers',
    body: AddSubscriberBody,
    errors: [409],
    success: { status: 201, description: 'The subscriber.', schema: SubscriberSchema },
    handler: async (c, { body }) => c.json(await addSubscriber(c.var.db, body, serviceContext(c)), 201),
  }),
  defineRoute({
    method: 'get',
    path: '/subscribers/{id}',
    operationId: 'getSubscriber',
    summary: 'One subscriber',
    tag: 'Subscribers',
    success: { status: 200, description: 'The subscriber.', schema: SubscriberSchema },
    handler: async (c, input) => {
      const subscriber = await getSubscriber(c.var.db, param(input, 'id'));
      if (!subscriber) throw new ApiError('not_found', `No subscriber has the id ${param(input, 'id')}.`);
      return c.json(subscriber);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/subscribers/{id}',
    operationId: 'updateSubscriber',
    summary: "Change a subscriber's components or threshold",
    description:
      'What the subscriber could change through their manage link, for an address that asked by other means. The state (pending, active, …) is unchanged.',
    tag: 'Subscribers',
    body: UpdateSubscriberBody,
    success: { status: 200, description: 'The subscriber.', schema: SubscriberSchema },
    handler: async (c, input) =>
      c.json(await updateSubscriber(c.var.db, param(input, 'id'), input.body, serviceContext(c))),
  }),
  defineRoute({
    method: 'delete',
    path: '/subscribers/{id}',
    operationId: 'deleteSubscriber',
    summary: 'Delete a subscriber',
    tag: 'Subscribers',
    success: { status: 204, description: 'Deleted.' },
    handler: async (c, input) => {
      await deleteSubscriber(c.var.db, param(input, 'id'), serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
