// Status words and icon shapes, shared by the built pages and the live script so that both say
// the same thing. Status is never shown by colour alone: every icon has its own shape and sits
// beside the word.
import type { StatusIndicator } from '../../api/public/page-status.ts';
import type { ComponentStatus, IncidentImpact, IncidentStatus } from '../../db/types.ts';

export const COMPONENT_STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const INCIDENT_STATUS_WORDS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
};

export const IMPACT_WORDS: Record<IncidentImpact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

/** Ids of the symbols in the page's icon sprite (see IconSprite.astro). */
export type IconId = 'i-ok' | 'i-deg' | 'i-part' | 'i-down' | 'i-maint';

export const COMPONENT_ICONS: Record<ComponentStatus, IconId> = {
  operational: 'i-ok',
  degraded_performance: 'i-deg',
  partial_outage: 'i-part',
  major_outage: 'i-down',
  under_maintenance: 'i-maint',
};

export const INDICATOR_ICONS: Record<StatusIndicator, IconId> = {
  none: 'i-ok',
  minor: 'i-deg',
  major: 'i-part',
  critical: 'i-down',
  maintenance: 'i-maint',
};

/** The word for a component status, or the raw value for one this version does not know. */
export function componentStatusWord(status: string): string {
  return COMPONENT_STATUS_WORDS[status as ComponentStatus] ?? status;
}

export function incidentStatusWord(status: string): string {
  return INCIDENT_STATUS_WORDS[status as IncidentStatus] ?? status;
}

export function impactWord(impact: string): string {
  return IMPACT_WORDS[impact as IncidentImpact] ?? impact;
}

export function componentIcon(status: string): IconId {
  return COMPONENT_ICONS[status as ComponentStatus] ?? 'i-deg';
}

export function indicatorIcon(indicator: string): IconId {
  return INDICATOR_ICONS[indicator as StatusIndicator] ?? 'i-deg';
}
