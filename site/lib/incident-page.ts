// What an incident's own page renders, and the cache key that lets an unchanged page be reused.
import { publicNextUpdateAt } from '../../api/cadence/policy.ts';
import type { IncidentWithDetails } from '../../db/types.ts';
import { digestIncident, pageCacheKey } from './cache-key.ts';
import type { SiteData } from './data.ts';
import { communicationSummary } from './incident-metrics.ts';
import { readLiveState } from './live-state.ts';

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
  /** What the live script compares with summary.json (see live-signature.ts). */
  liveSignature: string;
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
  const live = readLiveState(data);
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
      liveSignature: live.incident(incident.id),
    };
    return {
      params: { id: incident.id },
      props,
      cacheKey: pageCacheKey(data.page, data.timeZone, {
        incident: digestIncident(incident),
        componentNames,
        nextUpdateAt: props.nextUpdateAt,
        metrics,
        liveSignature: props.liveSignature,
      }),
    };
  });
}
