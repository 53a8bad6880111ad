-- Scheduled maintenance: a window announced ahead, which starts and completes by itself on the
-- scheduler (api/jobs/maintenance-transitions.ts), puts its components under maintenance while it
-- runs and gives them back the status they had.
CREATE TABLE maintenances (
  -- mnt_…
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- Statuspage's four statuses, and `cancelled` (DELETE), which the public JSON never shows.
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'verifying', 'completed', 'cancelled')),
  scheduled_for TEXT NOT NULL,
  scheduled_until TEXT NOT NULL,
  auto_start INTEGER NOT NULL CHECK (auto_start IN (0, 1)),
  auto_complete INTEGER NOT NULL CHECK (auto_complete IN (0, 1)),
  set_components_under_maintenance INTEGER NOT NULL CHECK (set_components_under_maintenance IN (0, 1)),
  notify INTEGER NOT NULL CHECK (notify IN (0, 1)),
  -- JSON array of minutes before scheduled_for, largest first, e.g. [1440, 60].
  remind_before_minutes TEXT NOT NULL,
  -- Counts the windows set (1 at creation, +1 per reschedule): reminders and the rescheduled
  -- notice are keyed by it, so each window gets its own, once.
  revision INTEGER NOT NULL DEFAULT 1,
  -- When the current window was set: reminders whose moment was already past then are skipped.
  window_set_at TEXT NOT NULL,
  started_at TEXT,
  completed_at TEXT,
  cancelled_at TEXT,
  -- Set by the one writer that wins a transition, inside its own transaction (see
  -- db/queries/maintenance-transitions.ts); meaningless outside it.
  claim_token TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX maintenances_status_window ON maintenances (status, scheduled_for);
CREATE INDEX maintenances_window ON maintenances (scheduled_for);

CREATE TABLE maintenance_components (
  maintenance_id TEXT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
  component_id TEXT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  -- The status the component had when the window started: it returns to it at completion.
  status_before TEXT CHECK (
    status_before IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')
  ),
  PRIMARY KEY (maintenance_id, component_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX maintenance_components_component ON maintenance_components (component_id);

CREATE TABLE maintenance_updates (
  -- mup_…
  id TEXT PRIMARY KEY,
  maintenance_id TEXT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'verifying', 'completed', 'cancelled')),
  body TEXT NOT NULL,
  display_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX maintenance_updates_maintenance ON maintenance_updates (maintenance_id, display_at);

-- A component's change caused by a maintenance window names it, as an incident's names its update.
ALTER TABLE component_status_changes ADD COLUMN maintenance_id TEXT REFERENCES maintenances (id) ON DELETE SET NULL;
