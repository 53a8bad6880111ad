import { z } from 'zod';
import { WEBHOOK_FORMATS, type Webhook, type WebhookDelivery } from '../../../db/queries/webhooks.ts';
import { IncidentImpactSchema } from './schemas.ts';

// The shapes of the webhook routes' answers, annotated with their domain types so that a field
// added to a type and missing here is a compile error.

const timestamp = () => z.iso.datetime().describe('ISO-8601 UTC with milliseconds.');

export const WebhookSchema: z.ZodType<Webhook> = z.object({
  id: z.string().describe('Prefixed id: whk_…'),
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  components: z.array(z.string()).describe('Component and group ids; empty: the whole page.'),
  min_impact: IncidentImpactSchema,
  enabled: z.boolean().describe('false once disabled (by an admin, or after repeated failures).'),
  consecutive_failures: z.int().describe('Failed attempts since the last success.'),
  disabled_at: timestamp().nullable(),
  disabled_reason: z.string().nullable().describe('Why the webhook was disabled.'),
  created_at: timestamp(),
  updated_at: timestamp(),
});

export const WebhookDeliverySchema: z.ZodType<WebhookDelivery> = z.object({
  id: z.string().describe('Prefixed id: whd_…'),
  message_id: z.string().describe('The webhook-id header: the same on every attempt of one message.'),
  event: z.string().describe('e.g. incident.created, component.updated.'),
  attempt: z.int().describe('1 for the first attempt.'),
  outcome: z.enum(['succeeded', 'failed']),
  status_code: z.int().nullable().describe('The receiver’s HTTP status; null when none came.'),
  error: z.string().nullable().describe('Why the attempt failed.'),
  duration_ms: z.int(),
  next_attempt_at: timestamp().nullable().describe('When it is tried again; null when it is not.'),
  created_at: timestamp(),
});
