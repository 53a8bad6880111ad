import type { Client } from '@libsql/client';
import { DEFAULT_CADENCE_SETTINGS } from '../../api/cadence/policy.ts';
import { newId } from '../../db/ids.ts';
import { insertIncident as insertIncidentRow } from '../../db/queries/incidents.ts';
import type {
  AffectedComponent,
  Component,
  ComponentGroup,
  Incident,
  IncidentUpdate,
  IncidentWithDetails,
  Page,
} from '../../db/types.ts';

// Test-data factories writing plain SQL, with unique defaults and overrides. Timestamps default to
// a fixed base plus a counter, so rows made later sort later and tests stay deterministic.

let sequence = 0;
const BASE = Date.parse('2026-11-01T00:00:00.000Z');

/** A distinct, increasing timestamp: the nth call is n seconds after the base. */
export function nextTimestamp(): string {
  sequence += 1;
  return new Date(BASE + sequence * 1000).toISOString();
}

export async function insertPage(db: Client, overrides: Partial<Page> = {}): Promise<Page> {
  const at = nextTimestamp();
  const page: Page = {
    id: newId('page'),
    name: 'Example Status',
    url: 'https://status.example.com',
    time_zone: 'Etc/UTC',
    show_incident_metrics: false,
    logo_url: null,
    product_url: null,
    support_url: null,
    created_at: at,
    updated_at: at,
    ...DEFAULT_CADENCE_SETTINGS,
    ...overrides,
  };
  await db.execute({
    sql: `INSERT INTO page (id, name, url, time_zone, logo_url, product_url, support_url, created_at, updated_at,
            update_cadence_minutes, reminder_lead_minutes, escalation_after_minutes, escalation_email, chat_webhook_url,
            show_next_update, monitoring_watch_minutes, postmortem_deadline_hours)
          VALUES (:id, :name, :url, :time_zone, :logo_url, :product_url, :support_url, :created_at, :updated_at,
            :update_cadence_minutes, :reminder_lead_minutes, :escalation_after_minutes, :escalation_email, :chat_webhook_url,
            :show_next_update, :monitoring_watch_minutes, :postmortem_deadline_hours)`,
    args: {
      ...page,
      update_cadence_minutes: JSON.stringify(page.update_cadence_minutes),
      show_next_update: page.show_next_update ? 1 : 0,
    },
  });
  return page;
}

export async function insertGroup(
  db: Client,
  overrides: Partial<ComponentGroup> = {},
): Promise<ComponentGroup> {
  const at = nextTimestamp();
  const group: ComponentGroup = {
    id: newId('grp'),
    name: `Group ${sequence}`,
    description: null,
    position: 1,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
  await db.execute({
    sql: `INSERT INTO component_groups (id, name, description, position, created_at, updated_at)
          VALUES (:id, :name, :description, :position, :created_at, :updated_at)`,
    args: { ...group },
  });
  return group;
}

export async function insertComponent(db: Client, overrides: Partial<Component> = {}): Promise<Component> {
  const at = nextTimestamp();
  const component: Component = {
    id: newId('cmp'),
    group_id: null,
    name: `Component ${sequence}`,
    description: null,
    position: 1,
    status: 'operational',
    showcase: true,
    only_show_if_degraded: false,
    start_date: null,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
  await db.execute({
    sql: `INSERT INTO components (id, group_id, name, description, position, status, showcase,
            only_show_if_degraded, start_date, created_at, updated_at)
          VALUES (:id, :group_id, :name, :description, :position, :status, :showcase,
            :only_show_if_degraded, :start_date, :created_at, :updated_at)`,
    args: {
      ...component,
      showcase: component.showcase ? 1 : 0,
      only_show_if_degraded: component.only_show_if_degraded ? 1 : 0,
    },
  });
  return component;
}

export interface IncidentFixture extends Partial<Incident> {
  /** Updates to add, oldest first; each gets a later timestamp than the one before. */
  updates?: Partial<IncidentUpdate>[];
  componentIds?: string[];
}

/** An incident with its updates and affected components. Returned updates are newest first. */
export async function insertIncident(
  db: Client,
  fixture: IncidentFixture = {},
): Promise<IncidentWithDetails> {
  const { updates = [{}], componentIds = [], ...overrides } = fixture;
  const at = nextTimestamp();
  const incident: Incident = {
    id: newId('inc'),
    name: `Incident ${sequence}`,
    status: 'investigating',
    impact: 'minor',
    started_at: at,
    monitoring_at: null,
    resolved_at: null,
    created_at: at,
    updated_at: at,
    lead: null,
    update_cadence_minutes: null,
    postmortem_waived_at: null,
    ...overrides,
  };
  await db.execute(insertIncidentRow(incident));
  const inserted: IncidentUpdate[] = [];
  for (const update of updates) inserted.push(await insertIncidentUpdate(db, incident, update));
  for (const componentId of componentIds) {
    await db.execute({
      sql: 'INSERT INTO incident_components (incident_id, component_id) VALUES (:incident, :component)',
      args: { incident: incident.id, component: componentId },
    });
  }
  return { ...incident, incident_updates: inserted.reverse(), component_ids: componentIds };
}

async function insertIncidentUpdate(
  db: Client,
  incident: Incident,
  overrides: Partial<IncidentUpdate>,
): Promise<IncidentUpdate> {
  const at = nextTimestamp();
  const update: IncidentUpdate = {
    id: newId('upd'),
    incident_id: incident.id,
    status: incident.status,
    body: `Update ${sequence}`,
    affected_components: null,
    deliver_notifications: true,
    display_at: at,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
  await db.execute({
    sql: `INSERT INTO incident_updates (id, incident_id, status, body, affected_components,
            deliver_notifications, display_at, created_at, updated_at)
          VALUES (:id, :incident_id, :status, :body, :affected_components,
            :deliver_notifications, :display_at, :created_at, :updated_at)`,
    args: {
      ...update,
      affected_components: serialiseAffected(update.affected_components),
      deliver_notifications: update.deliver_notifications ? 1 : 0,
    },
  });
  return update;
}

const serialiseAffected = (affected: AffectedComponent[] | null) =>
  affected === null ? null : JSON.stringify(affected);

/** Records a write in the audit log, which moves the data version (and page.updated_at). */
export async function recordDataChange(db: Client, at: string = nextTimestamp()): Promise<number> {
  const result = await db.execute({
    sql: `INSERT INTO audit_log (actor, action, resource_type, resource_id, created_at)
          VALUES ('test', 'update', 'component', 'cmp_test', :at)`,
    args: { at },
  });
  return Number(result.lastInsertRowid);
}
