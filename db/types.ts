// Domain types shared by the API, the site snapshot and the jobs. Enum values are exactly those of
// the Statuspage v2 format: clients break on any other value.

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const UNRESOLVED_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring'] as const;

export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

/** Minutes between public updates, by the incident's impact. */
export type UpdateCadenceMinutes = Record<IncidentImpact, number>;

/** The page's update-cadence settings (README, "Update cadence and reminders"). */
export interface CadenceSettings {
  update_cadence_minutes: UpdateCadenceMinutes;
  /** 0: no "update due soon" reminder. */
  reminder_lead_minutes: number;
  escalation_after_minutes: number;
  escalation_email: string | null;
  chat_webhook_url: string | null;
  show_next_update: boolean;
  monitoring_watch_minutes: number;
  postmortem_deadline_hours: number;
}

export interface Page extends CadenceSettings {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  /** Whether incident pages show their communication metrics. */
  show_incident_metrics: boolean;
  /** https address of an image shown beside the name in the site's header; null for none. */
  logo_url: string | null;
  /** The product this page reports on, linked from the header; null for none. */
  product_url: string | null;
  /** Where readers get help (https, http or mailto:), linked from the header; null for none. */
  support_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface ComponentGroup {
  id: string;
  name: string;
  description: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface Component {
  id: string;
  group_id: string | null;
  name: string;
  description: string | null;
  position: number;
  status: ComponentStatus;
  showcase: boolean;
  only_show_if_degraded: boolean;
  start_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface ComponentStatusChange {
  id: string;
  component_id: string;
  old_status: ComponentStatus | null;
  new_status: ComponentStatus;
  changed_at: string;
  incident_update_id: string | null;
}

export interface AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface IncidentUpdate {
  id: string;
  incident_id: string;
  status: IncidentStatus;
  body: string;
  affected_components: AffectedComponent[] | null;
  deliver_notifications: boolean;
  display_at: string;
  created_at: string;
  updated_at: string;
}

/** Who leads an incident: the person reminded when a public update is due. */
export interface IncidentLead {
  email: string;
  name: string | null;
}

export interface Incident {
  id: string;
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
  lead: IncidentLead | null;
  /** This incident's own cadence, whatever its impact; null: the page's cadence for its impact. */
  update_cadence_minutes: number | null;
  /** When a responder decided it needs no post-mortem; null otherwise. */
  postmortem_waived_at: string | null;
}

/** An incident with its updates (newest first) and the ids of the components it affects. */
export interface IncidentWithDetails extends Incident {
  incident_updates: IncidentUpdate[];
  component_ids: string[];
  /** Its published post-mortem; absent or null while none is published. */
  postmortem?: PublishedPostmortem | null;
}

export const ACTION_ITEM_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** One thing a post-mortem promises to change. */
export interface ActionItem {
  title: string;
  status: ActionItemStatus;
  /** `YYYY-MM-DD`, or null when no date is promised. */
  due_on: string | null;
}

/** One publication of a post-mortem: what readers saw from `published_at` on. */
export interface PostmortemVersion {
  version: number;
  body: string;
  action_items: ActionItem[];
  /** Titles of the action items this version marked done (the follow-up it announced). */
  completed_items: string[];
  notified: boolean;
  published_at: string;
  published_by: string;
}

/** A post-mortem as the admin API shows it: the draft, the incidents it covers, its versions. */
export interface Postmortem {
  id: string;
  incident_ids: string[];
  body: string;
  action_items: ActionItem[];
  published_version: number | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  /** Oldest first. */
  versions: PostmortemVersion[];
}

/** A post-mortem as the public sees it: its newest version. */
export interface PublishedPostmortem {
  id: string;
  /** Every incident it covers, oldest start first. */
  incident_ids: string[];
  version: number;
  body: string;
  action_items: ActionItem[];
  /** The first publication. */
  published_at: string;
  /** The newest version's time, when it was edited after the first publication; else null. */
  updated_at: string | null;
  /** Versions that marked action items done, oldest first. */
  follow_ups: Array<{ version: number; published_at: string; completed_items: string[] }>;
}

/** What a token may do: `admin` everything, `responder` incidents and components only. */
export const TOKEN_SCOPES = ['admin', 'responder'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface AdminToken {
  id: string;
  name: string;
  scope: TokenScope;
  /** NULL: never expires. */
  expires_at: string | null;
  /** The token that minted it, `bootstrap`, or `system`; null for tokens older than scopes. */
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Who revoked it (a token id or `bootstrap`). */
  revoked_by: string | null;
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  resource_type: string;
  resource_id: string;
  /** Deletions: the record as it was, with the rows deleted along with it. */
  before: unknown;
  /** Creations: the record as created. */
  after: unknown;
  /** Other writes: what differs, by JSON pointer into the record. Null for creations and deletions. */
  changes: Record<string, { before: unknown; after: unknown }> | null;
  created_at: string;
}

export type SiteBuildStatus = 'running' | 'succeeded' | 'failed';

export interface SiteBuild {
  id: string;
  status: SiteBuildStatus;
  data_version: number;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  pages: number | null;
  error: string | null;
}

/** Statuspage's maintenance statuses; `cancelled` is Candor's own and never served publicly. */
export const MAINTENANCE_STATUSES = [
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
  'cancelled',
] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
/** The statuses of a window that is running: its components are under maintenance. */
export const ACTIVE_MAINTENANCE_STATUSES = ['in_progress', 'verifying'] as const;

export interface Maintenance {
  id: string;
  name: string;
  status: MaintenanceStatus;
  scheduled_for: string;
  scheduled_until: string;
  auto_start: boolean;
  auto_complete: boolean;
  set_components_under_maintenance: boolean;
  notify: boolean;
  /** Minutes before scheduled_for, largest first. */
  remind_before_minutes: number[];
  /** 1 for the first window, +1 per reschedule. */
  revision: number;
  window_set_at: string;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MaintenanceUpdate {
  id: string;
  maintenance_id: string;
  status: MaintenanceStatus;
  body: string;
  display_at: string;
  created_at: string;
  updated_at: string;
}

/** A maintenance with its updates (newest first) and the ids of its components. */
export interface MaintenanceWithDetails extends Maintenance {
  maintenance_updates: MaintenanceUpdate[];
  component_ids: string[];
}
/** A person who runs the page through the console. */
export interface Member {
  id: string;
  email: string;
  name: string;
  created_at: string;
  updated_at: string;
}
