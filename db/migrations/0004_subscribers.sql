-- Email subscribers (double opt-in), what each follows, the rate-limit counters of the public
-- subscribe endpoint, and the key that signs the manage and unsubscribe links in every email.
CREATE TABLE subscribers (
  -- sub_…
  id TEXT PRIMARY KEY,
  -- Trimmed and lower-cased, so that one mailbox is one subscriber.
  email TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'unsubscribed', 'quarantined')),
  -- 1: the whole page (every incident); 0: only the targets in subscriber_targets.
  whole_page INTEGER NOT NULL CHECK (whole_page IN (0, 1)),
  -- The least impact an incident needs to be sent: 'none' means everything.
  min_impact TEXT NOT NULL CHECK (min_impact IN ('none', 'minor', 'major', 'critical')),
  -- SHA-256 (hex) of the pending confirmation token; the raw token is only in the email.
  confirm_token_hash TEXT UNIQUE,
  confirm_expires_at TEXT,
  -- When the last confirmation email was asked for, and how many were re-sent: a repeated
  -- request re-sends at most once an hour, so an address cannot be flooded.
  confirmation_sent_at TEXT,
  confirmation_resends INTEGER NOT NULL DEFAULT 0,
  confirmed_at TEXT,
  unsubscribed_at TEXT,
  quarantined_at TEXT,
  quarantine_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX subscribers_state ON subscribers (state, id);

-- A subscription to one component, or to a group (which includes components added to it later).
CREATE TABLE subscriber_targets (
  subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  component_id TEXT REFERENCES components (id) ON DELETE CASCADE,
  group_id TEXT REFERENCES component_groups (id) ON DELETE CASCADE,
  CHECK ((component_id IS NULL) <> (group_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX subscriber_targets_unique ON subscriber_targets (subscriber_id, coalesce(component_id, group_id));
CREATE INDEX subscriber_targets_component ON subscriber_targets (component_id);
CREATE INDEX subscriber_targets_group ON subscriber_targets (group_id);

-- Fixed-window request counters, kept in the database so that limits hold across processes and
-- Worker isolates. `bucket` names what is counted, e.g. `subscribe:ip:203.0.113.9`.
CREATE TABLE rate_limit_buckets (
  bucket TEXT PRIMARY KEY,
  -- Epoch ms at which the current window opened.
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_limit_buckets_window ON rate_limit_buckets (window_start);

-- Per-installation secrets created on first use. The HMAC key must be usable, so it cannot be
-- hashed; it signs links only and grants nothing but managing one subscription.
CREATE TABLE signing_keys (
  purpose TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
