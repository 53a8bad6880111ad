import type { APIRoute } from 'astro';
import { listComponentFeedPaths, renderComponentFeed } from '../../../lib/component-feeds.ts';
import { loadSiteData } from '../../../lib/data.ts';
import { readSiteEnv } from '../../../lib/env.ts';

export async function getStaticPaths() {
  return listComponentFeedPaths(await loadSiteData());
}

export const GET: APIRoute = async ({ props }) => {
  const data = await loadSiteData();
  const component = data.components.find((item) => item.id === props.componentId);
  if (!component) return new Response(null, { status: 404 });
  const xml = renderComponentFeed(data, component, 'rss', readSiteEnv().publicUrl);
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
