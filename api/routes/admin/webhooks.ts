import { z } from 'zod';
import {
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  WEBHOOK_FORMATS,
} from '../../../db/queries/webhooks.ts';
import { ApiError } from '../../problem.ts';
import { createWebhook, deleteWebhook, updateWebhook } from '../../services/webhooks.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { patchBody } from './fields.ts';
import { IncidentImpactSchema } from './schemas.ts';
import { WebhookDeliverySchema, WebhookSchema } from './webhook-schemas.ts';

/** How many attempts GET /webhooks/{id} shows. */
const RECENT_DELIVERIES = 50;

const fields = {
  url: z.string().trim().max(2000).describe('Where to POST: a public http(s) URL (see the SSRF rules).'),
  components: z
    .array(z.string().min(1).max(100))
    .max(500)
    .describe('Component and group ids whose incidents and changes to send; empty: the whole page.'),
  min_impact: IncidentImpactSchema.describe('Only incidents of at least this impact (default none: all).'),
  format: z
    .enum(WEBHOOK_FORMATS)
    .describe('statuspage: Statuspage’s envelope; slack: an incoming-webhook body.'),
};

export const CreateWebhookBody = z.strictObject({
  url: fields.url,
  components: fields.components.optional(),
  min_impact: fields.min_impact.optional(),
  format: fields.format,
});

export const UpdateWebhookBody = patchBody(
  z.strictObject({
    url: fields.url.optional(),
    components: fields.components.optional(),
    min_impact: fields.min_impact.optional(),
    format: fields.format.optional(),
    enabled: z.boolean().optional().describe('true re-enables a disabled webhook; false disables it.'),
  }),
);

const CreatedWebhookSchema = WebhookSchema.and(
  z.object({ secret: z.string().describe('The signing secret (whsec_…): shown this once, never again.') }),
);

const WebhookWithDeliveriesSchema = WebhookSchema.and(
  z.object({
    deliveries: z.array(WebhookDeliverySchema).describe(`The ${RECENT_DELIVERIES} latest attempts.`),
  }),
);

export const webhookRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    summary: 'All webhooks (never their secrets)',
    tag: 'Webhooks',
    success: { status: 200, description: 'The webhooks.', schema: z.array(WebhookSchema) },
    handler: async (c) => c.json(await listWebhooks(c.var.db)),
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    summary: 'Add a webhook',
    description: 'The response holds the signing secret once. Targets on private networks are refused.',
    tag: 'Webhooks',
    body: CreateWebhookBody,
    success: { status: 201, description: 'The webhook and its secret.', schema: CreatedWebhookSchema },
    handler: async (c, { body }) => {
      const { webhook, secret } = await createWebhook(c.var.db, body, serviceContext(c), c.var.webhookPolicy);
      c.header('Cache-Control', 'no-store');
      return c.json({ ...webhook, secret }, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks/{id}',
    operationId: 'getWebhook',
    summary: 'One webhook with its recent delivery attempts',
    description: 'Each attempt says how it went; `disabled_reason` says why a webhook was disabled.',
    tag: 'Webhooks',
    success: { status: 200, description: 'The webhook.', schema: WebhookWithDeliveriesSchema },
    handler: async (c, input) => {
      const id = param(input, 'id');
      const webhook = await getWebhook(c.var.db, id);
      if (!webhook) throw new ApiError('not_found', `No webhook has the id ${id}.`);
      return c.json({ ...webhook, deliveries: await listWebhookDeliveries(c.var.db, id, RECENT_DELIVERIES) });
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/webhooks/{id}',
    operationId: 'updateWebhook',
    summary: 'Change or re-enable a webhook',
    tag: 'Webhooks',
    body: UpdateWebhookBody,
    success: { status: 200, description: 'The webhook as changed.', schema: WebhookSchema },
    handler: async (c, input) => {
      const update = { ...input.body, id: param(input, 'id') };
      return c.json(await updateWebhook(c.var.db, update, serviceContext(c), c.var.webhookPolicy));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/webhooks/{id}',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook and its delivery log',
    tag: 'Webhooks',
    success: { status: 204, description: 'Deleted.' },
    handler: async (c, input) => {
      await deleteWebhook(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
