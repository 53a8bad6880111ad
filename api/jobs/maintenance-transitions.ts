// The scheduler's part of maintenance (run by runScheduledJobs on both runtimes): starts windows
// whose time has come, completes those whose time is up, and sends the reminders that are due.
// Any number of runs may overlap: transitions are claimed (api/services/maintenance-lifecycle.ts)
// and a reminder is an outbox entry whose dedupe key makes the first insert the only one.
import type { Client } from '@libsql/client';
import { listMaintenancesDue } from '../../db/queries/maintenances.ts';
import { enqueueOutboxEntry } from '../../db/queries/outbox.ts';
import type { Maintenance } from '../../db/types.ts';
import {
  MAINTENANCE_NOTIFY,
  type MaintenanceEvent,
  maintenanceEventKey,
} from '../notify/maintenance-event.ts';
import { runMaintenanceTransition } from '../services/maintenance-lifecycle.ts';

/** The longest reminder lead the API accepts; the scheduler looks this far ahead. */
export const MAX_REMINDER_MINUTES = 30 * 24 * 60;

const MINUTE_MS = 60_000;
const SYSTEM = 'system';

export interface MaintenanceRun {
  /** Transitions this run made (each changes the data, so the site is rebuilt). */
  transitions: number;
  reminders: number;
}

export async function advanceMaintenances(db: Client, clock: () => Date): Promise<MaintenanceRun> {
  const now = clock();
  const horizon = new Date(now.getTime() + MAX_REMINDER_MINUTES * MINUTE_MS).toISOString();
  const due = await listMaintenancesDue(db, now.toISOString(), horizon);
  const run: MaintenanceRun = { transitions: 0, reminders: 0 };
  for (const maintenance of due) {
    const at = clock().toISOString();
    const transition = { maintenance, actor: SYSTEM, now: at };
    if (maintenance.status === 'scheduled') {
      if (!maintenance.auto_start || maintenance.scheduled_for > at) {
        if (await sendDueReminder(db, maintenance, now)) run.reminders += 1;
        continue;
      }
      if (await runMaintenanceTransition(db, { ...transition, name: 'start' })) run.transitions += 1;
    }
    // Running now; a window missed entirely (the scheduler was down) completes in the same run.
    if (maintenance.auto_complete && maintenance.scheduled_until <= at) {
      const completed = await runMaintenanceTransition(db, {
        ...transition,
        name: 'complete',
        now: clock().toISOString(),
      });
      if (completed) run.transitions += 1;
    }
  }
  return run;
}

/**
 * The reminder due at `now`, if any: the one whose lead has been reached but not yet the next
 * shorter lead's (so a scheduler that was down sends only the latest reminder, not every missed
 * one), and whose moment was still ahead when the window was set (past ones are skipped).
 */
export function dueReminder(maintenance: Maintenance, now: Date): number | null {
  const start = Date.parse(maintenance.scheduled_for);
  const setAt = Date.parse(maintenance.window_set_at);
  const leads = [...maintenance.remind_before_minutes].sort((a, b) => b - a);
  for (const [index, lead] of leads.entries()) {
    const moment = start - lead * MINUTE_MS;
    const nextMoment = start - (leads[index + 1] ?? 0) * MINUTE_MS;
    if (moment <= now.getTime() && now.getTime() < nextMoment) return moment > setAt ? lead : null;
  }
  return null;
}

async function sendDueReminder(db: Client, maintenance: Maintenance, now: Date): Promise<boolean> {
  if (!maintenance.notify) return false;
  const lead = dueReminder(maintenance, now);
  if (lead === null) return false;
  const event: MaintenanceEvent = {
    kind: 'maintenance.reminder',
    maintenance_id: maintenance.id,
    update_id: null,
    revision: maintenance.revision,
    minutes_before: lead,
  };
  const at = now.toISOString();
  return enqueueOutboxEntry(db, {
    kind: MAINTENANCE_NOTIFY,
    dedupeKey: maintenanceEventKey(event),
    payload: event,
    availableAt: at,
    now: at,
  });
}
