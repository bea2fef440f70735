-- Desk sessions can be corrected and cancelled from the desk page: a version for optimistic
-- concurrency, who changed it last, and a cancellation kept in place (never deleted, so the audit
-- trail still points at it). A cancelled session counts nowhere: not in the desk's totals, not in
-- the monitoring indicators.
ALTER TABLE outreach_desk_sessions ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE outreach_desk_sessions ADD COLUMN updated_by uuid REFERENCES users (id);
ALTER TABLE outreach_desk_sessions ADD COLUMN updated_at timestamptz;
ALTER TABLE outreach_desk_sessions ADD COLUMN cancelled_at timestamptz;
ALTER TABLE outreach_desk_sessions ADD COLUMN cancelled_by uuid REFERENCES users (id);
ALTER TABLE outreach_desk_sessions ADD CONSTRAINT outreach_desk_sessions_cancel_pair CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL));

COMMENT ON COLUMN outreach_desk_sessions.version IS '1 on creation, +1 on each correction or the cancellation (optimistic concurrency).';
COMMENT ON COLUMN outreach_desk_sessions.updated_by IS 'Who corrected or cancelled it last.';
COMMENT ON COLUMN outreach_desk_sessions.updated_at IS 'Last correction or cancellation; NULL when never changed.';
COMMENT ON COLUMN outreach_desk_sessions.cancelled_at IS 'When it was cancelled as recorded by mistake; NULL while it counts.';
COMMENT ON COLUMN outreach_desk_sessions.cancelled_by IS 'Who cancelled it.';
