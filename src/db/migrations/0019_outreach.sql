-- Outreach (issue 5): outings of street, indoor, drop-in and desk units with their counted
-- contacts, individual contacts known by a nickname, named zones, desks and desk sessions, and the
-- devices of the offline field app with the batches they synced (docs/outreach-sync.md). Value
-- lists and limits are data in src/domain/outreach; the checks here repeat the hard limits.

CREATE TABLE outreach_zones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  province_code text NOT NULL CHECK (province_code ~ '^[0-9]{3}$'),
  municipality text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE outreach_zones IS 'Named places within a municipality where an organisation''s outreach units work (a street, a square, a station area). Not personal data.';
COMMENT ON COLUMN outreach_zones.id IS 'Zone id.';
COMMENT ON COLUMN outreach_zones.org_id IS 'The organisation that named the zone.';
COMMENT ON COLUMN outreach_zones.name IS 'Name of the zone.';
COMMENT ON COLUMN outreach_zones.province_code IS 'ISTAT province code.';
COMMENT ON COLUMN outreach_zones.municipality IS 'Municipality name within the province (no municipality list in Ponte).';
COMMENT ON COLUMN outreach_zones.created_by IS 'Who created it.';
COMMENT ON COLUMN outreach_zones.created_at IS 'When it was created.';
COMMENT ON COLUMN outreach_zones.updated_at IS 'Last change.';
COMMENT ON COLUMN outreach_zones.version IS 'Incremented on every change (optimistic concurrency).';
CREATE UNIQUE INDEX outreach_zones_name_idx ON outreach_zones (org_id, province_code, lower(municipality), lower(name));

CREATE TABLE outreach_outings (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id),
  unit_kind text NOT NULL CHECK (unit_kind IN ('street', 'indoor', 'drop_in', 'desk_shift')),
  unit_name text NOT NULL,
  team_user_ids uuid[] NOT NULL DEFAULT '{}',
  outing_date date NOT NULL,
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  province_code text NOT NULL CHECK (province_code ~ '^[0-9]{3}$'),
  municipality text NOT NULL,
  total_contacts integer NOT NULL CHECK (total_contacts BETWEEN 0 AND 500),
  by_sex jsonb NOT NULL,
  by_age jsonb NOT NULL,
  by_nationality jsonb NOT NULL,
  by_history jsonb NOT NULL,
  offered jsonb NOT NULL,
  accompaniments jsonb NOT NULL,
  notes_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE outreach_outings IS 'An outing of an outreach unit (street, indoor, drop-in, desk shift): team, date and times, place, and the contacts made as counts. The id may be chosen by the field app (UUID v4) so that a retried sync keeps it.';
COMMENT ON COLUMN outreach_outings.id IS 'Outing id (chosen by the device when recorded offline).';
COMMENT ON COLUMN outreach_outings.org_id IS 'The organisation running the unit.';
COMMENT ON COLUMN outreach_outings.unit_kind IS 'street, indoor, drop_in or desk_shift.';
COMMENT ON COLUMN outreach_outings.unit_name IS 'Name of the unit as the organisation calls it.';
COMMENT ON COLUMN outreach_outings.team_user_ids IS 'Users of the organisation on the team.';
COMMENT ON COLUMN outreach_outings.outing_date IS 'Date the outing started.';
COMMENT ON COLUMN outreach_outings.start_time IS 'Start time HH:MM (Europe/Rome).';
COMMENT ON COLUMN outreach_outings.end_time IS 'End time HH:MM; earlier than the start when the outing went past midnight.';
COMMENT ON COLUMN outreach_outings.province_code IS 'ISTAT province code of the place.';
COMMENT ON COLUMN outreach_outings.municipality IS 'Municipality name within the province.';
COMMENT ON COLUMN outreach_outings.total_contacts IS 'People contacted (0 to 500).';
COMMENT ON COLUMN outreach_outings.by_sex IS 'Contacts by sex/gender: {female, male, transgender, other_unknown}, adding up to the total.';
COMMENT ON COLUMN outreach_outings.by_age IS 'Contacts by apparent age band: {under_18, 18_24, 25_34, 35_44, 45_plus, unknown}, adding up to the total.';
COMMENT ON COLUMN outreach_outings.by_nationality IS 'Contacts by apparent nationality group (src/domain/outreach/lists.ts), adding up to the total.';
COMMENT ON COLUMN outreach_outings.by_history IS 'Contacts met for the first time or already known: {first_time, known}, adding up to the total.';
COMMENT ON COLUMN outreach_outings.offered IS 'Quantities offered: {materials, health_info, condoms, legal_orientation, other}.';
COMMENT ON COLUMN outreach_outings.accompaniments IS 'Accompaniments: {health_services, desk}, each at most the total.';
COMMENT ON COLUMN outreach_outings.notes_enc IS 'Encrypted notes.';
COMMENT ON COLUMN outreach_outings.created_by IS 'Who recorded it.';
COMMENT ON COLUMN outreach_outings.created_at IS 'When it reached the server.';
COMMENT ON COLUMN outreach_outings.updated_by IS 'Who changed it last.';
COMMENT ON COLUMN outreach_outings.updated_at IS 'Last change on the server (what the field app downloads since).';
COMMENT ON COLUMN outreach_outings.version IS '1 on creation, +1 on each change (sync and optimistic concurrency).';
CREATE INDEX outreach_outings_org_date_idx ON outreach_outings (org_id, outing_date DESC);
CREATE INDEX outreach_outings_org_updated_idx ON outreach_outings (org_id, updated_at);

CREATE TABLE outreach_outing_zones (
  outing_id uuid NOT NULL REFERENCES outreach_outings (id) ON DELETE CASCADE,
  zone_id uuid NOT NULL REFERENCES outreach_zones (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  outing_date date NOT NULL,
  contacts integer NOT NULL CHECK (contacts BETWEEN 0 AND 500),
  PRIMARY KEY (outing_id, zone_id)
);
COMMENT ON TABLE outreach_outing_zones IS 'The zones an outing went through and the contacts made in each (adding up to the outing''s total). Organisation and date are repeated from the outing for the contacts-by-zone-and-month view.';
COMMENT ON COLUMN outreach_outing_zones.outing_id IS 'The outing.';
COMMENT ON COLUMN outreach_outing_zones.zone_id IS 'The zone.';
COMMENT ON COLUMN outreach_outing_zones.org_id IS 'The outing''s organisation (copy).';
COMMENT ON COLUMN outreach_outing_zones.outing_date IS 'The outing''s date (copy).';
COMMENT ON COLUMN outreach_outing_zones.contacts IS 'Contacts made in the zone.';
CREATE INDEX outreach_outing_zones_report_idx ON outreach_outing_zones (org_id, outing_date, zone_id) INCLUDE (contacts);

CREATE TABLE outreach_contacts (
  id uuid PRIMARY KEY,
  outing_id uuid NOT NULL REFERENCES outreach_outings (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  nickname_enc text,
  traits_enc text,
  sex_gender text NOT NULL CHECK (sex_gender IN ('female', 'male', 'transgender', 'other_unknown')),
  age_band text NOT NULL CHECK (age_band IN ('under_18', '18_24', '25_34', '35_44', '45_plus', 'unknown')),
  nationality_group text NOT NULL CHECK (nationality_group IN ('nigeria', 'romania', 'albania', 'china', 'other_africa', 'other_europe', 'latin_america', 'other_unknown')),
  history text NOT NULL CHECK (history IN ('first_time', 'known')),
  possible_victim boolean NOT NULL DEFAULT false,
  consent_follow_up boolean NOT NULL DEFAULT false,
  person_id uuid REFERENCES persons (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (possible_victim OR NOT consent_follow_up),
  CHECK (person_id IS NULL OR consent_follow_up)
);
COMMENT ON TABLE outreach_contacts IS 'An individual contact of an outing, usually anonymous: a nickname and traits (encrypted), apparent sex/gender, age band and nationality group, and whether the person may be a victim and agreed to follow-up (then possibly linked to a person).';
COMMENT ON COLUMN outreach_contacts.id IS 'Contact id (chosen by the device when recorded offline).';
COMMENT ON COLUMN outreach_contacts.outing_id IS 'The outing.';
COMMENT ON COLUMN outreach_contacts.org_id IS 'The outing''s organisation (copy).';
COMMENT ON COLUMN outreach_contacts.nickname_enc IS 'Encrypted nickname.';
COMMENT ON COLUMN outreach_contacts.traits_enc IS 'Encrypted traits (free text to recognise the person again).';
COMMENT ON COLUMN outreach_contacts.sex_gender IS 'female, male, transgender or other_unknown.';
COMMENT ON COLUMN outreach_contacts.age_band IS 'Apparent age band.';
COMMENT ON COLUMN outreach_contacts.nationality_group IS 'Apparent nationality group.';
COMMENT ON COLUMN outreach_contacts.history IS 'first_time or known.';
COMMENT ON COLUMN outreach_contacts.possible_victim IS 'The worker flagged a possible victim.';
COMMENT ON COLUMN outreach_contacts.consent_follow_up IS 'The person agreed to follow-up (only with the flag).';
COMMENT ON COLUMN outreach_contacts.person_id IS 'The person record the contact was linked to by code (only with consent).';
COMMENT ON COLUMN outreach_contacts.created_by IS 'Who recorded it.';
COMMENT ON COLUMN outreach_contacts.created_at IS 'When it reached the server.';
COMMENT ON COLUMN outreach_contacts.updated_by IS 'Who changed it last.';
COMMENT ON COLUMN outreach_contacts.updated_at IS 'Last change on the server.';
COMMENT ON COLUMN outreach_contacts.version IS '1 on creation, +1 on each change.';
CREATE INDEX outreach_contacts_outing_idx ON outreach_contacts (outing_id);
CREATE INDEX outreach_contacts_org_updated_idx ON outreach_contacts (org_id, updated_at);
CREATE INDEX outreach_contacts_person_idx ON outreach_contacts (person_id) WHERE person_id IS NOT NULL;

CREATE TABLE outreach_desks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('asylum_commission', 'civil_court', 'womens_prison', 'juvenile_justice_centre', 'other')),
  province_code text NOT NULL CHECK (province_code ~ '^[0-9]{3}$'),
  municipality text NOT NULL,
  opening_hours jsonb NOT NULL DEFAULT '[]',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE outreach_desks IS 'A desk held by an organisation at a place (asylum commission, civil court, women''s prison, juvenile justice centre, other), with its weekly opening hours.';
COMMENT ON COLUMN outreach_desks.id IS 'Desk id.';
COMMENT ON COLUMN outreach_desks.org_id IS 'The organisation holding the desk.';
COMMENT ON COLUMN outreach_desks.name IS 'Name of the desk.';
COMMENT ON COLUMN outreach_desks.kind IS 'asylum_commission, civil_court, womens_prison, juvenile_justice_centre or other.';
COMMENT ON COLUMN outreach_desks.province_code IS 'ISTAT province code.';
COMMENT ON COLUMN outreach_desks.municipality IS 'Municipality name within the province.';
COMMENT ON COLUMN outreach_desks.opening_hours IS 'Weekly slots: [{weekday 1-7 (Monday 1), from HH:MM, to HH:MM}].';
COMMENT ON COLUMN outreach_desks.created_by IS 'Who created it.';
COMMENT ON COLUMN outreach_desks.created_at IS 'When it was created.';
COMMENT ON COLUMN outreach_desks.updated_at IS 'Last change.';
COMMENT ON COLUMN outreach_desks.version IS 'Incremented on every change.';
CREATE INDEX outreach_desks_org_idx ON outreach_desks (org_id);

CREATE TABLE outreach_desk_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  desk_id uuid NOT NULL REFERENCES outreach_desks (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  session_date date NOT NULL,
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  worker_user_id uuid NOT NULL REFERENCES users (id),
  interviews integer NOT NULL CHECK (interviews BETWEEN 0 AND 200),
  advice jsonb NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE outreach_desk_sessions IS 'A session held at a desk: date, hours, the worker, interviews counted and the orientation and advice given, by kind.';
COMMENT ON COLUMN outreach_desk_sessions.id IS 'Session id.';
COMMENT ON COLUMN outreach_desk_sessions.desk_id IS 'The desk.';
COMMENT ON COLUMN outreach_desk_sessions.org_id IS 'The desk''s organisation (copy).';
COMMENT ON COLUMN outreach_desk_sessions.session_date IS 'Date of the session.';
COMMENT ON COLUMN outreach_desk_sessions.start_time IS 'Start time HH:MM.';
COMMENT ON COLUMN outreach_desk_sessions.end_time IS 'End time HH:MM.';
COMMENT ON COLUMN outreach_desk_sessions.worker_user_id IS 'The desk worker who held it.';
COMMENT ON COLUMN outreach_desk_sessions.interviews IS 'Interviews held (0 to 200).';
COMMENT ON COLUMN outreach_desk_sessions.advice IS 'Orientation and advice given, by kind: {orientation, legal_advice, health_orientation, referral_to_services, other}.';
COMMENT ON COLUMN outreach_desk_sessions.created_by IS 'Who recorded it.';
COMMENT ON COLUMN outreach_desk_sessions.created_at IS 'When it was recorded.';
CREATE INDEX outreach_desk_sessions_desk_idx ON outreach_desk_sessions (desk_id, session_date DESC);

CREATE TABLE outreach_desk_session_persons (
  session_id uuid NOT NULL REFERENCES outreach_desk_sessions (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons (id),
  PRIMARY KEY (session_id, person_id)
);
COMMENT ON TABLE outreach_desk_session_persons IS 'Persons met at a desk session who are known to the network, linked by their code.';
COMMENT ON COLUMN outreach_desk_session_persons.session_id IS 'The session.';
COMMENT ON COLUMN outreach_desk_session_persons.person_id IS 'The person.';
CREATE INDEX outreach_desk_session_persons_person_idx ON outreach_desk_session_persons (person_id);

CREATE TABLE outreach_devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sync_at timestamptz,
  forgotten_at timestamptz,
  forgotten_by uuid REFERENCES users (id)
);
COMMENT ON TABLE outreach_devices IS 'Phones registered for the offline field app, bound to the user who registered them. A forgotten device gets 410 on every sync call and wipes its local store.';
COMMENT ON COLUMN outreach_devices.id IS 'Device id (given to the app on registration).';
COMMENT ON COLUMN outreach_devices.org_id IS 'The organisation the user acted for when registering it.';
COMMENT ON COLUMN outreach_devices.user_id IS 'The user the device is bound to.';
COMMENT ON COLUMN outreach_devices.label IS 'A label chosen by the user (e.g. "Telefono unità 1").';
COMMENT ON COLUMN outreach_devices.created_at IS 'When it was registered.';
COMMENT ON COLUMN outreach_devices.last_sync_at IS 'Last upload or download.';
COMMENT ON COLUMN outreach_devices.forgotten_at IS 'When it was forgotten (no more sync from then on).';
COMMENT ON COLUMN outreach_devices.forgotten_by IS 'Who forgot it (the owner or an administrator).';
CREATE INDEX outreach_devices_user_idx ON outreach_devices (user_id);
CREATE INDEX outreach_devices_org_idx ON outreach_devices (org_id);

CREATE TABLE outreach_sync_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL REFERENCES outreach_devices (id),
  batch_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  changes integer NOT NULL,
  answer_enc text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, batch_id)
);
COMMENT ON TABLE outreach_sync_batches IS 'Upload batches received from devices with the answer given, so that a retried batch gets the same answer and changes nothing.';
COMMENT ON COLUMN outreach_sync_batches.id IS 'Row id (bound into the encryption of the answer).';
COMMENT ON COLUMN outreach_sync_batches.device_id IS 'The device.';
COMMENT ON COLUMN outreach_sync_batches.batch_id IS 'The batch id chosen by the device (the same on every retry).';
COMMENT ON COLUMN outreach_sync_batches.user_id IS 'Who uploaded it.';
COMMENT ON COLUMN outreach_sync_batches.changes IS 'Number of changes in the batch.';
COMMENT ON COLUMN outreach_sync_batches.answer_enc IS 'Encrypted JSON answer (it carries the records, nicknames included).';
COMMENT ON COLUMN outreach_sync_batches.created_at IS 'When the batch was received.';
