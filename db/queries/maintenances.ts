import type { Client, InStatement, InValue, Row } from '@libsql/client';
import type { Maintenance, MaintenanceStatus, MaintenanceUpdate, MaintenanceWithDetails } from '../types.ts';

const text = (row: Row, key: string): string => String(row[key]);
const nullableText = (row: Row, key: string): string | null => (row[key] == null ? null : String(row[key]));
const flag = (row: Row, key: string): boolean => Number(row[key]) === 1;

export function toMaintenance(row: Row): Maintenance {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    status: text(row, 'status') as MaintenanceStatus,
    scheduled_for: text(row, 'scheduled_for'),
    scheduled_until: text(row, 'scheduled_until'),
    auto_start: flag(row, 'auto_start'),
    auto_complete: flag(row, 'auto_complete'),
    set_components_under_maintenance: flag(row, 'set_components_under_maintenance'),
    notify: flag(row, 'notify'),
    remind_before_minutes: JSON.parse(text(row, 'remind_before_minutes')) as number[],
    revision: Number(row.revision),
    window_set_at: text(row, 'window_set_at'),
    started_at: nullableText(row, 'started_at'),
    completed_at: nullableText(row, 'completed_at'),
    cancelled_at: nullableText(row, 'cancelled_at'),
    created_at: text(row, 'created_at'),
    updated_at: text(row, 'updated_at'),
  };
}

export function toMaintenanceUpdate(row: Row): MaintenanceUpdate {
  return {
    id: text(row, 'id'),
    maintenance_id: text(row, 'maintenance_id'),
    status: text(row, 'status') as MaintenanceStatus,
    body: text(row, 'body'),
    display_at: text(row, 'display_at'),
    created_at: text(row, 'created_at'),
    updated_at: text(row, 'updated_at'),
  };
}

/** A maintenance with its updates and component ids, or null when the id is unknown. */
export async function getMaintenance(db: Client, id: string): Promise<MaintenanceWithDetails | null> {
  const result = await db.execute({ sql: 'SELECT * FROM maintenances WHERE id = :id', args: { id } });
  const row = result.rows[0];
  if (!row) return null;
  const [maintenance] = await withDetails(db, [toMaintenance(row)]);
  return maintenance ?? null;
}

export interface ListMaintenancesOptions {
  limit: number;
  /** Only these statuses (all when absent). */
  statuses?: readonly MaintenanceStatus[];
  /** Soonest window first (upcoming lists) instead of the latest first. */
  order?: 'soonest' | 'latest';
}

/** Maintenances with their details, by window start (latest first unless `soonest`). */
export async function listMaintenances(
  db: Client,
  options: ListMaintenancesOptions,
): Promise<MaintenanceWithDetails[]> {
  const args: Record<string, InValue> = { limit: options.limit };
  let where = '';
  if (options.statuses) {
    where = 'WHERE status IN (SELECT value FROM json_each(:statuses))';
    args.statuses = JSON.stringify(options.statuses);
  }
  const direction = options.order === 'soonest' ? 'ASC' : 'DESC';
  const result = await db.execute({
    sql: `SELECT * FROM maintenances ${where} ORDER BY scheduled_for ${direction}, id ${direction} LIMIT :limit`,
    args,
  });
  return withDetails(db, result.rows.map(toMaintenance));
}

// Two queries for any number of maintenances.
async function withDetails(db: Client, maintenances: Maintenance[]): Promise<MaintenanceWithDetails[]> {
  if (maintenances.length === 0) return [];
  const ids = JSON.stringify(maintenances.map((maintenance) => maintenance.id));
  const [updates, links] = await db.batch(
    [
      {
        sql: `SELECT * FROM maintenance_updates WHERE maintenance_id IN (SELECT value FROM json_each(:ids))
          ORDER BY display_at DESC, rowid DESC`,
        args: { ids },
      },
      {
        sql: `SELECT maintenance_id, component_id FROM maintenance_components
          WHERE maintenance_id IN (SELECT value FROM json_each(:ids)) ORDER BY maintenance_id, component_id`,
        args: { ids },
      },
    ],
    'read',
  );
  const byId = new Map<string, MaintenanceWithDetails>(
    maintenances.map((item) => [item.id, { ...item, maintenance_updates: [], component_ids: [] }]),
  );
  for (const row of updates?.rows ?? []) {
    byId.get(String(row.maintenance_id))?.maintenance_updates.push(toMaintenanceUpdate(row));
  }
  for (const row of links?.rows ?? []) {
    byId.get(String(row.maintenance_id))?.component_ids.push(String(row.component_id));
  }
  return [...byId.values()];
}

export function insertMaintenance(maintenance: Maintenance): InStatement {
  return {
    sql: `INSERT INTO maintenances (id, name, status, scheduled_for, scheduled_until, auto_start, auto_complete,
        set_components_under_maintenance, notify, remind_before_minutes, revision, window_set_at, created_at, updated_at)
      VALUES (:id, :name, :status, :scheduled_for, :scheduled_until, :auto_start, :auto_complete,
        :set_components_under_maintenance, :notify, :remind_before_minutes, :revision, :window_set_at,
        :created_at, :updated_at)`,
    args: {
      id: maintenance.id,
      name: maintenance.name,
      status: maintenance.status,
      scheduled_for: maintenance.scheduled_for,
      scheduled_until: maintenance.scheduled_until,
      auto_start: maintenance.auto_start ? 1 : 0,
      auto_complete: maintenance.auto_complete ? 1 : 0,
      set_components_under_maintenance: maintenance.set_components_under_maintenance ? 1 : 0,
      notify: maintenance.notify ? 1 : 0,
      remind_before_minutes: JSON.stringify(maintenance.remind_before_minutes),
      revision: maintenance.revision,
      window_set_at: maintenance.window_set_at,
      created_at: maintenance.created_at,
      updated_at: maintenance.updated_at,
    },
  };
}

/** Replaces the maintenance's component list (status_before is filled only when it starts). */
export function replaceMaintenanceComponents(
  maintenanceId: string,
  componentIds: readonly string[],
): InStatement[] {
  return [
    {
      sql: `DELETE FROM maintenance_components WHERE maintenance_id = :id
        AND component_id NOT IN (SELECT value FROM json_each(:ids))`,
      args: { id: maintenanceId, ids: JSON.stringify(componentIds) },
    },
    {
      sql: `INSERT INTO maintenance_components (maintenance_id, component_id)
        SELECT :id, value FROM json_each(:ids) WHERE true ON CONFLICT DO NOTHING`,
      args: { id: maintenanceId, ids: JSON.stringify(componentIds) },
    },
  ];
}

/**
 * Adds an update to the maintenance. With `onlyIf` (SQL over the named args), only when it holds
 * at that point of the batch.
 */
export function insertMaintenanceUpdate(
  update: { id: string; maintenanceId: string; status: MaintenanceStatus; body: string; now: string },
  onlyIf?: { sql: string; args: Record<string, InValue> },
): InStatement {
  const values = ':id, :maintenance_id, :status, :body, :now, :now, :now';
  return {
    sql: `INSERT INTO maintenance_updates (id, maintenance_id, status, body, display_at, created_at, updated_at)
      ${onlyIf ? `SELECT ${values} WHERE ${onlyIf.sql}` : `VALUES (${values})`}`,
    args: {
      ...(onlyIf?.args ?? {}),
      id: update.id,
      maintenance_id: update.maintenanceId,
      status: update.status,
      body: update.body,
      now: update.now,
    },
  };
}

export interface MaintenanceFieldChange {
  id: string;
  now: string;
  name?: string | undefined;
  auto_start?: boolean | undefined;
  auto_complete?: boolean | undefined;
  set_components_under_maintenance?: boolean | undefined;
  notify?: boolean | undefined;
  remind_before_minutes?: number[] | undefined;
  /** A new window: sets both ends, counts a revision and restarts the reminders. */
  window?: { scheduled_for: string; scheduled_until: string } | undefined;
}

/** The partial update of a maintenance's own fields (status changes go through transitions). */
export function updateMaintenanceFields(change: MaintenanceFieldChange): InStatement {
  const sets = ['updated_at = :now'];
  const args: Record<string, InValue> = { id: change.id, now: change.now };
  const put = (column: string, value: InValue | boolean | undefined) => {
    if (value === undefined) return;
    sets.push(`${column} = :${column}`);
    args[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  };
  put('name', change.name);
  put('auto_start', change.auto_start);
  put('auto_complete', change.auto_complete);
  put('set_components_under_maintenance', change.set_components_under_maintenance);
  put('notify', change.notify);
  if (change.remind_before_minutes)
    put('remind_before_minutes', JSON.stringify(change.remind_before_minutes));
  if (change.window) {
    put('scheduled_for', change.window.scheduled_for);
    put('scheduled_until', change.window.scheduled_until);
    sets.push('revision = revision + 1', 'window_set_at = :now');
  }
  return { sql: `UPDATE maintenances SET ${sets.join(', ')} WHERE id = :id`, args };
}

/**
 * The maintenances the scheduler may have work on at `now`: scheduled ones whose window starts
 * within `horizonMs` (reminders, start) and running ones (completion). Few rows on any page.
 */
export async function listMaintenancesDue(db: Client, now: string, horizon: string): Promise<Maintenance[]> {
  const result = await db.execute({
    sql: `SELECT * FROM maintenances
      WHERE (status = 'scheduled' AND scheduled_for <= :horizon)
        OR (status IN ('in_progress', 'verifying') AND auto_complete = 1 AND scheduled_until <= :now)
      ORDER BY scheduled_for, id`,
    args: { now, horizon },
  });
  return result.rows.map(toMaintenance);
}
