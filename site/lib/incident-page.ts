// What an incident's own page renders, and the cache key that lets an unchanged page be reused.
import { publicNextUpdateAt } from '../../api/cadence/policy.ts';
import type { IncidentWithDetails } from '../../db/types.ts';
import { digestIncident, digestRenderInputs } from './cache-key.ts';
import type { SiteData } from './data.ts';
import { communicationSummary } from './incident-metrics.ts';

export interface IncidentPageProps {
  incident: IncidentWithDetails;
  /** Names of the affected components that still exist, in the page's component order. */
  componentNames: string[];
  pageName: string;
  timeZone: string;
  /** The cadence's promise ("Next update by …"); null once resolved or when the page makes none. */
  nextUpdateAt: string | null;
  /** "first update 6 min after start; …" when the page publishes its metrics, else null. */
  metrics: string | null;
}

export interface IncidentPath {
  params: { id: string };
  props: IncidentPageProps;
  cacheKey: string;
}

/** One path per incident; the key covers every input the page renders, and nothing else. */
export function listIncidentPaths(data: SiteData): IncidentPath[] {
  const order = new Map(data.components.map((component, index) => [component.id, index]));
  const names = new Map(data.components.map((component) => [component.id, component.name]));
  return data.incidents.map((incident) => {
    const componentNames = incident.component_ids
      .filter((id) => names.has(id))
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .map((id) => names.get(id) ?? id);
    const metrics = data.page.show_incident_metrics ? communicationSummary(incident) : null;
    const props = {
      incident,
      componentNames,
      pageName: data.page.name,
      timeZone: data.timeZone,
      nextUpdateAt: publicNextUpdateAt(incident, data.page),
      metrics,
    };
    return {
      params: { id: incident.id },
      props,
      cacheKey: digestRenderInputs({
        incident: digestIncident(incident),
        componentNames,
        pageName: data.page.name,
        timeZone: data.timeZone,
        pageUrl: data.page.url,
        nextUpdateAt: props.nextUpdateAt,
        metrics,
      }),
    };
  });
}
