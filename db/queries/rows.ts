import type { Row } from '@libsql/client';
import type {
  AffectedComponent,
  Component,
  ComponentGroup,
  ComponentStatus,
  Incident,
  IncidentImpact,
  IncidentStatus,
  IncidentUpdate,
  Page,
  UpdateCadenceMinutes,
} from '../types.ts';

// Row → domain mappers. SQLite hands back integers for booleans and text for JSON; these are the
// only places that know it.

const text = (row: Row, key: string): string => String(row[key]);
const nullableText = (row: Row, key: string): string | null => (row[key] == null ? null : String(row[key]));

export function toPage(row: Row): Page {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    url: text(row, 'url'),
    time_zone: text(row, 'time_zone'),
    show_incident_metrics: Number(row.show_incident_metrics ?? 0) === 1,
    logo_url: row.logo_url == null ? null : String(row.logo_url),
    product_url: row.product_url == null ? null : String(row.product_url),
    support_url: row.support_url == null ? null : String(row.support_url),
    created_at: text(row, 'created_at'),
    updated_at: text(row, 'updated_at'),
    update_cadence_minutes: parseCadence(text(row, 'update_cadence_minutes')),
    reminder_lead_minutes: Number(row.reminder_lead_minutes),
    escalation_after_minutes: Number(row.escalation_after_minutes),
    escalation_email: nullableText(row, 'escalation_email'),
    chat_webhook_url: nullableText(row, 'chat_webhook_url'),
    show_next_update: Number(row.show_next_update) === 1,
    monitoring_watch_minutes: Number(row.monitoring_watch_minutes),
    postmortem_deadline_hours: Number(row.postmortem_deadline_hours),
  };
}

// Written whole (the migration's default, or the API after validating every impact).
function parseCadence(json: string): UpdateCadenceMinutes {
  return JSON.parse(json) as UpdateCadenceMinutes;
}

export function toComponentGroup(row: Row): ComponentGroup {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    description: nullableText(row, 'description'),
    position: Number(row.position),
    created_at: text(row, 'created_at'),
    updated_at: text(row, 'updated_at'),
  };
}

export function toComponent(row: Row): Component {
  return {
    id: text(row, 'id'),
    group_id: nullableText(row, 'group_id'),
    name: text(row, 'name'),
    description: nullableText(row, 'description'),
    position: Number(row.position),
    status: text(row, 'status') as ComponentStatus,
    showcase: Number(row.showcase) === 1,
    only_show_if_degraded: Number(row.only_show_if_degraded) === 1,
    start_date: nullableText(row, 'start_date'),
    created_at: text(row, 'created_at'),
    updated_at: text(row, 'updated_at'),
  };
}

export function toIncident(row: Row): Incident {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    status: text(row, 'status') as IncidentStatus,
    impact: text(row, 'impact') as IncidentImpact,
    started_at: text(row, 'started_at'),
    monitoring_at: nullableText(row, 'monitoring_at'),
    resolved_at: nullableText(row, 'resolved_at'),
    created_at: text(row, 'created_at'),
    updated_at: text(row, 'updated_at'),
    lead:
      row.lead_email == null
        ? null
        : { email: text(row, 'lead_email'), name: nullableText(row, 'lead_name') },
    update_cadence_minutes: row.update_cadence_minutes == null ? null : Number(row.update_cadence_minutes),
    postmortem_waived_at: nullableText(row, 'postmortem_waived_at'),
  };
}

export function toIncidentUpdate(row: Row): IncidentUpdate {
  const affected = nullableText(row, 'affected_components');
  return {
    id: text(row, 'id'),
    incident_id: text(row, 'incident_id'),
    status: text(row, 'status') as IncidentStatus,
    body: text(row, 'body'),
    affected_components: affected === null ? null : (JSON.parse(affected) as AffectedComponent[]),
    deliver_notifications: Number(row.deliver_notifications) === 1,
    display_at: text(row, 'display_at'),
    created_at: text(row, 'created_at'),
    updated_at: text(row, 'updated_at'),
  };
}
