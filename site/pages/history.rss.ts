import type { APIRoute } from 'astro';
import { loadSiteData } from '../lib/data.ts';
import { readSiteEnv } from '../lib/env.ts';
import { feedBaseUrl, listFeedEntries, renderRss } from '../lib/feeds.ts';

export const GET: APIRoute = async () => {
  const data = await loadSiteData();
  const baseUrl = feedBaseUrl(data, readSiteEnv().publicUrl);
  const xml = renderRss(
    data,
    listFeedEntries(data.incidents, baseUrl, undefined, data.maintenances),
    baseUrl,
  );
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
