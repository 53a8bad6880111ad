-- Customer-facing post-mortems. One post-mortem covers one or more incidents (one root cause);
-- an incident belongs to at most one. The row holds the draft being edited; every publication is a
-- version of its own, so that what readers saw at any time is kept and later edits show as
-- "updated on …". The public copy is always the newest version, never the draft.
CREATE TABLE postmortems (
  -- pm_…
  id TEXT PRIMARY KEY,
  -- The draft: markdown, and a JSON array of { title, status, due_on }.
  body TEXT NOT NULL,
  action_items TEXT NOT NULL,
  -- The newest published version, NULL until the first publication.
  published_version INTEGER,
  -- When it was first published (Statuspage's postmortem_published_at).
  published_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE postmortem_incidents (
  incident_id TEXT PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
  postmortem_id TEXT NOT NULL REFERENCES postmortems (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX postmortem_incidents_postmortem ON postmortem_incidents (postmortem_id);

CREATE TABLE postmortem_versions (
  postmortem_id TEXT NOT NULL REFERENCES postmortems (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  action_items TEXT NOT NULL,
  -- JSON array of the titles of action items this version marks done and the one before did not:
  -- the short follow-up announced in the feeds (and by email when asked).
  completed_items TEXT NOT NULL,
  notified INTEGER NOT NULL CHECK (notified IN (0, 1)),
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (postmortem_id, version)
) STRICT, WITHOUT ROWID;
