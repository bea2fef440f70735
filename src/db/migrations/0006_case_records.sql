-- Case records: the individual plan (goals and actions), services received, notes, documents,
-- tasks and consents of a case. Every row belongs to one case, and is visible exactly when its case
-- is (src/server/features/persons/scope.ts). Free text, file names and file contents are encrypted
-- (FieldCipher values bound to table.column#id); nothing here holds personal data in clear.

CREATE TABLE case_plan_goals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  title_enc text NOT NULL,
  description_enc text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'achieved', 'dropped')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE case_plan_goals IS 'Goals of the individual plan (progetto individualizzato) of a case.';
COMMENT ON COLUMN case_plan_goals.id IS 'Goal id.';
COMMENT ON COLUMN case_plan_goals.case_id IS 'The case whose plan this goal belongs to.';
COMMENT ON COLUMN case_plan_goals.title_enc IS 'Encrypted title of the goal.';
COMMENT ON COLUMN case_plan_goals.description_enc IS 'Encrypted free-text description of the goal.';
COMMENT ON COLUMN case_plan_goals.status IS 'open, achieved or dropped.';
COMMENT ON COLUMN case_plan_goals.created_by IS 'Who added the goal.';
COMMENT ON COLUMN case_plan_goals.created_at IS 'When the goal was added.';
COMMENT ON COLUMN case_plan_goals.updated_at IS 'Last change.';
CREATE INDEX case_plan_goals_case_idx ON case_plan_goals (case_id, created_at);

CREATE TABLE case_plan_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  goal_id uuid NOT NULL REFERENCES case_plan_goals (id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  what_enc text NOT NULL,
  owner_user_id uuid REFERENCES users (id),
  due_on date,
  review_on date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE case_plan_actions IS 'Actions towards a goal of the individual plan: what, who, by when, when to review.';
COMMENT ON COLUMN case_plan_actions.id IS 'Action id.';
COMMENT ON COLUMN case_plan_actions.goal_id IS 'The goal the action serves.';
COMMENT ON COLUMN case_plan_actions.case_id IS 'The case (the goal''s case, kept here for scope checks).';
COMMENT ON COLUMN case_plan_actions.what_enc IS 'Encrypted description of what is to be done.';
COMMENT ON COLUMN case_plan_actions.owner_user_id IS 'The user responsible for the action (a member of the case''s organisation).';
COMMENT ON COLUMN case_plan_actions.due_on IS 'Due date.';
COMMENT ON COLUMN case_plan_actions.review_on IS 'Date of the next review.';
COMMENT ON COLUMN case_plan_actions.status IS 'open, done or dropped.';
COMMENT ON COLUMN case_plan_actions.created_by IS 'Who added the action.';
COMMENT ON COLUMN case_plan_actions.created_at IS 'When the action was added.';
COMMENT ON COLUMN case_plan_actions.updated_at IS 'Last change.';
CREATE INDEX case_plan_actions_goal_idx ON case_plan_actions (goal_id, created_at);
CREATE INDEX case_plan_actions_case_idx ON case_plan_actions (case_id);

CREATE TABLE case_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  service_type text NOT NULL,
  provider_org_id uuid REFERENCES organisations (id),
  provider_name text,
  starts_on date,
  ends_on date,
  status text NOT NULL CHECK (status IN ('planned', 'active', 'completed', 'cancelled')),
  cost numeric(14, 2) CHECK (cost >= 0),
  notes_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (provider_org_id IS NULL OR provider_name IS NULL),
  CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on)
);
COMMENT ON TABLE case_services IS 'Services a case receives (health, legal, language course, internship, housing...), planned or given.';
COMMENT ON COLUMN case_services.id IS 'Service id.';
COMMENT ON COLUMN case_services.case_id IS 'The case receiving the service.';
COMMENT ON COLUMN case_services.service_type IS 'Service type code from src/domain/case-services.ts (HTCDS spl_Type values and Italian services).';
COMMENT ON COLUMN case_services.provider_org_id IS 'The organisation of the network that provides the service, when it is one.';
COMMENT ON COLUMN case_services.provider_name IS 'Name of a provider outside the network (a body, not a person).';
COMMENT ON COLUMN case_services.starts_on IS 'Start date.';
COMMENT ON COLUMN case_services.ends_on IS 'End date (not before the start).';
COMMENT ON COLUMN case_services.status IS 'planned, active, completed or cancelled.';
COMMENT ON COLUMN case_services.cost IS 'Cost in euro, exact decimal.';
COMMENT ON COLUMN case_services.notes_enc IS 'Encrypted free-text notes on the service.';
COMMENT ON COLUMN case_services.created_by IS 'Who recorded the service.';
COMMENT ON COLUMN case_services.created_at IS 'When it was recorded.';
COMMENT ON COLUMN case_services.updated_at IS 'Last change.';
CREATE INDEX case_services_case_idx ON case_services (case_id, created_at);

CREATE TABLE case_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  category text CHECK (category ~ '^[a-z][a-z0-9_]{1,39}$'),
  body_enc text NOT NULL,
  author_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE case_notes IS 'Notes on a case. Never edited: a correction is a new note.';
COMMENT ON COLUMN case_notes.id IS 'Note id.';
COMMENT ON COLUMN case_notes.case_id IS 'The case.';
COMMENT ON COLUMN case_notes.category IS 'Optional category code (src/domain/case-records.ts noteCategories).';
COMMENT ON COLUMN case_notes.body_enc IS 'Encrypted text of the note.';
COMMENT ON COLUMN case_notes.author_id IS 'Who wrote it.';
COMMENT ON COLUMN case_notes.created_at IS 'When it was written.';
CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at);

CREATE TABLE case_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  file_name_enc text NOT NULL,
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  category text CHECK (category ~ '^[a-z][a-z0-9_]{1,39}$'),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_enc bytea NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE case_documents IS 'Documents attached to a case (PDF, PNG, JPEG), stored encrypted in the database.';
COMMENT ON COLUMN case_documents.id IS 'Document id.';
COMMENT ON COLUMN case_documents.case_id IS 'The case.';
COMMENT ON COLUMN case_documents.file_name_enc IS 'Encrypted original file name (names of people often appear in file names).';
COMMENT ON COLUMN case_documents.media_type IS 'Media type, checked against the file''s first bytes on upload.';
COMMENT ON COLUMN case_documents.category IS 'Optional category code (src/domain/case-records.ts documentCategories).';
COMMENT ON COLUMN case_documents.size_bytes IS 'Size of the file in bytes (before encryption).';
COMMENT ON COLUMN case_documents.sha256 IS 'SHA-256 of the file (hex, before encryption): integrity check and duplicate detection.';
COMMENT ON COLUMN case_documents.content_enc IS 'The file, encrypted (FieldCipher.encryptBuffer, bound to case_documents.content_enc#id).';
COMMENT ON COLUMN case_documents.uploaded_by IS 'Who uploaded it.';
COMMENT ON COLUMN case_documents.uploaded_at IS 'When.';
CREATE INDEX case_documents_case_idx ON case_documents (case_id, uploaded_at);

CREATE TABLE case_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  title_enc text NOT NULL,
  assignee_id uuid NOT NULL REFERENCES users (id),
  due_on date,
  done_at timestamptz,
  done_by uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((done_at IS NULL) = (done_by IS NULL))
);
COMMENT ON TABLE case_tasks IS 'Tasks on a case assigned to a user, with a due date; open until done.';
COMMENT ON COLUMN case_tasks.id IS 'Task id.';
COMMENT ON COLUMN case_tasks.case_id IS 'The case.';
COMMENT ON COLUMN case_tasks.title_enc IS 'Encrypted title of the task.';
COMMENT ON COLUMN case_tasks.assignee_id IS 'Who is to do it (a member of the case''s organisation).';
COMMENT ON COLUMN case_tasks.due_on IS 'Due date; an open task past it is overdue.';
COMMENT ON COLUMN case_tasks.done_at IS 'When it was marked done (null: open).';
COMMENT ON COLUMN case_tasks.done_by IS 'Who marked it done.';
COMMENT ON COLUMN case_tasks.created_by IS 'Who created the task.';
COMMENT ON COLUMN case_tasks.created_at IS 'When it was created.';
COMMENT ON COLUMN case_tasks.updated_at IS 'Last change.';
CREATE INDEX case_tasks_case_idx ON case_tasks (case_id, created_at);
CREATE INDEX case_tasks_open_idx ON case_tasks (assignee_id, due_on) WHERE done_at IS NULL;

CREATE TABLE case_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial NOT NULL UNIQUE,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('services', 'sharing', 'statistics')),
  organisation_id uuid REFERENCES organisations (id),
  status text NOT NULL CHECK (status IN ('given', 'refused', 'withdrawn')),
  decided_on date NOT NULL,
  method text NOT NULL CHECK (method IN ('written', 'oral_with_witness', 'oral_recorded', 'digital_signature')),
  interpreter_language text CHECK (interpreter_language ~ '^[a-z]{2,3}$'),
  given_by text NOT NULL CHECK (given_by IN ('person', 'guardian')),
  guardian_name_enc text,
  note_enc text,
  withdraws_id uuid REFERENCES case_consents (id),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((purpose = 'sharing') = (organisation_id IS NOT NULL)),
  CHECK ((given_by = 'guardian') = (guardian_name_enc IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdraws_id IS NOT NULL))
);
COMMENT ON TABLE case_consents IS 'Consent records of a case per purpose (and, for sharing, per organisation). Append-only: the current state of a purpose is its latest record (highest seq); a withdrawal is a new record.';
COMMENT ON COLUMN case_consents.id IS 'Consent record id.';
COMMENT ON COLUMN case_consents.seq IS 'Recording order: the latest record of a purpose and organisation is its current state.';
COMMENT ON COLUMN case_consents.case_id IS 'The case.';
COMMENT ON COLUMN case_consents.purpose IS 'services (receiving services), sharing (with a named organisation) or statistics (data used for statistics).';
COMMENT ON COLUMN case_consents.organisation_id IS 'For sharing: the organisation data may be shared with (required exactly for sharing).';
COMMENT ON COLUMN case_consents.status IS 'given, refused or withdrawn.';
COMMENT ON COLUMN case_consents.decided_on IS 'Date the consent was given, refused or withdrawn.';
COMMENT ON COLUMN case_consents.method IS 'How it was obtained: written, oral_with_witness, oral_recorded or digital_signature.';
COMMENT ON COLUMN case_consents.interpreter_language IS 'ISO 639 code of the language interpreted in, or null when no interpreter took part.';
COMMENT ON COLUMN case_consents.given_by IS 'person (the person themselves) or guardian (required for minors and possible minors).';
COMMENT ON COLUMN case_consents.guardian_name_enc IS 'Encrypted name of the guardian who decided (set exactly when given_by is guardian).';
COMMENT ON COLUMN case_consents.note_enc IS 'Encrypted free-text note.';
COMMENT ON COLUMN case_consents.withdraws_id IS 'For a withdrawal: the record of consent given that it withdraws.';
COMMENT ON COLUMN case_consents.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN case_consents.recorded_at IS 'When it was recorded.';
CREATE INDEX case_consents_case_idx ON case_consents (case_id, seq);
