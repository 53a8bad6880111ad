// The exact keys, in order, of each Statuspage v2 object. Asserting against these lists makes a
// renamed, dropped or reordered key fail a test.

export const PAGE_KEYS = ['id', 'name', 'url', 'time_zone', 'updated_at'];

export const STATUS_KEYS = ['indicator', 'description'];

export const COMPONENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'position',
  'description',
  'showcase',
  'start_date',
  'group_id',
  'page_id',
  'group',
  'only_show_if_degraded',
];

export const GROUP_KEYS = [...COMPONENT_KEYS, 'components'];

export const INCIDENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'monitoring_at',
  'resolved_at',
  'impact',
  'shortlink',
  'started_at',
  'page_id',
  'incident_updates',
  'components',
  'impact_override',
  'metadata',
  'scheduled_for',
  'scheduled_until',
  'postmortem_body',
  'postmortem_published_at',
];

/** Candor's extra keys on incident objects, after every standard key (README, "Update cadence"). */
export const INCIDENT_EXTENSION_KEYS = ['next_update_at'];

export const INCIDENT_UPDATE_KEYS = [
  'id',
  'status',
  'body',
  'incident_id',
  'created_at',
  'updated_at',
  'display_at',
  'affected_components',
  'deliver_notifications',
  'custom_tweet',
  'tweet_id',
];

export const AFFECTED_COMPONENT_KEYS = ['code', 'name', 'old_status', 'new_status'];

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
export const IMPACTS = ['none', 'minor', 'major', 'critical'];
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'];
