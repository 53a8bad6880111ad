import { z } from 'zod';
import { getIncident, listIncidents } from '../../../db/queries/incidents.ts';
import { ApiError } from '../../problem.ts';
import {
  createIncident,
  deleteIncident,
  unknownIncident,
  updateIncident,
  waivePostmortem,
} from '../../services/incidents.ts';
import { fillIncidentFromTemplate } from '../../services/template-fill.ts';
import { adminIncident, adminIncidents } from './admin-incident.ts';
import { incidentCadence, leadField } from './cadence-fields.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { limitQuery, patchBody } from './fields.ts';
import {
  componentsMap,
  deliverNotifications,
  message,
  openableStatus,
  requiredWithoutTemplate,
  templateId,
} from './incident-fields.ts';
import { IncidentImpactSchema, IncidentSchema } from './schemas.ts';
import { nameField } from './text-fields.ts';

const name = () => nameField(200);

const EARLIEST_START = '2000-01-01T00:00:00.000Z';

export const CreateIncidentBody = requiredWithoutTemplate(
  z.strictObject({
    template_id: templateId(),
    name: name().optional().describe('Required unless the template gives a title.'),
    status: openableStatus().optional().describe('Required unless the template gives one.'),
    impact: IncidentImpactSchema.optional().describe('Required unless the template gives one.'),
    message: message()
      .optional()
      .describe('The body of the first update (markdown). Required unless the template gives a body.'),
    components: componentsMap().optional(),
    started_at: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value).toISOString())
      // A typo such as 0202 for 2026 would file the incident centuries back, out of every page.
      .refine((value) => value >= EARLIEST_START, `Must be in ${EARLIEST_START.slice(0, 4)} or later.`)
      .optional()
      .describe(
        'Backfill: when it began (from 2000 on, not in the future); also its creation time and its first update display time. Default: now.',
      ),
    deliver_notifications: deliverNotifications(),
    lead: leadField().optional(),
    update_cadence_minutes: incidentCadence().optional(),
  }),
  ['name', 'status', 'impact', 'message'],
);

export const UpdateIncidentBody = patchBody(
  z
    .strictObject({
      name: name().optional(),
      impact: IncidentImpactSchema.optional(),
      lead: leadField().optional(),
      update_cadence_minutes: incidentCadence().optional(),
    })
    .describe('The status changes only through updates, so that every change has a message.'),
);

const ListIncidentsQuery = z.object({
  limit: limitQuery(20, 100),
  before: z.iso
    .datetime()
    .optional()
    .describe('Only incidents created before this time: the created_at of the last one seen.'),
  status: z
    .enum(['unresolved'])
    .optional()
    .describe('unresolved: only investigating, identified or monitoring.'),
});

export const incidentRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/incidents',
    operationId: 'listIncidents',
    summary: 'Incidents, newest first',
    tag: 'Incidents',
    scope: 'responder',
    query: ListIncidentsQuery,
    success: {
      status: 200,
      description: 'The incidents with their updates.',
      schema: z.array(IncidentSchema),
    },
    handler: async (c, { query }) => {
      const incidents = await listIncidents(c.var.db, {
        limit: query.limit,
        unresolvedOnly: query.status === 'unresolved',
        ...(query.before ? { before: query.before } : {}),
      });
      return c.json(await adminIncidents(c.var.db, incidents));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/incidents',
    operationId: 'createIncident',
    summary: 'Open an incident',
    description:
      'Writes the incident and its first update in one transaction, applying the components map. With template_id, the template fills every field the request leaves out.',
    tag: 'Incidents',
    scope: 'responder',
    body: CreateIncidentBody,
    success: { status: 201, description: 'The incident created.', schema: IncidentSchema },
    handler: async (c, { body }) => {
      const input = await fillIncidentFromTemplate(c.var.db, body);
      return c.json(
        await adminIncident(c.var.db, await createIncident(c.var.db, input, serviceContext(c))),
        201,
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/incidents/{id}',
    operationId: 'getIncident',
    summary: 'One incident with its updates',
    tag: 'Incidents',
    scope: 'responder',
    success: { status: 200, description: 'The incident.', schema: IncidentSchema },
    handler: async (c, input) => {
      const incident = await getIncident(c.var.db, param(input, 'id'));
      if (!incident) throw new ApiError('not_found', unknownIncident(param(input, 'id')));
      return c.json(await adminIncident(c.var.db, incident));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/incidents/{id}',
    operationId: 'updateIncident',
    summary: "Change an incident's name, impact, lead or cadence",
    description: 'The status changes only by posting an update.',
    tag: 'Incidents',
    scope: 'responder',
    body: UpdateIncidentBody,
    success: { status: 200, description: 'The incident as changed.', schema: IncidentSchema },
    handler: async (c, input) => {
      const changed = await updateIncident(
        c.var.db,
        { ...input.body, id: param(input, 'id') },
        serviceContext(c),
      );
      return c.json(await adminIncident(c.var.db, changed));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/incidents/{id}/postmortem-waiver',
    operationId: 'waiveIncidentPostmortem',
    summary: 'Waive the post-mortem of an incident',
    description:
      'Stops the post-mortem nudges of a resolved major or critical incident. Idempotent: a second waiver keeps the first time.',
    tag: 'Incidents',
    scope: 'responder',
    success: { status: 200, description: 'The incident, with postmortem_waived_at.', schema: IncidentSchema },
    handler: async (c, input) => {
      const waived = await waivePostmortem(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.json(await adminIncident(c.var.db, waived));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/incidents/{id}',
    operationId: 'deleteIncident',
    summary: 'Delete an incident opened by mistake',
    description: 'Removes it and its updates. Components keep their current status and history.',
    tag: 'Incidents',
    scope: 'responder',
    success: { status: 204, description: 'Deleted.' },
    handler: async (c, input) => {
      await deleteIncident(c.var.db, { id: param(input, 'id') }, serviceContext(c));
      return c.body(null, 204);
    },
  }),
];
