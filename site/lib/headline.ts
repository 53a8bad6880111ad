// What the banner says: which components are affected and how, rather than only the page-wide
// word ("Checkout is experiencing a major outage", not "Major System Outage"). A page without
// components says so instead of claiming that all systems are operational.
import type { V2Status } from '../../api/public/page-status.ts';
import type { Component, ComponentStatus, IncidentWithDetails } from '../../db/types.ts';
import { formatDateTime } from './format.ts';

/** Planned work in progress, when the data has it (maintenance windows name an end). */
export interface MaintenanceNow {
  componentNames: string[];
  /** ISO instant the work is planned to end, when known. */
  until: string | null;
}

export interface Headline {
  /** The banner's main line. */
  text: string;
  /** A second line (the open incidents when no component is affected, say), or null. */
  detail: string | null;
}

/** How each status reads after "X is …" / "X and Y are …". */
const PREDICATE: Record<Exclude<ComponentStatus, 'operational'>, [string, string]> = {
  major_outage: ['is experiencing a major outage', 'are experiencing a major outage'],
  partial_outage: ['is experiencing a partial outage', 'are experiencing a partial outage'],
  degraded_performance: ['is experiencing degraded performance', 'are experiencing degraded performance'],
  under_maintenance: ['is under maintenance', 'are under maintenance'],
};

const SEVERITY_ORDER = [
  'major_outage',
  'partial_outage',
  'degraded_performance',
  'under_maintenance',
] as const;

/** How many names a sentence lists before "and N more". */
const NAMES_LISTED = 3;

export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > NAMES_LISTED) {
    return `${names.slice(0, NAMES_LISTED).join(', ')} and ${names.length - NAMES_LISTED} more`;
  }
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function buildHeadline(input: {
  status: V2Status;
  components: readonly Component[];
  openIncidents: readonly IncidentWithDetails[];
  maintenance?: MaintenanceNow | null;
  timeZone: string;
}): Headline {
  const { status, components, openIncidents, maintenance, timeZone } = input;
  const incidentLine = openIncidents.length
    ? `Open ${openIncidents.length === 1 ? 'incident' : 'incidents'}: ${listNames(openIncidents.map((i) => i.name))}`
    : null;
  for (const worst of SEVERITY_ORDER) {
    const names = components.filter((component) => component.status === worst).map((c) => c.name);
    if (names.length === 0) continue;
    const [one, many] = PREDICATE[worst];
    let text = `${listNames(names)} ${names.length === 1 ? one : many}`;
    if (worst === 'under_maintenance' && maintenance?.until) {
      text += ` until ${formatDateTime(maintenance.until, timeZone)}`;
    }
    return { text, detail: incidentLine };
  }
  if (maintenance?.componentNames.length) {
    const names = maintenance.componentNames;
    const until = maintenance.until ? ` until ${formatDateTime(maintenance.until, timeZone)}` : '';
    return {
      text: `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} under maintenance${until}`,
      detail: incidentLine,
    };
  }
  if (openIncidents.length) return { text: status.description, detail: incidentLine };
  if (components.length === 0) return { text: 'This page lists no components yet', detail: null };
  return { text: status.description, detail: null };
}
