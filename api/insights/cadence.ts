import type { IncidentImpact } from '../../db/types.ts';
import type { CadenceMinutesFor } from '../../site/lib/incident-metrics.ts';

// THE place where the insights learn how often an incident should have been updated. The update
// cadence policy (page settings, per-incident overrides) replaces this table when it lands; until
// then the metrics measure against the policy's published defaults.

/** Minutes between public updates, by the incident's impact. */
export const DEFAULT_UPDATE_CADENCE_MINUTES: Readonly<Record<IncidentImpact, number>> = {
  critical: 30,
  major: 60,
  minor: 240,
  none: 480,
};

/** The cadence the insights hold each incident to. */
export const cadenceMinutesFor: CadenceMinutesFor = (incident) =>
  DEFAULT_UPDATE_CADENCE_MINUTES[incident.impact];
