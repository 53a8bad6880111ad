// Paths and cache keys of the per-month history pages.
import type { IncidentWithDetails } from '../../db/types.ts';
import { digestRenderInputs } from './cache-key.ts';
import type { SiteData } from './data.ts';
import { groupIncidentsByMonth } from './history.ts';

export interface MonthPageProps {
  month: string;
  incidents: IncidentWithDetails[];
  pageName: string;
  timeZone: string;
}

export interface MonthPath {
  params: { month: string };
  props: MonthPageProps;
  cacheKey: string;
}

// Only what a history entry shows, so a new update on an incident does not rebuild its month.
function listedFields(incident: IncidentWithDetails) {
  const { id, name, status, impact, started_at, resolved_at } = incident;
  return { id, name, status, impact, started_at, resolved_at, postmortem: Boolean(incident.postmortem) };
}

export function listMonthPaths(data: SiteData): MonthPath[] {
  return groupIncidentsByMonth(data.incidents, data.timeZone).map(({ key, incidents }) => ({
    params: { month: key },
    props: { month: key, incidents, pageName: data.page.name, timeZone: data.timeZone },
    cacheKey: digestRenderInputs({
      month: key,
      incidents: incidents.map(listedFields),
      pageName: data.page.name,
      timeZone: data.timeZone,
    }),
  }));
}
