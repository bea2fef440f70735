-- Social inclusion (domain.md §2, the inclusion phase): courses held by an organisation with their
-- sessions, enrolments of cases and attendance; internships (tirocini di inclusione sociale), job
-- placements, the move to independent housing and assisted voluntary return, each on a case.
-- Value lists (course kinds, ISIC sections, contract types, outcomes…) are data in
-- src/domain/inclusion: the columns keep the codes, the checks below keep them well formed.
-- Visibility of the case records follows the case (persons/scope.ts); a course belongs to its
-- organisation. Names that could identify a person (employers, tutors, partners, providers) and
-- free text are encrypted with the field cipher, bound to table, column and row.

CREATE TABLE courses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('language', 'it', 'vocational', 'other')),
  provider_name_enc text,
  place text CHECK (length(place) <= 200),
  starts_on date NOT NULL,
  ends_on date,
  planned_hours numeric(6,1) CHECK (planned_hours >= 0),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
COMMENT ON TABLE courses IS 'A course held by an organisation for the persons it has taken in charge: Italian L2 and literacy, IT, vocational training or other.';
COMMENT ON COLUMN courses.id IS 'Course id.';
COMMENT ON COLUMN courses.org_id IS 'The organisation holding the course (only its users see and manage it).';
COMMENT ON COLUMN courses.title IS 'Title of the course (no personal data).';
COMMENT ON COLUMN courses.kind IS 'language (Italian L2, literacy), it, vocational or other.';
COMMENT ON COLUMN courses.provider_name_enc IS 'Encrypted name of the provider running the course (may point to a place people attend).';
COMMENT ON COLUMN courses.place IS 'Where the course is held, as a general place (town, premises), never a person''s address.';
COMMENT ON COLUMN courses.starts_on IS 'First day of the course.';
COMMENT ON COLUMN courses.ends_on IS 'Last day of the course, when known (not before starts_on).';
COMMENT ON COLUMN courses.planned_hours IS 'Total hours planned.';
COMMENT ON COLUMN courses.created_by IS 'Who created the course.';
COMMENT ON COLUMN courses.created_at IS 'When it was created.';
COMMENT ON COLUMN courses.updated_at IS 'Last change of the course, its sessions or its enrolments.';
COMMENT ON COLUMN courses.version IS 'Incremented on every change of the course itself (optimistic concurrency).';
CREATE INDEX courses_org_idx ON courses (org_id, starts_on);

CREATE TABLE course_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  held_on date NOT NULL,
  hours numeric(4,1) NOT NULL CHECK (hours > 0 AND hours <= 24),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (course_id, id)
);
COMMENT ON TABLE course_sessions IS 'A session (lesson day) of a course.';
COMMENT ON COLUMN course_sessions.id IS 'Session id.';
COMMENT ON COLUMN course_sessions.course_id IS 'The course.';
COMMENT ON COLUMN course_sessions.held_on IS 'Day of the session.';
COMMENT ON COLUMN course_sessions.hours IS 'Hours of the session.';
COMMENT ON COLUMN course_sessions.created_at IS 'When it was recorded.';
CREATE INDEX course_sessions_course_idx ON course_sessions (course_id, held_on);

CREATE TABLE course_enrolments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  enrolled_on date NOT NULL,
  outcome text CHECK (outcome IN ('completed', 'dropped_out', 'certificate')),
  outcome_on date,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (course_id, case_id),
  UNIQUE (course_id, id),
  CHECK ((outcome IS NULL) = (outcome_on IS NULL))
);
COMMENT ON TABLE course_enrolments IS 'A case enrolled in a course, with the completion outcome.';
COMMENT ON COLUMN course_enrolments.id IS 'Enrolment id.';
COMMENT ON COLUMN course_enrolments.course_id IS 'The course.';
COMMENT ON COLUMN course_enrolments.case_id IS 'The case enrolled (one enrolment per case and course); visibility follows the case.';
COMMENT ON COLUMN course_enrolments.enrolled_on IS 'Day of enrolment.';
COMMENT ON COLUMN course_enrolments.outcome IS 'completed, dropped_out or certificate (certificate obtained); null while attending.';
COMMENT ON COLUMN course_enrolments.outcome_on IS 'Day of the outcome (set exactly with the outcome).';
COMMENT ON COLUMN course_enrolments.created_by IS 'Who enrolled the case.';
COMMENT ON COLUMN course_enrolments.created_at IS 'When it was recorded.';
COMMENT ON COLUMN course_enrolments.updated_at IS 'Last change.';
COMMENT ON COLUMN course_enrolments.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX course_enrolments_case_idx ON course_enrolments (case_id);

-- Attendance can only be marked for a case enrolled in the session's own course: both foreign
-- keys carry the course, so the database refuses a mark that mixes two courses.
CREATE TABLE course_attendance (
  course_id uuid NOT NULL,
  session_id uuid NOT NULL,
  enrolment_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
  marked_by uuid REFERENCES users (id),
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, enrolment_id),
  FOREIGN KEY (course_id, session_id) REFERENCES course_sessions (course_id, id) ON DELETE CASCADE,
  FOREIGN KEY (course_id, enrolment_id) REFERENCES course_enrolments (course_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE course_attendance IS 'The attendance register: one mark per session and enrolment of the same course.';
COMMENT ON COLUMN course_attendance.course_id IS 'The course (both the session and the enrolment belong to it).';
COMMENT ON COLUMN course_attendance.session_id IS 'The session.';
COMMENT ON COLUMN course_attendance.enrolment_id IS 'The enrolment (the case attending).';
COMMENT ON COLUMN course_attendance.status IS 'present, absent or excused.';
COMMENT ON COLUMN course_attendance.marked_by IS 'Who marked it last.';
COMMENT ON COLUMN course_attendance.marked_at IS 'When it was marked last.';
CREATE INDEX course_attendance_enrolment_idx ON course_attendance (enrolment_id);

CREATE TABLE inclusion_internships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  employer_name_enc text NOT NULL,
  sector text CHECK (sector ~ '^[A-U]$'),
  tutor_name_enc text,
  hours_per_week numeric(4,1) CHECK (hours_per_week > 0 AND hours_per_week <= 60),
  monthly_stipend numeric(10,2) CHECK (monthly_stipend >= 0),
  starts_on date NOT NULL,
  ends_on date,
  outcome text CHECK (outcome IN ('completed', 'interrupted', 'hired')),
  outcome_reason_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
COMMENT ON TABLE inclusion_internships IS 'A social-inclusion internship (tirocinio di inclusione sociale) of the person of a case.';
COMMENT ON COLUMN inclusion_internships.id IS 'Internship id.';
COMMENT ON COLUMN inclusion_internships.case_id IS 'The case (visibility follows the case).';
COMMENT ON COLUMN inclusion_internships.org_id IS 'The organisation that recorded it (the case''s owner then).';
COMMENT ON COLUMN inclusion_internships.employer_name_enc IS 'Encrypted name of the host employer (it says where the person is every day).';
COMMENT ON COLUMN inclusion_internships.sector IS 'ISIC Rev.4 section of the host (A–U, src/domain/inclusion).';
COMMENT ON COLUMN inclusion_internships.tutor_name_enc IS 'Encrypted name of the tutor.';
COMMENT ON COLUMN inclusion_internships.hours_per_week IS 'Hours per week.';
COMMENT ON COLUMN inclusion_internships.monthly_stipend IS 'Monthly stipend in euro (exact decimal).';
COMMENT ON COLUMN inclusion_internships.starts_on IS 'First day.';
COMMENT ON COLUMN inclusion_internships.ends_on IS 'Last day, planned or actual (not before starts_on).';
COMMENT ON COLUMN inclusion_internships.outcome IS 'completed, interrupted or hired (led to hiring); null while running.';
COMMENT ON COLUMN inclusion_internships.outcome_reason_enc IS 'Encrypted reason of an interruption.';
COMMENT ON COLUMN inclusion_internships.created_by IS 'Who recorded it.';
COMMENT ON COLUMN inclusion_internships.created_at IS 'When it was recorded.';
COMMENT ON COLUMN inclusion_internships.updated_at IS 'Last change.';
COMMENT ON COLUMN inclusion_internships.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX inclusion_internships_case_idx ON inclusion_internships (case_id);
CREATE INDEX inclusion_internships_org_idx ON inclusion_internships (org_id);

CREATE TABLE inclusion_job_placements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  employer_name_enc text NOT NULL,
  sector text CHECK (sector ~ '^[A-U]$'),
  contract_type text NOT NULL CHECK (contract_type IN ('permanent', 'fixed_term', 'apprenticeship', 'agency', 'seasonal', 'domestic', 'other')),
  hours_per_week numeric(4,1) CHECK (hours_per_week > 0 AND hours_per_week <= 60),
  starts_on date NOT NULL,
  ends_on date,
  outcome text CHECK (outcome IN ('ongoing', 'ended', 'renewed', 'made_permanent', 'resigned', 'dismissed')),
  note_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
COMMENT ON TABLE inclusion_job_placements IS 'A job placement of the person of a case: employer, sector, Italian contract type, dates, outcome.';
COMMENT ON COLUMN inclusion_job_placements.id IS 'Placement id.';
COMMENT ON COLUMN inclusion_job_placements.case_id IS 'The case (visibility follows the case).';
COMMENT ON COLUMN inclusion_job_placements.org_id IS 'The organisation that recorded it.';
COMMENT ON COLUMN inclusion_job_placements.employer_name_enc IS 'Encrypted name of the employer.';
COMMENT ON COLUMN inclusion_job_placements.sector IS 'ISIC Rev.4 section (A–U).';
COMMENT ON COLUMN inclusion_job_placements.contract_type IS 'permanent (tempo indeterminato), fixed_term (tempo determinato), apprenticeship (apprendistato), agency (somministrazione), seasonal (stagionale), domestic (lavoro domestico) or other.';
COMMENT ON COLUMN inclusion_job_placements.hours_per_week IS 'Contract hours per week.';
COMMENT ON COLUMN inclusion_job_placements.starts_on IS 'First day of work.';
COMMENT ON COLUMN inclusion_job_placements.ends_on IS 'Last day, planned or actual (not before starts_on).';
COMMENT ON COLUMN inclusion_job_placements.outcome IS 'ongoing, ended, renewed, made_permanent, resigned or dismissed.';
COMMENT ON COLUMN inclusion_job_placements.note_enc IS 'Encrypted note.';
COMMENT ON COLUMN inclusion_job_placements.created_by IS 'Who recorded it.';
COMMENT ON COLUMN inclusion_job_placements.created_at IS 'When it was recorded.';
COMMENT ON COLUMN inclusion_job_placements.updated_at IS 'Last change.';
COMMENT ON COLUMN inclusion_job_placements.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX inclusion_job_placements_case_idx ON inclusion_job_placements (case_id);
CREATE INDEX inclusion_job_placements_org_idx ON inclusion_job_placements (org_id);

CREATE TABLE inclusion_housing (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  moved_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('rented_alone', 'rented_shared', 'with_family', 'other')),
  support text[] NOT NULL DEFAULT '{}' CHECK (array_position(support, NULL) IS NULL),
  note_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE inclusion_housing IS 'The move of the person of a case to independent housing (housing autonomy). No address is kept.';
COMMENT ON COLUMN inclusion_housing.id IS 'Record id.';
COMMENT ON COLUMN inclusion_housing.case_id IS 'The case (visibility follows the case).';
COMMENT ON COLUMN inclusion_housing.org_id IS 'The organisation that recorded it.';
COMMENT ON COLUMN inclusion_housing.moved_on IS 'Day of the move.';
COMMENT ON COLUMN inclusion_housing.kind IS 'rented_alone, rented_shared, with_family or other.';
COMMENT ON COLUMN inclusion_housing.support IS 'Support given (codes of src/domain/inclusion: deposit, rent, furniture, utilities, landlord mediation, other).';
COMMENT ON COLUMN inclusion_housing.note_enc IS 'Encrypted note.';
COMMENT ON COLUMN inclusion_housing.created_by IS 'Who recorded it.';
COMMENT ON COLUMN inclusion_housing.created_at IS 'When it was recorded.';
COMMENT ON COLUMN inclusion_housing.updated_at IS 'Last change.';
COMMENT ON COLUMN inclusion_housing.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX inclusion_housing_case_idx ON inclusion_housing (case_id);

CREATE TABLE voluntary_returns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  partner_name_enc text,
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'departed', 'cancelled')),
  planned_on date,
  departed_on date,
  support text[] NOT NULL DEFAULT '{}' CHECK (array_position(support, NULL) IS NULL),
  support_note_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'departed') = (departed_on IS NOT NULL))
);
COMMENT ON TABLE voluntary_returns IS 'Assisted voluntary return of the person of a case to their country, with the reintegration support.';
COMMENT ON COLUMN voluntary_returns.id IS 'Record id.';
COMMENT ON COLUMN voluntary_returns.case_id IS 'The case (visibility follows the case).';
COMMENT ON COLUMN voluntary_returns.org_id IS 'The organisation that recorded it.';
COMMENT ON COLUMN voluntary_returns.country IS 'Country of return (ISO 3166-1 alpha-2).';
COMMENT ON COLUMN voluntary_returns.partner_name_enc IS 'Encrypted name of the partner organisation (in Italy or in the country of return).';
COMMENT ON COLUMN voluntary_returns.status IS 'requested, approved, departed or cancelled.';
COMMENT ON COLUMN voluntary_returns.planned_on IS 'Planned departure day.';
COMMENT ON COLUMN voluntary_returns.departed_on IS 'Actual departure day (set exactly when departed).';
COMMENT ON COLUMN voluntary_returns.support IS 'Kinds of reintegration support (codes of src/domain/inclusion).';
COMMENT ON COLUMN voluntary_returns.support_note_enc IS 'Encrypted note on the reintegration support.';
COMMENT ON COLUMN voluntary_returns.created_by IS 'Who recorded it.';
COMMENT ON COLUMN voluntary_returns.created_at IS 'When it was recorded.';
COMMENT ON COLUMN voluntary_returns.updated_at IS 'Last change.';
COMMENT ON COLUMN voluntary_returns.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX voluntary_returns_case_idx ON voluntary_returns (case_id);
CREATE INDEX voluntary_returns_org_idx ON voluntary_returns (org_id);
