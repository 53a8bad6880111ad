import type { CadenceSettings } from '../../db/types.ts';
import type { CadenceMinutesFor } from '../../site/lib/incident-metrics.ts';
import { cadenceMinutes, DEFAULT_CADENCE_SETTINGS } from '../cadence/policy.ts';

// The insights hold each incident to the same cadence the reminders and the page's "next update
// by" promise use (api/cadence/policy.ts): its own override, else the page's for its impact.

/** The cadence the insights hold each incident to, under the page's settings. */
export function cadenceMinutesFor(
  settings: Pick<CadenceSettings, 'update_cadence_minutes'> | null,
): CadenceMinutesFor {
  const page = settings ?? DEFAULT_CADENCE_SETTINGS;
  return (incident) => cadenceMinutes(incident, page);
}
