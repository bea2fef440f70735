-- Standard operating procedures (domain.md §3): definitions as versioned data, runs that follow
-- one version for a referral, a case or a hotline call, and the steps of each run with their due
-- dates and warnings. No personal data here: ids, step keys, times, and encrypted notes.

CREATE TABLE procedures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{1,62}$'),
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, version)
);
COMMENT ON TABLE procedures IS 'A version of a standard operating procedure. Editing a procedure adds a version; runs keep the version they started with. The highest version of a key is the current one.';
COMMENT ON COLUMN procedures.id IS 'Id of this version.';
COMMENT ON COLUMN procedures.key IS 'Stable key of the procedure, e.g. referral_answer.';
COMMENT ON COLUMN procedures.version IS 'Version number, 1 for the first, +1 on every edit.';
COMMENT ON COLUMN procedures.definition IS 'The definition (src/domain/procedures/definition.ts): names, what it applies to, steps, who acts, next steps, deadlines. Holds no personal data.';
COMMENT ON COLUMN procedures.active IS 'Whether new runs start on this procedure (meaningful on the current version).';
COMMENT ON COLUMN procedures.created_by IS 'Who saved this version (null for the built-in ones).';
COMMENT ON COLUMN procedures.created_at IS 'When this version was saved.';
CREATE INDEX procedures_key_idx ON procedures (key, version DESC);

CREATE TABLE procedure_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_id uuid NOT NULL REFERENCES procedures (id),
  procedure_key text NOT NULL,
  procedure_version integer NOT NULL,
  subject_type text NOT NULL CHECK (subject_type IN ('referral', 'case', 'hotline_call')),
  subject_id uuid NOT NULL,
  org_ids uuid[] NOT NULL CHECK (cardinality(org_ids) >= 1),
  current_step text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  started_by uuid REFERENCES users (id),
  started_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  CHECK ((status = 'open') = (completed_at IS NULL))
);
COMMENT ON TABLE procedure_runs IS 'One referral, case or hotline call following a version of a procedure.';
COMMENT ON COLUMN procedure_runs.id IS 'Run id.';
COMMENT ON COLUMN procedure_runs.procedure_id IS 'The procedure version followed (kept for the whole run).';
COMMENT ON COLUMN procedure_runs.procedure_key IS 'Key of the procedure (copied for filtering).';
COMMENT ON COLUMN procedure_runs.procedure_version IS 'Version followed (copied for display).';
COMMENT ON COLUMN procedure_runs.subject_type IS 'referral, case or hotline_call.';
COMMENT ON COLUMN procedure_runs.subject_id IS 'Id of the referral, case or hotline call.';
COMMENT ON COLUMN procedure_runs.org_ids IS 'Bodies involved; for referrals and hotline calls the sender first and the receiver second, then bodies involved later (e.g. the Questura).';
COMMENT ON COLUMN procedure_runs.current_step IS 'Key of the step the run is at.';
COMMENT ON COLUMN procedure_runs.status IS 'open, completed (an end step was reached) or cancelled.';
COMMENT ON COLUMN procedure_runs.started_by IS 'Who started it (null when Ponte did).';
COMMENT ON COLUMN procedure_runs.started_at IS 'When it started.';
COMMENT ON COLUMN procedure_runs.completed_at IS 'When it reached an end step or was cancelled.';
CREATE INDEX procedure_runs_subject_idx ON procedure_runs (subject_type, subject_id);
CREATE INDEX procedure_runs_open_idx ON procedure_runs (procedure_key, status);
CREATE INDEX procedure_runs_orgs_idx ON procedure_runs USING gin (org_ids);

CREATE TABLE procedure_run_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL REFERENCES procedure_runs (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 1),
  step_key text NOT NULL,
  acting_org_id uuid REFERENCES organisations (id),
  entered_at timestamptz NOT NULL,
  due_at timestamptz,
  warn_at timestamptz,
  warned_at timestamptz,
  overdue_notified_at timestamptz,
  completed_at timestamptz,
  completed_by uuid REFERENCES users (id),
  note_enc text,
  CHECK (warn_at IS NULL OR due_at IS NOT NULL),
  UNIQUE (run_id, position)
);
COMMENT ON TABLE procedure_run_steps IS 'Each step a run entered: who is expected to act, when it falls due, warnings sent, when it was left and by whom.';
COMMENT ON COLUMN procedure_run_steps.id IS 'Step entry id.';
COMMENT ON COLUMN procedure_run_steps.run_id IS 'The run.';
COMMENT ON COLUMN procedure_run_steps.position IS 'Order of the entry in its run: 1 for the first step entered, +1 for each move.';
COMMENT ON COLUMN procedure_run_steps.step_key IS 'Key of the step in the run''s procedure version.';
COMMENT ON COLUMN procedure_run_steps.acting_org_id IS 'The body expected to act at this step (null when any involved body may).';
COMMENT ON COLUMN procedure_run_steps.entered_at IS 'When the run entered the step; the deadline counts from here.';
COMMENT ON COLUMN procedure_run_steps.due_at IS 'Deadline (Italian calendar: working days skip weekends and holidays); null when the step has none.';
COMMENT ON COLUMN procedure_run_steps.warn_at IS 'When the step becomes due soon (deadline minus the warning window).';
COMMENT ON COLUMN procedure_run_steps.warned_at IS 'When the acting body was told the step is due soon (once).';
COMMENT ON COLUMN procedure_run_steps.overdue_notified_at IS 'When the acting body was told the step is overdue (once).';
COMMENT ON COLUMN procedure_run_steps.completed_at IS 'When the run left the step (or the run was cancelled); null while current.';
COMMENT ON COLUMN procedure_run_steps.completed_by IS 'Who moved the run on (null when Ponte did).';
COMMENT ON COLUMN procedure_run_steps.note_enc IS 'Encrypted note written when leaving the step.';
CREATE INDEX procedure_run_steps_open_idx ON procedure_run_steps (due_at) WHERE completed_at IS NULL;
CREATE INDEX procedure_run_steps_completed_idx ON procedure_run_steps (completed_at) WHERE completed_at IS NOT NULL;
