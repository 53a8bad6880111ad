import type { APIRoute } from 'astro';
import { loadSiteData } from '../lib/data.ts';
import { readSiteEnv } from '../lib/env.ts';
import { feedBaseUrl } from '../lib/feeds.ts';
import { renderCalendar } from '../lib/ical.ts';

export const GET: APIRoute = async () => {
  const data = await loadSiteData();
  const ics = renderCalendar({
    pageName: data.page.name,
    baseUrl: feedBaseUrl(data, readSiteEnv().publicUrl),
    maintenances: data.maintenances,
    componentNames: new Map(data.components.map((component) => [component.id, component.name])),
    now: data.builtAt,
  });
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
