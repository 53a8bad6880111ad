-- Side effects leave Candor through this table: a request or job writes what is to be sent, and
-- whoever drains the outbox sends it (a timer on Node; the cron trigger and waitUntil on Workers).
-- A crash or a failed send loses nothing, and a claim makes sure only one drainer sends an entry.
CREATE TABLE outbox (
  -- obx_…; also sent as the Idempotency-Key, so that a re-send after a lost reply is recognised.
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  -- What makes two entries the same message: enqueueing a key that exists adds nothing.
  dedupe_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Not sent before this moment: the debounce of site publishes, the back-off after a failure.
  available_at TEXT NOT NULL,
  -- While 'sending': who claimed it, and when the claim lapses if that drainer died mid-send.
  claim_token TEXT,
  lease_expires_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (state, available_at);
CREATE INDEX outbox_kind_sent ON outbox (kind, sent_at);
