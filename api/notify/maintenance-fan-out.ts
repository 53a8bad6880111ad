// The handler of `maintenance.notify`: emails to the subscribers of the window's components and
// to whole-page subscribers, and webhook deliveries, on the same path as incident events
// (fanOutEmailsTo, email.batch, webhook.deliver), each keyed so that a re-run adds nothing twice.
import type { Client } from '@libsql/client';
import { getMaintenance } from '../../db/queries/maintenances.ts';
import { enqueueOutboxEntry } from '../../db/queries/outbox.ts';
import type { MaintenanceWithDetails } from '../../db/types.ts';
import { MAX_BATCH_SIZE } from '../mail/mailer.ts';
import type { OutboxHandler } from '../outbox/drain.ts';
import { type FanOutSettings, fanOutEmailsTo } from './fan-out.ts';
import { type MaintenanceEvent, maintenanceEventKey } from './maintenance-event.ts';

/**
 * Whether the event still means something: a reminder or reschedule notice of a window that was
 * moved again, or a reminder of a window that started or was cancelled, is dropped.
 */
export function isCurrent(event: MaintenanceEvent, maintenance: MaintenanceWithDetails): boolean {
  if (event.kind === 'maintenance.reminder') {
    return maintenance.status === 'scheduled' && maintenance.revision === event.revision;
  }
  if (event.kind === 'maintenance.rescheduled') {
    return maintenance.revision === event.revision && maintenance.status !== 'cancelled';
  }
  return true;
}

export function maintenanceFanOut(db: Client, settings: FanOutSettings): OutboxHandler {
  const clock = settings.clock ?? (() => new Date());
  const chunkSize = Math.min(settings.chunkSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE);
  return async (entry) => {
    const event = entry.payload as MaintenanceEvent;
    const maintenance = await getMaintenance(db, event.maintenance_id);
    if (!maintenance || !isCurrent(event, maintenance)) return;
    const now = clock().toISOString();
    if (settings.emails !== false) {
      await fanOutEmailsTo(
        db,
        {
          eventKey: maintenanceEventKey(event),
          componentIds: maintenance.component_ids,
          // min_impact sorts incidents by severity; planned work is announced to every follower.
          impact: 'critical',
          payloadFor: (batchKey) => ({ message: 'maintenance', event, batch_key: batchKey }),
        },
        now,
        chunkSize,
      );
    }
    for (const plan of settings.maintenancePlanners ?? []) {
      for (const delivery of await plan(db, event, now)) await enqueueOutboxEntry(db, delivery);
    }
  };
}
