import { describe, expect, it } from 'vitest';
import {
  insertComponent,
  insertGroup,
  insertIncident,
  insertPage,
  nextTimestamp,
  recordDataChange,
} from '../public/fixtures.ts';
import {
  COMPONENT_KEYS,
  COMPONENT_STATUSES,
  GROUP_KEYS,
  IMPACTS,
  INCIDENT_EXTENSION_KEYS,
  INCIDENT_KEYS,
  INCIDENT_STATUSES,
  INCIDENT_UPDATE_KEYS,
  INDICATORS,
  PAGE_KEYS,
  STATUS_KEYS,
} from '../public/v2-keys.ts';
import { createTestApp } from '../support/app.ts';

// The content of the public documents, read through the real app over a fresh database.

type Json = Record<string, unknown> & {
  page: Record<string, unknown>;
  status: { indicator: string; description: string };
  components: (Record<string, unknown> & { id: string; status: string; group: boolean })[];
  incidents: (Record<string, unknown> & {
    id: string;
    status: string;
    impact: string;
    components: { id: string }[];
    incident_updates: (Record<string, unknown> & { id: string; status: string })[];
  })[];
  scheduled_maintenances: unknown[];
};

async function getJson(app: { request: (path: string) => Response | Promise<Response> }, path: string) {
  const response = await app.request(`/api/v2/${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

describe('page object', () => {
  it('carries the page settings, with updated_at the time of the latest data change', async () => {
    const { app, db } = await createTestApp();
    const page = await insertPage(db, {
      name: 'Acme',
      url: 'https://status.acme.test',
      time_zone: 'Europe/Paris',
    });
    await recordDataChange(db, '2026-12-01T00:00:00.000Z');
    const latest = await recordDataChange(db, '2026-12-02T00:00:00.000Z');
    expect(latest).toBeGreaterThan(0);
    const { page: formatted } = await getJson(app, 'status.json');
    expect(Object.keys(formatted)).toEqual(PAGE_KEYS);
    expect(formatted).toEqual({
      id: page.id,
      name: 'Acme',
      url: 'https://status.acme.test',
      time_zone: 'Europe/Paris',
      updated_at: '2026-12-02T00:00:00.000Z',
    });
  });

  it("uses the page row's updated_at before any data change", async () => {
    const { app, db } = await createTestApp();
    const page = await insertPage(db);
    expect((await getJson(app, 'summary.json')).page.updated_at).toBe(page.updated_at);
  });
});

describe('components', () => {
  async function pageWithGroups() {
    const test = await createTestApp();
    const page = await insertPage(test.db);
    const backend = await insertGroup(test.db, { name: 'Backend', position: 2 });
    await insertGroup(test.db, { name: 'Empty', position: 3 });
    await insertComponent(test.db, { name: 'Website', position: 1, description: 'Marketing site' });
    const db = await insertComponent(test.db, {
      name: 'DB',
      group_id: backend.id,
      position: 2,
      status: 'partial_outage',
    });
    const api = await insertComponent(test.db, {
      name: 'API',
      group_id: backend.id,
      position: 1,
      status: 'degraded_performance',
      start_date: '2026-01-15',
    });
    return { ...test, page, backend, db, api };
  }

  it('lists every group as a row with its children, by position, with every component key', async () => {
    const { app, page, backend, api, db } = await pageWithGroups();
    const { components } = await getJson(app, 'components.json');
    expect(components.map((row) => row.name)).toEqual(['Website', 'Backend', 'API', 'DB', 'Empty']);
    for (const row of components) {
      expect(Object.keys(row)).toEqual(row.group ? GROUP_KEYS : COMPONENT_KEYS);
      expect(row.page_id).toBe(page.id);
      expect(COMPONENT_STATUSES).toContain(row.status);
    }
    expect(components[1]).toMatchObject({
      id: backend.id,
      group: true,
      group_id: null,
      components: [api.id, db.id],
    });
    expect(components[2]).toMatchObject({ group_id: backend.id, start_date: '2026-01-15', group: false });
    expect(components[0]).toMatchObject({ description: 'Marketing site', group_id: null, showcase: true });
  });

  it('gives a group the worst status of its children, and an empty group operational', async () => {
    const { app } = await pageWithGroups();
    const { components } = await getJson(app, 'summary.json');
    expect(components.find((row) => row.name === 'Backend')?.status).toBe('partial_outage');
    expect(components.find((row) => row.name === 'Empty')?.status).toBe('operational');
  });

  it('lists the same components in summary.json as in components.json', async () => {
    const { app } = await pageWithGroups();
    expect((await getJson(app, 'summary.json')).components).toEqual(
      (await getJson(app, 'components.json')).components,
    );
  });
});

describe('status', () => {
  it('is all systems operational on a quiet page', async () => {
    const { app, db } = await createTestApp();
    await insertPage(db);
    await insertComponent(db);
    const { status } = await getJson(app, 'status.json');
    expect(Object.keys(status)).toEqual(STATUS_KEYS);
    expect(status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('follows the worst component status and open incident, ignoring resolved incidents', async () => {
    const { app, db } = await createTestApp();
    await insertPage(db);
    await insertComponent(db, { status: 'degraded_performance' });
    await insertIncident(db, { impact: 'critical', status: 'resolved' });
    await insertIncident(db, { impact: 'major', status: 'identified' });
    const summary = await getJson(app, 'summary.json');
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect((await getJson(app, 'status.json')).status).toEqual(summary.status);
    expect(INDICATORS).toContain(summary.status.indicator);
  });

  it('reports maintenance when a component is under maintenance and nothing is wrong', async () => {
    const { app, db } = await createTestApp();
    await insertPage(db);
    await insertComponent(db, { status: 'under_maintenance' });
    expect((await getJson(app, 'status.json')).status).toEqual({
      indicator: 'maintenance',
      description: 'Service Under Maintenance',
    });
  });
});

describe('incidents', () => {
  it('lists the 50 most recent incidents newest first, resolved ones included', async () => {
    const { app, db } = await createTestApp();
    await insertPage(db);
    const ids: string[] = [];
    for (let i = 0; i < 55; i += 1) {
      const status = i % 2 === 0 ? 'resolved' : 'investigating';
      ids.push(
        (await insertIncident(db, { status, resolved_at: status === 'resolved' ? nextTimestamp() : null }))
          .id,
      );
    }
    const { incidents } = await getJson(app, 'incidents.json');
    expect(incidents.map((incident) => incident.id)).toEqual(ids.reverse().slice(0, 50));
    expect(new Set(incidents.map((incident) => incident.status))).toEqual(
      new Set(['resolved', 'investigating']),
    );
  });

  it('lists only investigating, identified and monitoring incidents as unresolved, also in the summary', async () => {
    const { app, db } = await createTestApp();
    await insertPage(db);
    const open = [];
    for (const status of ['investigating', 'identified', 'monitoring'] as const) {
      open.push((await insertIncident(db, { status })).id);
    }
    await insertIncident(db, { status: 'resolved' });
    await insertIncident(db, { status: 'postmortem' });
    const unresolved = await getJson(app, 'incidents/unresolved.json');
    expect(unresolved.incidents.map((incident) => incident.id)).toEqual(open.reverse());
    const summary = await getJson(app, 'summary.json');
    expect(summary.incidents).toEqual(unresolved.incidents);
  });

  it('carries every incident key, its updates newest first and its affected components', async () => {
    const { app, db } = await createTestApp();
    const page = await insertPage(db, { url: 'https://status.acme.test/' });
    const web = await insertComponent(db, { name: 'Web', position: 2, status: 'major_outage' });
    const api = await insertComponent(db, { name: 'API', position: 1 });
    await insertComponent(db, { name: 'Unaffected', position: 3 });
    const affected = [
      { code: web.id, name: 'Web', old_status: 'operational', new_status: 'major_outage' },
    ] as const;
    const incident = await insertIncident(db, {
      status: 'identified',
      impact: 'critical',
      componentIds: [web.id, api.id],
      updates: [
        { status: 'investigating', body: 'Looking', affected_components: [...affected] },
        { status: 'identified', body: 'Found it', deliver_notifications: false },
      ],
    });
    const [formatted] = (await getJson(app, 'incidents.json')).incidents;
    expect(Object.keys(formatted ?? {})).toEqual([...INCIDENT_KEYS, ...INCIDENT_EXTENSION_KEYS]);
    expect(formatted).toMatchObject({
      id: incident.id,
      page_id: page.id,
      shortlink: `https://status.acme.test/incidents/${incident.id}/`,
      metadata: {},
      impact_override: null,
    });
    expect(INCIDENT_STATUSES).toContain(formatted?.status);
    expect(IMPACTS).toContain(formatted?.impact);
    expect(formatted?.components.map((component) => component.id)).toEqual([api.id, web.id]);
    const updates = formatted?.incident_updates ?? [];
    expect(updates.map((update) => update.body)).toEqual(['Found it', 'Looking']);
    expect(Object.keys(updates[0] ?? {})).toEqual(INCIDENT_UPDATE_KEYS);
    expect(updates[0]).toMatchObject({
      affected_components: null,
      deliver_notifications: false,
      incident_id: incident.id,
    });
    expect(updates[1]?.affected_components).toEqual(affected);
  });
});

describe('scheduled maintenances', () => {
  it.each([
    'scheduled-maintenances.json',
    'scheduled-maintenances/upcoming.json',
    'scheduled-maintenances/active.json',
    'summary.json',
  ])('%s lists none yet, as an empty array', async (path) => {
    const { app, db } = await createTestApp();
    await insertPage(db);
    expect((await getJson(app, path)).scheduled_maintenances).toEqual([]);
  });
});
