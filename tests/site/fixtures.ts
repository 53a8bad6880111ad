// A status page with a known history, written with plain SQL relative to `now`: two groups, eight
// components with 90+ days of status changes, a resolved incident with four updates (one of them
// hostile markdown) ten days old, one resolved two days ago, an open one, and an incident five months
// old. User strings carry <, & and ".
import type { Client, InStatement } from '@libsql/client';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const PAGE_NAME = 'Acme <Cloud> & "Co"';
export const GROUP_EDGE = 'Edge & <Delivery>';
export const WEBHOOKS = 'Webhooks "beta" <v2>';
export const RESOLVED_NAME = 'API errors <b>& timeouts</b>';
export const OPEN_NAME = 'Dashboard is slow';
export const OLD_NAME = 'Old DNS incident';
export const RECENT_NAME = 'Webhook retries delayed';
/** The recent incident's latest update: markdown and markup that its excerpt must show as text. */
export const RECENT_LATEST_BODY =
  'Retries are **on time** again.\n\n<script>alert("owned")</script>\n\nQueue < 1 min & "empty".';

export const HOSTILE_BODY = [
  'We are **investigating** elevated errors.',
  '<script>alert("owned")</script>',
  '[click me](javascript:alert(1)) and [docs](https://example.com/docs?a=1&b=2)',
  '<img src=x onerror="alert(2)"> <a href="JaVaScRiPt:alert(3)">obfuscated</a>',
  'Rates < 5 % & "falling".',
].join('\n\n');

export interface SiteFixture {
  ids: {
    api: string;
    dashboard: string;
    cdn: string;
    webhooks: string;
    emails: string;
    legacy: string;
    dns: string;
    storage: string;
    resolved: string;
    open: string;
    old: string;
    recent: string;
    /** The resolved incident's updates, oldest first. */
    resolvedUpdates: string[];
    openUpdate: string;
    oldUpdates: string[];
    recentUpdates: string[];
  };
  /** When each incident started (epoch ms), by id. */
  startedAt: Record<string, number>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function component(
  id: string,
  groupId: string | null,
  name: string,
  position: number,
  status: string,
  created: number,
  flags = { showcase: 1, onlyDegraded: 0 },
): InStatement {
  return {
    sql: `INSERT INTO components (id, group_id, name, description, position, status, showcase, only_show_if_degraded, created_at, updated_at)
          VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    args: [
      id,
      groupId,
      name,
      position,
      status,
      flags.showcase,
      flags.onlyDegraded,
      iso(created),
      iso(created),
    ],
  };
}

let changeSeq = 0;
function change(componentId: string, oldStatus: string | null, newStatus: string, at: number): InStatement {
  changeSeq += 1;
  return {
    sql: `INSERT INTO component_status_changes (id, component_id, old_status, new_status, changed_at)
          VALUES (?, ?, ?, ?, ?)`,
    args: [`csc_fixture${changeSeq}`, componentId, oldStatus, newStatus, iso(at)],
  };
}

/** Every component that had trouble, with [status, start, duration] windows, ends operational unless noted. */
function history(
  componentId: string,
  created: number,
  windows: Array<[string, number, number]>,
  finalStatus = 'operational',
  finalAt = 0,
): InStatement[] {
  const rows = [change(componentId, null, 'operational', created)];
  for (const [status, start, duration] of windows) {
    rows.push(
      change(componentId, 'operational', status, start),
      change(componentId, status, 'operational', start + duration),
    );
  }
  if (finalStatus !== 'operational') rows.push(change(componentId, 'operational', finalStatus, finalAt));
  return rows;
}

function incident(
  id: string,
  name: string,
  status: string,
  impact: string,
  started: number,
  resolved: number | null,
): InStatement {
  return {
    sql: `INSERT INTO incidents (id, name, status, impact, started_at, resolved_at, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      id,
      name,
      status,
      impact,
      iso(started),
      resolved === null ? null : iso(resolved),
      iso(started),
      iso(resolved ?? started),
    ],
  };
}

function update(id: string, incidentId: string, status: string, body: string, at: number): InStatement {
  return {
    sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
    args: [id, incidentId, status, body, iso(at), iso(at), iso(at)],
  };
}

const link = (incidentId: string, componentId: string): InStatement => ({
  sql: 'INSERT INTO incident_components (incident_id, component_id) VALUES (?, ?)',
  args: [incidentId, componentId],
});

/** Writes the fixture page into a migrated, empty database. */
export async function insertSiteFixture(db: Client, now = Date.now()): Promise<SiteFixture> {
  const long = now - 200 * DAY;
  const ids = {
    api: 'cmp_api',
    dashboard: 'cmp_dashboard',
    cdn: 'cmp_cdn',
    webhooks: 'cmp_webhooks',
    emails: 'cmp_emails',
    legacy: 'cmp_legacy',
    dns: 'cmp_dns',
    storage: 'cmp_storage',
    resolved: 'inc_resolved',
    open: 'inc_open',
    old: 'inc_old',
    recent: 'inc_recent',
    resolvedUpdates: ['upd_r1', 'upd_r2', 'upd_r3', 'upd_r4'],
    openUpdate: 'upd_o1',
    oldUpdates: ['upd_old1', 'upd_old2'],
    recentUpdates: ['upd_rc1', 'upd_rc2'],
  };
  const outage = now - 10 * DAY;
  const opened = now - HOUR;
  const old = now - 150 * DAY;
  const recent = now - 2 * DAY;
  await db.batch(
    [
      {
        sql: `INSERT INTO page (id, name, url, time_zone, created_at, updated_at) VALUES ('page_fixture', ?, ?, 'Europe/Berlin', ?, ?)`,
        args: [PAGE_NAME, 'https://status.example.com', iso(long), iso(long)],
      },
      {
        sql: `INSERT INTO component_groups (id, name, position, created_at, updated_at) VALUES
              ('grp_core', 'Core', 0, ?, ?), ('grp_edge', ?, 1, ?, ?)`,
        args: [iso(long), iso(long), GROUP_EDGE, iso(long), iso(long)],
      },
      component(ids.api, 'grp_core', 'API', 0, 'operational', long),
      component(ids.dashboard, 'grp_core', 'Dashboard', 1, 'degraded_performance', long),
      component(ids.cdn, 'grp_edge', 'CDN', 0, 'operational', long),
      component(ids.webhooks, 'grp_edge', WEBHOOKS, 1, 'operational', now - 30 * DAY),
      component(ids.dns, 'grp_edge', 'DNS', 2, 'operational', long),
      component(ids.storage, 'grp_edge', 'Object storage', 3, 'operational', long),
      component(ids.emails, null, 'Status emails', 2, 'operational', long, { showcase: 0, onlyDegraded: 0 }),
      component(ids.legacy, null, 'Legacy API', 3, 'operational', long, { showcase: 1, onlyDegraded: 1 }),
      // API: a 2 h major outage. Dashboard: a 4 h partial outage, degraded since the open incident.
      // CDN: 5 h of maintenance and a 2 h major outage. Webhooks: created 30 days ago.
      ...history(ids.api, long, [['major_outage', outage, 2 * HOUR]]),
      ...history(
        ids.dashboard,
        long,
        [['partial_outage', now - 20 * DAY, 4 * HOUR]],
        'degraded_performance',
        opened,
      ),
      ...history(ids.cdn, long, [
        ['under_maintenance', now - 40 * DAY, 5 * HOUR],
        ['major_outage', now - 30 * DAY, 2 * HOUR],
      ]),
      ...history(ids.webhooks, now - 30 * DAY, []),
      ...history(ids.dns, long, [
        ['degraded_performance', now - 60 * DAY, 3 * HOUR],
        ['partial_outage', now - 45 * DAY, HOUR],
      ]),
      ...history(ids.storage, long, [
        ['major_outage', now - 75 * DAY, 30 * 60_000],
        ['under_maintenance', now - 5 * DAY, 2 * HOUR],
      ]),
      ...history(ids.emails, long, []),
      ...history(ids.legacy, long, []),
      incident(ids.resolved, RESOLVED_NAME, 'resolved', 'major', outage, outage + 2 * HOUR),
      update('upd_r1', ids.resolved, 'investigating', HOSTILE_BODY, outage),
      update('upd_r2', ids.resolved, 'identified', 'A bad deploy. Rolling back.', outage + 30 * 60_000),
      update('upd_r3', ids.resolved, 'monitoring', 'Rolled back; watching error rates.', outage + HOUR),
      update('upd_r4', ids.resolved, 'resolved', 'Error rates are back to normal.', outage + 2 * HOUR),
      link(ids.resolved, ids.api),
      incident(ids.open, OPEN_NAME, 'investigating', 'minor', opened, null),
      update('upd_o1', ids.open, 'investigating', 'We are **looking** into slow page loads.', opened),
      link(ids.open, ids.dashboard),
      incident(ids.old, OLD_NAME, 'resolved', 'minor', old, old + HOUR),
      update('upd_old1', ids.old, 'investigating', 'DNS lookups fail for some users.', old),
      update('upd_old2', ids.old, 'resolved', 'Fixed.', old + HOUR),
      incident(ids.recent, RECENT_NAME, 'resolved', 'minor', recent, recent + 45 * 60_000),
      update('upd_rc1', ids.recent, 'investigating', 'Webhook retries run late.', recent),
      update('upd_rc2', ids.recent, 'resolved', RECENT_LATEST_BODY, recent + 45 * 60_000),
      link(ids.recent, ids.webhooks),
    ],
    'write',
  );
  const startedAt = { [ids.resolved]: outage, [ids.open]: opened, [ids.old]: old, [ids.recent]: recent };
  return { ids, startedAt };
}
