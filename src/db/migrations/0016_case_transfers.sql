-- Transfers of a whole case to another body (the person moves region, or for safety): requested by
-- the owner body, accepted or declined by the receiving body. On acceptance the case (with its
-- history and records) changes owner; the former owner keeps read access only to the records it
-- wrote before the transfer.

CREATE TABLE case_transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  from_org_id uuid NOT NULL REFERENCES organisations (id),
  to_org_id uuid NOT NULL REFERENCES organisations (id),
  reason text NOT NULL CHECK (reason IN ('safety', 'change_of_location', 'specialised_programme', 'other')),
  reason_enc text NOT NULL,
  consent_basis text NOT NULL CHECK (consent_basis IN ('consent', 'guardian_consent', 'override')),
  consent_id uuid REFERENCES case_consents (id),
  override_reason_enc text,
  status text NOT NULL CHECK (status IN ('requested', 'accepted', 'declined', 'withdrawn')),
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note_enc text,
  new_case_worker_id uuid REFERENCES users (id),
  CHECK (from_org_id <> to_org_id),
  CHECK ((consent_basis = 'override') = (override_reason_enc IS NOT NULL)),
  CHECK (consent_basis = 'override' OR consent_id IS NOT NULL),
  CHECK ((status = 'requested') = (decided_at IS NULL))
);
COMMENT ON TABLE case_transfers IS 'A request to hand a whole case to another body; on acceptance the case changes owner with its history and records.';
COMMENT ON COLUMN case_transfers.id IS 'Transfer id.';
COMMENT ON COLUMN case_transfers.case_id IS 'The case handed over.';
COMMENT ON COLUMN case_transfers.from_org_id IS 'The owner body when the transfer was requested.';
COMMENT ON COLUMN case_transfers.to_org_id IS 'The body asked to take the case over.';
COMMENT ON COLUMN case_transfers.reason IS 'safety, change_of_location, specialised_programme or other.';
COMMENT ON COLUMN case_transfers.reason_enc IS 'Encrypted explanation of the request, shown to both bodies.';
COMMENT ON COLUMN case_transfers.consent_basis IS 'consent or guardian_consent (the case''s sharing consent for the receiving body), or override (permission and written reason).';
COMMENT ON COLUMN case_transfers.consent_id IS 'The sharing consent record relied on (unless override).';
COMMENT ON COLUMN case_transfers.override_reason_enc IS 'Encrypted reason for transferring without consent (set exactly when consent_basis is override).';
COMMENT ON COLUMN case_transfers.status IS 'requested, accepted, declined or withdrawn.';
COMMENT ON COLUMN case_transfers.requested_by IS 'Who asked (a user of the sending body).';
COMMENT ON COLUMN case_transfers.requested_at IS 'When.';
COMMENT ON COLUMN case_transfers.decided_by IS 'Who accepted or declined (a user of the receiving body), or withdrew (of the sending body).';
COMMENT ON COLUMN case_transfers.decided_at IS 'When it was decided; null while requested.';
COMMENT ON COLUMN case_transfers.decision_note_enc IS 'Encrypted note of the decision (required when declining).';
COMMENT ON COLUMN case_transfers.new_case_worker_id IS 'The receiving body''s case worker named on acceptance.';
CREATE UNIQUE INDEX case_transfers_open_idx ON case_transfers (case_id) WHERE status = 'requested';
CREATE INDEX case_transfers_to_idx ON case_transfers (to_org_id, status, requested_at);
CREATE INDEX case_transfers_from_idx ON case_transfers (from_org_id, status, requested_at);
