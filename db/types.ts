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

export interface Page {
  id: string;
  name: string;
  url: string;
  time_zone: string;
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
}

/** An incident with its updates (newest first) and the ids of the components it affects. */
export interface IncidentWithDetails extends Incident {
  incident_updates: IncidentUpdate[];
  component_ids: string[];
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

/** A person who runs the page through the console. */
export interface Member {
  id: string;
  email: string;
  name: string;
  created_at: string;
  updated_at: string;
}
