-- Economic support and budget (issue 7, point 6): expenses charged to the budget lines of the
-- network's projects (project_budget_lines, 0001), optionally for a person's case (economic
-- support: fees, health, transport, pocket money, housing, training), paid by a partner body.
-- Amounts are exact decimals. Spending a line beyond its amount needs a recorded reason; the
-- check locks the line row (FOR UPDATE), so concurrent expenses cannot both slip under it.
-- Categories are data (src/domain/expenses): the column keeps the code, the domain checks it.

-- The composite key lets an expense name its line and project together, so an expense can never
-- point at one project's line while being counted in another project.
ALTER TABLE project_budget_lines ADD CONSTRAINT project_budget_lines_id_project_key UNIQUE (id, project_id);

CREATE TABLE expenses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  budget_line_id uuid NOT NULL,
  case_id uuid REFERENCES cases (id) ON DELETE SET NULL,
  paid_by_org_id uuid NOT NULL REFERENCES organisations (id),
  category text NOT NULL CHECK (category ~ '^[a-z_]{1,40}$'),
  spent_on date NOT NULL,
  amount numeric(12,2) NOT NULL CHECK (amount > 0),
  description_enc text,
  receipt_ref text CHECK (receipt_ref IS NULL OR length(receipt_ref) BETWEEN 1 AND 80),
  over_budget boolean NOT NULL DEFAULT false,
  over_budget_reason_enc text,
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (budget_line_id, project_id) REFERENCES project_budget_lines (id, project_id),
  CHECK (over_budget = (over_budget_reason_enc IS NOT NULL))
);
COMMENT ON TABLE expenses IS 'Money spent against a budget line of a project: economic support for a person (case_id set) or project costs, paid by a partner body. Append-only in the application.';
COMMENT ON COLUMN expenses.id IS 'Expense id.';
COMMENT ON COLUMN expenses.project_id IS 'The project whose budget line is charged.';
COMMENT ON COLUMN expenses.budget_line_id IS 'The budget line charged (of the same project, enforced by the composite foreign key).';
COMMENT ON COLUMN expenses.case_id IS 'The case of the person supported, when the expense is economic support for a person (visibility of its description follows the case).';
COMMENT ON COLUMN expenses.paid_by_org_id IS 'The body that paid (the lead body or a partner of the project).';
COMMENT ON COLUMN expenses.category IS 'Category code (src/domain/expenses: bureaucratic_fees, health, transport, pocket_money, housing, training, other).';
COMMENT ON COLUMN expenses.spent_on IS 'Date of the expense (within the project period).';
COMMENT ON COLUMN expenses.amount IS 'Amount in euro, exact decimal, positive.';
COMMENT ON COLUMN expenses.description_enc IS 'Encrypted description (bound to the row); may name what was bought for the person.';
COMMENT ON COLUMN expenses.receipt_ref IS 'Reference of the receipt or invoice (number, protocol), for the funder''s check; never a person''s name.';
COMMENT ON COLUMN expenses.over_budget IS 'Whether recording it took the line''s total above its amount (then a reason is required).';
COMMENT ON COLUMN expenses.over_budget_reason_enc IS 'Encrypted reason given for spending over the line (set exactly when over_budget).';
COMMENT ON COLUMN expenses.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN expenses.created_at IS 'When it was recorded.';
CREATE INDEX expenses_line_idx ON expenses (budget_line_id);
CREATE INDEX expenses_project_date_idx ON expenses (project_id, spent_on);
CREATE INDEX expenses_case_idx ON expenses (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX expenses_payer_idx ON expenses (paid_by_org_id, project_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON expenses TO ponte_app;
