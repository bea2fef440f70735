-- Residence permits and legal status (domain.md §2, the residence-permit track), the minors'
-- programme details missing from cases (age assessment outcome, continuing past 18, the 18th
-- birthday alerts), and criminal proceedings of a case. Permit types are data
-- (src/domain/permits): the column keeps the code, the domain checks it.

CREATE TABLE permits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  permit_type text NOT NULL CHECK (permit_type ~ '^[a-z0-9_]{1,40}$'),
  proposer_kind text CHECK (proposer_kind IN ('body', 'social_services', 'prosecutor')),
  proposer_org_id uuid REFERENCES organisations (id),
  questura_org_id uuid REFERENCES organisations (id),
  status text NOT NULL CHECK (status IN ('prepared', 'submitted', 'issued', 'refused', 'renewal_requested', 'renewed', 'converted', 'expired', 'revoked')),
  requested_on date NOT NULL,
  submitted_on date,
  issued_on date,
  refused_on date,
  renewal_requested_on date,
  renewed_on date,
  converted_on date,
  converted_to text CHECK (converted_to IN ('work', 'study')),
  expired_on date,
  revoked_on date,
  expires_on date,
  permit_number_enc text,
  note_enc text,
  renewal_reminded_for date,
  expiry_handled_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'converted') = (converted_to IS NOT NULL))
);
COMMENT ON TABLE permits IS 'A residence permit request and the permit it becomes, for a person within a case: type, who proposed it, the Questura, its status along the step machine (src/domain/permits) and the date of each step.';
COMMENT ON COLUMN permits.id IS 'Permit id.';
COMMENT ON COLUMN permits.case_id IS 'The case the permit is followed in (visibility follows the case).';
COMMENT ON COLUMN permits.person_id IS 'The person (the case''s person).';
COMMENT ON COLUMN permits.org_id IS 'The organisation handling the request (the case''s owner when created).';
COMMENT ON COLUMN permits.permit_type IS 'Permit type code (src/domain/permits: art18_social, art18_judicial, art18ter, international_protection, …).';
COMMENT ON COLUMN permits.proposer_kind IS 'Who proposed an art. 18 / 18-ter permit: body, social_services or prosecutor (required for those types).';
COMMENT ON COLUMN permits.proposer_org_id IS 'The proposing organisation, when known (e.g. the prosecutor''s office).';
COMMENT ON COLUMN permits.questura_org_id IS 'The police immigration office (Questura) the request is submitted to.';
COMMENT ON COLUMN permits.status IS 'prepared, submitted, issued, refused, renewal_requested, renewed, converted, expired or revoked.';
COMMENT ON COLUMN permits.requested_on IS 'When the request was prepared.';
COMMENT ON COLUMN permits.submitted_on IS 'When it was submitted to the Questura.';
COMMENT ON COLUMN permits.issued_on IS 'When the permit was issued.';
COMMENT ON COLUMN permits.refused_on IS 'When the request was refused.';
COMMENT ON COLUMN permits.renewal_requested_on IS 'When the latest renewal was requested.';
COMMENT ON COLUMN permits.renewed_on IS 'When the permit was last renewed.';
COMMENT ON COLUMN permits.converted_on IS 'When the permit was converted.';
COMMENT ON COLUMN permits.converted_to IS 'What it was converted to: work or study (set exactly when converted).';
COMMENT ON COLUMN permits.expired_on IS 'When it was recorded as expired.';
COMMENT ON COLUMN permits.revoked_on IS 'When it was revoked.';
COMMENT ON COLUMN permits.expires_on IS 'Expiry date of the permit in force (set on issue and on renewal).';
COMMENT ON COLUMN permits.permit_number_enc IS 'Encrypted permit number.';
COMMENT ON COLUMN permits.note_enc IS 'Encrypted note.';
COMMENT ON COLUMN permits.renewal_reminded_for IS 'The expiry date a renewal reminder was already given for (one reminder per expiry date).';
COMMENT ON COLUMN permits.expiry_handled_at IS 'When Ponte moved the permit to expired and made the task (once).';
COMMENT ON COLUMN permits.created_by IS 'Who created the request.';
COMMENT ON COLUMN permits.created_at IS 'When it was created.';
COMMENT ON COLUMN permits.updated_at IS 'Last change.';
COMMENT ON COLUMN permits.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX permits_case_idx ON permits (case_id, created_at);
CREATE INDEX permits_person_idx ON permits (person_id);
CREATE INDEX permits_expiry_idx ON permits (expires_on) WHERE status IN ('issued', 'renewed');

CREATE TABLE permit_events (
  id bigserial PRIMARY KEY,
  permit_id uuid NOT NULL REFERENCES permits (id) ON DELETE CASCADE,
  from_status text,
  to_status text NOT NULL,
  step_on date NOT NULL,
  expires_on date,
  user_id uuid REFERENCES users (id),
  note_enc text,
  at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE permit_events IS 'History of a permit: its creation (from_status null) and every step, with the step''s date and who made it.';
COMMENT ON COLUMN permit_events.id IS 'Sequence number.';
COMMENT ON COLUMN permit_events.permit_id IS 'The permit.';
COMMENT ON COLUMN permit_events.from_status IS 'Status before (null for the creation).';
COMMENT ON COLUMN permit_events.to_status IS 'Status after.';
COMMENT ON COLUMN permit_events.step_on IS 'Date of the step (as stated, not when it was recorded).';
COMMENT ON COLUMN permit_events.expires_on IS 'Expiry date set by the step (issue, renewal).';
COMMENT ON COLUMN permit_events.user_id IS 'Who recorded it (null for Ponte itself, e.g. expiry).';
COMMENT ON COLUMN permit_events.note_enc IS 'Encrypted note on the step.';
COMMENT ON COLUMN permit_events.at IS 'When it was recorded.';
CREATE INDEX permit_events_permit_idx ON permit_events (permit_id, id);

CREATE TABLE case_minor (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  age_assessment_outcome text CHECK (age_assessment_outcome IN ('minor', 'adult', 'inconclusive')),
  age_assessment_outcome_on date,
  continues_past_18 boolean NOT NULL DEFAULT false,
  continues_until date,
  majority_warned_at timestamptz,
  majority_alerted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (continues_past_18 OR continues_until IS NULL)
);
COMMENT ON TABLE case_minor IS 'Minors'' details of a case beside cases.minor_status, guardian_enc, juvenile_court and age_assessment: the age assessment outcome, the programme continuing past 18 (prosieguo amministrativo) and the 18th birthday alerts already given.';
COMMENT ON COLUMN case_minor.case_id IS 'The case.';
COMMENT ON COLUMN case_minor.age_assessment_outcome IS 'Outcome of the age assessment: minor, adult or inconclusive (doubt: presumed minor).';
COMMENT ON COLUMN case_minor.age_assessment_outcome_on IS 'Date of the outcome.';
COMMENT ON COLUMN case_minor.continues_past_18 IS 'Whether the programme continues past 18 (prosieguo amministrativo ordered by the juvenile court).';
COMMENT ON COLUMN case_minor.continues_until IS 'Until when the programme continues past 18.';
COMMENT ON COLUMN case_minor.majority_warned_at IS 'When the case worker was warned that the 18th birthday is 30 days away (once).';
COMMENT ON COLUMN case_minor.majority_alerted_at IS 'When the case worker was alerted on the 18th birthday (once).';
COMMENT ON COLUMN case_minor.updated_at IS 'Last change.';

CREATE TABLE criminal_proceedings (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  complaint_filed boolean NOT NULL DEFAULT false,
  complaint_on date,
  prosecutor_org_id uuid REFERENCES organisations (id),
  person_role text CHECK (person_role IN ('witness', 'injured_party', 'civil_party')),
  protection_measures_enc text,
  note_enc text,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (complaint_filed OR complaint_on IS NULL)
);
COMMENT ON TABLE criminal_proceedings IS 'Criminal proceedings of a case (never required for help): complaint, prosecutor''s office, the person''s role, protection measures. Readable only with criminal.read.';
COMMENT ON COLUMN criminal_proceedings.case_id IS 'The case.';
COMMENT ON COLUMN criminal_proceedings.complaint_filed IS 'Whether a complaint (denuncia) was filed.';
COMMENT ON COLUMN criminal_proceedings.complaint_on IS 'When the complaint was filed.';
COMMENT ON COLUMN criminal_proceedings.prosecutor_org_id IS 'The prosecutor''s office (Procura) handling the proceedings.';
COMMENT ON COLUMN criminal_proceedings.person_role IS 'Role of the person: witness, injured_party or civil_party.';
COMMENT ON COLUMN criminal_proceedings.protection_measures_enc IS 'Encrypted description of the protection measures.';
COMMENT ON COLUMN criminal_proceedings.note_enc IS 'Encrypted note.';
COMMENT ON COLUMN criminal_proceedings.updated_by IS 'Who changed it last.';
COMMENT ON COLUMN criminal_proceedings.updated_at IS 'Last change.';
COMMENT ON COLUMN criminal_proceedings.version IS 'Incremented on every change (optimistic concurrency).';

CREATE TABLE criminal_hearings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES criminal_proceedings (case_id) ON DELETE CASCADE,
  held_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('preliminary', 'incidente_probatorio', 'trial', 'appeal', 'other')),
  note_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE criminal_hearings IS 'Hearings of the criminal proceedings of a case, with their dates.';
COMMENT ON COLUMN criminal_hearings.id IS 'Hearing id.';
COMMENT ON COLUMN criminal_hearings.case_id IS 'The case (its criminal proceedings).';
COMMENT ON COLUMN criminal_hearings.held_on IS 'Date of the hearing.';
COMMENT ON COLUMN criminal_hearings.kind IS 'preliminary, incidente_probatorio (evidence taken in advance), trial, appeal or other.';
COMMENT ON COLUMN criminal_hearings.note_enc IS 'Encrypted note.';
COMMENT ON COLUMN criminal_hearings.created_by IS 'Who recorded it.';
COMMENT ON COLUMN criminal_hearings.created_at IS 'When it was recorded.';
CREATE INDEX criminal_hearings_case_idx ON criminal_hearings (case_id, held_on);
