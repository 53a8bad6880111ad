import { describe, expect, it } from 'vitest';
import { formatPageStatus, worstComponentStatus } from '../../api/public/page-status.ts';
import type { ComponentStatus, IncidentImpact } from '../../db/types.ts';

const components = (...statuses: ComponentStatus[]) => statuses.map((status) => ({ status }));
const incidents = (...impacts: IncidentImpact[]) => impacts.map((impact) => ({ impact }));

describe('formatPageStatus', () => {
  it('reports all systems operational when every component is operational and nothing is open', () => {
    expect(formatPageStatus(components('operational', 'operational'), [])).toEqual({
      indicator: 'none',
      description: 'All Systems Operational',
    });
  });

  it('reports all systems operational for a page without components', () => {
    expect(formatPageStatus([], []).indicator).toBe('none');
  });

  it('maps a degraded component to minor, worded as degraded service', () => {
    expect(formatPageStatus(components('operational', 'degraded_performance'), [])).toEqual({
      indicator: 'minor',
      description: 'Partially Degraded Service',
    });
  });

  it('maps a partial outage to major', () => {
    expect(formatPageStatus(components('partial_outage', 'degraded_performance'), [])).toEqual({
      indicator: 'major',
      description: 'Partial System Outage',
    });
  });

  it('maps a major outage to critical', () => {
    expect(formatPageStatus(components('major_outage', 'partial_outage'), [])).toEqual({
      indicator: 'critical',
      description: 'Major System Outage',
    });
  });

  it('takes an open minor incident into account when all components are operational', () => {
    expect(formatPageStatus(components('operational'), incidents('minor'))).toEqual({
      indicator: 'minor',
      description: 'Minor Service Outage',
    });
  });

  it('lets the worst incident impact win over milder component statuses', () => {
    expect(formatPageStatus(components('degraded_performance'), incidents('minor', 'critical'))).toEqual({
      indicator: 'critical',
      description: 'Major System Outage',
    });
  });

  it('lets the worst component status win over a milder incident', () => {
    expect(formatPageStatus(components('partial_outage'), incidents('minor')).indicator).toBe('major');
  });

  it('ignores incidents whose impact is none', () => {
    expect(formatPageStatus(components('operational'), incidents('none')).indicator).toBe('none');
  });

  it('reports maintenance when components are under maintenance and nothing else is wrong', () => {
    expect(formatPageStatus(components('operational', 'under_maintenance'), [])).toEqual({
      indicator: 'maintenance',
      description: 'Service Under Maintenance',
    });
  });

  it('lets any degradation or open incident win over maintenance', () => {
    expect(formatPageStatus(components('under_maintenance', 'degraded_performance'), []).indicator).toBe(
      'minor',
    );
    expect(formatPageStatus(components('under_maintenance'), incidents('major')).indicator).toBe('major');
  });

  it('only ever emits the indicators Statuspage clients know', () => {
    const statuses: ComponentStatus[] = [
      'operational',
      'degraded_performance',
      'partial_outage',
      'major_outage',
      'under_maintenance',
    ];
    const impacts: IncidentImpact[] = ['none', 'minor', 'major', 'critical'];
    for (const status of statuses) {
      for (const impact of impacts) {
        const { indicator } = formatPageStatus(components(status), incidents(impact));
        expect(['none', 'minor', 'major', 'critical', 'maintenance']).toContain(indicator);
      }
    }
  });
});

describe('worstComponentStatus', () => {
  it('is operational for no statuses at all (an empty group)', () => {
    expect(worstComponentStatus([])).toBe('operational');
  });

  it('orders outages above degradation above maintenance above operational', () => {
    expect(worstComponentStatus(['operational', 'under_maintenance'])).toBe('under_maintenance');
    expect(worstComponentStatus(['under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(worstComponentStatus(['degraded_performance', 'partial_outage', 'operational'])).toBe(
      'partial_outage',
    );
    expect(worstComponentStatus(['major_outage', 'partial_outage'])).toBe('major_outage');
  });
});
