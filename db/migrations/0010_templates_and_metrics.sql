-- Incident templates: the first message of a familiar incident, ready before it happens, so that a
-- responder opens it (or posts an update) in seconds. Every field but the name is optional: what a
-- template leaves out, the request gives.
CREATE TABLE incident_templates (
  -- tpl_…
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  -- The incident's name when the template opens one.
  title TEXT,
  -- Markdown: the message of the update.
  body TEXT,
  status TEXT CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  impact TEXT CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  -- JSON object: component id → status. Kept as JSON like a webhook's components: a deleted
  -- component simply drops out when the template is used.
  components TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Whether each incident's page shows its communication metrics ("first update 6 min after start;
-- updated every 27 min on average"). Off by default: a team chooses to publish them.
ALTER TABLE page ADD COLUMN show_incident_metrics INTEGER NOT NULL DEFAULT 0 CHECK (show_incident_metrics IN (0, 1));
