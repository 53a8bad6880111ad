// Builds the real site with `astro build` (through the same runner the server uses) from a
// database holding the fixture page, and reads the files it wrote.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock } from '../../api/cadence/clock-format.ts';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';
import { dateKey, localDateOf, monthKeyOf } from '../../site/lib/time.ts';
import { type HtmlElement, parseHtml, parseRssItems, parseXml, readAtomEntries } from './documents.ts';
import {
  GROUP_EDGE,
  insertSiteFixture,
  OLD_NAME,
  OPEN_NAME,
  PAGE_NAME,
  RECENT_NAME,
  RESOLVED_NAME,
  type SiteFixture,
  WEBHOOKS,
} from './fixtures.ts';

const BUILD_TIMEOUT = 120_000;
const DAY = 86_400_000;
const ZONE = 'Europe/Berlin';

/** `YYYY-MM-DD` of the instant in the fixture page's zone. */
const berlinDay = (instant: number) => dateKey(localDateOf(instant, ZONE));

/** Heading levels in document order. */
function headingLevels(page: HtmlElement): number[] {
  const levels: number[] = [];
  const visit = (element: HtmlElement) => {
    const match = element.name.match(/^h([1-6])$/);
    if (match) levels.push(Number(match[1]));
    for (const child of element.children) visit(child);
  };
  visit(page);
  return levels;
}

function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `candor-site-${label}-`));
}

describe('the built site', () => {
  let dir: string;
  let out: string;
  let fixture: SiteFixture;
  let buildMs: number;
  let reportedPages: number;
  const read = (path: string) => readFile(join(out, path), 'utf8');

  // One build for every read-only check below. The database is made like createTestDatabase()
  // makes it, but lives for the whole describe block instead of one test.
  beforeAll(async () => {
    dir = tempDir('shared');
    const url = `file:${join(dir, 'candor.db')}`;
    const db = await openNodeDatabase(url);
    await migrate(db, await readMigrationFiles());
    fixture = await insertSiteFixture(db);
    // The page publishes its incident metrics (off by default), so that their line is checked too.
    await db.execute('UPDATE page SET show_incident_metrics = 1');
    db.close();
    out = join(dir, 'out');
    const started = performance.now();
    reportedPages = (
      await runAstroBuild({
        databaseUrl: url,
        outDir: out,
        cacheDir: join(dir, 'cache'),
        apiOrigin: 'https://api.example.com',
        liveRefreshSeconds: 7,
      })
    ).pages;
    buildMs = performance.now() - started;
    console.info(`site build of the fixture: ${Math.round(buildMs)} ms`);
  }, BUILD_TIMEOUT);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports how many pages it built', () => {
    const html = readdirSync(out, { recursive: true }).filter((file) => String(file).endsWith('.html'));
    expect(reportedPages).toBe(html.length);
    expect(reportedPages).toBeGreaterThan(3);
  });

  it('shows the overall status, worst of open incidents and component statuses, in words', async () => {
    const page = parseHtml(await read('index.html'));
    const region = page.find('[aria-live=polite]');
    const banner = region?.find('[data-status-banner]');
    expect(banner?.attributes['data-indicator']).toBe('minor');
    // It names what is affected, and the open incident, rather than only the page-wide word.
    expect(page.textOf('[data-status-description]')).toBe('Dashboard is experiencing degraded performance');
    expect(banner?.text).toContain(`Open incident: ${OPEN_NAME}`);
    expect(page.textOf('p.affected')).toBe('Affected: Dashboard (degraded performance).');
  });

  it('lists every visible component with its status word and uptime, grouped, with the formula', async () => {
    const page = parseHtml(await read('index.html'));
    const row = (id: string) => page.find(`[data-component-id=${id}]`);
    expect(page.textOf(`[data-component-id=${fixture.ids.api}]`)).toMatch(/API\s+Operational/);
    expect(page.textOf(`[data-component-id=${fixture.ids.dashboard}]`)).toMatch(
      /Dashboard\s+Degraded performance/,
    );
    expect(page.textOf(`[data-group-id=grp_edge]`)).toContain(GROUP_EDGE);
    expect(page.textOf(`[data-component-id=${fixture.ids.webhooks}]`)).toContain(WEBHOOKS);
    // 2 h of major outage in ~89.5 days; 4 h of partial outage count as 1.2 h down.
    expect(page.textOf(`[data-component-id=${fixture.ids.api}]`)).toContain('99.90 % uptime');
    expect(page.textOf(`[data-component-id=${fixture.ids.dashboard}]`)).toContain('99.94 % uptime');
    expect(page.textOf(`[data-component-id=${fixture.ids.webhooks}]`)).toMatch(
      /No data before \d+ \w+ \d{4}/,
    );
    // showcase off: listed without a bar; only shown when degraded: in the page but hidden.
    expect(row(fixture.ids.emails)?.find('svg.bars')).toBeUndefined();
    expect(row(fixture.ids.legacy)?.attributes.hidden).toBeDefined();
    expect(page.text).toContain(
      'major outage counts as fully down, partial outage as 30 % down, degraded performance counts as up, time under maintenance is excluded',
    );
    expect(page.text).toContain("Times are shown in the page's time zone, Europe/Berlin.");
  });

  it('shows the open incident with its updates on the front page, not the resolved ones', async () => {
    const page = parseHtml(await read('index.html'));
    const active = page.find('[data-active-incidents]');
    expect(active?.text).toContain(OPEN_NAME);
    expect(active?.text).toContain('We are looking into slow page loads.');
    expect(active?.find('strong')?.text).toBe('looking');
    expect(active?.text).not.toContain(RESOLVED_NAME);
  });

  it('promises the next update of an open incident on / and its page, in the page time zone, and none once resolved', async () => {
    const opened = fixture.startedAt[fixture.ids.open] ?? 0;
    // A minor incident: the default cadence is 240 minutes after its latest update.
    const due = new Date(opened + 240 * 60_000).toISOString();
    const expected = `Next update by ${formatClock(due, ZONE)}`;
    for (const path of ['index.html', `incidents/${fixture.ids.open}/index.html`]) {
      const promise = parseHtml(await read(path)).find('[data-next-update]');
      expect(promise?.text.replace(/\s+/g, ' ').trim(), path).toBe(expected);
      expect(promise?.find('time')?.attributes.datetime, path).toBe(due);
    }
    const resolved = parseHtml(await read(`incidents/${fixture.ids.resolved}/index.html`));
    expect(resolved.find('[data-next-update]')).toBeUndefined();
  });

  it('lists the last 7 local days under "Past incidents", newest first, each incident under its day', async () => {
    const page = parseHtml(await read('index.html'));
    const section = page.find('main section[aria-labelledby=past-heading]');
    expect(section?.textOf('h2')).toBe('Past incidents');
    const days = section?.findAll('[data-day]') ?? [];
    const keys = days.map((day) => day.attributes['data-day'] ?? '');
    // Today (when the page was built) first, then the six days before it.
    const builtAt = Date.parse(page.find('[data-live-updated] time')?.attributes.datetime ?? '');
    expect(keys[0]).toBe(berlinDay(builtAt));
    // Quiet days fold into one line each run: together the entries cover 7 consecutive days.
    const spans = days.map((day) => Number(day.attributes['data-days'] ?? 1));
    expect(spans.reduce((a, b) => a + b, 0)).toBe(7);
    for (const [index, key] of keys.entries()) {
      if (index > 0)
        expect(Date.parse(keys[index - 1] ?? '') - Date.parse(key)).toBe((spans[index - 1] ?? 1) * DAY);
    }
    const heading = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: ZONE,
    });
    let quiet = 0;
    for (const [index, day] of days.entries()) {
      const key = day.attributes['data-day'] ?? '';
      const span = spans[index] ?? 1;
      const expected = Object.entries(fixture.startedAt)
        .filter(([, at]) => berlinDay(at) === key)
        .sort(([, a], [, b]) => b - a)
        .map(([id]) => `/incidents/${id}/`);
      if (day.attributes['data-days'] !== undefined) {
        // A run of quiet days, newest first: one line, no incident in any of its days.
        for (let back = 0; back < span; back++) {
          const date = new Date(Date.parse(`${key}T12:00:00Z`) - back * DAY).toISOString().slice(0, 10);
          expect(
            Object.values(fixture.startedAt).some((at) => berlinDay(at) === date),
            date,
          ).toBe(false);
        }
        quiet += span;
        expect(day.text, key).toMatch(/No incidents reported\.$/);
        continue;
      }
      expect(day.find('h3 time')?.attributes.datetime).toBe(key);
      // Noon UTC falls on the same date in Berlin.
      expect(day.textOf('h3')).toBe(heading.format(Date.parse(`${key}T12:00:00Z`)));
      const listed = day
        .findAll('li a')
        .map((a) => a.attributes.href ?? '')
        .filter((href) => href.startsWith('/incidents/'));
      expect(listed, key).toEqual(expected);
    }
    // Two incidents in the last week (today's open one and the one from two days ago) at most.
    expect(quiet).toBeGreaterThanOrEqual(5);
    expect(section?.text).not.toContain(RESOLVED_NAME);
    expect(section?.text).not.toContain(OLD_NAME);
    expect(
      section
        ?.findAll('a')
        .slice(-3)
        .map((a) => a.attributes.href),
    ).toEqual(['/history/', '/history.rss', '/history.atom']);
  });

  it('shows a past incident with its impact in words and the start of its latest update as text', async () => {
    const page = parseHtml(await read('index.html'));
    const day = page.find(`[data-day=${berlinDay(fixture.startedAt[fixture.ids.recent] ?? 0)}]`);
    const entry = day?.findAll('li').find((li) => li.text.startsWith(RECENT_NAME));
    expect(entry?.find('a')?.attributes.href).toBe(`/incidents/${fixture.ids.recent}/`);
    expect(entry?.find('strong')?.text).toBe('Resolved');
    // Markdown gone, the script dropped with its content, < & " shown as typed.
    expect(entry?.text).toContain('Resolved — Retries are on time again. Queue < 1 min & "empty".');
    expect(entry?.text).toContain('Minor impact');
    expect(entry?.find('time')?.attributes.datetime).toBe(
      new Date(fixture.startedAt[fixture.ids.recent] ?? 0).toISOString(),
    );
    expect(entry?.text).toContain('lasted 45 min');
    expect(
      entry
        ?.findAll('*')
        .map((element) => element.name)
        .sort(),
    ).toEqual(['a', 'p', 'p', 'strong', 'time']);
  });

  it('marks an open incident among past ones and points to its full entry instead of repeating it', async () => {
    const page = parseHtml(await read('index.html'));
    const section = page.find('section[aria-labelledby=past-heading]');
    const entry = section?.findAll('li').find((li) => li.text.startsWith(OPEN_NAME));
    expect(entry?.text).toContain('Investigating — still open, see Active incidents');
    expect(entry?.findAll('a').map((a) => a.attributes.href)).toEqual([
      `/incidents/${fixture.ids.open}/`,
      '#active-heading',
    ]);
    expect(page.find('h2#active-heading')).toBeDefined();
    expect(section?.text).not.toContain('slow page loads');
  });

  it('keeps heading levels in order on the front page', async () => {
    const levels = headingLevels(parseHtml(await read('index.html')));
    expect(levels[0]).toBe(1);
    for (const [index, level] of levels.entries()) {
      if (index > 0) expect(level).toBeLessThanOrEqual((levels[index - 1] ?? 1) + 1);
    }
    expect(levels.filter((level) => level === 3).length).toBeGreaterThanOrEqual(3);
  });

  it('gives the live script its settings and hooks in data attributes', async () => {
    const page = parseHtml(await read('index.html'));
    const live = page.find('[data-live]');
    expect(live?.attributes['data-api-origin']).toBe('https://api.example.com');
    expect(live?.attributes['data-refresh-seconds']).toBe('7');
    expect(live?.attributes['data-live-scope']).toBe('page');
    expect(live?.attributes['data-live-signature']).toMatch(/^[0-9a-z]+$/);
    expect(page.find('[data-zone-note]')?.attributes['data-page-zone']).toBe('Europe/Berlin');
    expect(page.findAll('[data-component-id]')).toHaveLength(8);
    expect(page.findAll('[data-group-id]')).toHaveLength(2);
    expect(page.findAll('[data-live-fragment]').map((f) => f.attributes['data-live-fragment'])).toEqual([
      'banner',
      'active',
      'maintenance',
      'components',
      'past',
    ]);
    // One module script of a few KB, from a file (never inline, which the CSP forbids): no
    // framework runtime.
    const scripts = page.findAll('script');
    expect(scripts).toHaveLength(1);
    const src = scripts[0]?.attributes.src ?? '';
    expect(src).toMatch(/^\/_astro\/[\w.-]+\.js$/);
    const script = await read(src);
    expect(Buffer.byteLength(script)).toBeGreaterThan(500);
    expect(Buffer.byteLength(script)).toBeLessThan(6 * 1024);
  });

  it('writes a _headers file giving static hosts the security headers, with the API origin allowed', async () => {
    const headers = await read('_headers');
    expect(headers).toMatch(/^\/\*\n {2}Content-Security-Policy: .*script-src 'self';/);
    expect(headers).toContain("connect-src 'self' https://api.example.com;");
    expect(headers).not.toContain('unsafe-inline');
    expect(headers).toContain('  X-Content-Type-Options: nosniff\n');
    expect(headers).toContain('  Referrer-Policy: strict-origin-when-cross-origin\n');
  });

  it('advertises the feeds in the head and links history and feeds', async () => {
    const page = parseHtml(await read('index.html'));
    const alternates = page
      .findAll('link[rel=alternate]')
      .map((link) => [link.attributes.type, link.attributes.href]);
    expect(alternates).toEqual([
      ['application/rss+xml', '/history.rss'],
      ['application/atom+xml', '/history.atom'],
      ['text/calendar', '/maintenance.ics'],
    ]);
    const links = page.findAll('a').map((a) => a.attributes.href);
    expect(links).toEqual(expect.arrayContaining(['/history/', '/history.rss', '/history.atom']));
  });

  it('renders every update of an incident, newest first, with sanitised markdown', async () => {
    const html = await read(`incidents/${fixture.ids.resolved}/index.html`);
    const page = parseHtml(html);
    expect(page.textOf('h1')).toBe(RESOLVED_NAME);
    const updates = page.findAll('li[data-update-id]');
    expect(updates.map((update) => update.attributes.id)).toEqual([...fixture.ids.resolvedUpdates].reverse());
    expect(updates.map((update) => update.find('h3')?.text)).toEqual([
      'Resolved',
      'Monitoring',
      'Identified',
      'Investigating',
    ]);
    expect(updates.every((update) => update.find('time')?.attributes.datetime)).toBe(true);
    const hostile = updates[3];
    expect(hostile?.find('strong')?.text).toBe('investigating');
    expect(hostile?.findAll('a').map((a) => a.attributes)).toEqual([
      { rel: 'nofollow noopener' },
      { href: 'https://example.com/docs?a=1&b=2', rel: 'nofollow noopener' },
      { rel: 'nofollow noopener' },
    ]);
    // The page's own module script (from a file) aside, nothing runs and nothing loads.
    const withoutOwnScript = html.replace(/<script type="module" src="\/_astro\/[\w.-]+\.js"><\/script>/, '');
    expect(withoutOwnScript).not.toMatch(/<script|javascript:|onerror|<img/i);
    expect(hostile?.text).toContain('Rates < 5 % & "falling".');
  });

  it('says how soon and how often an incident was updated when the page publishes it', async () => {
    const page = parseHtml(await read(`incidents/${fixture.ids.resolved}/index.html`));
    expect(page.textOf('[data-incident-metrics]')).toMatch(
      /^First update (under a minute|[\d hmin]+) after start; updated every [\d hmin]+ on average\.$/,
    );
  });

  it('states impact, affected components, start, end and duration of an incident', async () => {
    const page = parseHtml(await read(`incidents/${fixture.ids.resolved}/index.html`));
    const facts = page.find('dl')?.text.replace(/\s+/g, ' ');
    expect(facts).toContain('Impact Major impact');
    expect(facts).toContain('Duration 2 h');
    expect(facts).toContain('Affected components API');
    expect(page.findAll('dl time')).toHaveLength(2);
    const open = parseHtml(await read(`incidents/${fixture.ids.open}/index.html`));
    expect(open.find('dl')?.text.replace(/\s+/g, ' ')).toContain('Duration Ongoing');
  });

  it('lists recent incidents on /history/ and every month with incidents on its own page', async () => {
    const history = parseHtml(await read('history/index.html'));
    expect(history.text).toContain(RESOLVED_NAME);
    expect(history.text).toContain(OPEN_NAME);
    // Five months old: only on its month's page, which /history/ links.
    expect(history.text).not.toContain(OLD_NAME);
    const monthLinks = history
      .findAll('a')
      .map((a) => a.attributes.href ?? '')
      .filter((href) => /^\/history\/\d{4}-\d\d\/$/.test(href));
    // One per month with incidents: how many depends on the day of the month the test runs.
    const months = new Set(
      Object.values(fixture.startedAt).map((at) => monthKeyOf(new Date(at).toISOString(), ZONE)),
    );
    expect(monthLinks).toHaveLength(months.size);
    const pages = await Promise.all(monthLinks.map((href) => read(`${href.slice(1)}index.html`)));
    expect(pages.some((html) => parseHtml(html).text.includes(OLD_NAME))).toBe(true);
  });

  it('has a real 404 page', async () => {
    const page = parseHtml(await read('404.html'));
    expect(page.textOf('h1')).toBe('Page not found');
    expect(page.find('main')).toBeDefined();
  });

  it('escapes user strings in the HTML: they show as text and never become markup', async () => {
    for (const path of ['index.html', `incidents/${fixture.ids.resolved}/index.html`, 'history/index.html']) {
      const page = parseHtml(await read(path));
      expect(page.text, path).toContain(PAGE_NAME);
      const tags = new Set(page.findAll('*').map((element) => element.name));
      for (const injected of ['cloud', 'delivery', 'v2', 'b'])
        expect(tags.has(injected), `${path}: <${injected}>`).toBe(false);
    }
    const index = await read('index.html');
    expect(index).toContain('Acme &lt;Cloud&gt; &amp; &quot;Co&quot;');
  });

  it('publishes one RSS item and one Atom entry per update, with the update id as identity', async () => {
    const rss = parseRssItems(await read('history.rss'));
    const atom = readAtomEntries(parseXml(await read('history.atom')));
    const allUpdates = [
      ...fixture.ids.resolvedUpdates,
      fixture.ids.openUpdate,
      ...fixture.ids.oldUpdates,
      ...fixture.ids.recentUpdates,
    ];
    expect(rss.map((item) => item.guid).sort()).toEqual([...allUpdates].sort());
    expect(rss.every((item) => item.isPermaLink === 'false')).toBe(true);
    expect(atom.map((entry) => entry.id).sort()).toEqual(
      allUpdates.map((id) => `urn:candor:incident-update:${id}`).sort(),
    );
    const first = rss.find((item) => item.guid === 'upd_r1');
    expect(first?.link).toBe(`https://status.example.com/incidents/${fixture.ids.resolved}/#upd_r1`);
    expect(first?.title).toBe('API errors &lt;b&gt;&amp; timeouts&lt;/b&gt; — Investigating');
    expect(first?.description).not.toMatch(/<script|javascript:|onerror/i);
    expect(first?.description).toContain('<strong>investigating</strong>');
  });

  it('writes valid feeds whose user strings are escaped, with one self link each', async () => {
    const rssText = await read('history.rss');
    const atomText = await read('history.atom');
    const rss = parseXml(rssText);
    expect(rss.name).toBe('rss');
    expect(rss.attributes.version).toBe('2.0');
    expect(rssText.match(/rel="self"/g)).toHaveLength(1);
    // Readers take RSS titles as HTML too: escaped once more, like Atom's.
    expect(parseRssItems(rssText).map((item) => item.title)).toContain(
      'API errors &lt;b&gt;&amp; timeouts&lt;/b&gt; — Resolved',
    );
    const atom = parseXml(atomText);
    expect(atom.name).toBe('feed');
    expect(atomText.match(/rel="self"/g)).toHaveLength(1);
    // Atom titles are type="html": the incident name is escaped once more, so it is never markup.
    const titles = readAtomEntries(atom).map((entry) => entry.title);
    expect(titles).toContain('API errors &lt;b&gt;&amp; timeouts&lt;/b&gt; — Resolved');
    expect(atom.textOf('title')).toBe(`${PAGE_NAME} status history`);
  });

  it('publishes each component its own RSS and Atom feed of the incidents that affected it, linked from its row', async () => {
    const rssText = await read(`components/${fixture.ids.api}/history.rss`);
    const rss = parseRssItems(rssText);
    expect(rss.map((item) => item.guid).sort()).toEqual([...fixture.ids.resolvedUpdates].sort());
    expect(rssText).toContain(`https://status.example.com/components/${fixture.ids.api}/history.rss`);
    const atomText = await read(`components/${fixture.ids.api}/history.atom`);
    expect(
      readAtomEntries(parseXml(atomText))
        .map((entry) => entry.id)
        .sort(),
    ).toEqual(fixture.ids.resolvedUpdates.map((id) => `urn:candor:incident-update:${id}`).sort());
    expect(atomText.match(/rel="self"/g)).toHaveLength(1);
    expect(parseXml(atomText).textOf('title')).toBe(`${PAGE_NAME}: API status history`);
    expect(parseRssItems(await read(`components/${fixture.ids.dns}/history.rss`))).toEqual([]);
    const links = parseHtml(await read('index.html'))
      .findAll(`li[data-component-id=${fixture.ids.api}] a`)
      .map((element) => element.attributes.href);
    const feeds = [
      `/components/${fixture.ids.api}/history.rss`,
      `/components/${fixture.ids.api}/history.atom`,
    ];
    expect(links).toEqual([`/components/${fixture.ids.api}/`, ...feeds]);
    const page = parseHtml(await read(`components/${fixture.ids.api}/index.html`));
    expect(page.textOf('h1')).toBe('API');
    expect(page.findAll('a').map((a) => a.attributes.href)).toEqual(
      expect.arrayContaining([...feeds, `/incidents/${fixture.ids.resolved}/`]),
    );
  });

  it('keeps the front page within 60 KB of HTML, CSS and JavaScript', async () => {
    const html = await read('index.html');
    const page = parseHtml(html);
    const assets = [
      ...page.findAll('link[rel=stylesheet]').map((link) => link.attributes.href ?? ''),
      ...page.findAll('script[src]').map((script) => script.attributes.src ?? ''),
    ];
    const sizes = await Promise.all(assets.map(async (href) => (await stat(join(out, href))).size));
    const total = Buffer.byteLength(html) + sizes.reduce((sum, size) => sum + size, 0);
    console.info(`front page weight: ${total} bytes (${assets.length} external assets)`);
    expect(total).toBeLessThanOrEqual(60 * 1024);
  });
});
