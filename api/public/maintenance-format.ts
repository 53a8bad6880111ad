// Maintenance → Statuspage's `scheduled_maintenance` object: an incident object with
// `scheduled_for` and `scheduled_until` set, impact `maintenance`, status scheduled / in_progress /
// verifying / completed, keys in Statuspage's order. Cancelled windows are never formatted: the
// public lists leave them out (Statuspage has no such status and clients break on new values).
import type { MaintenanceUpdate, MaintenanceWithDetails, Page } from '../../db/types.ts';
import type { V2Component } from './statuspage-format.ts';

export type PublicMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export interface V2MaintenanceUpdate {
  id: string;
  status: PublicMaintenanceStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface V2ScheduledMaintenance {
  id: string;
  name: string;
  status: PublicMaintenanceStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: null;
  resolved_at: string | null;
  impact: 'maintenance';
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2MaintenanceUpdate[];
  components: V2Component[];
  impact_override: null;
  metadata: Record<string, never>;
  scheduled_for: string;
  scheduled_until: string;
  postmortem_body: null;
  postmortem_published_at: null;
}

/** The maintenance's public address: `<page url>/maintenance/<id>/`. */
export function maintenanceShortlink(pageUrl: string, maintenanceId: string): string {
  return `${pageUrl.replace(/\/+$/, '')}/maintenance/${encodeURIComponent(maintenanceId)}/`;
}

// An update posted at cancellation never reaches the public lists (the window is left out), but
// an older one keeps the status its window had.
const publicStatus = (status: MaintenanceUpdate['status']): PublicMaintenanceStatus =>
  status === 'cancelled' ? 'completed' : status;

export function formatMaintenanceUpdate(update: MaintenanceUpdate): V2MaintenanceUpdate {
  return {
    id: update.id,
    status: publicStatus(update.status),
    body: update.body,
    incident_id: update.maintenance_id,
    created_at: update.created_at,
    updated_at: update.updated_at,
    display_at: update.display_at,
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

/**
 * A maintenance with its updates (newest first) and its components as full component objects
 * (in the page's order, at most `maxComponents`).
 */
export function formatMaintenance(
  maintenance: MaintenanceWithDetails,
  page: Page,
  components: readonly V2Component[],
  maxComponents = Number.POSITIVE_INFINITY,
): V2ScheduledMaintenance {
  const affected = new Set(maintenance.component_ids);
  const listed: V2Component[] = [];
  for (const component of components) {
    if (listed.length >= maxComponents) break;
    if (!component.group && affected.has(component.id)) listed.push(component);
  }
  return {
    id: maintenance.id,
    name: maintenance.name,
    status: publicStatus(maintenance.status),
    created_at: maintenance.created_at,
    updated_at: maintenance.updated_at,
    monitoring_at: null,
    resolved_at: maintenance.completed_at,
    impact: 'maintenance',
    shortlink: maintenanceShortlink(page.url, maintenance.id),
    started_at: maintenance.started_at ?? maintenance.scheduled_for,
    page_id: page.id,
    incident_updates: maintenance.maintenance_updates.map(formatMaintenanceUpdate),
    components: listed,
    impact_override: null,
    metadata: {},
    scheduled_for: maintenance.scheduled_for,
    scheduled_until: maintenance.scheduled_until,
    postmortem_body: null,
    postmortem_published_at: null,
  };
}
