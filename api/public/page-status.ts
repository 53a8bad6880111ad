import type { ComponentStatus, IncidentImpact } from '../../db/types.ts';

// `maintenance` is not in the four indicators the reference lists, but Statuspage itself sends it
// (with "Service Under Maintenance") when components are under maintenance and nothing is wrong,
// and its widget and the client libraries we know of handle it. Sending `none` instead would claim
// "All Systems Operational" while components are down for maintenance, so Candor follows
// Statuspage. Anything actually degraded or an open incident still wins over maintenance.
export type StatusIndicator = IncidentImpact | 'maintenance';

export interface V2Status {
  indicator: StatusIndicator;
  description: string;
}

// Maintenance ranks above operational (a group with one child in maintenance shows it) and below
// every kind of degradation (an outage matters more to a reader than planned work).
const COMPONENT_SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

const IMPACT_SEVERITY: Record<IncidentImpact, number> = { none: 0, minor: 1, major: 2, critical: 3 };

const IMPACT_OF_COMPONENT: Record<ComponentStatus, IncidentImpact> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

/** The impact a component status implies (what the console suggests for a new incident). */
export function impactOfComponentStatus(status: ComponentStatus): IncidentImpact {
  return IMPACT_OF_COMPONENT[status];
}

/** The most severe of the statuses, `operational` when there are none (an empty group). */
export function worstComponentStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) {
    if (COMPONENT_SEVERITY[status] > COMPONENT_SEVERITY[worst]) worst = status;
  }
  return worst;
}

/**
 * The page's overall status: the worst of the open incidents' impacts and of what the components'
 * statuses imply (degraded → minor, partial outage → major, major outage → critical). Callers pass
 * only unresolved incidents. The descriptions are the ones Statuspage pages show.
 */
export function formatPageStatus(
  components: readonly { status: ComponentStatus }[],
  unresolvedIncidents: readonly { impact: IncidentImpact }[],
): V2Status {
  const impacts = [
    ...unresolvedIncidents.map((incident) => incident.impact),
    ...components.map((component) => IMPACT_OF_COMPONENT[component.status]),
  ];
  const worst = impacts.reduce<IncidentImpact>(
    (current, impact) => (IMPACT_SEVERITY[impact] > IMPACT_SEVERITY[current] ? impact : current),
    'none',
  );
  const has = (status: ComponentStatus) => components.some((component) => component.status === status);
  switch (worst) {
    case 'critical':
      return { indicator: 'critical', description: 'Major System Outage' };
    case 'major':
      return { indicator: 'major', description: 'Partial System Outage' };
    case 'minor':
      // Statuspage words a minor state caused by slow components differently from one caused by
      // a minor incident.
      return {
        indicator: 'minor',
        description: has('degraded_performance') ? 'Partially Degraded Service' : 'Minor Service Outage',
      };
    case 'none':
      return has('under_maintenance')
        ? { indicator: 'maintenance', description: 'Service Under Maintenance' }
        : { indicator: 'none', description: 'All Systems Operational' };
  }
}
