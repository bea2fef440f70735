-- Training events (issue 8, point 4): seminars and webinars of the system actions, published on
-- the public site with a registration form whose fields staff define. Registration is the only
-- public write besides visitors' feedback: registrants are not users, their name, e-mail, phone and
-- answers are encrypted (field cipher, bound to the row), a keyed blind index of the e-mail refuses
-- a second registration of the same address, and every registration is deleted a configured number
-- of days after its event. Event mail (confirmation, waiting list, promotion, cancellation) has an
-- outbox of its own, since its recipient is an encrypted address rather than a staff user.
-- Table privileges for ponte_app come from the default privileges of 0001_core.sql.

CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  audience text NOT NULL CHECK (length(audience) <= 300),
  description text NOT NULL CHECK (length(description) <= 5000),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  place text CHECK (length(place) <= 300),
  online_url text CHECK (online_url ~ '^https?://[^\s"''<>`\\]+$' AND length(online_url) <= 500),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  registration_deadline timestamptz NOT NULL,
  waiting_list boolean NOT NULL DEFAULT true,
  form_fields jsonb NOT NULL DEFAULT '[]'::jsonb,
  consent_text text NOT NULL CHECK (length(consent_text) BETWEEN 1 AND 2000),
  credits_code text CHECK (length(credits_code) <= 100),
  credits_hours numeric(5, 1) CHECK (credits_hours >= 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
  organisation_id uuid REFERENCES organisations (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_at >= starts_at),
  CHECK (place IS NOT NULL OR online_url IS NOT NULL)
);
CREATE INDEX events_starts_at ON events (starts_at);

COMMENT ON TABLE events IS 'Training events (seminars, webinars) with public registration; no personal data.';
COMMENT ON COLUMN events.id IS 'Surrogate key.';
COMMENT ON COLUMN events.slug IS 'Address of the event on the public site: /p/<lang>/events/<slug>.';
COMMENT ON COLUMN events.title IS 'Title (Italian).';
COMMENT ON COLUMN events.audience IS 'Who the event is for (e.g. social workers, police, NGO staff).';
COMMENT ON COLUMN events.description IS 'Programme and description, plain text.';
COMMENT ON COLUMN events.starts_at IS 'Start date and time.';
COMMENT ON COLUMN events.ends_at IS 'End date and time.';
COMMENT ON COLUMN events.place IS 'Venue address, when in person.';
COMMENT ON COLUMN events.online_url IS 'Link of the online platform, when online.';
COMMENT ON COLUMN events.capacity IS 'Places available; further registrations go to the waiting list when it is open.';
COMMENT ON COLUMN events.registration_deadline IS 'Registrations are refused after this time.';
COMMENT ON COLUMN events.waiting_list IS 'Whether registrations beyond capacity join a waiting list (otherwise they are refused).';
COMMENT ON COLUMN events.form_fields IS 'Extra fields of the registration form defined by staff: key, label, type (text, email, phone, select, checkbox), required, options.';
COMMENT ON COLUMN events.consent_text IS 'Consent text shown next to the mandatory consent box; stored with each registration.';
COMMENT ON COLUMN events.credits_code IS 'Accreditation code for professional credits (e.g. social workers'' order), printed on certificates.';
COMMENT ON COLUMN events.credits_hours IS 'Hours or credits granted to attendees.';
COMMENT ON COLUMN events.status IS 'draft (not public), published, or cancelled.';
COMMENT ON COLUMN events.organisation_id IS 'Organisation of the staff member who created it.';
COMMENT ON COLUMN events.created_by IS 'Staff user who created it.';
COMMENT ON COLUMN events.created_at IS 'When it was created.';
COMMENT ON COLUMN events.updated_at IS 'When it last changed.';
COMMENT ON COLUMN events.version IS 'Optimistic concurrency version, +1 on each change.';

CREATE TABLE event_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  name_enc text NOT NULL,
  email_enc text NOT NULL,
  phone_enc text,
  answers_enc text,
  email_index text NOT NULL,
  consent_text text NOT NULL,
  consent_at timestamptz NOT NULL,
  lang text NOT NULL CHECK (lang IN ('it', 'en', 'fr', 'es', 'ro', 'sq', 'ar', 'zh')),
  cancel_token_hash text NOT NULL UNIQUE,
  attended boolean NOT NULL DEFAULT false,
  attendance_marked_by uuid REFERENCES users (id),
  attendance_marked_at timestamptz,
  created_at timestamptz NOT NULL,
  promoted_at timestamptz,
  cancelled_at timestamptz,
  delete_after date NOT NULL,
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE UNIQUE INDEX event_registrations_one_per_email ON event_registrations (event_id, email_index) WHERE status <> 'cancelled';
CREATE INDEX event_registrations_event ON event_registrations (event_id, status, seq);
CREATE INDEX event_registrations_created ON event_registrations (created_at);
CREATE INDEX event_registrations_delete_after ON event_registrations (delete_after);

COMMENT ON TABLE event_registrations IS 'Registrations to training events from the public form; personal data encrypted; deleted after their retention.';
COMMENT ON COLUMN event_registrations.id IS 'Surrogate key.';
COMMENT ON COLUMN event_registrations.event_id IS 'The event.';
COMMENT ON COLUMN event_registrations.status IS 'confirmed (has a place), waiting (on the waiting list) or cancelled.';
COMMENT ON COLUMN event_registrations.seq IS 'Order of arrival: the waiting list is served in this order.';
COMMENT ON COLUMN event_registrations.name_enc IS 'Registrant''s name, encrypted (field cipher, bound to this row).';
COMMENT ON COLUMN event_registrations.email_enc IS 'Registrant''s e-mail, encrypted.';
COMMENT ON COLUMN event_registrations.phone_enc IS 'Registrant''s phone, encrypted, when given.';
COMMENT ON COLUMN event_registrations.answers_enc IS 'Answers to the staff-defined fields (JSON), encrypted.';
COMMENT ON COLUMN event_registrations.email_index IS 'Keyed blind index of the normalised e-mail, to refuse a second registration of the same address.';
COMMENT ON COLUMN event_registrations.consent_text IS 'The consent text the registrant accepted, as shown.';
COMMENT ON COLUMN event_registrations.consent_at IS 'When the consent was given.';
COMMENT ON COLUMN event_registrations.lang IS 'Language of the page the registrant used (and of their e-mails).';
COMMENT ON COLUMN event_registrations.cancel_token_hash IS 'SHA-256 of the secret cancellation token sent by e-mail.';
COMMENT ON COLUMN event_registrations.attended IS 'Attendance register: whether the registrant attended.';
COMMENT ON COLUMN event_registrations.attendance_marked_by IS 'Staff user who last marked attendance.';
COMMENT ON COLUMN event_registrations.attendance_marked_at IS 'When attendance was last marked.';
COMMENT ON COLUMN event_registrations.created_at IS 'When the registration was made.';
COMMENT ON COLUMN event_registrations.promoted_at IS 'When the registrant moved from the waiting list to a place.';
COMMENT ON COLUMN event_registrations.cancelled_at IS 'When the registrant cancelled.';
COMMENT ON COLUMN event_registrations.delete_after IS 'Date after which the row is deleted (event end plus PONTE_EVENT_RETENTION_DAYS).';

CREATE TABLE event_mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  registration_id uuid NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
  template text NOT NULL CHECK (template IN ('confirmed', 'waiting', 'promoted', 'cancelled', 'event_cancelled')),
  locale text NOT NULL CHECK (locale IN ('it', 'en', 'fr', 'es', 'ro', 'sq', 'ar', 'zh')),
  recipient_enc text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  last_error text CHECK (length(last_error) <= 500),
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX event_mail_outbox_due ON event_mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX event_mail_outbox_registration ON event_mail_outbox (registration_id);

COMMENT ON TABLE event_mail_outbox IS 'E-mails to event registrants (not users): confirmation, waiting list, promotion, cancellation. The text is built when sending.';
COMMENT ON COLUMN event_mail_outbox.id IS 'Outbox entry id.';
COMMENT ON COLUMN event_mail_outbox.registration_id IS 'The registration the mail is about (deleted with it).';
COMMENT ON COLUMN event_mail_outbox.template IS 'Which message: confirmed, waiting, promoted, cancelled, event_cancelled.';
COMMENT ON COLUMN event_mail_outbox.locale IS 'Language of the mail (the registration''s).';
COMMENT ON COLUMN event_mail_outbox.recipient_enc IS 'Recipient address, encrypted (field cipher, bound to this row).';
COMMENT ON COLUMN event_mail_outbox.status IS 'queued (waiting or retrying), sent, or failed (gave up).';
COMMENT ON COLUMN event_mail_outbox.attempts IS 'Delivery attempts made so far.';
COMMENT ON COLUMN event_mail_outbox.next_attempt_at IS 'Not before this time is the next attempt made (backoff; a lease while an attempt runs).';
COMMENT ON COLUMN event_mail_outbox.last_error IS 'Why the last attempt failed (the SMTP answer, shortened).';
COMMENT ON COLUMN event_mail_outbox.created_at IS 'When it was queued.';
COMMENT ON COLUMN event_mail_outbox.sent_at IS 'When the SMTP server accepted it.';

