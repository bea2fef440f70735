-- Accommodation (domain.md §3): facilities held by implementing bodies (escape houses, first
-- assistance shelters, residential communities, semi-autonomy flats, guided cohabitation), their
-- beds, placements of persons in beds, and each body's waiting list. The address of a facility is
-- confidential: encrypted, shown only to the owner organisation and the lead body's coordinator.
-- A bed cannot be double-booked: an exclusion constraint refuses overlapping placements.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE facilities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  facility_type text NOT NULL CHECK (facility_type IN ('escape_house', 'first_assistance_shelter', 'residential_community', 'semi_autonomy_flat', 'guided_cohabitation')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  address_enc text,
  province text NOT NULL CHECK (province ~ '^[0-9]{3}$'),
  municipality text CHECK (municipality ~ '^[0-9]{6}$' AND left(municipality, 3) = province),
  target_groups text[] NOT NULL DEFAULT '{}'
    CHECK (target_groups <@ ARRAY['women', 'men', 'mothers_with_children', 'minors', 'transgender']::text[]),
  is_active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (org_id, name)
);
COMMENT ON TABLE facilities IS 'A facility where persons are accommodated, held by an organisation of the network.';
COMMENT ON COLUMN facilities.id IS 'Facility id.';
COMMENT ON COLUMN facilities.org_id IS 'Owner organisation (the body running the facility).';
COMMENT ON COLUMN facilities.facility_type IS 'escape_house, first_assistance_shelter, residential_community, semi_autonomy_flat or guided_cohabitation.';
COMMENT ON COLUMN facilities.name IS 'Neutral name or alias shown to the network (never the address or anything that locates it).';
COMMENT ON COLUMN facilities.address_enc IS 'Encrypted confidential address: shown only to the owner organisation and the lead body''s coordinator (accommodation.address).';
COMMENT ON COLUMN facilities.province IS 'ISTAT province code (3 digits) where the facility is.';
COMMENT ON COLUMN facilities.municipality IS 'ISTAT municipality code (6 digits, starting with the province code), if given.';
COMMENT ON COLUMN facilities.target_groups IS 'Who the facility takes in: women, men, mothers_with_children, minors, transgender.';
COMMENT ON COLUMN facilities.is_active IS 'False when the facility no longer takes placements; its history is kept.';
COMMENT ON COLUMN facilities.created_by IS 'Who registered the facility.';
COMMENT ON COLUMN facilities.created_at IS 'When the row was created.';
COMMENT ON COLUMN facilities.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN facilities.version IS 'Incremented on every change.';

CREATE TABLE facility_beds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
  kind text NOT NULL CHECK (kind IN ('single', 'double', 'bunk', 'cot')),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (facility_id, label)
);
COMMENT ON TABLE facility_beds IS 'A bed of a facility: the unit of capacity and of placement.';
COMMENT ON COLUMN facility_beds.id IS 'Bed id.';
COMMENT ON COLUMN facility_beds.facility_id IS 'The facility.';
COMMENT ON COLUMN facility_beds.label IS 'Label within the facility, e.g. "Camera 2 – letto A".';
COMMENT ON COLUMN facility_beds.kind IS 'single, double (a bed for an adult and a small child), bunk or cot (for a baby).';
COMMENT ON COLUMN facility_beds.is_active IS 'False when the bed is out of use (not counted as available); its history is kept.';
COMMENT ON COLUMN facility_beds.created_at IS 'When the row was created.';
COMMENT ON COLUMN facility_beds.updated_at IS 'When the row was last changed.';

CREATE TABLE placements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bed_id uuid NOT NULL REFERENCES facility_beds (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  case_id uuid REFERENCES cases (id),
  starts_on date NOT NULL,
  ends_on date,
  leaving_reason text CHECK (leaving_reason IN ('programme_completed', 'moved_to_another_facility', 'left_voluntarily', 'removed_for_safety', 'rules_breached', 'other')),
  note_enc text,
  placed_by uuid REFERENCES users (id),
  ended_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on > starts_on),
  CHECK ((ends_on IS NULL) = (leaving_reason IS NULL)),
  CONSTRAINT placements_no_double_booking EXCLUDE USING gist (bed_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&),
  CONSTRAINT placements_one_bed_per_person EXCLUDE USING gist (person_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&)
);
COMMENT ON TABLE placements IS 'A person placed in a bed from starts_on (first night) to ends_on (day of leaving, exclusive); two placements of one bed, or of one person, never overlap (exclusion constraints).';
COMMENT ON COLUMN placements.id IS 'Placement id.';
COMMENT ON COLUMN placements.bed_id IS 'The bed.';
COMMENT ON COLUMN placements.person_id IS 'The person placed.';
COMMENT ON COLUMN placements.case_id IS 'The case of the facility''s owner organisation the placement belongs to, if any.';
COMMENT ON COLUMN placements.starts_on IS 'Day of arrival: the first night.';
COMMENT ON COLUMN placements.ends_on IS 'Day of leaving (not a night spent); null while the person is placed.';
COMMENT ON COLUMN placements.leaving_reason IS 'Why the placement ended: programme_completed, moved_to_another_facility, left_voluntarily, removed_for_safety, rules_breached or other (set exactly when ended).';
COMMENT ON COLUMN placements.note_enc IS 'Encrypted note on the placement or on its end.';
COMMENT ON COLUMN placements.placed_by IS 'Who recorded the placement.';
COMMENT ON COLUMN placements.ended_by IS 'Who recorded its end.';
COMMENT ON COLUMN placements.created_at IS 'When the row was created.';
COMMENT ON COLUMN placements.updated_at IS 'When the row was last changed.';

CREATE INDEX placements_person_idx ON placements (person_id);
CREATE INDEX placements_case_idx ON placements (case_id);

CREATE TABLE accommodation_waitlist (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  facility_id uuid REFERENCES facilities (id),
  facility_type text CHECK (facility_type IN ('escape_house', 'first_assistance_shelter', 'residential_community', 'semi_autonomy_flat', 'guided_cohabitation')),
  person_id uuid NOT NULL REFERENCES persons (id),
  case_id uuid REFERENCES cases (id),
  priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 3),
  requested_on date NOT NULL,
  needs text[] NOT NULL DEFAULT '{}'
    CHECK (needs <@ ARRAY['with_children', 'pregnancy', 'minor', 'disability', 'health_care', 'transgender', 'high_risk']::text[]),
  note_enc text,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'placed', 'withdrawn')),
  placement_id uuid REFERENCES placements (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (facility_id IS NOT NULL OR facility_type IS NOT NULL),
  CHECK ((status = 'placed') = (placement_id IS NOT NULL))
);
COMMENT ON TABLE accommodation_waitlist IS 'Waiting list of an organisation: persons waiting for a bed in one of its facilities or of a type.';
COMMENT ON COLUMN accommodation_waitlist.id IS 'Entry id.';
COMMENT ON COLUMN accommodation_waitlist.org_id IS 'The organisation whose list it is (the facilities'' owner).';
COMMENT ON COLUMN accommodation_waitlist.facility_id IS 'The facility wanted, if a specific one.';
COMMENT ON COLUMN accommodation_waitlist.facility_type IS 'The type of facility wanted (when no specific facility is named, or as well).';
COMMENT ON COLUMN accommodation_waitlist.person_id IS 'The person waiting.';
COMMENT ON COLUMN accommodation_waitlist.case_id IS 'The case of the organisation the request belongs to, if any.';
COMMENT ON COLUMN accommodation_waitlist.priority IS '1 (most urgent) to 3.';
COMMENT ON COLUMN accommodation_waitlist.requested_on IS 'Day the request was made.';
COMMENT ON COLUMN accommodation_waitlist.needs IS 'Needs the bed must meet: with_children, pregnancy, minor, disability, health_care, transgender, high_risk.';
COMMENT ON COLUMN accommodation_waitlist.note_enc IS 'Encrypted note on the request.';
COMMENT ON COLUMN accommodation_waitlist.status IS 'waiting, placed (placement_id set) or withdrawn.';
COMMENT ON COLUMN accommodation_waitlist.placement_id IS 'The placement that met the request.';
COMMENT ON COLUMN accommodation_waitlist.created_by IS 'Who added the entry.';
COMMENT ON COLUMN accommodation_waitlist.created_at IS 'When the row was created.';
COMMENT ON COLUMN accommodation_waitlist.updated_at IS 'When the row was last changed.';

CREATE UNIQUE INDEX accommodation_waitlist_one_waiting ON accommodation_waitlist (org_id, person_id) WHERE status = 'waiting';
