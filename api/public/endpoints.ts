import type { Client } from '@libsql/client';
import { listComponentGroups, listComponents } from '../../db/queries/components.ts';
import { listIncidents, listUnresolvedIncidentImpacts } from '../../db/queries/incidents.ts';
import { listMaintenances } from '../../db/queries/maintenances.ts';
import { getDataVersion, getPage } from '../../db/queries/page.ts';
import type { ComponentStatus, IncidentWithDetails, MaintenanceStatus, Page } from '../../db/types.ts';
import { ApiError } from '../problem.ts';
import { CORS_HEADERS } from './cached-response.ts';
import { formatMaintenance } from './maintenance-format.ts';
import {
  formatComponents,
  formatIncident,
  formatPage,
  formatPageStatus,
  type V2Component,
} from './statuspage-format.ts';

// The eight documents of the Statuspage v2 public API, built from the database. Top-level key
// order is Statuspage's own (`status` comes last in summary.json).

export const PUBLIC_V2_PATHS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;
export type PublicV2Path = (typeof PUBLIC_V2_PATHS)[number];

/** A document and the data version it was read at (read first, so the data is never older). */
export interface EndpointDocument {
  version: number;
  document: Record<string, unknown>;
}

/** incidents.json lists this many, as Statuspage does. */
export const RECENT_INCIDENTS_LIMIT = 50;
// Statuspage repeats the full object of every affected component inside each incident, so one
// document could grow as open incidents × components (30 × 1,000 made 45 MB). These caps bound
// every document; the overall status still weighs every open incident and component.
/** summary.json and incidents/unresolved.json list at most this many open incidents, newest first. */
export const OPEN_INCIDENTS_SERVED_LIMIT = 25;
/** Each incident lists at most this many affected components, in display order. */
export const COMPONENTS_PER_INCIDENT_LIMIT = 50;

interface Source {
  db: Client;
  page: Page;
}

const componentsOf = async ({ db, page }: Source) =>
  formatComponents(await listComponentGroups(db), await listComponents(db), page.id);

const unresolvedOf = ({ db }: Source) =>
  listIncidents(db, { limit: OPEN_INCIDENTS_SERVED_LIMIT, unresolvedOnly: true });

const formatIncidents = (incidents: readonly IncidentWithDetails[], page: Page, components: V2Component[]) =>
  incidents.map((incident) => formatIncident(incident, page, components, COMPONENTS_PER_INCIDENT_LIMIT));

async function incidentsDocument(source: Source, limit: number, unresolvedOnly: boolean) {
  const [components, incidents] = await Promise.all([
    componentsOf(source),
    listIncidents(source.db, { limit, unresolvedOnly }),
  ]);
  return { incidents: formatIncidents(incidents, source.page, components) };
}

const pageStatusOf = async ({ db }: Source, components: readonly { status: ComponentStatus }[]) =>
  formatPageStatus(
    components,
    (await listUnresolvedIncidentImpacts(db)).map((impact) => ({ impact })),
  );

/** Each maintenance list serves at most this many (scheduled-maintenances.json: the most recent). */
export const MAINTENANCES_SERVED_LIMIT = 50;

// Cancelled windows are never served: Statuspage has no such status.
const PUBLIC_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
const UPCOMING = ['scheduled'] as const;
const ACTIVE = ['in_progress', 'verifying'] as const;

async function maintenancesOf(
  source: Source,
  statuses: readonly MaintenanceStatus[],
  order: 'soonest' | 'latest',
  components?: V2Component[],
) {
  const [listed, maintenances] = await Promise.all([
    components ?? componentsOf(source),
    listMaintenances(source.db, { limit: MAINTENANCES_SERVED_LIMIT, statuses, order }),
  ]);
  return maintenances.map((maintenance) =>
    formatMaintenance(maintenance, source.page, listed, COMPONENTS_PER_INCIDENT_LIMIT),
  );
}

const maintenanceDocument =
  (statuses: readonly MaintenanceStatus[], order: 'soonest' | 'latest') => async (source: Source) => ({
    scheduled_maintenances: await maintenancesOf(source, statuses, order),
  });

const BUILDERS: Record<PublicV2Path, (source: Source) => Promise<Record<string, unknown>>> = {
  'summary.json': async (source) => {
    const [components, unresolved] = await Promise.all([componentsOf(source), unresolvedOf(source)]);
    return {
      components,
      incidents: formatIncidents(unresolved, source.page, components),
      // Statuspage lists the running ones and the upcoming ones, soonest first.
      scheduled_maintenances: await maintenancesOf(source, [...ACTIVE, ...UPCOMING], 'soonest', components),
      status: await pageStatusOf(
        source,
        components.filter((component) => !component.group),
      ),
    };
  },
  'status.json': async (source) => ({ status: await pageStatusOf(source, await listComponents(source.db)) }),
  'components.json': async (source) => ({ components: await componentsOf(source) }),
  'incidents.json': (source) => incidentsDocument(source, RECENT_INCIDENTS_LIMIT, false),
  'incidents/unresolved.json': (source) => incidentsDocument(source, OPEN_INCIDENTS_SERVED_LIMIT, true),
  'scheduled-maintenances.json': maintenanceDocument(PUBLIC_STATUSES, 'latest'),
  'scheduled-maintenances/upcoming.json': maintenanceDocument(UPCOMING, 'soonest'),
  'scheduled-maintenances/active.json': maintenanceDocument(ACTIVE, 'soonest'),
};

/** Builds one endpoint's document. Throws ApiError not_found while the page is not set up. */
export async function buildEndpointDocument(db: Client, path: PublicV2Path): Promise<EndpointDocument> {
  const { version, changedAt } = await getDataVersion(db);
  const page = await getPage(db);
  if (!page)
    throw new ApiError('not_found', 'The status page has not been set up yet.', { headers: CORS_HEADERS });
  const rest = await BUILDERS[path]({ db, page });
  return { version, document: { page: formatPage(page, changedAt), ...rest } };
}
