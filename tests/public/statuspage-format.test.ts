import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE_SETTINGS } from '../../api/cadence/policy.ts';
import {
  formatComponent,
  formatComponents,
  formatIncident,
  formatIncidentUpdate,
  formatPage,
  incidentShortlink,
} from '../../api/public/statuspage-format.ts';
import type { Component, ComponentGroup, IncidentUpdate, IncidentWithDetails, Page } from '../../db/types.ts';
import {
  AFFECTED_COMPONENT_KEYS,
  COMPONENT_KEYS,
  GROUP_KEYS,
  INCIDENT_EXTENSION_KEYS,
  INCIDENT_KEYS,
  INCIDENT_UPDATE_KEYS,
  PAGE_KEYS,
} from './v2-keys.ts';

const T = '2026-11-01T10:00:00.000Z';
const page: Page = {
  id: 'page_1',
  name: 'Acme',
  url: 'https://status.acme.test/',
  time_zone: 'Europe/Paris',
  show_incident_metrics: false,
  logo_url: null,
  product_url: null,
  support_url: null,
  created_at: T,
  updated_at: '2026-11-01T11:00:00.000Z',
  ...DEFAULT_CADENCE_SETTINGS,
};

const component = (overrides: Partial<Component>): Component => ({
  id: 'cmp_x',
  group_id: null,
  name: 'X',
  description: null,
  position: 1,
  status: 'operational',
  showcase: true,
  only_show_if_degraded: false,
  start_date: null,
  created_at: T,
  updated_at: T,
  ...overrides,
});

const group = (overrides: Partial<ComponentGroup>): ComponentGroup => ({
  id: 'grp_x',
  name: 'G',
  description: null,
  position: 1,
  created_at: T,
  updated_at: T,
  ...overrides,
});

const update = (overrides: Partial<IncidentUpdate>): IncidentUpdate => ({
  id: 'upd_x',
  incident_id: 'inc_1',
  status: 'investigating',
  body: 'Looking into it',
  affected_components: null,
  deliver_notifications: true,
  display_at: T,
  created_at: T,
  updated_at: T,
  ...overrides,
});

describe('formatPage', () => {
  it('emits the page keys with updated_at set to the latest data change', () => {
    const formatted = formatPage(page, '2026-11-02T00:00:00.000Z');
    expect(Object.keys(formatted)).toEqual(PAGE_KEYS);
    expect(formatted).toMatchObject({ id: 'page_1', time_zone: 'Europe/Paris' });
    expect(formatted.updated_at).toBe('2026-11-02T00:00:00.000Z');
  });

  it("falls back to the page row's updated_at before any data change", () => {
    expect(formatPage(page, null).updated_at).toBe('2026-11-01T11:00:00.000Z');
  });
});

describe('formatComponent', () => {
  it('emits every component key, in order, with the page id', () => {
    const formatted = formatComponent(
      component({ description: 'Public API', start_date: '2026-01-01', only_show_if_degraded: true }),
      'page_1',
    );
    expect(Object.keys(formatted)).toEqual(COMPONENT_KEYS);
    expect(formatted).toMatchObject({
      page_id: 'page_1',
      group: false,
      description: 'Public API',
      start_date: '2026-01-01',
      only_show_if_degraded: true,
    });
  });
});

describe('formatComponents', () => {
  const groups = [group({ id: 'grp_b', name: 'Backend', position: 2 }), group({ id: 'grp_e', position: 3 })];
  const components = [
    component({ id: 'cmp_db', name: 'Database', group_id: 'grp_b', position: 2, status: 'partial_outage' }),
    component({ id: 'cmp_api', name: 'API', group_id: 'grp_b', position: 1, status: 'degraded_performance' }),
    component({ id: 'cmp_web', name: 'Website', position: 1 }),
    component({ id: 'cmp_cdn', name: 'CDN', position: 4 }),
  ];
  const rows = formatComponents(groups, components, 'page_1');

  it('lists groups as component rows followed by their children, everything by position', () => {
    expect(rows.map((row) => row.id)).toEqual(['cmp_web', 'grp_b', 'cmp_api', 'cmp_db', 'grp_e', 'cmp_cdn']);
  });

  it('gives a group row group: true, its children ids and the worst status of its children', () => {
    const backend = rows.find((row) => row.id === 'grp_b');
    expect(Object.keys(backend ?? {})).toEqual(GROUP_KEYS);
    expect(backend).toMatchObject({
      group: true,
      group_id: null,
      components: ['cmp_api', 'cmp_db'],
      status: 'partial_outage',
      page_id: 'page_1',
    });
  });

  it('reports an empty group as operational with no children', () => {
    expect(rows.find((row) => row.id === 'grp_e')).toMatchObject({ status: 'operational', components: [] });
  });

  it('has children carry their group id and no components key', () => {
    const api = rows.find((row) => row.id === 'cmp_api');
    expect(api?.group_id).toBe('grp_b');
    expect(Object.keys(api ?? {})).toEqual(COMPONENT_KEYS);
  });

  it('still lists a component whose group is missing, as an ungrouped one', () => {
    const orphan = formatComponents([], [component({ id: 'cmp_o', group_id: 'grp_gone' })], 'page_1');
    expect(orphan).toHaveLength(1);
    expect(orphan[0]?.group_id).toBeNull();
  });
});

describe('formatIncident', () => {
  const rows = formatComponents(
    [group({ id: 'grp_b', position: 1 })],
    [
      component({ id: 'cmp_b', group_id: 'grp_b', position: 2 }),
      component({ id: 'cmp_a', group_id: 'grp_b', position: 1 }),
      component({ id: 'cmp_c', position: 2 }),
    ],
    'page_1',
  );
  const incident: IncidentWithDetails = {
    id: 'inc_1',
    name: 'Slow API',
    status: 'monitoring',
    impact: 'major',
    started_at: '2026-11-01T09:59:00.000Z',
    monitoring_at: '2026-11-01T10:30:00.000Z',
    resolved_at: null,
    created_at: T,
    updated_at: '2026-11-01T10:30:00.000Z',
    lead: null,
    update_cadence_minutes: null,
    postmortem_waived_at: null,
    incident_updates: [
      update({ id: 'upd_2', status: 'monitoring', created_at: '2026-11-01T10:30:00.000Z' }),
      update({
        id: 'upd_1',
        affected_components: [
          { new_status: 'major_outage', old_status: 'operational', name: 'B', code: 'cmp_b' } as never,
        ],
      }),
    ],
    component_ids: ['cmp_c', 'cmp_b', 'cmp_a'],
  };
  const formatted = formatIncident(incident, page, rows);

  it('emits every incident key in order, with the tolerated extras at their neutral values', () => {
    expect(Object.keys(formatted)).toEqual([...INCIDENT_KEYS, ...INCIDENT_EXTENSION_KEYS]);
    expect(formatted).toMatchObject({
      page_id: 'page_1',
      impact: 'major',
      monitoring_at: '2026-11-01T10:30:00.000Z',
      resolved_at: null,
      impact_override: null,
      metadata: {},
      scheduled_for: null,
      scheduled_until: null,
      postmortem_body: null,
      postmortem_published_at: null,
    });
  });

  it('adds next_update_at: the latest update plus the cadence of its impact; null without a promise or once resolved', () => {
    expect(formatted.next_update_at).toBe('2026-11-01T11:30:00.000Z');
    const ownCadence = formatIncident({ ...incident, update_cadence_minutes: 20 }, page, rows);
    expect(ownCadence.next_update_at).toBe('2026-11-01T10:50:00.000Z');
    expect(formatIncident(incident, { ...page, show_next_update: false }, rows).next_update_at).toBeNull();
    expect(formatIncident({ ...incident, status: 'resolved' }, page, rows).next_update_at).toBeNull();
  });

  it('builds the shortlink from the page url without a double slash', () => {
    expect(formatted.shortlink).toBe('https://status.acme.test/incidents/inc_1/');
    expect(incidentShortlink('https://status.acme.test', 'inc_2')).toBe(
      'https://status.acme.test/incidents/inc_2/',
    );
  });

  it('keeps the updates newest first and the affected components in display order', () => {
    expect(formatted.incident_updates.map((item) => item.id)).toEqual(['upd_2', 'upd_1']);
    expect(formatted.components.map((item) => item.id)).toEqual(['cmp_a', 'cmp_b', 'cmp_c']);
    expect(Object.keys(formatted.components[0] ?? {})).toEqual(COMPONENT_KEYS);
  });

  it('emits every incident update key, and affected components as code, name, old and new status', () => {
    const [newest, oldest] = formatted.incident_updates;
    expect(Object.keys(newest ?? {})).toEqual(INCIDENT_UPDATE_KEYS);
    expect(newest).toMatchObject({ affected_components: null, custom_tweet: null, tweet_id: null });
    expect(Object.keys(oldest?.affected_components?.[0] ?? {})).toEqual(AFFECTED_COMPONENT_KEYS);
    expect(oldest?.affected_components?.[0]).toEqual({
      code: 'cmp_b',
      name: 'B',
      old_status: 'operational',
      new_status: 'major_outage',
    });
  });

  it('formats a lone update with its incident id and notification flag', () => {
    const formattedUpdate = formatIncidentUpdate(update({ deliver_notifications: false }));
    expect(formattedUpdate).toMatchObject({ incident_id: 'inc_1', deliver_notifications: false });
  });
});
