// /components/<id>/history.rss and .atom: the history feeds of one component, for readers who
// care about one service. Built by the page-wide feeds' own functions (site/lib/feeds.ts) over the
// incidents that affected the component, with the feed's own title and self link.
import type { Component } from '../../db/types.ts';
import type { SiteData } from './data.ts';
import { feedBaseUrl, listFeedEntries, renderAtom, renderRss } from './feeds.ts';

export interface ComponentFeedPath {
  params: { id: string };
  props: { componentId: string };
}

/** One path per component; a group has no incidents of its own, so it gets none. */
export function listComponentFeedPaths(data: SiteData): ComponentFeedPath[] {
  return data.components.map((component) => ({
    params: { id: component.id },
    props: { componentId: component.id },
  }));
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
