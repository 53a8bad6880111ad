import { z } from 'zod';
import { getMaintenance, listMaintenances } from '../../../db/queries/maintenances.ts';
import { MAX_REMINDER_MINUTES } from '../../jobs/maintenance-transitions.ts';
import { ApiError } from '../../problem.ts';
import {
  cancelMaintenance,
  createMaintenance,
  postMaintenanceUpdate,
  unknownMaintenance,
  updateMaintenance,
} from '../../services/maintenances.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import { limitQuery, patchBody } from './fields.ts';
import { MAX_COMPONENTS_PER_UPDATE, message } from './incident-fields.ts';
import { MaintenanceSchema } from './maintenance-schemas.ts';
import { nameField } from './text-fields.ts';

// Maintenance is planned operational work, as incidents are: responder tokens may run it.

const EARLIEST = '2000-01-01T00:00:00.000Z';

const instant = () =>
  z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value).toISOString())
    .refine((value) => value >= EARLIEST, `Must be in ${EARLIEST.slice(0, 4)} or later.`);

const componentIds = () =>
  z
    .array(z.string().min(1))
    .max(MAX_COMPONENTS_PER_UPDATE)
    .describe('Ids of the components the window affects (400 at /components/<index> for an unknown one).');

const reminders = () =>
  z
    .array(z.int().min(1).max(MAX_REMINDER_MINUTES))
    .max(10)
    .describe(
      `Minutes before scheduled_for at which subscribers are reminded (1 to ${MAX_REMINDER_MINUTES}, at most 10; default [1440, 60]). A reminder whose moment has already passed when the window is set is skipped.`,
    );

const settings = {
  auto_start: z.boolean().optional().describe('Start by itself at scheduled_for (default true).'),
  auto_complete: z.boolean().optional().describe('Complete by itself at scheduled_until (default true).'),
  set_components_under_maintenance: z
    .boolean()
    .optional()
    .describe(
      'Components go under_maintenance while it runs, and back to their status after (default true).',
    ),
  notify: z
    .boolean()
    .optional()
    .describe(
      'Tell subscribers and webhooks: scheduled, reminders, started, completed, rescheduled, cancelled (default true).',
    ),
  remind_before_minutes: reminders().optional(),
};

export const CreateMaintenanceBody = z.strictObject({
  name: nameField(200),
  scheduled_for: instant().describe('When the window starts.'),
  scheduled_until: instant().describe('When it ends: later than scheduled_for, and in the future.'),
  components: componentIds().optional(),
  message: message().describe('The announcement: the body of the first update (markdown).'),
  ...settings,
});

export const UpdateMaintenanceBody = patchBody(
  z.strictObject({
    name: nameField(200).optional(),
    scheduled_for: instant().optional().describe('Reschedule (only before the window starts).'),
    scheduled_until: instant().optional().describe('Reschedule, or extend a running window.'),
    components: componentIds().optional().describe('Replace the components (only before the window starts).'),
    status: z
      .enum(['in_progress', 'verifying', 'completed'])
      .optional()
      .describe(
        'Move it by hand: scheduled → in_progress or verifying; in_progress ↔ verifying; either → completed.',
      ),
    message: message()
      .optional()
      .describe(
        'Markdown for the update posted with a reschedule or a status change (default wording otherwise).',
      ),
    ...settings,
  }),
);

export const PostMaintenanceUpdateBody = z.strictObject({
  message: message(),
  status: z
    .enum(['in_progress', 'verifying', 'completed'])
    .optional()
    .describe('Change the status with this update.'),
  deliver_notifications: z
    .boolean()
    .optional()
    .describe('Whether subscribers hear of this update (default true).'),
});

const ListQuery = z.object({
  limit: limitQuery(50, 200),
  status: z
    .enum(['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled', 'upcoming', 'active'])
    .optional()
    .describe('Only this status; upcoming = scheduled, active = in_progress or verifying.'),
});

const STATUS_FILTERS = {
  upcoming: ['scheduled'],
  active: ['in_progress', 'verifying'],
} as const;

export const maintenanceRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/maintenances',
    operationId: 'listMaintenances',
    summary: 'Scheduled maintenances, latest window first',
    tag: 'Maintenance',
    scope: 'responder',
    query: ListQuery,
    success: {
      status: 200,
      description: 'The maintenances with their updates.',
      schema: z.array(MaintenanceSchema),
    },
    handler: async (c, { query }) => {
      const statuses =
        query.status === undefined
          ? undefined
          : query.status === 'upcoming' || query.status === 'active'
            ? STATUS_FILTERS[query.status]
            : [query.status];
      return c.json(
        await listMaintenances(c.var.db, { limit: query.limit, ...(statuses ? { statuses } : {}) }),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/maintenances',
    operationId: 'createMaintenance',
    summary: 'Schedule a maintenance window',
    description:
      'It starts and completes by itself at the edges of its window (unless auto_start / auto_complete are off); subscribers of its components and of the whole page are told when it is scheduled, reminded, started and completed.',
    tag: 'Maintenance',
    scope: 'responder',
    body: CreateMaintenanceBody,
    success: { status: 201, description: 'The maintenance scheduled.', schema: MaintenanceSchema },
    handler: async (c, { body }) => c.json(await createMaintenance(c.var.db, body, serviceContext(c)), 201),
  }),
  defineRoute({
    method: 'get',
    path: '/maintenances/{id}',
    operationId: 'getMaintenance',
    summary: 'One maintenance with its updates',
    tag: 'Maintenance',
    scope: 'responder',
    success: { status: 200, description: 'The maintenance.', schema: MaintenanceSchema },
    handler: async (c, input) => {
      const maintenance = await getMaintenance(c.var.db, param(input, 'id'));
      if (!maintenance) throw new ApiError('not_found', unknownMaintenance(param(input, 'id')));
      return c.json(maintenance);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/maintenances/{id}',
    operationId: 'updateMaintenance',
    summary: 'Reschedule, change or move a maintenance by hand',
    description:
      'A new window tells subscribers (rescheduled) and restarts the reminders; status moves it through the same transitions the scheduler makes. 409 for a transition its status does not allow.',
    tag: 'Maintenance',
    scope: 'responder',
    body: UpdateMaintenanceBody,
    success: { status: 200, description: 'The maintenance as changed.', schema: MaintenanceSchema },
    handler: async (c, input) =>
      c.json(await updateMaintenance(c.var.db, { ...input.body, id: param(input, 'id') }, serviceContext(c))),
  }),
  defineRoute({
    method: 'delete',
    path: '/maintenances/{id}',
    operationId: 'cancelMaintenance',
    summary: 'Cancel a maintenance that has not started',
    description:
      'It is kept (status cancelled, left out of the public lists) and subscribers are told. A running window is completed instead (PATCH status).',
    tag: 'Maintenance',
    scope: 'responder',
    success: { status: 200, description: 'The maintenance, cancelled.', schema: MaintenanceSchema },
    handler: async (c, input) =>
      c.json(await cancelMaintenance(c.var.db, { id: param(input, 'id') }, serviceContext(c))),
  }),
  defineRoute({
    method: 'post',
    path: '/maintenances/{id}/updates',
    operationId: 'postMaintenanceUpdate',
    summary: 'Post an update to a maintenance',
    description: 'Like an incident update; with status, it is the update of that status change.',
    tag: 'Maintenance',
    scope: 'responder',
    body: PostMaintenanceUpdateBody,
    success: { status: 201, description: 'The maintenance with the update.', schema: MaintenanceSchema },
    handler: async (c, input) =>
      c.json(
        await postMaintenanceUpdate(
          c.var.db,
          { ...input.body, maintenance_id: param(input, 'id') },
          serviceContext(c),
        ),
        201,
      ),
  }),
];
