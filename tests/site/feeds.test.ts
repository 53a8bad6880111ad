// The feeds as a reader's parser sees them. The rows here are written through the services,
// past the admin API's checks, as rows stored before those checks existed would be.
import { describe, expect, it } from 'vitest';
import { ensurePage } from '../../api/services/page.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { feedBaseUrl, listFeedEntries, renderAtom, renderRss } from '../../site/lib/feeds.ts';
import { createTestDatabase } from '../support/database.ts';
import { makeIncident } from '../support/factories.ts';
import { parseRssItems, parseXml, readAtomEntries } from './documents.ts';
import { xmlWellFormednessProblem } from './xml-check.ts';

async function feedsOf(
  setUp: (db: Awaited<ReturnType<typeof createTestDatabase>>['db']) => Promise<unknown>,
) {
  const { db } = await createTestDatabase();
  await setUp(db);
  const data = await readSiteData(db, Date.now());
  const base = feedBaseUrl(data, '');
  const entries = listFeedEntries(data.incidents, base);
  return { rss: renderRss(data, entries, base), atom: renderAtom(data, entries, base) };
}

describe('the feeds', () => {
  it('stay well-formed XML when a stored page name, incident name or body holds control characters', async () => {
    const { rss, atom } = await feedsOf(async (db) => {
      await ensurePage(db, { name: 'Acme\u0000\u0007', url: '', time_zone: 'UTC' }, new Date().toISOString());
      await makeIncident(db, { name: 'Ctl \u001b[1m', message: 'vt \u000b \ufffe \uffff end' });
    });
    expect(xmlWellFormednessProblem(rss)).toBeNull();
    expect(xmlWellFormednessProblem(atom)).toBeNull();
    expect(parseRssItems(rss)[0]?.title).toBe('Ctl [1m — Investigating');
    expect(parseRssItems(rss)[0]?.description).toBe('<p>vt    end</p>');
  });

  it('escape RSS titles as Atom titles are, so a title reads as typed', async () => {
    const { rss, atom } = await feedsOf((db) => makeIncident(db, { name: '<b>Login</b> & "SSO"' }));
    // Both carry the title as HTML: the markup typed in a name is escaped text, not markup.
    const rssTitle = parseRssItems(rss)[0]?.title;
    const atomTitle = readAtomEntries(parseXml(atom))[0]?.title;
    expect(rssTitle).toBe('&lt;b&gt;Login&lt;/b&gt; &amp; &quot;SSO&quot; — Investigating');
    expect(rssTitle).toBe(atomTitle);
  });
});
