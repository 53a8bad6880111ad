// The data of a maintenance email, read once per batch: each recipient then differs only by links.
import type { Client } from '@libsql/client';
import { listComponents } from '../../db/queries/components.ts';
import { getMaintenance } from '../../db/queries/maintenances.ts';
import { getPage } from '../../db/queries/page.ts';
import {
  type MaintenanceNotice,
  maintenanceNotificationEmail,
} from '../../emails/maintenance-notification.ts';
import type { EmailContent, SubscriberLinks } from '../../emails/types.ts';
import { maintenanceShortlink } from '../public/maintenance-format.ts';
import type { MaintenanceEvent } from './maintenance-event.ts';

export type MaintenanceMessage = (links: SubscriberLinks) => EmailContent;

/** A renderer of the event's email, or null when the maintenance or the page is gone. */
export async function loadMaintenanceMessage(
  db: Client,
  event: MaintenanceEvent,
): Promise<MaintenanceMessage | null> {
  const [maintenance, page, components] = await Promise.all([
    getMaintenance(db, event.maintenance_id),
    getPage(db),
    listComponents(db),
  ]);
  if (!maintenance || !page) return null;
  const update = event.update_id
    ? maintenance.maintenance_updates.find((candidate) => candidate.id === event.update_id)
    : undefined;
  const touched = new Set(maintenance.component_ids);
  const props = {
    pageName: page.name,
    pageUrl: page.url,
    notice: event.kind.slice('maintenance.'.length) as MaintenanceNotice,
    maintenance: { name: maintenance.name, url: maintenanceShortlink(page.url, maintenance.id) },
    window: { from: maintenance.scheduled_for, until: maintenance.scheduled_until },
    timeZone: page.time_zone,
    message: update?.body ?? null,
    minutesBefore: event.minutes_before,
    components: components
      .filter((component) => touched.has(component.id))
      .map((component) => component.name),
  };
  return (links) => maintenanceNotificationEmail({ ...props, links });
}
