-- A post-mortem is published over resolved incidents only. The service checks the incidents before
-- its write; this check runs inside the write's own transaction, so an incident reopened between
-- the two aborts the publish (a 409 naming it) instead of being closed again by it. Publishing is
-- the only write that sets `postmortem`; a reopen leaves it, which this allows.
CREATE TRIGGER incidents_postmortem_over_resolved_only
BEFORE UPDATE OF status ON incidents
WHEN NEW.status = 'postmortem' AND OLD.status NOT IN ('resolved', 'postmortem')
BEGIN
  SELECT RAISE(ABORT, 'incident reopened: a post-mortem is published over resolved incidents only');
END;
