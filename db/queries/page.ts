import type { Client, InStatement } from '@libsql/client';
import type { CadenceSettings, Page } from '../types.ts';
import { assignDefinedColumns } from './assignments.ts';
import { toPage } from './rows.ts';

/** The page's settings, or null before the first start has created them. */
export async function getPage(db: Client): Promise<Page | null> {
  const result = await db.execute('SELECT * FROM page LIMIT 1');
  const row = result.rows[0];
  return row ? toPage(row) : null;
}

/**
 * The data version: the id of the newest audit entry (0 when nothing was ever written). Every
 * write adds an audit entry in its own transaction, so this moves exactly when the data does.
 */
export async function getDataVersion(db: Client): Promise<{ version: number; changedAt: string | null }> {
  const result = await db.execute('SELECT id, created_at FROM audit_log ORDER BY id DESC LIMIT 1');
  const row = result.rows[0];
  return row
    ? { version: Number(row.id), changedAt: String(row.created_at) }
    : { version: 0, changedAt: null };
}

export interface PageSettings {
  name: string;
  url: string;
  time_zone: string;
}

/** Settings only the admin API changes (the configuration never sets them). */
export interface PageOptions {
  show_incident_metrics: boolean;
}

/** Header links: null clears one. */
export interface PageLinks {
  logo_url: string | null;
  product_url: string | null;
  support_url: string | null;
}

/** Inserts the page unless one exists already (there is only ever one). */
export function insertPageIfMissing(page: PageSettings & { id: string; now: string }): InStatement {
  return {
    sql: `INSERT INTO page (id, name, url, time_zone, created_at, updated_at)
      SELECT :id, :name, :url, :time_zone, :now, :now WHERE NOT EXISTS (SELECT 1 FROM page)`,
    args: { id: page.id, name: page.name, url: page.url, time_zone: page.time_zone, now: page.now },
  };
}

/** Sets the given settings and updated_at of page `id` (undefined: unchanged; null clears). */
export function updatePageFields(
  change: Partial<PageSettings & PageOptions & PageLinks & CadenceSettings> & { id: string; now: string },
): InStatement {
  const { update_cadence_minutes: cadence, ...fields } = change;
  const stored = cadence === undefined ? {} : { update_cadence_minutes: JSON.stringify(cadence) };
  const { sets, args } = assignDefinedColumns(change, { ...fields, ...stored }, [
    'name',
    'url',
    'time_zone',
    'update_cadence_minutes',
    'reminder_lead_minutes',
    'escalation_after_minutes',
    'escalation_email',
    'chat_webhook_url',
    'show_next_update',
    'monitoring_watch_minutes',
    'postmortem_deadline_hours',
    'show_incident_metrics',
    'logo_url',
    'product_url',
    'support_url',
  ]);
  return { sql: `UPDATE page SET ${sets.join(', ')} WHERE id = :id`, args };
}
