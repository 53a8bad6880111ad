// /history.rss and /history.atom: one item per incident update, newest first. An item's identity
// is its update's id, so a reader never shows the same update twice, whatever else changes.
import { Feed } from 'feed';
import RSS from 'rss';
import type { IncidentUpdate, IncidentWithDetails } from '../../db/types.ts';
import type { SiteData } from './data.ts';
import { escapeHtml } from './escape.ts';
import { renderMarkdown } from './markdown.ts';
import { incidentStatusWord } from './status.ts';
import { stripXmlForbidden } from './xml-text.ts';

export const FEED_ITEM_LIMIT = 200;

export interface FeedEntry {
  /** The update's id: the RSS guid, and the tail of the Atom id. */
  id: string;
  /** Plain text: `<incident name> — <Status>`. */
  title: string;
  link: string;
  /** Sanitised HTML of the update's body. */
  html: string;
  /**
   * When the update was posted: the feed's order and its publication date. A back-dated update
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

const newestPostedFirst = (a: IncidentUpdate, b: IncidentUpdate) =>
  a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

const later = (a: string, b: string) => new Date(Math.max(Date.parse(a), Date.parse(b)));

/** The newest `limit` updates across all incidents, as feed entries. */
export function listFeedEntries(
  incidents: readonly IncidentWithDetails[],
  baseUrl: string,
  limit = FEED_ITEM_LIMIT,
): FeedEntry[] {
  const names = new Map(incidents.map((incident) => [incident.id, incident.name]));
  const updates = incidents.flatMap((incident) => incident.incident_updates).sort(newestPostedFirst);
  return updates.slice(0, limit).map((update) => ({
    id: update.id,
    title: `${names.get(update.incident_id) ?? ''} — ${incidentStatusWord(update.status)}`,
    link: `${baseUrl}/incidents/${encodeURIComponent(update.incident_id)}/#${encodeURIComponent(update.id)}`,
    html: renderMarkdown(update.body),
    posted: new Date(update.created_at),
    updated: later(update.updated_at, update.created_at),
  }));
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
      id: `urn:candor:incident-update:${entry.id}`,
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
