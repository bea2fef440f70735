-- Expenses can be corrected and cancelled (issue 7). An edit changes amount, line, date or
-- description under a version check, with the over-budget rule applied to the new amount (the
-- line row locked FOR UPDATE as when recording). A cancelled expense is kept, with who cancelled
-- it, when and why (encrypted), and no longer counts in what a line has spent.
ALTER TABLE expenses ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE expenses ADD COLUMN updated_at timestamptz;
ALTER TABLE expenses ADD COLUMN updated_by uuid REFERENCES users (id);
ALTER TABLE expenses ADD COLUMN cancelled_at timestamptz;
ALTER TABLE expenses ADD COLUMN cancelled_by uuid REFERENCES users (id);
ALTER TABLE expenses ADD COLUMN cancel_reason_enc text;
ALTER TABLE expenses ADD CONSTRAINT expenses_cancel_reason_check CHECK ((cancelled_at IS NULL) = (cancel_reason_enc IS NULL));
COMMENT ON COLUMN expenses.version IS 'Raised by every edit and by the cancellation; an edit must carry the version it read.';
COMMENT ON COLUMN expenses.updated_at IS 'When it was last edited or cancelled.';
COMMENT ON COLUMN expenses.updated_by IS 'Who last edited or cancelled it.';
COMMENT ON COLUMN expenses.cancelled_at IS 'When it was cancelled; a cancelled expense is kept for the record and counts in no total.';
COMMENT ON COLUMN expenses.cancelled_by IS 'Who cancelled it.';
COMMENT ON COLUMN expenses.cancel_reason_enc IS 'Encrypted reason of the cancellation (bound to the row), set exactly when cancelled.';
COMMENT ON TABLE expenses IS 'Money spent against a budget line of a project: economic support for a person (case_id set) or project costs, paid by a partner body. Edited under a version check; cancelled with a reason rather than deleted.';
CREATE INDEX expenses_line_live_idx ON expenses (budget_line_id) WHERE cancelled_at IS NULL;
