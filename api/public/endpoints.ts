import type { Client } from '@libsql/client';
import { listComponentGroups, listComponents } from '../../db/queries/components.ts';
import { listIncidents } from '../../db/queries/incidents.ts';
import { getDataVersion, getPage } from '../../db/queries/page.ts';
import type { Page } from '../../db/types.ts';
import { ApiError } from '../problem.ts';
import { CORS_HEADERS } from './cached-response.ts';
import { formatComponents, formatIncident, formatPage, formatPageStatus } from './statuspage-format.ts';

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
// listIncidents needs a bound. The overall status must weigh every open incident, and no real page
// has this many open at once.
const UNRESOLVED_INCIDENTS_LIMIT = 1000;

interface Source {
  db: Client;
  page: Page;
}

const componentsOf = async ({ db, page }: Source) =>
  formatComponents(await listComponentGroups(db), await listComponents(db), page.id);

const unresolvedOf = ({ db }: Source) =>
  listIncidents(db, { limit: UNRESOLVED_INCIDENTS_LIMIT, unresolvedOnly: true });

async function incidentsDocument(source: Source, limit: number, unresolvedOnly: boolean) {
  const [components, incidents] = await Promise.all([
    componentsOf(source),
    listIncidents(source.db, { limit, unresolvedOnly }),
  ]);
  return { incidents: incidents.map((incident) => formatIncident(incident, source.page, components)) };
}

// Scheduled maintenance does not exist yet: the lists are empty but present, as clients expect.
const noMaintenances = async () => ({ scheduled_maintenances: [] });

const BUILDERS: Record<PublicV2Path, (source: Source) => Promise<Record<string, unknown>>> = {
  'summary.json': async (source) => {
    const [components, unresolved] = await Promise.all([componentsOf(source), unresolvedOf(source)]);
    return {
      components,
      incidents: unresolved.map((incident) => formatIncident(incident, source.page, components)),
      scheduled_maintenances: [],
      status: formatPageStatus(
        components.filter((component) => !component.group),
        unresolved,
      ),
    };
  },
  'status.json': async (source) => {
    const [components, unresolved] = await Promise.all([listComponents(source.db), unresolvedOf(source)]);
    return { status: formatPageStatus(components, unresolved) };
  },
  'components.json': async (source) => ({ components: await componentsOf(source) }),
  'incidents.json': (source) => incidentsDocument(source, RECENT_INCIDENTS_LIMIT, false),
  'incidents/unresolved.json': (source) => incidentsDocument(source, UNRESOLVED_INCIDENTS_LIMIT, true),
  'scheduled-maintenances.json': noMaintenances,
  'scheduled-maintenances/upcoming.json': noMaintenances,
  'scheduled-maintenances/active.json': noMaintenances,
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
