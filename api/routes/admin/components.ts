import { z } from 'zod';
import { listComponentStatusChanges } from '../../../db/queries/component-status-changes.ts';
import { getComponent, listComponents } from '../../../db/queries/components.ts';
import { ApiError } from '../../problem.ts';
import { createComponent, deleteComponent, updateComponent } from '../../services/components.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { description, limitQuery, patchBody, position } from './fields.ts';
import { ComponentSchema, ComponentStatusChangeSchema, ComponentStatusSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

const componentFields = {
  name: nameField(100).describe('Unique within its group.'),
  description: description().optional(),
  position: position().optional(),
  group_id: z
    .string()
    .nullable()
    .optional()
    .describe(
      'The group it belongs to (must exist); null or omitted: ungrouped. Changing it moves the component to the end of that group unless a position is given.',
    ),
  status: ComponentStatusSchema.optional().describe(
    'Defaults to operational. Every change is recorded in the status history.',
  ),
  showcase: z.boolean().optional().describe('Whether the page shows its uptime history (default true).'),
  only_show_if_degraded: z
    .boolean()
    .optional()
    .describe('Hide it from the page while it is operational (default false).'),
  start_date: z.iso
    .date()
    .nullable()
    .optional()
    .describe(
      'YYYY-MM-DD: uptime counts from this date and the bar says "since" it. Default: the page\'s local date at creation. Null: from the exact moment of creation.',
    ),
};

export const CreateComponentBody = z.strictObject(componentFields);
export const UpdateComponentBody = patchBody(
  z.strictObject({ ...componentFields, name: componentFields.name.optional() }),
);

const StatusChangesQuery = z.object({
  limit: limitQuery(100, 1000),
  before: z.iso
    .datetime()
    .optional()
    .describe('Only changes before this time: the changed_at of the last one seen.'),
});

const notFound = (id: string) => new ApiError('not_found', `No component has the id ${id}.`);

export const componentRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/components',
    operationId: 'listComponents',
    summary: 'All components, in display order within their group',
    tag: 'Components',
    scope: 'responder',
    success: { status: 200, description: 'The components.', schema: z.array(ComponentSchema) },
    handler: async (c) => c.json(await listComponents(c.var.db)),
  }),
  defineRoute({
    method: 'post',
    path: '/components',
    operationId: 'createComponent',
    summary: 'Create a component',
    description: 'Also records its first status in the status history (old_status null).',
    tag: 'Components',
    scope: 'responder',
    body: CreateComponentBody,
    errors: [409],
    success: { status: 201, description: 'The component created.', schema: ComponentSchema },
    handler: async (c, { body }) => c.json(await createComponent(c.var.db, body, serviceContext(c)), 201),
  }),
  defineRoute({
    method: 'get',
    path: '/components/{id}',
    operationId: 'getComponent',
    summary: 'One component',
    tag: 'Components',
    scope: 'responder',
    success: { status: 200, description: 'The component.', schema: ComponentSchema },
    handler: async (c, input) => {
      const component = await getComponent(c.var.db, param(input, 'id'));
      if (!component) throw notFound(param(input, 'id'));
      return c.json(component);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/components/{id}',
    operationId: 'updateComponent',
    summary: 'Change a component',
    description: 'Only the fields given change. A status change is recorded in the status history.',
    tag: 'Components',
    scope: 'responder',
    body: UpdateComponentBody,
    errors: [409],
    success: { status: 200, description: 'The component as changed.', schema: ComponentSchema },
    handler: async (c, input) =>
      c.json(await updateComponent(c.var.db, { ...input.body, id: param(input, 'id') }, serviceContext(c))),
  }),
  defineRoute({
    method: 'delete',
    path: '/components/{id}',
    operationId: 'deleteComponent',
    summary: 'Delete a component',
    description:
      'Removes it with its incident links and status history. Incident updates keep its name in their affected_components.',
    tag: 'Components',
    scope: 'responder',
    success: { status: 204, description: 'Deleted.' },
    handler: async (c, input) => {
      await deleteComponent(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/components/{id}/status-changes',
    operationId: 'listComponentStatusChanges',
    summary: "A component's status history, newest first",
    tag: 'Components',
    scope: 'responder',
    query: StatusChangesQuery,
    success: { status: 200, description: 'The changes.', schema: z.array(ComponentStatusChangeSchema) },
    handler: async (c, input) => {
      const id = param(input, 'id');
      if (!(await getComponent(c.var.db, id))) throw notFound(id);
      const { limit, before } = input.query;
      return c.json(await listComponentStatusChanges(c.var.db, id, { limit, ...(before ? { before } : {}) }));
    },
  }),
];
