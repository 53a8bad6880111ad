-- Candor's first schema. Timestamps are ISO-8601 UTC text with milliseconds
-- ("2026-11-22T08:12:08.123Z"), which sort correctly as text. Ids are prefixed text.

CREATE TABLE page (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE component_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE components (
  id TEXT PRIMARY KEY,
  group_id TEXT REFERENCES component_groups (id),
  name TEXT NOT NULL,
  description TEXT,
  position INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (
    status IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')
  ),
  showcase INTEGER NOT NULL DEFAULT 1 CHECK (showcase IN (0, 1)),
  only_show_if_degraded INTEGER NOT NULL DEFAULT 0 CHECK (only_show_if_degraded IN (0, 1)),
  start_date TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- A name is unique within its group (ungrouped components form one group of their own).
CREATE UNIQUE INDEX components_group_name ON components (coalesce(group_id, ''), name);
CREATE INDEX components_group_position ON components (group_id, position);

-- Every status a component has ever had, with the moment it began: the source of uptime history.
-- old_status is NULL for the row written when the component is created.
CREATE TABLE component_status_changes (
  id TEXT PRIMARY KEY,
  component_id TEXT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  old_status TEXT,
  new_status TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  incident_update_id TEXT REFERENCES incident_updates (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX component_status_changes_component ON component_status_changes (component_id, changed_at);

CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem')),
  impact TEXT NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  started_at TEXT NOT NULL,
  monitoring_at TEXT,
  resolved_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX incidents_created ON incidents (created_at);
CREATE INDEX incidents_unresolved ON incidents (created_at) WHERE status IN ('investigating', 'identified', 'monitoring');

CREATE TABLE incident_updates (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem')),
  body TEXT NOT NULL,
  -- JSON array of { code, name, old_status, new_status }, or NULL when no component changed.
  affected_components TEXT,
  deliver_notifications INTEGER NOT NULL DEFAULT 1 CHECK (deliver_notifications IN (0, 1)),
  display_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX incident_updates_incident ON incident_updates (incident_id, created_at);
CREATE INDEX incident_updates_created ON incident_updates (created_at);

-- Which components an incident affects (the incident's `components` in the public format).
CREATE TABLE incident_components (
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  component_id TEXT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, component_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX incident_components_component ON incident_components (component_id);

-- Admin API tokens. Only the SHA-256 of a token is kept; the token itself is shown once.
CREATE TABLE admin_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
) STRICT;

-- Every write, with who made it and the record before and after (JSON). Its id also serves as the
-- data version: the site is stale while an audit entry newer than the last good build exists.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  before TEXT,
  after TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id);

CREATE TABLE site_builds (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  data_version INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_ms INTEGER,
  pages INTEGER,
  error TEXT
) STRICT;
CREATE INDEX site_builds_started ON site_builds (started_at);
