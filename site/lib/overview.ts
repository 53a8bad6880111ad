// The front page's model: overall status, component sections with uptime, open incidents.
import { formatPageStatus, type V2Status, worstComponentStatus } from '../../api/public/page-status.ts';
import {
  type Component,
  type ComponentGroup,
  type ComponentStatus,
  type IncidentWithDetails,
  type MaintenanceWithDetails,
  UNRESOLVED_INCIDENT_STATUSES,
} from '../../db/types.ts';
import type { SiteData } from './data.ts';
import { listCurrentMaintenances, maintenanceWindowsByComponent } from './maintenance.ts';
import { type DayRange, lastLocalDays, startOfLocalDay } from './time.ts';
import { computeUptime, type TimeWindow, type UptimeSummary } from './uptime.ts';

export const UPTIME_DAYS = 90;

export interface ComponentView {
  component: Component;
  /** Null when the component does not show its uptime history (`showcase` off). */
  uptime: UptimeSummary | null;
  /** Operational and shown only when degraded: in the page (for the live script) but hidden. */
  hidden: boolean;
  /** Day index on the bar → the newest incident of this component open during that day. */
  dayIncidents: Map<number, string>;
}

export type OverviewItem =
  | { kind: 'component'; view: ComponentView }
  | { kind: 'group'; group: ComponentGroup; status: ComponentStatus; components: ComponentView[] };

export interface Overview {
  status: V2Status;
  items: OverviewItem[];
  activeIncidents: IncidentWithDetails[];
  /** Running windows, then upcoming ones. */
  maintenances: MaintenanceWithDetails[];
  days: DayRange[];
}

const UNRESOLVED: ReadonlySet<string> = new Set(UNRESOLVED_INCIDENT_STATUSES);

export function isUnresolved(incident: { status: string }): boolean {
  return UNRESOLVED.has(incident.status);
}

export function buildOverview(data: SiteData): Overview {
  const days = lastLocalDays(data.builtAt, UPTIME_DAYS, data.timeZone);
  const activeIncidents = data.incidents.filter(isUnresolved);
  const windows = maintenanceWindowsByComponent(data.maintenances, data.builtAt);
  const view = (component: Component) =>
    viewComponent(component, data, days, windows.get(component.id) ?? []);
  const groupIds = new Set(data.groups.map((group) => group.id));
  const items: Array<OverviewItem & { position: number; name: string }> = [];
  for (const group of data.groups) {
    const children = data.components.filter((component) => component.group_id === group.id);
    // A group with nothing in it says nothing to a reader (a group being set up, say).
    if (children.length === 0) continue;
    items.push({
      kind: 'group',
      group,
      status: worstComponentStatus(children.map((child) => child.status)),
      components: children.map(view),
      position: group.position,
      name: group.name,
    });
  }
  for (const component of data.components) {
    // A component whose group is gone still shows, as an ungrouped one (as in the public JSON).
    if (component.group_id !== null && groupIds.has(component.group_id)) continue;
    items.push({
      kind: 'component',
      view: view(component),
      position: component.position,
      name: component.name,
    });
  }
  items.sort((a, b) => a.position - b.position || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    status: formatPageStatus(data.components, activeIncidents),
    items,
    activeIncidents,
    maintenances: listCurrentMaintenances(data.maintenances),
    days,
  };
}

function viewComponent(
  component: Component,
  data: SiteData,
  days: DayRange[],
  maintenanceWindows: TimeWindow[],
): ComponentView {
  const hidden = component.only_show_if_degraded && component.status === 'operational';
  if (!component.showcase) return { component, uptime: null, hidden, dayIncidents: new Map() };
  const uptime = computeUptime({
    changes: data.statusHistory.get(component.id) ?? [],
    existsFrom: existsFrom(component, data.timeZone),
    days,
    now: data.builtAt,
    maintenanceWindows,
  });
  return { component, uptime, hidden, dayIncidents: incidentsByDay(component.id, data, days) };
}

/** Which incident each day of the bar links to: the newest (by start) open at some time that day. */
function incidentsByDay(componentId: string, data: SiteData, days: DayRange[]): Map<number, string> {
  const byDay = new Map<number, string>();
  const first = days[0]?.start ?? data.builtAt;
  for (const incident of data.incidents) {
    if (!incident.component_ids.includes(componentId)) continue;
    const started = Date.parse(incident.started_at);
    const ended = incident.resolved_at ? Date.parse(incident.resolved_at) : data.builtAt;
    if (ended < first) continue;
    days.forEach((day, index) => {
      if (started < day.end && ended >= day.start && !byDay.has(index)) byDay.set(index, incident.id);
    });
  }
  return byDay;
}

/** `start_date` (a local date) when set, else the moment the component was created. */
function existsFrom(component: Component, timeZone: string): number {
  const match = component.start_date?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (match) {
    return startOfLocalDay(
      { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
      timeZone,
    );
  }
  return Date.parse(component.created_at);
}
