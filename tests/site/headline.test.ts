import { describe, expect, it } from 'vitest';
import type { Component, ComponentStatus, IncidentWithDetails } from '../../db/types.ts';
import { buildHeadline, listNames } from '../../site/lib/headline.ts';

const component = (name: string, status: ComponentStatus): Component =>
  ({ id: `cmp_${name}`, name, status }) as Component;
const incident = (name: string): IncidentWithDetails => ({ id: `inc_${name}`, name }) as IncidentWithDetails;
const ok = { indicator: 'none', description: 'All Systems Operational' } as const;

describe('the banner headline', () => {
  it('names the worst-affected components and how', () => {
    const headline = buildHeadline({
      status: { indicator: 'critical', description: 'Major System Outage' },
      components: [component('Checkout', 'major_outage'), component('Search', 'degraded_performance')],
      openIncidents: [incident('Payments failing')],
      timeZone: 'UTC',
    });
    expect(headline).toEqual({
      text: 'Checkout is experiencing a major outage',
      detail: 'Open incident: Payments failing',
    });
  });

  it('says "are" for several and folds long lists', () => {
    const names = ['A', 'B', 'C', 'D', 'E'];
    const headline = buildHeadline({
      status: ok,
      components: names.map((name) => component(name, 'partial_outage')),
      openIncidents: [],
      timeZone: 'UTC',
    });
    expect(headline.text).toBe('A, B, C and 2 more are experiencing a partial outage');
    expect(listNames(['A', 'B'])).toBe('A and B');
  });

  it('says what is under maintenance and until when, in the page zone', () => {
    const headline = buildHeadline({
      status: { indicator: 'maintenance', description: 'Service Under Maintenance' },
      components: [component('Database', 'under_maintenance')],
      openIncidents: [],
      maintenance: { componentNames: ['Database'], until: '2026-12-01T06:00:00.000Z' },
      timeZone: 'Europe/Berlin',
    });
    expect(headline.text).toBe('Database is under maintenance until 1 Dec 2026, 07:00 CET');
  });

  it('does not claim all systems operational on a page without components', () => {
    expect(buildHeadline({ status: ok, components: [], openIncidents: [], timeZone: 'UTC' }).text).toBe(
      'This page lists no components yet',
    );
    expect(
      buildHeadline({
        status: ok,
        components: [component('API', 'operational')],
        openIncidents: [],
        timeZone: 'UTC',
      }).text,
    ).toBe('All Systems Operational');
  });
});
