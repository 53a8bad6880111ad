// Whom an incident event concerns: the components and impact subscribers are matched against. A
// post-mortem event concerns every incident it covers: their components together, at the worst
// of their impacts, so that each subscriber hears of it once, however many incidents match.
import type { Client } from '@libsql/client';
import { getIncident } from '../../db/queries/incidents.ts';
import { INCIDENT_IMPACTS, type IncidentImpact } from '../../db/types.ts';
import type { IncidentEvent } from './incident-event.ts';

export interface EventScope {
  componentIds: string[];
  impact: IncidentImpact;
}

/** The event's scope, or null when its incident (or published post-mortem) is gone. */
export async function loadEventScope(db: Client, event: IncidentEvent): Promise<EventScope | null> {
  const incident = await getIncident(db, event.incident_id);
  if (!incident) return null;
  if (!event.postmortem) return { componentIds: incident.component_ids, impact: incident.impact };
  if (incident.postmortem?.id !== event.postmortem.id) return null;
  const covered = await Promise.all(incident.postmortem.incident_ids.map((id) => getIncident(db, id)));
  const present = covered.filter((item) => item !== null);
  const worst = Math.max(...present.map((item) => INCIDENT_IMPACTS.indexOf(item.impact)));
  return {
    componentIds: [...new Set(present.flatMap((item) => item.component_ids))],
    impact: INCIDENT_IMPACTS[worst] ?? incident.impact,
  };
}
