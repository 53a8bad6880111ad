import { z } from 'zod';
import {
  getIncidentTemplate,
  type IncidentTemplate,
  listIncidentTemplates,
} from '../../../db/queries/incident-templates.ts';
import { ApiError } from '../../problem.ts';
import {
  createIncidentTemplate,
  deleteIncidentTemplate,
  unknownTemplate,
  updateIncidentTemplate,
} from '../../services/incident-templates.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { patchBody } from './fields.ts';
import { componentsMap, message, openableStatus } from './incident-fields.ts';
import { ComponentStatusSchema, IncidentImpactSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

// Templates are prepared in calm times and used in a hurry: responders may manage them too.

const templateFields = {
  name: nameField(100).describe('Unique: how responders pick it (e.g. "Database failover").'),
  title: nameField(200).nullable().optional().describe("The incident's name when it opens one."),
  body: message().nullable().optional().describe('The message of the update (markdown).'),
  status: openableStatus().nullable().optional(),
  impact: IncidentImpactSchema.nullable().optional(),
  components: componentsMap()
    .optional()
    .describe('Component id → status (each must exist). Replaced whole on PATCH; {} for none.'),
};

export const CreateTemplateBody = z.strictObject(templateFields);
export const UpdateTemplateBody = patchBody(
  z.strictObject({ ...templateFields, name: templateFields.name.optional() }),
);

export const IncidentTemplateSchema: z.ZodType<IncidentTemplate> = z.object({
  id: z.string().describe('Prefixed id: tpl_…'),
  name: z.string(),
  title: z.string().nullable(),
  body: z.string().nullable().describe('Markdown.'),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']).nullable(),
  impact: IncidentImpactSchema.nullable(),
  components: z.record(z.string(), ComponentStatusSchema),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const incidentTemplateRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/incident-templates',
    operationId: 'listIncidentTemplates',
    summary: 'Incident templates, by name',
    tag: 'Incident templates',
    scope: 'responder',
    success: { status: 200, description: 'The templates.', schema: z.array(IncidentTemplateSchema) },
    handler: async (c) => c.json(await listIncidentTemplates(c.var.db)),
  }),
  defineRoute({
    method: 'post',
    path: '/incident-templates',
    operationId: 'createIncidentTemplate',
    summary: 'Write an incident template',
    description:
      'Use it with template_id when opening an incident or posting an update: it fills what the request leaves out.',
    tag: 'Incident templates',
    scope: 'responder',
    body: CreateTemplateBody,
    errors: [409],
    success: { status: 201, description: 'The template.', schema: IncidentTemplateSchema },
    handler: async (c, { body }) =>
      c.json(await createIncidentTemplate(c.var.db, body, serviceContext(c)), 201),
  }),
  defineRoute({
    method: 'get',
    path: '/incident-templates/{id}',
    operationId: 'getIncidentTemplate',
    summary: 'One incident template',
    tag: 'Incident templates',
    scope: 'responder',
    success: { status: 200, description: 'The template.', schema: IncidentTemplateSchema },
    handler: async (c, input) => {
      const template = await getIncidentTemplate(c.var.db, param(input, 'id'));
      if (!template) throw new ApiError('not_found', unknownTemplate(param(input, 'id')));
      return c.json(template);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/incident-templates/{id}',
    operationId: 'updateIncidentTemplate',
    summary: 'Change an incident template',
    description: 'Only the fields given change; null clears title, body, status or impact.',
    tag: 'Incident templates',
    scope: 'responder',
    body: UpdateTemplateBody,
    errors: [409],
    success: { status: 200, description: 'The template as changed.', schema: IncidentTemplateSchema },
    handler: async (c, input) =>
      c.json(
        await updateIncidentTemplate(c.var.db, { ...input.body, id: param(input, 'id') }, serviceContext(c)),
      ),
  }),
  defineRoute({
    method: 'delete',
    path: '/incident-templates/{id}',
    operationId: 'deleteIncidentTemplate',
    summary: 'Delete an incident template',
    description: 'Incidents opened from it keep what it gave them.',
    tag: 'Incident templates',
    scope: 'responder',
    success: { status: 204, description: 'Deleted.' },
    handler: async (c, input) => {
      await deleteIncidentTemplate(c.var.db, param(input, 'id'), serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
