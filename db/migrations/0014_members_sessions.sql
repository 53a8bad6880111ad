-- People who run the page through the console (/admin/), their sessions, and the single-use links
-- that sign them in by email. Secrets are stored only as SHA-256 (hex): a copy of the database
-- opens no session.
CREATE TABLE members (
  -- mem_…; named as the actor in the audit log of what they do in the console.
  id TEXT PRIMARY KEY,
  -- Trimmed and lower-cased, so that one mailbox is one member.
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- A signed-in browser. The cookie holds a random id; only its hash is kept here.
CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY,
  -- Signed in by email: the member (sessions end with the member). By token: NULL.
  member_id TEXT REFERENCES members (id) ON DELETE CASCADE,
  -- Signed in with an admin token: its id (`tok_…`) or `bootstrap`; checked on every request, so
  -- revoking the token ends the session.
  token_id TEXT,
  -- Who the audit log names for what this session does.
  actor TEXT NOT NULL,
  -- A member acts as admin; a token session keeps the token's scope.
  scope TEXT NOT NULL CHECK (scope IN ('admin', 'responder')),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((member_id IS NULL) <> (token_id IS NULL))
) STRICT;
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
CREATE INDEX console_sessions_member ON console_sessions (member_id);

-- A link emailed to a member: works once, for a few minutes.
CREATE TABLE sign_in_links (
  token_hash TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_links_member ON sign_in_links (member_id);
CREATE INDEX sign_in_links_expiry ON sign_in_links (expires_at);
