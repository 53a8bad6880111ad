// The build's side of the live signatures: the same open incidents summary.json lists (the newest
// OPEN_INCIDENTS_SERVED_LIMIT by creation), so a page built from this data and the API read at the
// same moment always agree.
import { publicNextUpdateAt } from '../../api/cadence/policy.ts';
import { OPEN_INCIDENTS_SERVED_LIMIT } from '../../api/public/endpoints.ts';
import type { IncidentWithDetails } from '../../db/types.ts';
import type { SiteData } from './data.ts';
import { incidentSignature, pageSignature } from './live-signature.ts';
import { isUnresolved } from './overview.ts';

export interface LiveState {
  /** Written on the front page as data-live-signature. */
  page: string;
  /** Each incident page's signature, by incident id. */
  incident(id: string): string;
}

export function readLiveState(data: SiteData): LiveState {
  // With the promise summary.json carries: a cadence change moves it without an update.
  const served = data.incidents
    .filter(isUnresolved)
    .sort(byNewestCreated)
    .slice(0, OPEN_INCIDENTS_SERVED_LIMIT)
    .map((incident) => ({ ...incident, next_update_at: publicNextUpdateAt(incident, data.page) }));
  const byId = new Map(served.map((incident) => [incident.id, incident]));
  return {
    page: pageSignature(data.components, served),
    incident: (id) => incidentSignature(byId.get(id)),
  };
}

function byNewestCreated(a: IncidentWithDetails, b: IncidentWithDetails): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
