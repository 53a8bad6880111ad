// Incidents as the admin API returns them: with next_update_at, computed by the cadence policy
// from the page's settings as they are now.
import type { Client } from '@libsql/client';
import { getPage } from '../../../db/queries/page.ts';
import type { CadenceSettings, IncidentWithDetails } from '../../../db/types.ts';
import { type AdminIncident, DEFAULT_CADENCE_SETTINGS, withNextUpdate } from '../../cadence/policy.ts';

async function cadenceSettings(db: Client): Promise<CadenceSettings> {
  return (await getPage(db)) ?? DEFAULT_CADENCE_SETTINGS;
}

export async function adminIncident(db: Client, incident: IncidentWithDetails): Promise<AdminIncident> {
  return withNextUpdate(incident, await cadenceSettings(db));
}

export async function adminIncidents(
  db: Client,
  incidents: readonly IncidentWithDetails[],
): Promise<AdminIncident[]> {
  const settings = await cadenceSettings(db);
  return incidents.map((incident) => withNextUpdate(incident, settings));
}
