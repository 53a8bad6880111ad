import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { postIncidentUpdate } from '../../api/services/incident-updates.ts';
import { createIncident } from '../../api/services/incidents.ts';
import { cancelMaintenance, createMaintenance } from '../../api/services/maintenances.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { listFeedEntries } from '../../site/lib/feeds.ts';
import { foldLine, renderCalendar } from '../../site/lib/ical.ts';
import { buildOverview } from '../../site/lib/overview.ts';
import { makeComponent, testContext } from '../support/factories.ts';
import { createMailWorld, type MailWorld } from '../support/mail.ts';
import { DAY, HOUR, iso, MINUTE, tick } from './support.ts';

const ctx = (world: MailWorld) => testContext({ now: world.clock.now.toISOString() });

function uptimeOf(overview: ReturnType<typeof buildOverview>, name: string): number | null | undefined {
  for (const item of overview.items) {
    if (item.kind === 'component' && item.view.component.name === name) return item.view.uptime?.fraction;
  }
  return undefined;
}

/** A major outage of `minutes` on the component, opened and resolved at the world's clock. */
async function outage(world: MailWorld, componentId: string, minutes: number) {
  const incident = await createIncident(
    world.db,
    {
      name: 'Outage',
      status: 'investigating',
      impact: 'critical',
      message: 'Down.',
      components: { [componentId]: 'major_outage' },
    },
    ctx(world),
  );
  world.clock.advance(minutes * MINUTE);
  await postIncidentUpdate(
    world.db,
    { incident_id: incident.id, status: 'resolved', message: 'Up.' },
    ctx(world),
  );
}

describe('maintenance on the site', () => {
  it('leaves the window out of uptime, even an outage inside it, but not one outside it', async () => {
    const world = await createMailWorld();
    const created = world.clock.now.getTime();
    const inWindow = await makeComponent(world.db, { name: 'In window' }, ctx(world));
    const outside = await makeComponent(world.db, { name: 'Outside' }, ctx(world));
    const unmarked = await makeComponent(world.db, { name: 'Unmarked' }, ctx(world));
    await createMaintenance(
      world.db,
      {
        name: 'Upgrade',
        scheduled_for: iso(world.clock.now, HOUR),
        scheduled_until: iso(world.clock.now, 3 * HOUR),
        components: [inWindow.id],
        message: 'Planned.',
      },
      ctx(world),
    );
    // A window whose components keep their status is left out of their uptime all the same.
    await createMaintenance(
      world.db,
      {
        name: 'Quiet upgrade',
        scheduled_for: iso(world.clock.now, HOUR),
        scheduled_until: iso(world.clock.now, 3 * HOUR),
        components: [unmarked.id],
        message: 'Planned.',
        set_components_under_maintenance: false,
      },
      ctx(world),
    );
    world.clock.advance(HOUR + 1000);
    await tick(world);
    // During the window: both in-window components go down for half an hour; so does the other one.
    world.clock.advance(30 * MINUTE);
    await outage(world, inWindow.id, 30);
    world.clock.advance(-30 * MINUTE);
    await outage(world, unmarked.id, 30);
    world.clock.advance(-30 * MINUTE);
    await outage(world, outside.id, 30);
    world.clock.now = new Date(created + 3 * HOUR + 1000);
    await tick(world);

    const overview = buildOverview(await readSiteData(world.db, created + DAY));
    expect(uptimeOf(overview, 'In window')).toBe(1);
    expect(uptimeOf(overview, 'Unmarked')).toBe(1);
    const outsideUptime = uptimeOf(overview, 'Outside') ?? 1;
    // Uptime counts from a component's start_date, its creation day in the page's zone (UTC here):
    // from midnight, 12 hours before it was created, to the moment read.
    const span = created + DAY - Date.parse('2026-11-30T00:00:00.000Z');
    // 30 minutes down out of that span.
    expect(outsideUptime).toBeCloseTo(1 - (30 * MINUTE) / span, 6);
    // And the In window component counts 2 hours less: the window is out of the denominator.
    const item = overview.items.find(
      (entry) => entry.kind === 'component' && entry.view.component.id === inWindow.id,
    );
    const counted =
      item?.kind === 'component' ? item.view.uptime?.days.reduce((sum, day) => sum + day.countedMs, 0) : 0;
    expect(counted).toBe(span - 2 * HOUR);
  });

  it('shows running and upcoming windows on the front page and their updates in the feeds', async () => {
    const world = await createMailWorld();
    const api = await makeComponent(world.db, { name: 'API' }, ctx(world));
    const running = await createMaintenance(
      world.db,
      {
        name: 'Running',
        scheduled_for: iso(world.clock.now, MINUTE),
        scheduled_until: iso(world.clock.now, 2 * HOUR),
        components: [api.id],
        message: 'Now.',
      },
      ctx(world),
    );
    const later = await createMaintenance(
      world.db,
      {
        name: 'Later',
        scheduled_for: iso(world.clock.now, DAY),
        scheduled_until: iso(world.clock.now, DAY + HOUR),
        message: 'Soon.',
      },
      ctx(world),
    );
    const dropped = await createMaintenance(
      world.db,
      {
        name: 'Dropped',
        scheduled_for: iso(world.clock.now, DAY),
        scheduled_until: iso(world.clock.now, DAY + HOUR),
        message: 'Maybe.',
      },
      ctx(world),
    );
    await cancelMaintenance(world.db, { id: dropped.id }, ctx(world));
    world.clock.advance(2 * MINUTE);
    await tick(world);
    const data = await readSiteData(world.db, world.clock.now.getTime());
    const overview = buildOverview(data);
    expect(overview.maintenances.map((item) => [item.id, item.status])).toEqual([
      [running.id, 'in_progress'],
      [later.id, 'scheduled'],
    ]);
    expect(overview.status.indicator).toBe('maintenance');
    const entries = listFeedEntries(data.incidents, 'https://status.acme.test', undefined, data.maintenances);
    // Both announcements share one moment: their order between them is the ids', so compare as a set.
    expect(entries[0]?.title).toBe('Running — Maintenance in progress');
    expect(
      entries
        .slice(1)
        .map((entry) => entry.title)
        .sort(),
    ).toEqual(['Later — Maintenance scheduled', 'Running — Maintenance scheduled']);
    expect(entries[0]?.link).toMatch(new RegExp(`/maintenance/${running.id}/#mup_`));
  });
});

describe('/maintenance.ics', () => {
  it('is a calendar ical.js reads: upcoming and recent windows, cancelled ones marked, text escaped', async () => {
    const world = await createMailWorld();
    const api = await makeComponent(world.db, { name: 'API, EU; "core"' }, ctx(world));
    const long = `Replacing the primary; failover, then back\\again.\nSecond line — ünïcödé ${'x'.repeat(120)}`;
    const upcoming = await createMaintenance(
      world.db,
      {
        name: 'DB; upgrade, phase \\ 1',
        scheduled_for: iso(world.clock.now, DAY),
        scheduled_until: iso(world.clock.now, DAY + 2 * HOUR),
        components: [api.id],
        message: long,
      },
      ctx(world),
    );
    const cancelled = await createMaintenance(
      world.db,
      {
        name: 'Called off',
        scheduled_for: iso(world.clock.now, 2 * DAY),
        scheduled_until: iso(world.clock.now, 2 * DAY + HOUR),
        message: 'Maybe.',
      },
      ctx(world),
    );
    await cancelMaintenance(world.db, { id: cancelled.id }, ctx(world));
    const old = await createMaintenance(
      world.db,
      {
        name: 'Long ago',
        scheduled_for: iso(world.clock.now, MINUTE),
        scheduled_until: iso(world.clock.now, HOUR),
        message: 'Old.',
      },
      ctx(world),
    );
    world.clock.advance(2 * MINUTE);
    await tick(world);
    world.clock.advance(HOUR);
    await tick(world);

    const render = (now: number) =>
      readSiteData(world.db, now).then((data) =>
        renderCalendar({
          pageName: data.page.name,
          baseUrl: 'https://status.acme.test',
          maintenances: data.maintenances,
          componentNames: new Map(data.components.map((component) => [component.id, component.name])),
          now,
        }),
      );
    const ics = await render(world.clock.now.getTime());
    expect(ics.endsWith('\r\n')).toBe(true);
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);

    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Acme <Status> maintenance');
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    const byUid = new Map(events.map((event) => [event.uid, event]));
    expect([...byUid.keys()].sort()).toEqual(
      [upcoming.id, cancelled.id, old.id].map((id) => `${id}@status.acme.test`).sort(),
    );
    const event = byUid.get(`${upcoming.id}@status.acme.test`);
    expect(event?.summary).toBe('Maintenance: DB; upgrade, phase \\ 1');
    expect(event?.startDate.toJSDate().toISOString()).toBe(upcoming.scheduled_for);
    expect(event?.endDate.toJSDate().toISOString()).toBe(upcoming.scheduled_until);
    expect(event?.description).toContain(long);
    expect(event?.description).toContain('Components: API, EU; "core"');
    expect(event?.component.getFirstPropertyValue('url')).toBe(
      `https://status.acme.test/maintenance/${upcoming.id}/`,
    );
    expect(event?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const gone = byUid.get(`${cancelled.id}@status.acme.test`);
    expect(gone?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(gone?.sequence).toBe(1);
    expect(byUid.get(`${old.id}@status.acme.test`)?.description).toContain('Status: Completed');

    // Ninety days on, the completed window has left the calendar.
    const later = new ICAL.Component(ICAL.parse(await render(world.clock.now.getTime() + 91 * DAY)));
    const uids = later.getAllSubcomponents('vevent').map((vevent) => vevent.getFirstPropertyValue('uid'));
    expect(uids).not.toContain(`${old.id}@status.acme.test`);
    expect(uids).toContain(`${upcoming.id}@status.acme.test`);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
  });
});
