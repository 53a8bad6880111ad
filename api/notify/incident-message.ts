// The data of an incident email, read once per batch: each recipient then differs only by links.
import type { Client } from '@libsql/client';
import { listComponents } from '../../db/queries/components.ts';
import { getIncident } from '../../db/queries/incidents.ts';
import { getPage } from '../../db/queries/page.ts';
import { incidentNotificationRenderer } from '../../emails/incident-notification.ts';
import type { EmailContent, SubscriberLinks } from '../../emails/types.ts';
import { incidentShortlink } from '../public/statuspage-format.ts';
import type { IncidentEvent } from './incident-event.ts';

export type IncidentMessage = (links: SubscriberLinks) => EmailContent;

/**
 * A renderer of the event's email, or null when the incident, its update or the page is gone
 * (an incident deleted before its emails went out announces nothing).
 */
export async function loadIncidentMessage(db: Client, event: IncidentEvent): Promise<IncidentMessage | null> {
  const [incident, page, components] = await Promise.all([
    getIncident(db, event.incident_id),
    getPage(db),
    listComponents(db),
  ]);
  if (!incident || !page) return null;
  const update = event.update_id
    ? incident.incident_updates.find((candidate) => candidate.id === event.update_id)
    : incident.incident_updates[0];
  if (!update) return null;
  const touched = new Set(incident.component_ids);
  const props = {
    pageName: page.name,
    pageUrl: page.url,
    timeZone: page.time_zone,
    incident: { name: incident.name, impact: incident.impact, url: incidentShortlink(page.url, incident.id) },
    update: { status: update.status, body: update.body, displayAt: update.display_at },
    components: components
      .filter((component) => touched.has(component.id))
      .map((component) => ({ name: component.name, status: component.status })),
  };
  return incidentNotificationRenderer(props);
}
