// Scheduled maintenance: create, change (reschedule, settings, status by hand), cancel and post
// updates. Every write is one audited batch with its notice in the outbox; status changes go
// through the claimed transitions the scheduler uses too (maintenance-lifecycle.ts).
import type { Client, InStatement } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import { findMissingComponentIds } from '../../db/queries/components.ts';
import {
  getMaintenance,
  insertMaintenance,
  insertMaintenanceUpdate,
  replaceMaintenanceComponents,
  updateMaintenanceFields,
} from '../../db/queries/maintenances.ts';
import type { Maintenance, MaintenanceStatus, MaintenanceWithDetails } from '../../db/types.ts';
import { maintenanceNotifyStatement } from '../notify/maintenance-event.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';
import { runMaintenanceTransition, transitionBetween } from './maintenance-lifecycle.ts';

export const DEFAULT_REMINDERS = [1440, 60] as const;

export interface MaintenanceSettings {
  auto_start?: boolean | undefined;
  auto_complete?: boolean | undefined;
  set_components_under_maintenance?: boolean | undefined;
  notify?: boolean | undefined;
  remind_before_minutes?: number[] | undefined;
}

export interface CreateMaintenanceInput extends MaintenanceSettings {
  name: string;
  scheduled_for: string;
  scheduled_until: string;
  components?: string[] | undefined;
  /** Markdown: the first update's body. */
  message: string;
}

export interface UpdateMaintenanceInput extends MaintenanceSettings {
  id: string;
  name?: string | undefined;
  scheduled_for?: string | undefined;
  scheduled_until?: string | undefined;
  components?: string[] | undefined;
  /** A status set by hand: in_progress, verifying or completed. */
  status?: Exclude<MaintenanceStatus, 'cancelled' | 'scheduled'> | undefined;
  /** Markdown for the update a reschedule or status change posts (Statuspage's words if absent). */
  message?: string | undefined;
}

export const unknownMaintenance = (id: string): string => `No maintenance has the id ${id}.`;

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'maintenance',
  resourceId: id,
  now: ctx.now,
});

const invalid = (pointer: string, detail: string) =>
  new ServiceError('invalid', detail, [{ pointer, detail }]);

/** Ends after it starts, and has not ended yet (a window wholly in the past announces nothing). */
function requireValidWindow(window: { scheduled_for: string; scheduled_until: string }, now: string): void {
  if (window.scheduled_until <= window.scheduled_for) {
    throw invalid('/scheduled_until', 'scheduled_until must be later than scheduled_for.');
  }
  if (window.scheduled_until <= now) {
    throw invalid('/scheduled_until', `scheduled_until must be in the future (now is ${now}).`);
  }
}

async function requireKnownComponentIds(db: Client, ids: readonly string[]): Promise<void> {
  const missing = new Set(await findMissingComponentIds(db, ids));
  if (missing.size === 0) return;
  throw new ServiceError(
    'invalid',
    'components names components that do not exist.',
    ids.flatMap((id, index) =>
      missing.has(id)
        ? [{ pointer: `/components/${index}`, detail: `No component has the id ${JSON.stringify(id)}.` }]
        : [],
    ),
  );
}

const byLeadDescending = (minutes: readonly number[]) => [...new Set(minutes)].sort((a, b) => b - a);

export async function createMaintenance(
  db: Client,
  input: CreateMaintenanceInput,
  ctx: ServiceContext,
): Promise<MaintenanceWithDetails> {
  requireValidWindow(input, ctx.now);
  const componentIds = [...new Set(input.components ?? [])];
  await requireKnownComponentIds(db, componentIds);
  const maintenance: Maintenance = {
    id: newId('mnt'),
    name: input.name,
    status: 'scheduled',
    scheduled_for: input.scheduled_for,
    scheduled_until: input.scheduled_until,
    auto_start: input.auto_start ?? true,
    auto_complete: input.auto_complete ?? true,
    set_components_under_maintenance: input.set_components_under_maintenance ?? true,
    notify: input.notify ?? true,
    remind_before_minutes: byLeadDescending(input.remind_before_minutes ?? DEFAULT_REMINDERS),
    revision: 1,
    window_set_at: ctx.now,
    started_at: null,
    completed_at: null,
    cancelled_at: null,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  const updateId = newId('mup');
  const statements: InStatement[] = [
    insertMaintenance(maintenance),
    ...replaceMaintenanceComponents(maintenance.id, componentIds),
    insertMaintenanceUpdate({
      id: updateId,
      maintenanceId: maintenance.id,
      status: 'scheduled',
      body: input.message,
      now: ctx.now,
    }),
  ];
  if (maintenance.notify) {
    const event = {
      kind: 'maintenance.scheduled',
      maintenance_id: maintenance.id,
      update_id: updateId,
      revision: 1,
    } as const;
    statements.push(maintenanceNotifyStatement(event, ctx.now));
  }
  await runWriteBatch(db, withAuditEntry(auditTarget('maintenance.create', maintenance.id, ctx), statements));
  return requireFound(await getMaintenance(db, maintenance.id), unknownMaintenance(maintenance.id));
}

function windowChange(
  current: MaintenanceWithDetails,
  input: UpdateMaintenanceInput,
  now: string,
): { scheduled_for: string; scheduled_until: string } | undefined {
  const scheduledFor = input.scheduled_for ?? current.scheduled_for;
  const scheduledUntil = input.scheduled_until ?? current.scheduled_until;
  if (scheduledFor === current.scheduled_for && scheduledUntil === current.scheduled_until) return undefined;
  if (current.status === 'completed' || current.status === 'cancelled') {
    throw new ServiceError('conflict', `A ${current.status} maintenance cannot be rescheduled.`);
  }
  // A running window can be extended or shortened, but it has already begun.
  if (current.status !== 'scheduled' && scheduledFor !== current.scheduled_for) {
    throw new ServiceError('conflict', 'The window has started: only scheduled_until can change now.');
  }
  const window = { scheduled_for: scheduledFor, scheduled_until: scheduledUntil };
  requireValidWindow(window, now);
  return window;
}

/**
 * Changes a maintenance. A new window (reschedule) counts a revision, restarts the reminders and
 * tells subscribers; `status` moves it by hand (in_progress, verifying, completed) through the
 * same claimed transition the scheduler uses.
 */
export async function updateMaintenance(
  db: Client,
  input: UpdateMaintenanceInput,
  ctx: ServiceContext,
): Promise<MaintenanceWithDetails> {
  const current = requireFound(await getMaintenance(db, input.id), unknownMaintenance(input.id));
  const transition = input.status === undefined ? null : transitionFor(current, input.status);
  const window = windowChange(current, input, ctx.now);
  if (input.components !== undefined && current.status !== 'scheduled') {
    throw new ServiceError('conflict', 'The components of a window can change only before it starts.');
  }
  const componentIds = input.components === undefined ? undefined : [...new Set(input.components)];
  if (componentIds) await requireKnownComponentIds(db, componentIds);
  const statements: InStatement[] = [
    updateMaintenanceFields({
      id: current.id,
      now: ctx.now,
      name: input.name,
      auto_start: input.auto_start,
      auto_complete: input.auto_complete,
      set_components_under_maintenance: input.set_components_under_maintenance,
      notify: input.notify,
      remind_before_minutes: input.remind_before_minutes && byLeadDescending(input.remind_before_minutes),
      window,
    }),
  ];
  if (componentIds) statements.push(...replaceMaintenanceComponents(current.id, componentIds));
  if (window) statements.push(...rescheduleStatements(current, window, input, ctx));
  await runWriteBatch(db, withAuditEntry(auditTarget('maintenance.update', current.id, ctx), statements));
  if (transition) {
    const fresh = requireFound(await getMaintenance(db, current.id), unknownMaintenance(current.id));
    const message = window ? undefined : input.message;
    for (const name of transition) {
      const made = await runMaintenanceTransition(db, {
        maintenance: fresh,
        name,
        message,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (!made)
        throw new ServiceError('conflict', 'The maintenance changed status meanwhile; read it and retry.');
    }
  }
  return requireFound(await getMaintenance(db, current.id), unknownMaintenance(current.id));
}

// The update and notice of a new window, written with it.
function rescheduleStatements(
  current: MaintenanceWithDetails,
  window: { scheduled_for: string; scheduled_until: string },
  input: UpdateMaintenanceInput,
  ctx: ServiceContext,
): InStatement[] {
  const updateId = newId('mup');
  const body =
    input.message ??
    `The maintenance has been rescheduled: ${window.scheduled_for} to ${window.scheduled_until} (UTC).`;
  const statements = [
    insertMaintenanceUpdate({
      id: updateId,
      maintenanceId: current.id,
      status: current.status,
      body,
      now: ctx.now,
    }),
  ];
  const notify = input.notify ?? current.notify;
  if (notify) {
    const event = {
      kind: 'maintenance.rescheduled',
      maintenance_id: current.id,
      update_id: updateId,
      revision: current.revision + 1,
    } as const;
    statements.push(maintenanceNotifyStatement(event, ctx.now));
  }
  return statements;
}

// The transitions (in order) that take the maintenance to the status asked for.
function transitionFor(
  current: MaintenanceWithDetails,
  status: NonNullable<UpdateMaintenanceInput['status']>,
): Array<'start' | 'verify' | 'resume' | 'complete'> {
  if (current.status === status) return [];
  if (current.status === 'scheduled' && status === 'verifying') return ['start', 'verify'];
  const name = transitionBetween(current.status, status);
  if (name === null || name === 'cancel') {
    const hint = current.status === 'scheduled' ? ' To call it off, DELETE it (cancel).' : '';
    throw new ServiceError('conflict', `A ${current.status} maintenance cannot become ${status}.${hint}`);
  }
  return [name];
}

/** Cancels a window that has not started: subscribers are told. Returns it as it now stands. */
export async function cancelMaintenance(
  db: Client,
  input: { id: string; message?: string | undefined },
  ctx: ServiceContext,
): Promise<MaintenanceWithDetails> {
  const current = requireFound(await getMaintenance(db, input.id), unknownMaintenance(input.id));
  if (current.status !== 'scheduled') {
    throw new ServiceError(
      'conflict',
      current.status === 'cancelled'
        ? 'The maintenance is already cancelled.'
        : `A ${current.status} maintenance cannot be cancelled; set its status to completed instead.`,
    );
  }
  const made = await runMaintenanceTransition(db, {
    maintenance: current,
    name: 'cancel',
    message: input.message,
    announce: current.notify,
    actor: ctx.actor,
    now: ctx.now,
  });
  if (!made)
    throw new ServiceError('conflict', 'The maintenance changed status meanwhile; read it and retry.');
  return requireFound(await getMaintenance(db, input.id), unknownMaintenance(input.id));
}

export interface PostMaintenanceUpdateInput {
  maintenance_id: string;
  message: string;
  /** A status change posted with the message (as PATCH status would). */
  status?: UpdateMaintenanceInput['status'];
  deliver_notifications?: boolean | undefined;
}

/** Posts an update, like an incident's; with a new status it is that transition's update. */
export async function postMaintenanceUpdate(
  db: Client,
  input: PostMaintenanceUpdateInput,
  ctx: ServiceContext,
): Promise<MaintenanceWithDetails> {
  const current = requireFound(
    await getMaintenance(db, input.maintenance_id),
    unknownMaintenance(input.maintenance_id),
  );
  if (current.status === 'cancelled') throw new ServiceError('conflict', 'The maintenance is cancelled.');
  const notify = current.notify && (input.deliver_notifications ?? true);
  const steps = input.status === undefined ? [] : transitionFor(current, input.status);
  if (steps.length > 0) {
    for (const [index, name] of steps.entries()) {
      const last = index === steps.length - 1;
      const made = await runMaintenanceTransition(db, {
        maintenance: current,
        name,
        ...(last ? { message: input.message } : {}),
        announce: notify,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (!made)
        throw new ServiceError('conflict', 'The maintenance changed status meanwhile; read it and retry.');
    }
  } else {
    const updateId = newId('mup');
    const statements: InStatement[] = [
      insertMaintenanceUpdate({
        id: updateId,
        maintenanceId: current.id,
        status: current.status,
        body: input.message,
        now: ctx.now,
      }),
      updateMaintenanceFields({ id: current.id, now: ctx.now }),
    ];
    if (notify) {
      const event = {
        kind: 'maintenance.updated',
        maintenance_id: current.id,
        update_id: updateId,
        revision: current.revision,
      } as const;
      statements.push(maintenanceNotifyStatement(event, ctx.now));
    }
    await runWriteBatch(
      db,
      withAuditEntry(auditTarget('maintenance.post_update', current.id, ctx), statements),
    );
  }
  return requireFound(await getMaintenance(db, current.id), unknownMaintenance(current.id));
}
