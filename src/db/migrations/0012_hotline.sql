-- The national anti-trafficking hotline (Numero Verde 800 290 290, 24/7, free, anonymous,
-- multilingual; seed 002): its call log and the on-duty roster of the bodies that answer routed
-- reports out of hours or in shared provinces. A routed call becomes a referral (source hotline)
-- to the body competent for the province, written in the same transaction as the call.
-- Caller details and the operator's summary are encrypted (FieldCipher, bound to table.column#id).

CREATE TABLE hotline_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^H-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$'),
  hotline_org_id uuid NOT NULL REFERENCES organisations (id),
  operator_user_id uuid NOT NULL REFERENCES users (id),
  received_at timestamptz NOT NULL,
  duration_seconds integer CHECK (duration_seconds BETWEEN 0 AND 86400),
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
  caller_type text NOT NULL CHECK (caller_type IN ('potential_victim', 'relative_or_friend', 'citizen', 'law_enforcement', 'service_or_ngo', 'other')),
  province text NOT NULL CHECK (province ~ '^[0-9]{3}$' OR province IN ('unknown', 'abroad')),
  municipality text CHECK (municipality IS NULL OR (municipality ~ '^[0-9]{6}$' AND province ~ '^[0-9]{3}$' AND left(municipality, 3) = province)),
  exploitation_types text[] NOT NULL DEFAULT '{}',
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent', 'emergency')),
  anonymous boolean NOT NULL,
  caller_enc text,
  summary_enc text,
  outcome text NOT NULL CHECK (outcome IN ('information_given', 'routed', 'emergency_112', 'no_further_action', 'silent_or_hoax')),
  proposed_org_id uuid REFERENCES organisations (id),
  routed_org_id uuid REFERENCES organisations (id),
  routing_rule text CHECK (routing_rule IN ('roster', 'province', 'fallback', 'override')),
  routing_override_reason_enc text,
  referral_id uuid UNIQUE REFERENCES referrals (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (NOT anonymous OR caller_enc IS NULL),
  CHECK (anonymous OR caller_enc IS NOT NULL),
  CHECK ((outcome = 'routed') = (routed_org_id IS NOT NULL)),
  CHECK ((outcome = 'routed') = (routing_rule IS NOT NULL)),
  CHECK ((outcome = 'routed') = (referral_id IS NOT NULL)),
  CHECK ((routing_rule = 'override') = (routing_override_reason_enc IS NOT NULL)),
  CHECK (routed_org_id IS NULL OR routed_org_id <> hotline_org_id)
);
COMMENT ON TABLE hotline_calls IS 'A call to the anti-trafficking hotline, logged by the operator who answered it; a routed call carries the referral it became.';
COMMENT ON COLUMN hotline_calls.id IS 'Call id.';
COMMENT ON COLUMN hotline_calls.code IS 'Call number shown to users, e.g. H-2026-7K3M9Q (year received + random Crockford base32).';
COMMENT ON COLUMN hotline_calls.hotline_org_id IS 'The hotline organisation (station) that answered the call; only its users holding hotline.write see the call in full.';
COMMENT ON COLUMN hotline_calls.operator_user_id IS 'The operator who answered and logged the call.';
COMMENT ON COLUMN hotline_calls.received_at IS 'When the call was received.';
COMMENT ON COLUMN hotline_calls.duration_seconds IS 'Length of the call in seconds, when known (0 to 86400).';
COMMENT ON COLUMN hotline_calls.language IS 'Language of the call (ISO 639-1, or 639-2/3 where there is no two-letter code).';
COMMENT ON COLUMN hotline_calls.caller_type IS 'Who called: potential_victim, relative_or_friend, citizen, law_enforcement, service_or_ngo or other.';
COMMENT ON COLUMN hotline_calls.province IS 'Province the report concerns: ISTAT province code, or unknown, or abroad.';
COMMENT ON COLUMN hotline_calls.municipality IS 'ISTAT municipality code (6 digits, within the province), when given.';
COMMENT ON COLUMN hotline_calls.exploitation_types IS 'Types of exploitation reported (HTCDS vic_TypeOfExploitation values).';
COMMENT ON COLUMN hotline_calls.urgency IS 'routine, urgent or emergency (as for referrals).';
COMMENT ON COLUMN hotline_calls.anonymous IS 'True when the caller gave no contact details (then caller_enc is null).';
COMMENT ON COLUMN hotline_calls.caller_enc IS 'Encrypted JSON of the caller''s details (name, phone, best time to call, whether they agreed to be contacted); only for non-anonymous calls.';
COMMENT ON COLUMN hotline_calls.summary_enc IS 'Encrypted free-text summary of the call written by the operator.';
COMMENT ON COLUMN hotline_calls.outcome IS 'information_given, routed (to a body, see referral_id), emergency_112 (passed to the police), no_further_action or silent_or_hoax.';
COMMENT ON COLUMN hotline_calls.proposed_org_id IS 'The body the routing rules proposed when the call was routed (may differ from routed_org_id when the operator overrode it).';
COMMENT ON COLUMN hotline_calls.routed_org_id IS 'The body the report was routed to (set exactly when outcome is routed).';
COMMENT ON COLUMN hotline_calls.routing_rule IS 'Why that body: roster (on duty), province (competent implementing body), fallback (lead body) or override (the operator chose another body, with a reason).';
COMMENT ON COLUMN hotline_calls.routing_override_reason_enc IS 'Encrypted reason the operator gave for overriding the proposed body (set exactly when routing_rule is override).';
COMMENT ON COLUMN hotline_calls.referral_id IS 'The referral (source hotline) that carries the report to the routed body.';
COMMENT ON COLUMN hotline_calls.created_at IS 'When the call was logged.';
COMMENT ON COLUMN hotline_calls.updated_at IS 'Last change.';
COMMENT ON COLUMN hotline_calls.version IS 'Incremented on every change (optimistic concurrency).';
CREATE INDEX hotline_calls_org_idx ON hotline_calls (hotline_org_id, received_at);
CREATE INDEX hotline_calls_routed_idx ON hotline_calls (routed_org_id, received_at) WHERE routed_org_id IS NOT NULL;

-- Deferred: a call and its referral point at each other and are written in one transaction.
ALTER TABLE referrals ADD CONSTRAINT referrals_hotline_call_fk FOREIGN KEY (hotline_call_id) REFERENCES hotline_calls (id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX referrals_hotline_call_idx ON referrals (hotline_call_id) WHERE hotline_call_id IS NOT NULL;

CREATE TABLE hotline_roster (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hotline_org_id uuid NOT NULL REFERENCES organisations (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  all_provinces boolean NOT NULL DEFAULT false,
  provinces text[] NOT NULL DEFAULT '{}',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  note text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (all_provinces = (cardinality(provinces) = 0))
);
COMMENT ON TABLE hotline_roster IS 'On-duty shifts: which body receives the reports routed by a hotline station for some provinces (or all) between two instants, e.g. out of hours or where several bodies share a province.';
COMMENT ON COLUMN hotline_roster.id IS 'Shift id.';
COMMENT ON COLUMN hotline_roster.hotline_org_id IS 'The hotline organisation whose roster this is.';
COMMENT ON COLUMN hotline_roster.org_id IS 'The body on duty.';
COMMENT ON COLUMN hotline_roster.all_provinces IS 'True when the shift covers every province (and reports of unknown province or from abroad).';
COMMENT ON COLUMN hotline_roster.provinces IS 'ISTAT province codes covered (empty exactly when all_provinces).';
COMMENT ON COLUMN hotline_roster.starts_at IS 'Start of the shift.';
COMMENT ON COLUMN hotline_roster.ends_at IS 'End of the shift (exclusive).';
COMMENT ON COLUMN hotline_roster.note IS 'Organisational note (e.g. reachable number of the duty desk); never about a person.';
COMMENT ON COLUMN hotline_roster.created_by IS 'Who entered the shift.';
COMMENT ON COLUMN hotline_roster.created_at IS 'When the shift was entered.';
CREATE INDEX hotline_roster_time_idx ON hotline_roster (hotline_org_id, starts_at, ends_at);
