import { z } from 'zod';
import { editIncidentUpdate, postIncidentUpdate } from '../../services/incident-updates.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { componentsMap, deliverNotifications, message, openableStatus } from './incident-fields.ts';
import { IncidentUpdateSchema } from './schemas.ts';

export const PostUpdateBody = z.strictObject({
  status: openableStatus(),
  message: message(),
  components: componentsMap()
    .optional()
    .describe(
      'Component id → new status. Omitted on a resolving update: the incident’s components that are not operational return to operational (except those another unresolved incident also affects); {} changes none.',
    ),
  deliver_notifications: deliverNotifications(),
});

const EditUpdateBody = z.strictObject({ message: message() });

export const incidentUpdateRoutes: AdminRoute[] = [
  defineRoute({
    method: 'post',
    path: '/incidents/{id}/updates',
    operationId: 'postIncidentUpdate',
    summary: 'Post an update to an incident',
    description:
      'In one transaction: the incident takes the status, the components their statuses. affected_components lists those whose status really changed (null when none).',
    tag: 'Incidents',
    scope: 'responder',
    body: PostUpdateBody,
    success: { status: 201, description: 'The update posted.', schema: IncidentUpdateSchema },
    handler: async (c, input) => {
      const posted = await postIncidentUpdate(
        c.var.db,
        { ...input.body, incident_id: param(input, 'id') },
        serviceContext(c),
      );
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
