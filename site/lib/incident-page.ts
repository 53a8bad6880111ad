// What an incident's own page renders, and the cache key that lets an unchanged page be reused.
import type { IncidentWithDetails } from '../../db/types.ts';
import { digestRenderInputs } from './cache-key.ts';
import type { SiteData } from './data.ts';
import { readLiveState } from './live-state.ts';

export interface IncidentPageProps {
  incident: IncidentWithDetails;
  /** Names of the affected components that still exist, in the page's component order. */
  componentNames: string[];
  pageName: string;
  timeZone: string;
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
    const props = {
      incident,
      componentNames,
      pageName: data.page.name,
      timeZone: data.timeZone,
      liveSignature: live.incident(incident.id),
    };
    return {
      params: { id: incident.id },
      props,
      cacheKey: digestRenderInputs({ ...props, pageUrl: data.page.url }),
    };
  });
}
