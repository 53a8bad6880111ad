-- Outgoing webhooks: a receiver's URL, what it wants to hear about, and how to reach it.
CREATE TABLE webhooks (
  -- whk_…
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('statuspage', 'slack')),
  -- JSON array of component and group ids; empty = the whole page. Kept as a list rather than
  -- rows with foreign keys: deleting a component must not turn a component webhook into a
  -- whole-page one, and a stale id simply matches nothing.
  components TEXT NOT NULL DEFAULT '[]',
  min_impact TEXT NOT NULL DEFAULT 'none' CHECK (min_impact IN ('none', 'minor', 'major', 'critical')),
  -- The Standard Webhooks signing secret (whsec_…). Unlike a token it cannot be stored hashed:
  -- every delivery is an HMAC computed with it. The API shows it only once, at creation.
  secret TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- Failed attempts since the last success; reaching the limit disables the webhook.
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  disabled_at TEXT,
  disabled_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- One row per attempt to deliver an event to a webhook, for the admin to see why it failed.
CREATE TABLE webhook_deliveries (
  -- whd_…
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  -- The Standard Webhooks message id (webhook-id): the same on every attempt of one event.
  message_id TEXT NOT NULL,
  event TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  -- When the next attempt is due; NULL after a success or the last attempt.
  next_attempt_at TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, created_at);
