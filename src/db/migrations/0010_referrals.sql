-- Referrals between bodies of the network and to external agencies (domain.md §3, §6): who sends
-- what to whom, on which consent basis, which fields the receiver may see while the referral is
-- open, its status and deadlines, and its timeline of status changes and messages.

CREATE TABLE referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^R-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$'),
  source text NOT NULL CHECK (source IN ('case', 'hotline', 'agency')),
  from_org_id uuid NOT NULL REFERENCES organisations (id),
  from_user_id uuid NOT NULL REFERENCES users (id),
  to_org_id uuid NOT NULL REFERENCES organisations (id),
  case_id uuid REFERENCES cases (id),
  person_id uuid REFERENCES persons (id),
  hotline_call_id uuid,
  reason text NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent', 'emergency')),
  requested_service text,
  message_enc text,
  subject_enc text,
  share_fields text[] NOT NULL DEFAULT '{}',
  share_document_ids uuid[] NOT NULL DEFAULT '{}',
  consent_basis text NOT NULL CHECK (consent_basis IN ('consent', 'guardian_consent', 'override', 'caller_request', 'no_personal_data')),
  consent_id uuid REFERENCES case_consents (id),
  override_reason_enc text,
  status text NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'in_progress', 'completed', 'revoked', 'expired')),
  decline_reason_enc text,
  outcome text CHECK (outcome IN ('service_provided', 'taken_in_charge', 'report_sent', 'partially_provided', 'not_provided', 'person_not_reached')),
  feedback_enc text,
  receiver_user_id uuid REFERENCES users (id),
  receiver_case_id uuid REFERENCES cases (id),
  procedure_run_id uuid,
  answer_due_at timestamptz NOT NULL,
  warned_at timestamptz,
  sent_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (from_org_id <> to_org_id),
  CHECK ((source = 'case') = (case_id IS NOT NULL)),
  CHECK (source <> 'hotline' OR hotline_call_id IS NOT NULL),
  CHECK ((consent_basis = 'override') = (override_reason_enc IS NOT NULL)),
  -- A case's consent record is named; an agency or the hotline declares the consent it obtained itself.
  CHECK (source <> 'case' OR consent_basis NOT IN ('consent', 'guardian_consent') OR consent_id IS NOT NULL),
  CHECK ((status = 'completed') = (outcome IS NOT NULL)),
  CHECK ((status IN ('sent', 'accepted', 'in_progress')) = (closed_at IS NULL))
);
COMMENT ON TABLE referrals IS 'A referral: a body (or the hotline, or an external agency) asks another body of the network or an external agency to act for a person, sharing exactly the listed fields while the referral is open.';
COMMENT ON COLUMN referrals.id IS 'Referral id.';
COMMENT ON COLUMN referrals.code IS 'Referral number shown to users, e.g. R-2026-7K3M9Q (year sent + random Crockford base32).';
COMMENT ON COLUMN referrals.source IS 'case (from a case of the sender), hotline (from a hotline call, routed) or agency (an external agency flags someone it holds no case for, e.g. the asylum commission).';
COMMENT ON COLUMN referrals.from_org_id IS 'Sending organisation.';
COMMENT ON COLUMN referrals.from_user_id IS 'Who sent it.';
COMMENT ON COLUMN referrals.to_org_id IS 'Receiving organisation (a body of the network or an external agency).';
COMMENT ON COLUMN referrals.case_id IS 'The sender''s case the referral is made from (exactly when source is case).';
COMMENT ON COLUMN referrals.person_id IS 'The person concerned, when registered.';
COMMENT ON COLUMN referrals.hotline_call_id IS 'The hotline call the referral routes (when source is hotline).';
COMMENT ON COLUMN referrals.reason IS 'Reason key (src/domain/referrals/reasons.ts: HTCDS reasons plus the Italian ones).';
COMMENT ON COLUMN referrals.urgency IS 'routine, urgent or emergency.';
COMMENT ON COLUMN referrals.requested_service IS 'Service code asked for (src/domain/services.ts), if any.';
COMMENT ON COLUMN referrals.message_enc IS 'Encrypted message of the sender to the receiver.';
COMMENT ON COLUMN referrals.subject_enc IS 'Encrypted JSON describing the person when the sender holds no case for them (hotline caller, applicant flagged by a commission): only what the sender chose to pass on.';
COMMENT ON COLUMN referrals.share_fields IS 'Share set: keys of src/domain/referrals/share-set.ts the receiver may see while the referral is open.';
COMMENT ON COLUMN referrals.share_document_ids IS 'Share set: ids of case documents the receiver may open while the referral is open.';
COMMENT ON COLUMN referrals.consent_basis IS 'consent, guardian_consent, override (no consent: permission and reason), caller_request (hotline) or no_personal_data.';
COMMENT ON COLUMN referrals.consent_id IS 'The case''s sharing consent record relied on (required for consent and guardian_consent when source is case; an agency declares in subject_enc how it obtained consent).';
COMMENT ON COLUMN referrals.override_reason_enc IS 'Encrypted reason for sharing without consent (set exactly when consent_basis is override).';
COMMENT ON COLUMN referrals.status IS 'sent, accepted, declined, in_progress, completed, revoked or expired (src/domain/referrals/status.ts).';
COMMENT ON COLUMN referrals.decline_reason_enc IS 'Encrypted reason given when declined or revoked.';
COMMENT ON COLUMN referrals.outcome IS 'Outcome code returned to the sender on completion.';
COMMENT ON COLUMN referrals.feedback_enc IS 'Encrypted feedback to the sender on completion.';
COMMENT ON COLUMN referrals.receiver_user_id IS 'The receiver''s user in charge of the referral, once assigned.';
COMMENT ON COLUMN referrals.receiver_case_id IS 'The case the receiver opened for the person on taking them in charge, if any.';
COMMENT ON COLUMN referrals.procedure_run_id IS 'The run of a standard operating procedure the referral follows, if any.';
COMMENT ON COLUMN referrals.answer_due_at IS 'Deadline for the receiver to accept or decline; passed with status sent, the referral expires.';
COMMENT ON COLUMN referrals.warned_at IS 'When the receiver was warned that the answer deadline is near.';
COMMENT ON COLUMN referrals.sent_at IS 'When it was sent.';
COMMENT ON COLUMN referrals.answered_at IS 'When the receiver accepted or declined.';
COMMENT ON COLUMN referrals.closed_at IS 'When it closed (declined, completed, revoked, expired); null while open.';
COMMENT ON COLUMN referrals.updated_at IS 'Last change.';
COMMENT ON COLUMN referrals.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX referrals_to_idx ON referrals (to_org_id, status, sent_at);
CREATE INDEX referrals_from_idx ON referrals (from_org_id, status, sent_at);
CREATE INDEX referrals_case_idx ON referrals (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX referrals_person_idx ON referrals (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX referrals_due_idx ON referrals (answer_due_at) WHERE status = 'sent';

CREATE TABLE referral_events (
  id bigserial PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('status', 'message', 'access_ended')),
  from_status text,
  to_status text,
  note_enc text,
  org_id uuid REFERENCES organisations (id),
  user_id uuid REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'status' OR to_status IS NOT NULL),
  CHECK (kind <> 'message' OR note_enc IS NOT NULL)
);
COMMENT ON TABLE referral_events IS 'Timeline of a referral: every status change (the sending is the first, from_status null), messages between the two sides, and the end of the receiver''s access.';
COMMENT ON COLUMN referral_events.id IS 'Sequence number.';
COMMENT ON COLUMN referral_events.referral_id IS 'The referral.';
COMMENT ON COLUMN referral_events.kind IS 'status, message or access_ended.';
COMMENT ON COLUMN referral_events.from_status IS 'Status before (status events).';
COMMENT ON COLUMN referral_events.to_status IS 'Status after (status events).';
COMMENT ON COLUMN referral_events.note_enc IS 'Encrypted text: the message, or the reason of a status change.';
COMMENT ON COLUMN referral_events.org_id IS 'Side that acted (null for Ponte itself, e.g. expiry).';
COMMENT ON COLUMN referral_events.user_id IS 'Who acted (null for Ponte itself).';
COMMENT ON COLUMN referral_events.at IS 'When.';
CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, id);
