-- Background jobs (issue 6, point 6): a small generic queue worked by the server process, one job
-- at a time. The first kinds are the funder report and the SIRIT tables. A job belongs to the user
-- who asked for it; its result (a PDF or XLSX file of aggregate figures) is kept in the row until
-- it expires.

CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{1,40}$'),
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_org_id uuid REFERENCES organisations (id),
  locale text NOT NULL DEFAULT 'it' CHECK (locale IN ('it', 'en')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  result bytea,
  result_name text,
  result_type text,
  result_size integer,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz,
  CHECK (status <> 'done' OR (result IS NOT NULL OR expires_at IS NOT NULL)),
  CHECK (status <> 'failed' OR error IS NOT NULL)
);

CREATE INDEX jobs_queue ON jobs (created_at) WHERE status = 'queued';
CREATE INDEX jobs_requested_by ON jobs (requested_by, created_at DESC);
CREATE INDEX jobs_expires ON jobs (expires_at) WHERE result IS NOT NULL;

COMMENT ON TABLE jobs IS 'Background jobs (reports): queued by a user, worked one at a time by the server, result kept until expiry.';
COMMENT ON COLUMN jobs.id IS 'Surrogate key; also the id the requester polls.';
COMMENT ON COLUMN jobs.kind IS 'What to do (e.g. report.funder, report.sirit).';
COMMENT ON COLUMN jobs.params IS 'Parameters of the job (project, period, format): never personal data.';
COMMENT ON COLUMN jobs.requested_by IS 'The user who asked for it: the only one who sees it.';
COMMENT ON COLUMN jobs.requested_org_id IS 'The organisation the user acted for; the job runs with that membership''s permissions at run time.';
COMMENT ON COLUMN jobs.locale IS 'Language of the result.';
COMMENT ON COLUMN jobs.status IS 'queued, running, done or failed.';
COMMENT ON COLUMN jobs.progress IS 'Percent done, 0 to 100.';
COMMENT ON COLUMN jobs.result IS 'The file produced (aggregate figures only); cleared at expiry.';
COMMENT ON COLUMN jobs.result_name IS 'File name offered on download.';
COMMENT ON COLUMN jobs.result_type IS 'Media type of the result.';
COMMENT ON COLUMN jobs.result_size IS 'Size of the result in bytes.';
COMMENT ON COLUMN jobs.error IS 'Why it failed, in words for the user (no internals).';
COMMENT ON COLUMN jobs.created_at IS 'When it was asked for.';
COMMENT ON COLUMN jobs.started_at IS 'When the runner took it.';
COMMENT ON COLUMN jobs.finished_at IS 'When it ended (done or failed).';
COMMENT ON COLUMN jobs.expires_at IS 'After this instant the result is deleted and no longer downloadable.';

-- The monitoring indicators and the reports look up each case's phase at the end of the period
-- (the last change before an instant): one index step instead of sorting the case's history.
CREATE INDEX case_phase_history_case_changed_idx ON case_phase_history (case_id, changed_at DESC, id DESC);
