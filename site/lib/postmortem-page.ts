// What a post-mortem's page renders (/incidents/<id>/postmortem/, one per incident it covers) and
// the cache key that lets an unchanged page be reused.
import type { IncidentWithDetails, PublishedPostmortem } from '../../db/types.ts';
import { pageCacheKey } from './cache-key.ts';
import type { SiteData } from './data.ts';

export interface PostmortemPageProps {
  incident: IncidentWithDetails;
  postmortem: PublishedPostmortem;
  /** Every incident it covers, oldest start first, for the links between them. */
  covered: Array<{ id: string; name: string }>;
  pageName: string;
  timeZone: string;
}

export interface PostmortemPath {
  params: { id: string };
  props: PostmortemPageProps;
  cacheKey: string;
}

/** One path per incident with a published post-mortem. */
export function listPostmortemPaths(data: SiteData): PostmortemPath[] {
  const names = new Map(data.incidents.map((incident) => [incident.id, incident.name]));
  return data.incidents.flatMap((incident) => {
    const postmortem = incident.postmortem;
    if (!postmortem) return [];
    const covered = postmortem.incident_ids.map((id) => ({ id, name: names.get(id) ?? id }));
    const props = { incident, postmortem, covered, pageName: data.page.name, timeZone: data.timeZone };
    return [{ params: { id: incident.id }, props, cacheKey: pageCacheKey(data.page, data.timeZone, props) }];
  });
}
