-- Tokens get a scope, an optional expiry, and a lineage. `admin` may do everything; `responder`
-- runs incidents and components but cannot touch tokens, settings or the audit trail. Tokens
-- issued before this migration could do everything, so they stay `admin`.
ALTER TABLE admin_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin' CHECK (scope IN ('admin', 'responder'));
-- Refused (401) from this moment on; NULL: never expires.
ALTER TABLE admin_tokens ADD COLUMN expires_at TEXT;
-- Who minted the token (a token id, `bootstrap` or `system`): revoking a token revokes what it minted.
ALTER TABLE admin_tokens ADD COLUMN created_by TEXT;
-- Who revoked it (a token id or `bootstrap`); NULL while it is active.
ALTER TABLE admin_tokens ADD COLUMN revoked_by TEXT;
CREATE INDEX admin_tokens_created_by ON admin_tokens (created_by);

-- The audit log stores what changed instead of the whole record twice: `changes` maps a JSON
-- pointer into the record to its value before and after. `before` stays only for deletions (the
-- record as it was, with what the deletion cascaded to) and `after` only for creations.
ALTER TABLE audit_log ADD COLUMN changes TEXT;
