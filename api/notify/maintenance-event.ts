// What a maintenance tells subscribers and webhooks: a `maintenance.notify` outbox entry written in
// the same transaction as the change (or transition) it announces, fanned out later by
// api/notify/fan-out.ts like an incident's. Each event has one dedupe key, so it is sent once
// however many schedulers or requests race to announce it.
import type { InStatement } from '@libsql/client';
import { enqueueOutboxEntryStatement } from '../../db/queries/outbox.ts';

export const MAINTENANCE_NOTIFY = 'maintenance.notify';

export type MaintenanceEventKind =
  | 'maintenance.scheduled'
  | 'maintenance.reminder'
  | 'maintenance.started'
  | 'maintenance.updated'
  | 'maintenance.completed'
  | 'maintenance.rescheduled'
  | 'maintenance.cancelled';

export interface MaintenanceEvent {
  kind: MaintenanceEventKind;
  maintenance_id: string;
  /** The update the event posted (its body is the message), if any. */
  update_id: string | null;
  /** The window the event is about: reminders and reschedules are per window. */
  revision: number;
  /** Reminders only: how long before the start it was sent. */
  minutes_before?: number;
}

/**
 * The key of everything one event causes. Scheduled, started, completed and cancelled happen
 * once per maintenance; reminders and reschedules once per window; updates once per update.
 */
export function maintenanceEventKey(event: MaintenanceEvent): string {
  const base = `${MAINTENANCE_NOTIFY}:${event.maintenance_id}`;
  switch (event.kind) {
    case 'maintenance.reminder':
      return `${base}:reminder:${event.revision}:${event.minutes_before ?? 0}`;
    case 'maintenance.rescheduled':
      return `${base}:rescheduled:${event.revision}`;
    case 'maintenance.updated':
      return `${base}:update:${event.update_id ?? ''}`;
    default:
      return `${base}:${event.kind.slice('maintenance.'.length)}`;
  }
}

/** The outbox entry announcing the event, for the change's own db.batch. */
export function maintenanceNotifyStatement(event: MaintenanceEvent, now: string): InStatement {
  return enqueueOutboxEntryStatement({
    kind: MAINTENANCE_NOTIFY,
    dedupeKey: maintenanceEventKey(event),
    payload: event,
    availableAt: now,
    now,
  });
}

/** The dedupe key and payload of an event, for a transition's guarded notice. */
export function maintenanceNotice(event: MaintenanceEvent): {
  dedupeKey: string;
  payload: Record<string, unknown>;
} {
  return { dedupeKey: maintenanceEventKey(event), payload: { ...event } };
}
