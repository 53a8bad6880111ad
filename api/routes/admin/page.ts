import { z } from 'zod';
import { getPage } from '../../../db/queries/page.ts';
import { ApiError } from '../../problem.ts';
import { updatePage } from '../../services/page.ts';
import { cadenceMinutes, emailAddress } from './cadence-fields.ts';
import { type AdminRoute, defineRoute, serviceContext } from './define-route.ts';
import { patchBody } from './fields.ts';
import { PageSchema } from './schemas.ts';
import { nameField, textField } from './text-fields.ts';

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

// README, "Update cadence and reminders".
const cadenceSettingsFields = {
  update_cadence_minutes: z
    .strictObject({
      critical: cadenceMinutes().optional(),
      major: cadenceMinutes().optional(),
      minor: cadenceMinutes().optional(),
      none: cadenceMinutes().optional(),
    })
    .optional()
    .describe(
      'Minutes between public updates by impact (default {"critical":30,"major":60,"minor":240,"none":480}); impacts left out keep theirs.',
    ),
  reminder_lead_minutes: z
    .int()
    .min(0)
    .max(1440)
    .optional()
    .describe('Minutes before the due time that the lead hears "update due in N min" (default 5; 0: none).'),
  escalation_after_minutes: z
    .int()
    .min(1)
    .max(10_080)
    .optional()
    .describe(
      'Minutes after the due time that escalation_email and the chat webhook hear of it (default 15).',
    ),
  escalation_email: emailAddress()
    .nullable()
    .optional()
    .describe('Hears escalations; the lead of incidents opened without one. null clears.'),
  chat_webhook_url: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .nullable()
    .optional()
    .describe(
      'A Slack-compatible incoming webhook that hears reminders and nudges (the same address rules as webhooks). null clears.',
    ),
  show_next_update: z
    .boolean()
    .optional()
    .describe(
      'Promise readers the next update ("Next update by 14:45 UTC") and publish next_update_at (default true).',
    ),
  monitoring_watch_minutes: z
    .int()
    .min(1)
    .max(10_080)
    .optional()
    .describe(
      'An incident monitoring this long since its last update is nudged to be resolved or updated (default 30).',
    ),
  postmortem_deadline_hours: z
    .int()
    .min(1)
    .max(8760)
    .optional()
    .describe(
      'A resolved major or critical incident is nudged to publish a post-mortem within this many hours (default 48).',
    ),
};

/**
 * A link the header prints: the text-field rules, an absolute URL of one of `protocols`, no
 * user:pass@ (it would be published); null clears it.
 */
function linkField(protocols: readonly string[], what: string) {
  return textField(500)
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return protocols.includes(url.protocol) && hasNoCredentials(value);
        } catch {
          return false;
        }
      },
      `Must be an absolute ${protocols.map((p) => p.replace(':', '')).join(' or ')} address without user:pass@.`,
    )
    .nullable()
    .optional()
    .describe(`${what} Null removes it.`);
}

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
    ...cadenceSettingsFields,
    show_incident_metrics: z
      .boolean()
      .optional()
      .describe(
        'Show on each incident page how soon and how often it was updated ("first update 6 min after start; updated every 27 min on average"). Default false.',
      ),
    // https only: an http image on an https page is blocked or flagged by browsers.
    logo_url: linkField(['https:'], "An https image address shown beside the page's name in the header."),
    product_url: linkField(
      ['https:', 'http:'],
      'The product the page reports on: a link back to it in the header.',
    ),
    support_url: linkField(
      ['https:', 'http:', 'mailto:'],
      'Where readers get help (a page or a mailto: address), linked in the header.',
    ),
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
    summary: "Change the page's settings",
    tag: 'Page',
    body: UpdatePageBody,
    errors: [404],
    success: { status: 200, description: 'The page as changed.', schema: PageSchema },
    handler: async (c, { body }) =>
      c.json(await updatePage(c.var.db, body, serviceContext(c), c.var.webhookPolicy)),
  }),
];
