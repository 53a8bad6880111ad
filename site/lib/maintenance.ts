// What the site shows of scheduled maintenance: the windows running and coming up (front page),
// one page per window, the windows left out of uptime per component.
import type { MaintenanceWithDetails } from '../../db/types.ts';
import { pageCacheKey } from './cache-key.ts';
import type { SiteData } from './data.ts';
import type { TimeWindow } from './uptime.ts';

const ACTIVE = new Set(['in_progress', 'verifying']);

export const isActiveMaintenance = (maintenance: { status: string }) => ACTIVE.has(maintenance.status);

/** Running windows first (soonest start first), then the scheduled ones, soonest first. */
export function listCurrentMaintenances(
  maintenances: readonly MaintenanceWithDetails[],
): MaintenanceWithDetails[] {
  const soonest = (a: MaintenanceWithDetails, b: MaintenanceWithDetails) =>
    a.scheduled_for < b.scheduled_for ? -1 : a.scheduled_for > b.scheduled_for ? 1 : 0;
  return [
    ...maintenances.filter(isActiveMaintenance).sort(soonest),
    ...maintenances.filter((maintenance) => maintenance.status === 'scheduled').sort(soonest),
  ];
}

/** The windows public pages show: every one but cancelled ones. */
export function listPublicMaintenances(
  maintenances: readonly MaintenanceWithDetails[],
): MaintenanceWithDetails[] {
  return maintenances.filter((maintenance) => maintenance.status !== 'cancelled');
}

/** Per component, the time its maintenance windows actually ran (a running one up to `now`). */
export function maintenanceWindowsByComponent(
  maintenances: readonly MaintenanceWithDetails[],
  now: number,
): Map<string, TimeWindow[]> {
  const windows = new Map<string, TimeWindow[]>();
  for (const maintenance of maintenances) {
    if (maintenance.started_at === null || maintenance.status === 'cancelled') continue;
    const start = Date.parse(maintenance.started_at);
    const end = maintenance.completed_at ? Date.parse(maintenance.completed_at) : now;
    for (const id of maintenance.component_ids) {
      windows.set(id, [...(windows.get(id) ?? []), { start, end }]);
    }
  }
  return windows;
}

export interface MaintenancePageProps {
  maintenance: MaintenanceWithDetails;
  componentNames: string[];
  pageName: string;
  timeZone: string;
}

/** One page per window that is not cancelled; the key covers every input the page renders. */
export function listMaintenancePaths(data: SiteData) {
  const order = new Map(data.components.map((component, index) => [component.id, index]));
  const names = new Map(data.components.map((component) => [component.id, component.name]));
  return listPublicMaintenances(data.maintenances).map((maintenance) => {
    const componentNames = maintenance.component_ids
      .filter((id) => names.has(id))
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .map((id) => names.get(id) ?? id);
    const props: MaintenancePageProps = {
      maintenance,
      componentNames,
      pageName: data.page.name,
      timeZone: data.timeZone,
    };
    return {
      params: { id: maintenance.id },
      props,
      cacheKey: pageCacheKey(data.page, data.timeZone, props),
    };
  });
}

export const MAINTENANCE_STATUS_WORDS: Record<string, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const maintenanceStatusWord = (status: string): string => MAINTENANCE_STATUS_WORDS[status] ?? status;
