// Everything the site shows, read once per build straight from the database (not through the
// server, whose memory stays small). One read batch of bulk queries: a consistent snapshot and a
// fixed number of queries however many incidents there are.
import { type Client, createClient, type InStatement, type Row } from '@libsql/client';
import { DEFAULT_CADENCE_SETTINGS } from '../../api/cadence/policy.ts';
import { DEFAULT_BUSY_TIMEOUT_MS } from '../../db/client.ts';
import { toMaintenance, toMaintenanceUpdate } from '../../db/queries/maintenances.ts';
import {
  assemblePublishedPostmortems,
  publishedPostmortemStatements,
} from '../../db/queries/postmortem-rows.ts';
import {
  toComponent,
  toComponentGroup,
  toIncident,
  toIncidentUpdate,
  toPage,
} from '../../db/queries/rows.ts';
import type {
  Component,
  ComponentGroup,
  ComponentStatus,
  IncidentWithDetails,
  MaintenanceWithDetails,
  Page,
  PublishedPostmortem,
} from '../../db/types.ts';
import { localDatabasePath, readRowsFromFile } from './data-file.ts';
import { readSiteEnv } from './env.ts';
import { resolveTimeZone } from './time.ts';
import type { StatusPoint } from './uptime.ts';

export interface SiteData {
  page: Page;
  /** The page's zone if valid, else UTC: every date on the site is in this zone. */
  timeZone: string;
  groups: ComponentGroup[];
  components: Component[];
  /** Newest first (by start), each with its updates newest first and its published post-mortem. */
  incidents: IncidentWithDetails[];
  /** Every maintenance, cancelled ones included, latest window first, updates newest first. */
  maintenances: MaintenanceWithDetails[];
  /** Every published post-mortem, once each (one may cover several incidents). */
  postmortems: PublishedPostmortem[];
  /** Per component, oldest first: changes since `historyFrom` and the one in force at that moment. */
  statusHistory: Map<string, StatusPoint[]>;
  /** Status history is complete from this instant on (a little more than 90 days back). */
  historyFrom: number;
  builtAt: number;
}

const DAY_MS = 86_400_000;
// 90 local days plus the widest zone offsets (UTC-12 to UTC+14) on either side.
const HISTORY_DAYS = 92;

const DEFAULT_PAGE: Omit<Page, 'created_at' | 'updated_at'> = {
  id: 'page',
  name: 'Status',
  url: '',
  time_zone: 'UTC',
  ...DEFAULT_CADENCE_SETTINGS,
  show_incident_metrics: false,
  logo_url: null,
  product_url: null,
  support_url: null,
};

// Held on globalThis rather than in this module: the long-lived renderer (api/jobs/site-renderer-child.ts)
// runs the pages bundled by `astro build`, whose copy of this module is not the one it imports, and
// must make them read the database again for each change.
const SITE_DATA_SLOT = Symbol.for('candor.site-data');
type SiteDataSlot = { [SITE_DATA_SLOT]?: Promise<SiteData> };

/** The site's data, loaded on first call and shared by every page of the build. */
export function loadSiteData(): Promise<SiteData> {
  const slot = globalThis as SiteDataSlot;
  slot[SITE_DATA_SLOT] ??= loadFromEnvironment();
  return slot[SITE_DATA_SLOT];
}

/** Makes the next loadSiteData() read the database again (a new snapshot for the next render). */
export function forgetSiteData(): void {
  delete (globalThis as SiteDataSlot)[SITE_DATA_SLOT];
}

async function loadFromEnvironment(): Promise<SiteData> {
  const env = readSiteEnv();
  const now = env.builtAt ?? Date.now();
  const path = localDatabasePath(env.databaseUrl);
  // The timeouts make a read wait out a checkpoint of another process rather than fail the build.
  if (path !== undefined)
    return assembleSiteData((statements) => readRowsFromFile(path, statements, DEFAULT_BUSY_TIMEOUT_MS), now);
  const db = createClient({
    url: env.databaseUrl,
    timeout: DEFAULT_BUSY_TIMEOUT_MS,
    ...(env.databaseAuthToken ? { authToken: env.databaseAuthToken } : {}),
  });
  try {
    return await readSiteData(db, now);
  } finally {
    db.close();
  }
}

/** Runs read-only statements as one snapshot: the rows of each, in order. */
type ReadRows = (statements: InStatement[]) => Promise<Row[][]>;

/** Reads the whole snapshot at `now` (epoch ms). Never writes. */
export function readSiteData(db: Client, now: number): Promise<SiteData> {
  return assembleSiteData(async (statements) => (await db.batch(statements, 'read')).map((r) => r.rows), now);
}

async function assembleSiteData(readRows: ReadRows, now: number): Promise<SiteData> {
  const historyFrom = now - HISTORY_DAYS * DAY_MS;
  const from = new Date(historyFrom).toISOString();
  const results = await readRows([
    'SELECT * FROM page LIMIT 1',
    'SELECT * FROM component_groups ORDER BY position, name',
    'SELECT * FROM components ORDER BY position, name',
    'SELECT * FROM incidents ORDER BY started_at DESC, created_at DESC, id DESC',
    // Ordered per incident below: sorting 40,000 rows in SQLite took a temporary B-tree each build.
    'SELECT * FROM incident_updates',
    'SELECT incident_id, component_id FROM incident_components',
    'SELECT * FROM maintenances ORDER BY scheduled_for DESC, id DESC',
    'SELECT * FROM maintenance_updates ORDER BY display_at DESC, rowid DESC',
    'SELECT maintenance_id, component_id FROM maintenance_components ORDER BY maintenance_id, component_id',
    // rowid breaks ties between changes in the same millisecond in the order they were written.
    {
      sql: `SELECT component_id, new_status, changed_at, seq FROM (
            SELECT component_id, new_status, changed_at, rowid AS seq,
              ROW_NUMBER() OVER (PARTITION BY component_id ORDER BY changed_at DESC, rowid DESC) AS newest
            FROM component_status_changes WHERE changed_at < :from
          ) WHERE newest = 1
          UNION ALL
          SELECT component_id, new_status, changed_at, rowid AS seq FROM component_status_changes
          WHERE changed_at >= :from
          ORDER BY changed_at, seq`,
      args: { from },
    },
    ...publishedPostmortemStatements(null),
  ]);
  const [
    pageRows,
    groupRows,
    componentRows,
    incidentRows,
    updateRows,
    linkRows,
    maintenanceRows,
    maintenanceUpdateRows,
    maintenanceLinkRows,
    changeRows,
    postmortemRows,
    postmortemLinkRows,
    followUpRows,
  ] = results;
  const postmortems = assemblePublishedPostmortems(
    postmortemRows ?? [],
    postmortemLinkRows ?? [],
    followUpRows ?? [],
  );
  const at = new Date(now).toISOString();
  const page = pageRows?.[0] ? toPage(pageRows[0]) : { ...DEFAULT_PAGE, created_at: at, updated_at: at };
  return {
    page,
    timeZone: resolveTimeZone(page.time_zone),
    groups: (groupRows ?? []).map(toComponentGroup),
    components: (componentRows ?? []).map(toComponent),
    incidents: assembleIncidents(incidentRows ?? [], updateRows ?? [], linkRows ?? [], postmortems),
    postmortems: [...new Set(postmortems.values())],
    maintenances: assembleMaintenances(
      maintenanceRows ?? [],
      maintenanceUpdateRows ?? [],
      maintenanceLinkRows ?? [],
    ),
    statusHistory: groupStatusChanges(changeRows ?? []),
    historyFrom,
    builtAt: now,
  };
}

// What the last snapshot built each incident from, by id (held on globalThis for the same reason as
// the data). The long-lived renderer reads the database again for every change; an incident whose
// rows are all the same as last time keeps its object, so its digest (cache-key.ts, remembered per
// object) is not computed again: at 10,000 incidents, one change no longer re-digests them all.
const INCIDENT_SOURCES_SLOT = Symbol.for('candor.site-data.incident-sources');
type IncidentSourcesSlot = { [INCIDENT_SOURCES_SLOT]?: Map<string, IncidentSource> };

interface IncidentSource {
  row: Row;
  updates: Row[];
  componentIds: string[];
  postmortem: PublishedPostmortem | null;
  incident: IncidentWithDetails;
}

function assembleIncidents(
  incidentRows: readonly Row[],
  updateRows: readonly Row[],
  linkRows: readonly Row[],
  postmortems: ReadonlyMap<string, PublishedPostmortem>,
): IncidentWithDetails[] {
  const updatesOf = new Map<string, Row[]>();
  for (const row of updateRows) {
    const id = String(row.incident_id);
    const list = updatesOf.get(id);
    if (list) list.push(row);
    else updatesOf.set(id, [row]);
  }
  for (const list of updatesOf.values()) if (list.length > 1) list.sort(newestUpdateFirst);
  const componentIdsOf = new Map<string, string[]>();
  for (const row of linkRows) {
    const id = String(row.incident_id);
    const list = componentIdsOf.get(id);
    if (list) list.push(String(row.component_id));
    else componentIdsOf.set(id, [String(row.component_id)]);
  }
  const slot = globalThis as IncidentSourcesSlot;
  const previous = slot[INCIDENT_SOURCES_SLOT];
  const sources = new Map<string, IncidentSource>();
  const incidents = incidentRows.map((row) => {
    const id = String(row.id);
    const source: Omit<IncidentSource, 'incident'> = {
      row,
      updates: updatesOf.get(id) ?? [],
      componentIds: componentIdsOf.get(id) ?? [],
      postmortem: postmortems.get(id) ?? null,
    };
    const known = previous?.get(id);
    const incident =
      known && sameSource(known, source)
        ? known.incident
        : {
            ...toIncident(row),
            incident_updates: source.updates.map(toIncidentUpdate),
            component_ids: [...source.componentIds],
            postmortem: source.postmortem,
          };
    sources.set(id, { ...source, incident });
    return incident;
  });
  slot[INCIDENT_SOURCES_SLOT] = sources;
  return incidents;
}

// display_at DESC, created_at DESC, id DESC, as SQLite would order them: these columns are ASCII
// text (ISO timestamps, ids), where comparing UTF-16 code units is comparing bytes.
function newestUpdateFirst(a: Row, b: Row): number {
  for (const column of ['display_at', 'created_at', 'id']) {
    const [x, y] = [String(a[column]), String(b[column])];
    if (x !== y) return x < y ? 1 : -1;
  }
  return 0;
}

function sameSource(known: IncidentSource, next: Omit<IncidentSource, 'incident'>): boolean {
  return (
    sameRow(known.row, next.row) &&
    known.updates.length === next.updates.length &&
    known.updates.every((row, index) => sameRow(row, next.updates[index])) &&
    known.componentIds.length === next.componentIds.length &&
    known.componentIds.every((id, index) => id === next.componentIds[index]) &&
    // Rare (published post-mortems only) and small: compared by content.
    JSON.stringify(known.postmortem) === JSON.stringify(next.postmortem)
  );
}

// Column by column; a value that is not a primitive (a blob) never counts as the same.
function sameRow(a: Row, b: Row | undefined): boolean {
  if (!b) return false;
  const columns = Object.keys(a);
  if (columns.length !== Object.keys(b).length) return false;
  return columns.every((column) => {
    const value = a[column];
    return (value === null || typeof value !== 'object') && value === b[column];
  });
}

function assembleMaintenances(
  rows: readonly Row[],
  updateRows: readonly Row[],
  linkRows: readonly Row[],
): MaintenanceWithDetails[] {
  const byId = new Map<string, MaintenanceWithDetails>();
  for (const row of rows) {
    const maintenance = toMaintenance(row);
    byId.set(maintenance.id, { ...maintenance, maintenance_updates: [], component_ids: [] });
  }
  for (const row of updateRows)
    byId.get(String(row.maintenance_id))?.maintenance_updates.push(toMaintenanceUpdate(row));
  for (const row of linkRows)
    byId.get(String(row.maintenance_id))?.component_ids.push(String(row.component_id));
  return [...byId.values()];
}

function groupStatusChanges(rows: readonly Row[]): Map<string, StatusPoint[]> {
  const history = new Map<string, StatusPoint[]>();
  for (const row of rows) {
    const id = String(row.component_id);
    const points = history.get(id) ?? [];
    points.push({
      status: String(row.new_status) as ComponentStatus,
      at: Date.parse(String(row.changed_at)),
    });
    history.set(id, points);
  }
  return history;
}
