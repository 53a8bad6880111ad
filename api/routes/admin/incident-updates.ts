import { z } from 'zod';
import { editIncidentUpdate, postIncidentUpdate } from '../../services/incident-updates.ts';
import { fillUpdateFromTemplate } from '../../services/template-fill.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import {
  componentsMap,
  deliverNotifications,
  message,
  openableStatus,
  requiredWithoutTemplate,
  templateId,
} from './incident-fields.ts';
import { IncidentUpdateSchema } from './schemas.ts';

export const PostUpdateBody = requiredWithoutTemplate(
  z.strictObject({
    template_id: templateId(),
    status: openableStatus().optional().describe('Required unless the template gives one.'),
    message: message().optional().describe('Markdown. Required unless the template gives a body.'),
    components: componentsMap()
      .optional()
      .describe(
        'Component id → new status. Omitted on a resolving update: the incident’s components that are not operational return to operational (except those another unresolved incident also affects); {} changes none.',
      ),
    deliver_notifications: deliverNotifications(),
    reopen: z
      .boolean()
      .optional()
      .describe(
        'Must be true when the incident is resolved and the new status is an open one; otherwise 409.',
      ),
  }),
  ['status', 'message'],
);

export const EditUpdateBody = z.strictObject({ message: message() });

export const incidentUpdateRoutes: AdminRoute[] = [
  defineRoute({
    method: 'post',
    path: '/incidents/{id}/updates',
    operationId: 'postIncidentUpdate',
    summary: 'Post an update to an incident',
    description:
      'In one transaction: the incident takes the status, the components their statuses. affected_components lists those whose status really changed (null when none). With template_id, the template fills every field the request leaves out. An open status on a resolved incident needs reopen: true (409 otherwise).',
    tag: 'Incidents',
    scope: 'responder',
    body: PostUpdateBody,
    success: { status: 201, description: 'The update posted.', schema: IncidentUpdateSchema },
    handler: async (c, input) => {
      const request = { ...input.body, incident_id: param(input, 'id') };
      const update = await fillUpdateFromTemplate(c.var.db, request);
      const posted = await postIncidentUpdate(c.var.db, update, serviceContext(c));
      return c.json(posted.update, 201);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/incidents/{id}/updates/{update_id}',
    operationId: 'editIncidentUpdate',
    summary: "Correct an update's message",
    description: 'Its status, time and component changes stay as they were.',
    tag: 'Incidents',
    scope: 'responder',
    body: EditUpdateBody,
    success: { status: 200, description: 'The update as corrected.', schema: IncidentUpdateSchema },
    handler: async (c, input) =>
      c.json(
        await editIncidentUpdate(
          c.var.db,
          { incident_id: param(input, 'id'), id: param(input, 'update_id'), message: input.body.message },
          serviceContext(c),
        ),
      ),
  }),
];
