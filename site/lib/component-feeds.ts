// /components/<id>/history.rss and .atom: the history feeds of one component, for readers who
// care about one service. Built by the page-wide feeds' own functions (site/lib/feeds.ts) over the
// incidents that affected the component, with the feed's own title and self link.
import type { Component } from '../../db/types.ts';
import { digestIncident, digestRenderInputs, pageCacheKey } from './cache-key.ts';
import type { SiteData } from './data.ts';
import { feedBaseUrl, listFeedEntries, renderAtom, renderRss } from './feeds.ts';

export interface ComponentFeedPath {
  params: { id: string };
  props: { componentId: string };
  /** Covers all the component's page and feeds show, so an unchanged one is reused. */
  cacheKey: string;
}

// The page and both feeds list the same paths: computed once per snapshot of the data. Astro keys
// each route's list itself, so every call returns new objects.
const pathsOfData = new WeakMap<SiteData, ComponentFeedPath[]>();

/** One path per component; a group has no incidents of its own, so it gets none. */
export function listComponentFeedPaths(data: SiteData): ComponentFeedPath[] {
  const known = pathsOfData.get(data);
  if (known) return known.map((path) => ({ ...path, params: { ...path.params }, props: { ...path.props } }));
  const byComponent = new Map(data.components.map((component) => [component.id, [] as string[]]));
  for (const incident of data.incidents) {
    for (const id of incident.component_ids) byComponent.get(id)?.push(digestIncident(incident));
  }
  // The feeds list the component's maintenance windows too (their updates, cancelled ones left out).
  const windowsOf = (id: string) =>
    data.maintenances
      .filter((maintenance) => maintenance.component_ids.includes(id))
      .map((maintenance) => digestRenderInputs(maintenance));
  const paths = data.components.map((component) => ({
    params: { id: component.id },
    props: { componentId: component.id },
    cacheKey: pageCacheKey(data.page, data.timeZone, {
      component,
      incidents: byComponent.get(component.id),
      maintenances: windowsOf(component.id),
    }),
  }));
  pathsOfData.set(data, paths);
  return paths.map((path) => ({ ...path, params: { ...path.params }, props: { ...path.props } }));
}

/** Where a component's feed lives, relative to the site's root. */
export function componentFeedPath(componentId: string, format: 'rss' | 'atom'): string {
  return `/components/${encodeURIComponent(componentId)}/history.${format}`;
}

/**
 * The component's feed. Its title names the component; its self and site links are the
 * component's feed folder, while entries link to the incident pages as in the page-wide feed.
 */
export function renderComponentFeed(
  data: SiteData,
  component: Component,
  format: 'rss' | 'atom',
  publicUrl: string,
): string {
  const baseUrl = feedBaseUrl(data, publicUrl);
  const incidents = data.incidents.filter((incident) => incident.component_ids.includes(component.id));
  const maintenances = data.maintenances.filter((item) => item.component_ids.includes(component.id));
  const entries = listFeedEntries(incidents, baseUrl, undefined, maintenances);
  const scoped: SiteData = { ...data, page: { ...data.page, name: `${data.page.name}: ${component.name}` } };
  const folder = `${baseUrl}/components/${encodeURIComponent(component.id)}`;
  return format === 'rss' ? renderRss(scoped, entries, folder) : renderAtom(scoped, entries, folder);
}
