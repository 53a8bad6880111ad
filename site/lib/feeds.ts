// /history.rss and /history.atom: one item per incident or maintenance update, newest posted first. An
// item's identity is its update's id, so a reader never shows the same update twice, whatever else changes.
// Published post-mortems add one item each (its id: the post-mortem's, so a later edit updates
// the item rather than adding one), and one per follow-up that marked action items done.
import { Feed } from 'feed';
import RSS from 'rss';
import type {
  IncidentUpdate,
  IncidentWithDetails,
  MaintenanceUpdate,
  MaintenanceWithDetails,
  PublishedPostmortem,
} from '../../db/types.ts';
import type { SiteData } from './data.ts';
import { escapeHtml } from './escape.ts';
import { maintenanceStatusWord } from './maintenance.ts';
import { renderMarkdown } from './markdown.ts';
import { followUpMarkdown, postmortemPath } from './postmortem.ts';
import { renderPostmortemHtml } from './postmortem-html.ts';
import { incidentStatusWord } from './status.ts';
import { stripXmlForbidden } from './xml-text.ts';

export const FEED_ITEM_LIMIT = 200;

export interface FeedEntry {
  /** The update's (or post-mortem's) id: the RSS guid. */
  id: string;
  /** The Atom id: a URN naming the kind of item and its id. */
  atomId: string;
  /** Plain text: `<incident name> — <Status>`. */
  title: string;
  link: string;
  /** Sanitised HTML of the update's body. */
  html: string;
  /**
   * When the item was posted: the feed's order and its publication date. A back-dated update
   * (an incident entered after the fact) is new to readers, so it must not sort below items
   * they have already seen; the page shows its display time instead.
   */
  posted: Date;
  /** When it last changed: a corrected message moves Atom's <updated>, so readers fetch it again. */
  updated: Date;
}

/**
 * Feeds need absolute links: the page's url, else the site's public address. Without either, a
 * local address keeps the feed valid until the page's url is set.
 */
export function feedBaseUrl(data: SiteData, publicUrl: string): string {
  return (data.page.url || publicUrl || 'http://localhost').replace(/\/+$/, '');
}

type Posted = { id: string; created_at: string };

const newestPostedFirst = (a: Posted, b: Posted) =>
  a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

const later = (a: string, b: string) => new Date(Math.max(Date.parse(a), Date.parse(b)));

/**
 * The post-mortems of these incidents as entries: one for the report (dated its first
 * publication, showing its newest version) and one per follow-up. A post-mortem covering several
 * of the incidents is listed once, under the first of them.
 */
function postmortemEntries(incidents: readonly IncidentWithDetails[], baseUrl: string): FeedEntry[] {
  const seen = new Map<string, { postmortem: PublishedPostmortem; incident: IncidentWithDetails }>();
  for (const incident of incidents) {
    if (incident.postmortem && !seen.has(incident.postmortem.id)) {
      seen.set(incident.postmortem.id, { postmortem: incident.postmortem, incident });
    }
  }
  return [...seen.values()].flatMap(({ postmortem, incident }) => {
    const first =
      postmortem.incident_ids.find((id) => incidents.some((item) => item.id === id)) ?? incident.id;
    const name = incidents.find((item) => item.id === first)?.name ?? incident.name;
    const link = `${baseUrl}${postmortemPath(first)}`;
    const report: FeedEntry = {
      id: postmortem.id,
      atomId: `urn:candor:postmortem:${postmortem.id}`,
      title: `${name} — Post-mortem`,
      link,
      html: renderPostmortemHtml(postmortem),
      posted: new Date(postmortem.published_at),
      updated: new Date(postmortem.updated_at ?? postmortem.published_at),
    };
    const followUps = postmortem.follow_ups.map(
      (followUp): FeedEntry => ({
        id: `${postmortem.id}:v${followUp.version}`,
        atomId: `urn:candor:postmortem:${postmortem.id}:follow-up:${followUp.version}`,
        title: `${name} — Post-mortem follow-up`,
        link,
        html: renderMarkdown(followUpMarkdown(followUp.completed_items)),
        posted: new Date(followUp.published_at),
        updated: new Date(followUp.published_at),
      }),
    );
    return [report, ...followUps];
  });
}

/**
 * The newest `limit` updates across all incidents and maintenance windows, and the post-mortem
 * items of these incidents, as feed entries. Cancelled windows are left out, as everywhere public.
 */
export function listFeedEntries(
  incidents: readonly IncidentWithDetails[],
  baseUrl: string,
  limit = FEED_ITEM_LIMIT,
  maintenances: readonly MaintenanceWithDetails[] = [],
): FeedEntry[] {
  const names = new Map(incidents.map((incident) => [incident.id, incident.name]));
  const incidentEntries = incidents
    .flatMap((incident) => incident.incident_updates)
    .map((update) => ({
      id: update.id,
      created_at: update.created_at,
      entry: () => incidentEntry(update, names.get(update.incident_id) ?? '', baseUrl),
    }));
  const maintenanceEntries = maintenances
    .filter((maintenance) => maintenance.status !== 'cancelled')
    .flatMap((maintenance) =>
      maintenance.maintenance_updates.map((update) => ({
        id: update.id,
        created_at: update.created_at,
        entry: () => maintenanceEntry(update, maintenance.name, baseUrl),
      })),
    );
  const updateEntries = [...incidentEntries, ...maintenanceEntries]
    .sort(newestPostedFirst)
    .slice(0, limit)
    .map((item) => item.entry());
  // A stable sort: updates keep their order among themselves.
  return [...updateEntries, ...postmortemEntries(incidents, baseUrl)]
    .sort((a, b) => b.posted.getTime() - a.posted.getTime())
    .slice(0, limit);
}

function incidentEntry(update: IncidentUpdate, name: string, baseUrl: string): FeedEntry {
  return {
    id: update.id,
    atomId: `urn:candor:incident-update:${update.id}`,
    title: `${name} — ${incidentStatusWord(update.status)}`,
    link: `${baseUrl}/incidents/${encodeURIComponent(update.incident_id)}/#${encodeURIComponent(update.id)}`,
    html: renderMarkdown(update.body),
    posted: new Date(update.created_at),
    updated: later(update.updated_at, update.created_at),
  };
}

function maintenanceEntry(update: MaintenanceUpdate, name: string, baseUrl: string): FeedEntry {
  return {
    id: update.id,
    atomId: `urn:candor:maintenance-update:${update.id}`,
    title: `${name} — Maintenance ${maintenanceStatusWord(update.status).toLowerCase()}`,
    link: `${baseUrl}/maintenance/${encodeURIComponent(update.maintenance_id)}/#${encodeURIComponent(update.id)}`,
    html: renderMarkdown(update.body),
    posted: new Date(update.created_at),
    updated: later(update.updated_at, update.created_at),
  };
}

function feedTitle(data: SiteData): string {
  return `${data.page.name} status history`;
}

// Both feeds drop what XML 1.0 forbids, wherever it came from (a name or body stored before the
// API refused it): one such character would make the whole feed unreadable.

/** RSS 2.0. `rss` adds the atom:link rel="self" from feed_url itself. */
export function renderRss(data: SiteData, entries: readonly FeedEntry[], baseUrl: string): string {
  const feed = new RSS({
    title: feedTitle(data),
    description: `Incident updates from ${data.page.name}`,
    site_url: `${baseUrl}/`,
    feed_url: `${baseUrl}/history.rss`,
    generator: 'Candor',
    language: 'en',
    ttl: 5,
  });
  for (const entry of entries) {
    feed.item({
      // Readers treat an RSS title as HTML, as Atom's type="html": a title such as "<b>" shows as typed.
      title: escapeHtml(entry.title),
      description: entry.html,
      url: entry.link,
      guid: entry.id,
      date: entry.posted,
    });
  }
  return stripXmlForbidden(feed.xml());
}

/** Atom 1.0. Titles are declared type="html", so the plain-text title is escaped once more. */
export function renderAtom(data: SiteData, entries: readonly FeedEntry[], baseUrl: string): string {
  const feed = new Feed({
    id: `${baseUrl}/`,
    title: feedTitle(data),
    link: `${baseUrl}/`,
    feed: `${baseUrl}/history.atom`,
    language: 'en',
    generator: 'Candor',
    copyright: data.page.name,
    author: { name: data.page.name },
    updated: newestChange(entries) ?? new Date(data.page.updated_at),
  });
  for (const entry of entries) {
    feed.addItem({
      title: escapeHtml(entry.title),
      id: entry.atomId,
      link: entry.link,
      date: entry.updated,
      published: entry.posted,
      content: entry.html,
    });
  }
  return stripXmlForbidden(feed.atom1());
}

/** The feed's own <updated>: the latest change of any entry (a correction counts). */
function newestChange(entries: readonly FeedEntry[]): Date | undefined {
  let newest: Date | undefined;
  for (const entry of entries) if (!newest || entry.updated > newest) newest = entry.updated;
  return newest;
}
