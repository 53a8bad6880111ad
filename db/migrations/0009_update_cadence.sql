-- Update cadence (README, "Update cadence and reminders"): how often an open incident promises a
-- public update, who is reminded when one is due, and the lifecycle nudges after it.

-- JSON object impact → minutes between public updates; every impact present, each >= 1.
ALTER TABLE page ADD COLUMN update_cadence_minutes TEXT NOT NULL
  DEFAULT '{"critical":30,"major":60,"minor":240,"none":480}';
-- Minutes before the due time that the lead hears "update due in N min"; 0: no such reminder.
ALTER TABLE page ADD COLUMN reminder_lead_minutes INTEGER NOT NULL DEFAULT 5 CHECK (reminder_lead_minutes >= 0);
-- Minutes after the due time that the escalation contact hears of a missed update.
ALTER TABLE page ADD COLUMN escalation_after_minutes INTEGER NOT NULL DEFAULT 15 CHECK (escalation_after_minutes >= 1);
ALTER TABLE page ADD COLUMN escalation_email TEXT;
-- A Slack-compatible incoming webhook that hears reminders and nudges (never incident notices).
ALTER TABLE page ADD COLUMN chat_webhook_url TEXT;
ALTER TABLE page ADD COLUMN show_next_update INTEGER NOT NULL DEFAULT 1 CHECK (show_next_update IN (0, 1));
-- An incident in monitoring this long without an update is nudged to be resolved or updated.
ALTER TABLE page ADD COLUMN monitoring_watch_minutes INTEGER NOT NULL DEFAULT 30 CHECK (monitoring_watch_minutes >= 1);
-- A resolved major or critical incident should get its post-mortem within this many hours.
ALTER TABLE page ADD COLUMN postmortem_deadline_hours INTEGER NOT NULL DEFAULT 48 CHECK (postmortem_deadline_hours >= 1);

-- Who leads the incident: the one reminded when an update is due. NULL: the page's escalation_email.
ALTER TABLE incidents ADD COLUMN lead_email TEXT;
ALTER TABLE incidents ADD COLUMN lead_name TEXT;
-- Minutes between public updates for this incident, whatever its impact; NULL: the page's cadence.
ALTER TABLE incidents ADD COLUMN update_cadence_minutes INTEGER CHECK (update_cadence_minutes >= 1);
-- Set when a responder decides this incident needs no post-mortem: its nudges stop.
ALTER TABLE incidents ADD COLUMN postmortem_waived_at TEXT;
