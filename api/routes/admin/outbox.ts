import { z } from 'zod';
import { listOutboxEntries, OUTBOX_STATES } from '../../../db/queries/outbox.ts';
import { withoutConfirmationToken } from '../../notify/confirmation.ts';
import { withoutSignInToken } from '../../notify/sign-in-link.ts';
import { type AdminRoute, defineRoute } from './define-route.ts';
import { limitQuery } from './fields.ts';
import { OutboxEntrySchema } from './schemas.ts';

// What Candor has to send (deploy hook calls today), for an operator checking that a delivery
// went out, or why it did not.
export const outboxRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/outbox',
    operationId: 'listOutboxEntries',
    summary: 'Deliveries waiting, sent or given up, newest first',
    description:
      'Every side effect (such as a call to the static host’s deploy hook, a batch of emails or a webhook delivery) is an outbox entry, sent once and retried with back-off. A `dead` entry shows why it was given up. Confirmation tokens in `subscriber.confirmation` payloads and sign-in link tokens in `member.sign_in` payloads are shown as `redacted`.',
    tag: 'Site',
    query: z.object({
      state: z.enum(OUTBOX_STATES).optional().describe('Only entries in this state.'),
      limit: limitQuery(50, 200),
    }),
    success: { status: 200, description: 'The entries.', schema: z.array(OutboxEntrySchema) },
    handler: async (c, { query }) => {
      const entries = await listOutboxEntries(c.var.db, { state: query.state, limit: query.limit });
      return c.json(entries.map((entry) => withoutSignInToken(withoutConfirmationToken(entry))));
    },
  }),
];
