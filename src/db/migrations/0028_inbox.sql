-- Issue 4: the per-user inbox, transfers coordinated by the hotline, the closing of the hotline's
-- first-contact run, and no staff addresses in the mail outbox.

-- Transfers coordinated by the hotline: the hotline station, which knows where the network has
-- room, proposes to the body holding a case that another body take it over (for safety, to
-- another province or region). The hotline names the case by its code and sees only that code,
-- the two bodies and the status; the sending body confirms (which writes the ordinary transfer
-- request, case_transfers, linked here) or refuses; the receiving body then answers the transfer
-- as any other.
CREATE TABLE transfer_coordinations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hotline_org_id uuid NOT NULL REFERENCES organisations (id),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  from_org_id uuid NOT NULL REFERENCES organisations (id),
  to_org_id uuid NOT NULL REFERENCES organisations (id),
  reason text NOT NULL CHECK (reason IN ('safety', 'change_of_location', 'specialised_programme', 'other')),
  message_enc text,
  status text NOT NULL CHECK (status IN ('proposed', 'refused', 'withdrawn', 'confirmed')),
  transfer_id uuid UNIQUE REFERENCES case_transfers (id),
  refusal_reason text CHECK (refusal_reason IN ('no_consent', 'person_unavailable', 'handled_locally', 'other')),
  proposed_by uuid NOT NULL REFERENCES users (id),
  proposed_at timestamptz NOT NULL,
  answered_by uuid REFERENCES users (id),
  answered_at timestamptz,
  CHECK (from_org_id <> to_org_id),
  CHECK ((status = 'confirmed') = (transfer_id IS NOT NULL)),
  CHECK ((status = 'proposed') = (answered_at IS NULL)),
  CHECK ((status = 'refused') = (refusal_reason IS NOT NULL))
);
COMMENT ON TABLE transfer_coordinations IS 'A transfer of a case to another body proposed by the hotline to the body holding it; confirmed (an ordinary case transfer request is written and linked), refused, or withdrawn by the hotline.';
COMMENT ON COLUMN transfer_coordinations.id IS 'Coordination id.';
COMMENT ON COLUMN transfer_coordinations.hotline_org_id IS 'The hotline station coordinating.';
COMMENT ON COLUMN transfer_coordinations.case_id IS 'The case to move (the hotline sees only its code).';
COMMENT ON COLUMN transfer_coordinations.from_org_id IS 'The body holding the case when proposed: it confirms or refuses.';
COMMENT ON COLUMN transfer_coordinations.to_org_id IS 'The body proposed to take the case over.';
COMMENT ON COLUMN transfer_coordinations.reason IS 'safety, change_of_location, specialised_programme or other (as case_transfers.reason).';
COMMENT ON COLUMN transfer_coordinations.message_enc IS 'Encrypted note of the hotline to the sending body (availability, timing); shown to the hotline and the sending body.';
COMMENT ON COLUMN transfer_coordinations.status IS 'proposed (waiting for the sending body), refused, withdrawn (by the hotline) or confirmed (the transfer request exists; its own status follows).';
COMMENT ON COLUMN transfer_coordinations.transfer_id IS 'The case transfer request written on confirmation.';
COMMENT ON COLUMN transfer_coordinations.refusal_reason IS 'Why the sending body refused, as a code (no free text reaches the hotline): no_consent, person_unavailable, handled_locally, other.';
COMMENT ON COLUMN transfer_coordinations.proposed_by IS 'The hotline operator who proposed.';
COMMENT ON COLUMN transfer_coordinations.proposed_at IS 'When.';
COMMENT ON COLUMN transfer_coordinations.answered_by IS 'Who confirmed or refused (sending body), or withdrew (hotline).';
COMMENT ON COLUMN transfer_coordinations.answered_at IS 'When; null while proposed.';
CREATE UNIQUE INDEX transfer_coordinations_open_idx ON transfer_coordinations (case_id) WHERE status = 'proposed';
CREATE INDEX transfer_coordinations_hotline_idx ON transfer_coordinations (hotline_org_id, proposed_at);
CREATE INDEX transfer_coordinations_from_idx ON transfer_coordinations (from_org_id, proposed_at) WHERE status = 'proposed';
GRANT SELECT, INSERT, UPDATE ON transfer_coordinations TO ponte_app;

-- Why a run ended without reaching an end step (e.g. the hotline's referral was declined).
ALTER TABLE procedure_runs ADD COLUMN closed_outcome text CHECK (closed_outcome ~ '^[a-z][a-z0-9_]{1,62}$');
COMMENT ON COLUMN procedure_runs.closed_outcome IS 'When cancelled: the recorded outcome, e.g. referral_declined, referral_revoked, referral_expired.';

-- The inbox counts, one indexed query per kind.
CREATE INDEX procedure_run_steps_acting_open_idx ON procedure_run_steps (acting_org_id, due_at) WHERE completed_at IS NULL;
CREATE INDEX case_approval_requests_open_idx ON case_approval_requests (case_id, requested_by) WHERE status = 'pending';

-- The outbox keeps an error class and code, never the SMTP server's text (it may name the
-- recipient's address): earlier texts are replaced.
UPDATE mail_outbox SET last_error = 'delivery failed' WHERE last_error LIKE '%@%';
COMMENT ON COLUMN mail_outbox.last_error IS 'Why the last attempt failed, as a class and codes only (e.g. smtp 451 4.2.1 EENVELOPE RCPT TO; never the server''s text, which may name the address), or why the mail was dropped.';
