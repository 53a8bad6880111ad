import { z } from 'zod';
import { listAdminTokens } from '../../../db/queries/admin-tokens.ts';
import { issueAdminToken, revokeAdminToken } from '../../services/admin-tokens.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { AdminTokenSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

const IssueTokenBody = z.strictObject({
  name: nameField(100).describe('What the token is for, e.g. "deploy pipeline".'),
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
    description: 'The response holds the token once; only its SHA-256 is stored.',
    tag: 'Admin tokens',
    body: IssueTokenBody,
    success: { status: 201, description: 'The token record and the token.', schema: IssuedTokenSchema },
    handler: async (c, { body }) => {
      const { token, record } = await issueAdminToken(c.var.db, body, serviceContext(c));
      return c.json({ ...record, token }, 201);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/tokens/{id}',
    operationId: 'revokeAdminToken',
    summary: 'Revoke an admin token',
    description: 'It stops working at once (401). The record stays, with revoked_at set.',
    tag: 'Admin tokens',
    success: { status: 204, description: 'Revoked (or already revoked).' },
    handler: async (c, input) => {
      await revokeAdminToken(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
