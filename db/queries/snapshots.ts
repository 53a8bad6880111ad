// Each resource as JSON, built by SQL: its fields as the admin API returns them, and the rows that
// belong to it (and go with it when it is deleted) as objects keyed by id, so that an audit entry
// can name one of them by a JSON pointer. Audit entries take these inside the write's own
// transaction, so an entry can never disagree with what was committed.

const bool = (column: string): string => `json(CASE WHEN ${column} THEN 'true' ELSE 'false' END)`;

const PAGE_JSON = `json_object('id', r.id, 'name', r.name, 'url', r.url, 'time_zone', r.time_zone,
  'created_at', r.created_at, 'updated_at', r.updated_at,
  'update_cadence_minutes', json(r.update_cadence_minutes), 'reminder_lead_minutes', r.reminder_lead_minutes,
  'escalation_after_minutes', r.escalation_after_minutes, 'escalation_email', r.escalation_email,
  'chat_webhook_url', r.chat_webhook_url, 'show_next_update', ${bool('r.show_next_update')},
  'monitoring_watch_minutes', r.monitoring_watch_minutes, 'postmortem_deadline_hours', r.postmortem_deadline_hours,
  'show_incident_metrics', ${bool('r.show_incident_metrics')},
  'logo_url', r.logo_url, 'product_url', r.product_url, 'support_url', r.support_url)`;

const GROUP_JSON = `json_object('id', r.id, 'name', r.name, 'description', r.description,
  'position', r.position, 'created_at', r.created_at, 'updated_at', r.updated_at)`;

const COMPONENT_JSON = `json_object('id', r.id, 'group_id', r.group_id, 'name', r.name,
  'description', r.description, 'position', r.position, 'status', r.status,
  'showcase', ${bool('r.showcase')}, 'only_show_if_degraded', ${bool('r.only_show_if_degraded')},
  'start_date', r.start_date, 'created_at', r.created_at, 'updated_at', r.updated_at,
  'status_history', json((SELECT json_group_object(h.id, json_object('old_status', h.old_status,
      'new_status', h.new_status, 'changed_at', h.changed_at, 'incident_update_id', h.incident_update_id))
    FROM component_status_changes AS h WHERE h.component_id = r.id)),
  'incident_ids', json((SELECT json_group_array(ic.incident_id ORDER BY ic.incident_id)
    FROM incident_components AS ic WHERE ic.component_id = r.id)))`;

const UPDATE_JSON = `json_object('id', u.id, 'incident_id', u.incident_id, 'status', u.status, 'body', u.body,
  'affected_components', json(u.affected_components), 'deliver_notifications', ${bool('u.deliver_notifications')},
  'display_at', u.display_at, 'created_at', u.created_at, 'updated_at', u.updated_at)`;

const INCIDENT_JSON = `json_object('id', r.id, 'name', r.name, 'status', r.status, 'impact', r.impact,
  'started_at', r.started_at, 'monitoring_at', r.monitoring_at, 'resolved_at', r.resolved_at,
  'created_at', r.created_at, 'updated_at', r.updated_at,
  'lead', CASE WHEN r.lead_email IS NULL THEN json('null') ELSE json_object('email', r.lead_email, 'name', r.lead_name) END,
  'update_cadence_minutes', r.update_cadence_minutes, 'postmortem_waived_at', r.postmortem_waived_at,
  'incident_updates', json((SELECT json_group_object(u.id, json(${UPDATE_JSON}))
    FROM incident_updates AS u WHERE u.incident_id = r.id)),
  'component_ids', json((SELECT json_group_array(ic.component_id ORDER BY ic.component_id)
    FROM incident_components AS ic WHERE ic.incident_id = r.id)))`;

// last_used_at is left out: it is not an audited change, and it would show up as one.
const TOKEN_JSON = `json_object('id', r.id, 'name', r.name, 'scope', r.scope, 'expires_at', r.expires_at,
  'created_by', r.created_by, 'created_at', r.created_at, 'revoked_at', r.revoked_at, 'revoked_by', r.revoked_by)`;

// Never the signing secret: audit entries are readable by every admin.
const WEBHOOK_JSON = `json_object('id', r.id, 'url', r.url, 'format', r.format, 'components', json(r.components),
  'min_impact', r.min_impact, 'enabled', ${bool('r.enabled')}, 'consecutive_failures', r.consecutive_failures,
  'disabled_at', r.disabled_at, 'disabled_reason', r.disabled_reason, 'created_at', r.created_at,
  'updated_at', r.updated_at)`;
// Targets are listed with the subscriber; `components` is null for a whole-page subscription.
export const SUBSCRIBER_JSON = `json_object('id', r.id, 'email', r.email, 'state', r.state,
  'components', CASE WHEN r.whole_page THEN json('null') ELSE json((SELECT json_group_array(coalesce(t.component_id, t.group_id)
    ORDER BY coalesce(t.component_id, t.group_id)) FROM subscriber_targets AS t WHERE t.subscriber_id = r.id)) END,
  'min_impact', r.min_impact, 'confirmed_at', r.confirmed_at, 'unsubscribed_at', r.unsubscribed_at,
  'quarantined_at', r.quarantined_at, 'created_at', r.created_at, 'updated_at', r.updated_at)`;

const MAINTENANCE_UPDATE_JSON = `json_object('id', u.id, 'maintenance_id', u.maintenance_id, 'status', u.status,
  'body', u.body, 'display_at', u.display_at, 'created_at', u.created_at, 'updated_at', u.updated_at)`;

// claim_token is left out: it only exists inside a transition's own transaction.
const MAINTENANCE_JSON = `json_object('id', r.id, 'name', r.name, 'status', r.status,
  'scheduled_for', r.scheduled_for, 'scheduled_until', r.scheduled_until, 'auto_start', ${bool('r.auto_start')},
  'auto_complete', ${bool('r.auto_complete')},
  'set_components_under_maintenance', ${bool('r.set_components_under_maintenance')}, 'notify', ${bool('r.notify')},
  'remind_before_minutes', json(r.remind_before_minutes), 'revision', r.revision, 'window_set_at', r.window_set_at,
  'started_at', r.started_at, 'completed_at', r.completed_at, 'cancelled_at', r.cancelled_at,
  'created_at', r.created_at, 'updated_at', r.updated_at,
  'maintenance_updates', json((SELECT json_group_object(u.id, json(${MAINTENANCE_UPDATE_JSON}))
    FROM maintenance_updates AS u WHERE u.maintenance_id = r.id)),
  'components', json((SELECT json_group_object(mc.component_id, json_object('status_before', mc.status_before))
    FROM maintenance_components AS mc WHERE mc.maintenance_id = r.id)))`;

// Versions are keyed by their number, so an entry names the one a publication added.
const POSTMORTEM_JSON = `json_object('id', r.id, 'body', r.body, 'action_items', json(r.action_items),
  'published_version', r.published_version, 'published_at', r.published_at,
  'created_at', r.created_at, 'updated_at', r.updated_at,
  'incident_ids', json((SELECT json_group_array(pi.incident_id ORDER BY pi.incident_id)
    FROM postmortem_incidents AS pi WHERE pi.postmortem_id = r.id)),
  'versions', json((SELECT json_group_object(v.version, json_object('body', v.body,
      'action_items', json(v.action_items), 'completed_items', json(v.completed_items),
      'notified', ${bool('v.notified')}, 'published_at', v.published_at, 'published_by', v.published_by))
    FROM postmortem_versions AS v WHERE v.postmortem_id = r.id)))`;

const INCIDENT_TEMPLATE_JSON = `json_object('id', r.id, 'name', r.name, 'title', r.title, 'body', r.body,
  'status', r.status, 'impact', r.impact, 'components', json(r.components), 'created_at', r.created_at,
  'updated_at', r.updated_at)`;

// People who sign in to the console; their sessions and links are never part of it.
const MEMBER_JSON = `json_object('id', r.id, 'email', r.email, 'name', r.name, 'created_at', r.created_at,
  'updated_at', r.updated_at)`;

export type AuditedResource =
  | 'member'
  | 'page'
  | 'component_group'
  | 'component'
  | 'incident'
  | 'admin_token'
  | 'webhook'
  | 'subscriber'
  | 'maintenance'
  | 'postmortem'
  | 'incident_template';

// `collections`: the fields holding rows keyed by id, which audit entries compare row by row.
const SNAPSHOTS: Record<AuditedResource, { table: string; json: string; collections: string[] }> = {
  page: { table: 'page', json: PAGE_JSON, collections: [] },
  component_group: { table: 'component_groups', json: GROUP_JSON, collections: [] },
  component: { table: 'components', json: COMPONENT_JSON, collections: ['status_history'] },
  incident: { table: 'incidents', json: INCIDENT_JSON, collections: ['incident_updates'] },
  admin_token: { table: 'admin_tokens', json: TOKEN_JSON, collections: [] },
  webhook: { table: 'webhooks', json: WEBHOOK_JSON, collections: [] },
  subscriber: { table: 'subscribers', json: SUBSCRIBER_JSON, collections: [] },
  maintenance: {
    table: 'maintenances',
    json: MAINTENANCE_JSON,
    collections: ['maintenance_updates', 'components'],
  },
  postmortem: { table: 'postmortems', json: POSTMORTEM_JSON, collections: ['versions'] },
  incident_template: { table: 'incident_templates', json: INCIDENT_TEMPLATE_JSON, collections: [] },
  member: { table: 'members', json: MEMBER_JSON, collections: [] },
};

/** The fields of a resource's snapshot that hold rows keyed by id. */
export function snapshotCollections(resource: AuditedResource): readonly string[] {
  return SNAPSHOTS[resource].collections;
}

/**
 * A scalar subquery giving the resource with id `:resource_id` as JSON text, or NULL when no such
 * row exists (so the `before` of a creation and the `after` of a deletion come out NULL by
 * themselves). Admin tokens never include their hash.
 */
export function snapshotSql(resource: AuditedResource): string {
  const { table, json } = SNAPSHOTS[resource];
  return `(SELECT ${json} FROM ${table} AS r WHERE r.id = :resource_id)`;
}
