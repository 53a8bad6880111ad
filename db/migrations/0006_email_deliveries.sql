-- One row per email to one subscriber for one event: the record that makes every email go out
-- exactly once (a fan-out run again after a crash skips subscribers that already have a row) and
-- the delivery log an admin reads. A row belongs to exactly one `email.batch` outbox entry, whose
-- dedupe key is its batch_key, and is written in the same transaction as that entry.
CREATE TABLE email_deliveries (
  -- dlv_…
  id TEXT PRIMARY KEY,
  -- What the email is about, e.g. `incident.notify:upd_…` or `subscriber.confirmation:obx_…`.
  event_key TEXT NOT NULL,
  subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  batch_key TEXT NOT NULL,
  -- queued → sent, or failed (given up on); bounced and complained come from Resend's webhooks.
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'bounced', 'complained')),
  provider_message_id TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (event_key, subscriber_id)
) STRICT;
CREATE INDEX email_deliveries_batch ON email_deliveries (batch_key);
CREATE INDEX email_deliveries_subscriber ON email_deliveries (subscriber_id, created_at);
CREATE INDEX email_deliveries_provider ON email_deliveries (provider_message_id);
