import type { APIRoute } from 'astro';
import { loadSiteData } from '../lib/data.ts';
import { readSiteEnv } from '../lib/env.ts';
import { feedBaseUrl, listFeedEntries, renderAtom } from '../lib/feeds.ts';

export const GET: APIRoute = async () => {
  const data = await loadSiteData();
  const baseUrl = feedBaseUrl(data, readSiteEnv().publicUrl);
  const xml = renderAtom(
    data,
    listFeedEntries(data.incidents, baseUrl, undefined, data.maintenances),
    baseUrl,
  );
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
