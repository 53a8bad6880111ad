import { z } from 'zod';
import { listMembers } from '../../../db/queries/members.ts';
import { createMember, deleteMember } from '../../services/members.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { MemberSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

/** Shared with the console's form, so both faces accept exactly the same input. */
export const CreateMemberBody = z.strictObject({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email('Not an email address.'))
    .describe('Where sign-in links go.'),
  name: nameField(100).describe('How the audit log and the console name this person.'),
});

export const memberRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/members',
    operationId: 'listMembers',
    summary: 'The people who can sign in to the console',
    tag: 'Members',
    success: { status: 200, description: 'The members, by name.', schema: z.array(MemberSchema) },
    handler: async (c) => c.json(await listMembers(c.var.db)),
  }),
  defineRoute({
    method: 'post',
    path: '/members',
    operationId: 'createMember',
    summary: 'Add a member',
    description:
      'They sign in at /admin/ with a link emailed to this address. 409 when the address is taken.',
    tag: 'Members',
    body: CreateMemberBody,
    success: { status: 201, description: 'The member.', schema: MemberSchema },
    handler: async (c, { body }) => c.json(await createMember(c.var.db, body, serviceContext(c)), 201),
  }),
  defineRoute({
    method: 'delete',
    path: '/members/{id}',
    operationId: 'deleteMember',
    summary: 'Remove a member',
    description: 'Their console sessions end and their unused sign-in links stop working at once.',
    tag: 'Members',
    success: { status: 204, description: 'Removed.' },
    handler: async (c, input) => {
      await deleteMember(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
