-- Persons and cases: the registry of persons (identities encrypted, found through keyed linkage
-- encodings), merges of duplicates, cases (one body taking a person in charge) with their team,
-- phase history and approval requests, screenings, and in-app notifications.
--
-- Encrypted columns end in _enc and hold FieldCipher values bound to table.column#id
-- (src/server/platform/crypto.ts). Nothing here holds a name, birth date, document or phone number
-- in clear.

CREATE TABLE persons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^P-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  identity_enc text NOT NULL,
  notes_enc text,
  external_ref_enc text,
  external_ref_index text,
  sex text,
  citizenships text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{}',
  vulnerabilities text[] NOT NULL DEFAULT '{}',
  merged_into_id uuid REFERENCES persons (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE persons IS 'A person met by the network (possible or identified victim). Identity fields are encrypted; lists show the pseudonymous code to roles that do not need names.';
COMMENT ON COLUMN persons.id IS 'Internal id (never shown as an identifier to users: the code is).';
COMMENT ON COLUMN persons.code IS 'Pseudonymous person code, e.g. P-7K3M-Q9XA (Crockford base32, random): shown in lists instead of names.';
COMMENT ON COLUMN persons.owner_org_id IS 'The organisation that registered the person; it and the organisations holding a case for the person can see the record.';
COMMENT ON COLUMN persons.identity_enc IS 'Encrypted JSON: names, aliases and nicknames (any script), birth date (exact or estimated), identity documents, phone numbers, children.';
COMMENT ON COLUMN persons.notes_enc IS 'Encrypted free-text note about the person.';
COMMENT ON COLUMN persons.external_ref_enc IS 'Encrypted identifier of the person in the registering body''s own system (from imports).';
COMMENT ON COLUMN persons.external_ref_index IS 'Keyed blind index (HMAC) of owner organisation + external reference: finds a re-imported row without decrypting.';
COMMENT ON COLUMN persons.sex IS 'HTCDS prs_Gender value.';
COMMENT ON COLUMN persons.citizenships IS 'ISO 3166-1 alpha-2 country codes.';
COMMENT ON COLUMN persons.languages IS 'ISO 639 language codes (the first is the primary language).';
COMMENT ON COLUMN persons.vulnerabilities IS 'HTCDS vic_Vulnerabilities values.';
COMMENT ON COLUMN persons.merged_into_id IS 'Set when this record was merged into another as a duplicate (reversible, see person_merges); merged records are hidden from lists and searches.';
COMMENT ON COLUMN persons.created_by IS 'User who registered the person.';
COMMENT ON COLUMN persons.created_at IS 'When the person was registered.';
COMMENT ON COLUMN persons.updated_at IS 'Last change.';
COMMENT ON COLUMN persons.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX persons_owner_idx ON persons (owner_org_id, created_at);
CREATE UNIQUE INDEX persons_external_ref_idx ON persons (external_ref_index) WHERE external_ref_index IS NOT NULL;

CREATE TABLE person_linkage (
  person_id uuid PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
  encoding text NOT NULL
);
COMMENT ON TABLE person_linkage IS 'Keyed linkage encoding of each person (Bloom filters of name q-grams and phonetic codes, keyed tags of birth dates, blind indexes of documents and phones): compared for duplicate detection and search; unreadable without the linkage key.';
COMMENT ON COLUMN person_linkage.person_id IS 'The person encoded.';
COMMENT ON COLUMN person_linkage.encoding IS 'toStoredEncoding() JSON text (src/domain/linkage/storage.ts).';

CREATE TABLE person_blocking_keys (
  key bytea NOT NULL,
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  PRIMARY KEY (key, person_id)
);
COMMENT ON TABLE person_blocking_keys IS 'Keyed blocking keys (8 bytes of HMAC) of each person: candidate retrieval for duplicate checks and search.';
COMMENT ON COLUMN person_blocking_keys.key IS 'Blocking key bytes (blockingKeyBytes()).';
COMMENT ON COLUMN person_blocking_keys.person_id IS 'The person carrying the key.';
CREATE INDEX person_blocking_keys_person_idx ON person_blocking_keys (person_id);

CREATE TABLE person_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  kept_person_id uuid NOT NULL REFERENCES persons (id),
  merged_person_id uuid NOT NULL REFERENCES persons (id),
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'reverted')),
  reason_enc text,
  moved_enc text,
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  reverted_by uuid REFERENCES users (id),
  reverted_at timestamptz,
  CHECK (kept_person_id <> merged_person_id)
);
COMMENT ON TABLE person_merges IS 'Merging two records of the same person: requested, then approved or rejected by someone holding cases.approve; an approved merge can be reverted.';
COMMENT ON COLUMN person_merges.id IS 'Merge id.';
COMMENT ON COLUMN person_merges.org_id IS 'Organisation within which the merge was requested (both persons visible to it).';
COMMENT ON COLUMN person_merges.kept_person_id IS 'The record that stays.';
COMMENT ON COLUMN person_merges.merged_person_id IS 'The duplicate folded into the kept record.';
COMMENT ON COLUMN person_merges.status IS 'requested, approved, rejected or reverted.';
COMMENT ON COLUMN person_merges.reason_enc IS 'Encrypted free-text reason given with the request.';
COMMENT ON COLUMN person_merges.moved_enc IS 'Encrypted JSON of what the approval moved (case ids, identity values added to the kept record), so that a revert restores it.';
COMMENT ON COLUMN person_merges.requested_by IS 'Who asked.';
COMMENT ON COLUMN person_merges.requested_at IS 'When.';
COMMENT ON COLUMN person_merges.decided_by IS 'Who approved or rejected.';
COMMENT ON COLUMN person_merges.decided_at IS 'When it was decided.';
COMMENT ON COLUMN person_merges.reverted_by IS 'Who reverted an approved merge.';
COMMENT ON COLUMN person_merges.reverted_at IS 'When it was reverted.';
CREATE INDEX person_merges_org_idx ON person_merges (org_id, status, requested_at);
CREATE UNIQUE INDEX person_merges_open_idx ON person_merges (merged_person_id) WHERE status IN ('requested', 'approved');

-- ---------------------------------------------------------------------------------------------
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^C-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$'),
  person_id uuid NOT NULL REFERENCES persons (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  case_worker_id uuid REFERENCES users (id),
  phase text NOT NULL CHECK (phase IN ('contact', 'screening', 'identification', 'first_assistance',
    'protection_residential', 'protection_territorial', 'inclusion', 'closed')),
  status text NOT NULL,
  closure_reason text CHECK (closure_reason IN ('autonomy', 'voluntary_return', 'not_a_victim', 'interrupted', 'lost_contact', 'transferred')),
  trafficking_status text,
  trafficking_status_decided_by text,
  trafficking_status_decided_on date,
  exploitation_types text[] NOT NULL DEFAULT '{}',
  sex_exploitation_types text[] NOT NULL DEFAULT '{}',
  labour_sectors text[] NOT NULL DEFAULT '{}',
  exploitation_countries text[] NOT NULL DEFAULT '{}',
  exploitation_provinces text[] NOT NULL DEFAULT '{}',
  exploitation_from date,
  exploitation_to date,
  means_of_control text[] NOT NULL DEFAULT '{}',
  recruitment_methods text[] NOT NULL DEFAULT '{}',
  recruiter_relations text[] NOT NULL DEFAULT '{}',
  minor_status text CHECK (minor_status IN ('minor', 'adult', 'possibly_minor')),
  guardian_enc text,
  juvenile_court text,
  age_assessment text CHECK (age_assessment IN ('not_needed', 'requested', 'done')),
  age_assessment_on date,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((phase = 'closed') = (closure_reason IS NOT NULL)),
  CHECK (exploitation_from IS NULL OR exploitation_to IS NULL OR exploitation_from <= exploitation_to)
);
COMMENT ON TABLE cases IS 'A case (presa in carico): one body taking a person in charge, along the phases of the path.';
COMMENT ON COLUMN cases.id IS 'Case id.';
COMMENT ON COLUMN cases.code IS 'Case number shown to users, e.g. C-2026-7K3M9Q (year opened + random Crockford base32).';
COMMENT ON COLUMN cases.person_id IS 'The person taken in charge.';
COMMENT ON COLUMN cases.org_id IS 'Owner organisation: the body that took the person in charge.';
COMMENT ON COLUMN cases.case_worker_id IS 'The responsible case worker (a user of the owner organisation).';
COMMENT ON COLUMN cases.phase IS 'Phase of the path (src/domain/cases/phases.ts); transitions follow src/domain/cases/transitions.ts.';
COMMENT ON COLUMN cases.status IS 'HTCDS cas_Status derived from phase and closure reason (Active, FollowUp, Closed, ClosedReferred).';
COMMENT ON COLUMN cases.closure_reason IS 'Why the case closed (set exactly when phase is closed).';
COMMENT ON COLUMN cases.trafficking_status IS 'HTCDS vic_TraffickingStatus value.';
COMMENT ON COLUMN cases.trafficking_status_decided_by IS 'HTCDS vic_TraffickingStatusDecisionMakingOrg value: which kind of body decided the status.';
COMMENT ON COLUMN cases.trafficking_status_decided_on IS 'When the trafficking status was decided.';
COMMENT ON COLUMN cases.exploitation_types IS 'HTCDS vic_TypeOfExploitation values.';
COMMENT ON COLUMN cases.sex_exploitation_types IS 'HTCDS vic_TypeOfSexExploitation values.';
COMMENT ON COLUMN cases.labour_sectors IS 'HTCDS vic_ForcedLabourIndustry values (ISIC sections A to U).';
COMMENT ON COLUMN cases.exploitation_countries IS 'ISO 3166-1 alpha-2 codes of the countries where exploitation took place.';
COMMENT ON COLUMN cases.exploitation_provinces IS 'ISTAT province codes where exploitation took place in Italy.';
COMMENT ON COLUMN cases.exploitation_from IS 'Start of the exploitation period (may be approximate: first day of the month or year).';
COMMENT ON COLUMN cases.exploitation_to IS 'End of the exploitation period.';
COMMENT ON COLUMN cases.means_of_control IS 'HTCDS vic_MethodsOfControl values.';
COMMENT ON COLUMN cases.recruitment_methods IS 'HTCDS vic_MethodOfRecruitment values.';
COMMENT ON COLUMN cases.recruiter_relations IS 'HTCDS vic_RelationshipToTrafficker values.';
COMMENT ON COLUMN cases.minor_status IS 'minor, adult or possibly_minor, computed from the person''s birth date when the case or the person changes.';
COMMENT ON COLUMN cases.guardian_enc IS 'Encrypted JSON of the guardian (tutore volontario) of a minor: name, contact, appointment date.';
COMMENT ON COLUMN cases.juvenile_court IS 'Juvenile court (Tribunale per i minorenni) following a minor.';
COMMENT ON COLUMN cases.age_assessment IS 'Age assessment of a possible minor: not_needed, requested or done.';
COMMENT ON COLUMN cases.age_assessment_on IS 'Date of the age assessment.';
COMMENT ON COLUMN cases.opened_at IS 'When the case was opened.';
COMMENT ON COLUMN cases.closed_at IS 'When the case was last closed.';
COMMENT ON COLUMN cases.created_by IS 'Who opened the case.';
COMMENT ON COLUMN cases.updated_at IS 'Last change.';
COMMENT ON COLUMN cases.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX cases_org_idx ON cases (org_id, phase, opened_at);
CREATE INDEX cases_person_idx ON cases (person_id);
CREATE INDEX cases_worker_idx ON cases (case_worker_id) WHERE case_worker_id IS NOT NULL;

CREATE TABLE case_team (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  team_role text NOT NULL CHECK (length(team_role) BETWEEN 1 AND 60),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, user_id)
);
COMMENT ON TABLE case_team IS 'Users assigned to a case besides the case worker (mediators, psychologists, lawyers, other workers).';
COMMENT ON COLUMN case_team.case_id IS 'The case.';
COMMENT ON COLUMN case_team.user_id IS 'The assigned user (of the owner organisation).';
COMMENT ON COLUMN case_team.team_role IS 'Their part in the case, e.g. mediator, psychologist, lawyer, case_worker.';
COMMENT ON COLUMN case_team.added_at IS 'When they were assigned.';
CREATE INDEX case_team_user_idx ON case_team (user_id);

CREATE TABLE case_phase_history (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  from_phase text,
  to_phase text NOT NULL,
  closure_reason text,
  reason_enc text,
  approval_request_id uuid,
  changed_by uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE case_phase_history IS 'Every phase change of a case: who, when, why (the opening is the first row, from_phase null).';
COMMENT ON COLUMN case_phase_history.id IS 'Sequence number.';
COMMENT ON COLUMN case_phase_history.case_id IS 'The case.';
COMMENT ON COLUMN case_phase_history.from_phase IS 'Phase before (null when the case opened).';
COMMENT ON COLUMN case_phase_history.to_phase IS 'Phase after.';
COMMENT ON COLUMN case_phase_history.closure_reason IS 'Closure reason when to_phase is closed.';
COMMENT ON COLUMN case_phase_history.reason_enc IS 'Encrypted free-text reason for the change.';
COMMENT ON COLUMN case_phase_history.approval_request_id IS 'The approved request this change carried out (closure, reopening).';
COMMENT ON COLUMN case_phase_history.changed_by IS 'Who made the change (for an approved request: who approved it).';
COMMENT ON COLUMN case_phase_history.changed_at IS 'When.';
CREATE INDEX case_phase_history_case_idx ON case_phase_history (case_id, id);

CREATE TABLE case_approval_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('close', 'reopen')),
  to_phase text NOT NULL,
  closure_reason text,
  reason_enc text,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note_enc text
);
COMMENT ON TABLE case_approval_requests IS 'A phase change that needs a coordinator''s approval (closure, reopening): requested, then approved (the change is made) or rejected.';
COMMENT ON COLUMN case_approval_requests.id IS 'Request id.';
COMMENT ON COLUMN case_approval_requests.case_id IS 'The case.';
COMMENT ON COLUMN case_approval_requests.kind IS 'close or reopen.';
COMMENT ON COLUMN case_approval_requests.to_phase IS 'The phase the case moves to when approved.';
COMMENT ON COLUMN case_approval_requests.closure_reason IS 'For a closure: the reason code.';
COMMENT ON COLUMN case_approval_requests.reason_enc IS 'Encrypted free-text motivation of the request.';
COMMENT ON COLUMN case_approval_requests.status IS 'pending, approved, rejected or withdrawn.';
COMMENT ON COLUMN case_approval_requests.requested_by IS 'Who asked.';
COMMENT ON COLUMN case_approval_requests.requested_at IS 'When.';
COMMENT ON COLUMN case_approval_requests.decided_by IS 'Who approved or rejected.';
COMMENT ON COLUMN case_approval_requests.decided_at IS 'When it was decided.';
COMMENT ON COLUMN case_approval_requests.decision_note_enc IS 'Encrypted note of the decision.';
CREATE UNIQUE INDEX case_approval_requests_pending_idx ON case_approval_requests (case_id) WHERE status = 'pending';

CREATE TABLE screenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  list_id text NOT NULL CHECK (list_id IN ('adult_labour', 'adult_sexual', 'child_labour', 'child_sexual')),
  answers jsonb NOT NULL,
  rule jsonb NOT NULL,
  evaluation jsonb NOT NULL,
  indicative_result text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('possible_victim', 'not_a_victim', 'further_assessment')),
  decision_reason_enc text NOT NULL,
  interpreter_language text,
  screened_by uuid NOT NULL REFERENCES users (id),
  screened_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE screenings IS 'A screening with the ILO/EC operational indicators: the answers, the rule used, the computed result with its reasoning, and the professional''s own decision with its reason.';
COMMENT ON COLUMN screenings.id IS 'Screening id.';
COMMENT ON COLUMN screenings.case_id IS 'The case screened.';
COMMENT ON COLUMN screenings.list_id IS 'Indicator list used (adult/child x labour/sexual).';
COMMENT ON COLUMN screenings.answers IS 'Indicator id -> yes, no or unknown.';
COMMENT ON COLUMN screenings.rule IS 'The scoring rule in force when the screening was made (a copy: later rule changes do not rewrite it).';
COMMENT ON COLUMN screenings.evaluation IS 'Computed result: each dimension, the requirements, the overall indicative result.';
COMMENT ON COLUMN screenings.indicative_result IS 'likely_victim or not_enough_indicators (supports, never replaces, the decision).';
COMMENT ON COLUMN screenings.decision IS 'The professional''s decision: possible_victim, not_a_victim or further_assessment.';
COMMENT ON COLUMN screenings.decision_reason_enc IS 'Encrypted reason of the decision.';
COMMENT ON COLUMN screenings.interpreter_language IS 'ISO 639 code of the language the interview was interpreted in, if any.';
COMMENT ON COLUMN screenings.screened_by IS 'Who screened.';
COMMENT ON COLUMN screenings.screened_at IS 'When.';
CREATE INDEX screenings_case_idx ON screenings (case_id, screened_at);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{1,62}$'),
  record_type text NOT NULL,
  record_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
COMMENT ON TABLE notifications IS 'In-app notices to a user (an approval to decide, a decision on one''s request, a task assigned). They name the record, never personal data: the reader opens the record, which checks scope and audits.';
COMMENT ON COLUMN notifications.id IS 'Notification id.';
COMMENT ON COLUMN notifications.user_id IS 'Who is notified.';
COMMENT ON COLUMN notifications.kind IS 'What happened, e.g. case.approval_requested, case.approval_decided.';
COMMENT ON COLUMN notifications.record_type IS 'Kind of record concerned, e.g. case.';
COMMENT ON COLUMN notifications.record_id IS 'Id of the record concerned.';
COMMENT ON COLUMN notifications.created_at IS 'When.';
COMMENT ON COLUMN notifications.read_at IS 'When the user marked it read.';
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, created_at);
