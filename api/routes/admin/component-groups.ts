import { z } from 'zod';
import { getComponentGroup, listComponentGroups } from '../../../db/queries/components.ts';
import { ApiError } from '../../problem.ts';
import {
  createComponentGroup,
  deleteComponentGroup,
  updateComponentGroup,
} from '../../services/component-groups.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { description, patchBody, position } from './fields.ts';
import { ComponentGroupSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

const name = () => nameField(100).describe('Unique among groups.');

export const CreateGroupBody = z.strictObject({
  name: name(),
  description: description().optional(),
  position: position().optional(),
});

export const UpdateGroupBody = patchBody(
  z.strictObject({
    name: name().optional(),
    description: description().optional(),
    position: position().optional(),
  }),
);

export const componentGroupRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/component-groups',
    operationId: 'listComponentGroups',
    summary: 'All component groups, in display order',
    tag: 'Component groups',
    scope: 'responder',
    success: { status: 200, description: 'The groups.', schema: z.array(ComponentGroupSchema) },
    handler: async (c) => c.json(await listComponentGroups(c.var.db)),
  }),
  defineRoute({
    method: 'post',
    path: '/component-groups',
    operationId: 'createComponentGroup',
    summary: 'Create a component group',
    tag: 'Component groups',
    scope: 'responder',
    body: CreateGroupBody,
    errors: [409],
    success: { status: 201, description: 'The group created.', schema: ComponentGroupSchema },
    handler: async (c, { body }) =>
      c.json(await createComponentGroup(c.var.db, body, serviceContext(c)), 201),
  }),
  defineRoute({
    method: 'get',
    path: '/component-groups/{id}',
    operationId: 'getComponentGroup',
    summary: 'One component group',
    tag: 'Component groups',
    scope: 'responder',
    success: { status: 200, description: 'The group.', schema: ComponentGroupSchema },
    handler: async (c, input) => {
      const group = await getComponentGroup(c.var.db, param(input, 'id'));
      if (!group) throw new ApiError('not_found', `No component group has the id ${param(input, 'id')}.`);
      return c.json(group);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/component-groups/{id}',
    operationId: 'updateComponentGroup',
    summary: 'Change a component group',
    tag: 'Component groups',
    scope: 'responder',
    body: UpdateGroupBody,
    errors: [409],
    success: { status: 200, description: 'The group as changed.', schema: ComponentGroupSchema },
    handler: async (c, input) =>
      c.json(
        await updateComponentGroup(c.var.db, { ...input.body, id: param(input, 'id') }, serviceContext(c)),
      ),
  }),
  defineRoute({
    method: 'delete',
    path: '/component-groups/{id}',
    operationId: 'deleteComponentGroup',
    summary: 'Delete an empty component group',
    description: 'A group that still has components is a 409: move or delete its components first.',
    tag: 'Component groups',
    scope: 'responder',
    errors: [409],
    success: { status: 204, description: 'Deleted.' },
    handler: async (c, input) => {
      await deleteComponentGroup(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
