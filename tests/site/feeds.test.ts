// The feeds as a reader's parser sees them. The rows here are written through the services,
// past the admin API's checks, as rows stored before those checks existed would be.
import { describe, expect, it } from 'vitest';
import { editIncidentUpdate } from '../../api/services/incident-updates.ts';
import { ensurePage } from '../../api/services/page.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { feedBaseUrl, listFeedEntries, renderAtom, renderRss } from '../../site/lib/feeds.ts';
import { createTestDatabase } from '../support/database.ts';
import { makeIncident, testContext } from '../support/factories.ts';
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

  it("move Atom's <updated> when an update's message is corrected", async () => {
    let atomBefore = '';
    const { atom } = await feedsOf(async (db) => {
      const incident = await makeIncident(db, {}, testContext({ now: '2026-11-20T10:00:00.000Z' }));
      const data = await readSiteData(db, Date.now());
      atomBefore = renderAtom(data, listFeedEntries(data.incidents, 'https://s.test'), 'https://s.test');
      const update = incident.incident_updates[0];
      if (!update) throw new Error('no first update');
      await editIncidentUpdate(
        db,
        { incident_id: incident.id, id: update.id, message: 'Corrected.' },
        testContext({ now: '2026-11-20T11:30:00.000Z' }),
      );
    });
    const updatedOf = (xml: string) =>
      parseXml(xml)
        .children.find((c) => c.name === 'entry')
        ?.textOf('updated');
    const feedUpdated = (xml: string) => parseXml(xml).textOf('updated');
    expect(updatedOf(atomBefore)).toBe('2026-11-20T10:00:00.000Z');
    expect(updatedOf(atom)).toBe('2026-11-20T11:30:00.000Z');
    expect(feedUpdated(atom)).toBe('2026-11-20T11:30:00.000Z');
    expect(
      parseXml(atom)
        .children.find((c) => c.name === 'entry')
        ?.textOf('published'),
    ).toBe('2026-11-20T10:00:00.000Z');
  });

  it('order items by when they were posted, so a back-dated incident comes first', async () => {
    const { rss, atom } = await feedsOf(async (db) => {
      await makeIncident(db, { name: 'Seen' }, testContext({ now: '2026-11-20T10:00:00.000Z' }));
      await makeIncident(
        db,
        { name: 'Back-dated', started_at: '2026-11-01T08:00:00.000Z' },
        testContext({ now: '2026-11-20T12:00:00.000Z' }),
      );
    });
    expect(parseRssItems(rss).map((item) => item.title)).toEqual([
      'Back-dated — Investigating',
      'Seen — Investigating',
    ]);
    expect(readAtomEntries(parseXml(atom)).map((entry) => entry.title)).toEqual([
      'Back-dated — Investigating',
      'Seen — Investigating',
    ]);
  });
});
