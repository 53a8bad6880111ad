import { z } from 'zod';
import { listAdminTokens } from '../../../db/queries/admin-tokens.ts';
import { TOKEN_SCOPES } from '../../../db/types.ts';
import { issueAdminToken, revokeAdminToken } from '../../services/admin-tokens.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { AdminTokenSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

export const IssueTokenBody = z.strictObject({
  name: nameField(100).describe('What the token is for, e.g. "deploy pipeline".'),
  scope: z
    .enum(TOKEN_SCOPES)
    .optional()
    .describe('`admin` or `responder`; at most the scope of the token issuing it, which is the default.'),
  expires_at: z.iso
    .datetime({ offset: true })
    .nullable()
    .optional()
    .describe('When it stops working (in the future); omitted or null: never.'),
});

const IssuedTokenSchema = AdminTokenSchema.and(
  z.object({ token: z.string().describe('The token itself (cnd_…): shown this once, never again.') }),
);

export const tokenRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/tokens',
    operationId: 'listAdminTokens',
    summary: 'All admin tokens, revoked ones included (never the tokens themselves)',
    tag: 'Admin tokens',
    success: { status: 200, description: 'The tokens.', schema: z.array(AdminTokenSchema) },
    handler: async (c) => c.json(await listAdminTokens(c.var.db)),
  }),
  defineRoute({
    method: 'post',
    path: '/tokens',
    operationId: 'issueAdminToken',
    summary: 'Issue an admin token',
    description:
      'The response holds the token once (with Cache-Control: no-store); only its SHA-256 is stored. A token cannot issue a token of a wider scope than its own.',
    tag: 'Admin tokens',
    body: IssueTokenBody,
    success: { status: 201, description: 'The token record and the token.', schema: IssuedTokenSchema },
    handler: async (c, { body }) => {
      const { token, record } = await issueAdminToken(c.var.db, body, serviceContext(c));
      // The secret is in this body: no cache along the way may keep it.
      return c.json({ ...record, token }, 201, { 'Cache-Control': 'no-store' });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/tokens/{id}',
    operationId: 'revokeAdminToken',
    summary: 'Revoke an admin token',
    description:
      'It stops working at once (401), and so does every token it issued, directly or not. The records stay, with revoked_at and revoked_by set.',
    tag: 'Admin tokens',
    success: { status: 204, description: 'Revoked (or already revoked).' },
    handler: async (c, input) => {
      await revokeAdminToken(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
