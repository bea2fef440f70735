-- E-mail notifications (issue 4, point 6): an outbox of mails to staff users, written in the same
-- transaction as the in-app notification it echoes and sent by a background job over SMTP
-- (PONTE_SMTP_URL; without it the outbox only fills). A mail names a kind of event and carries a
-- link, never personal data of the persons helped: the reader opens the record in Ponte, which
-- checks scope and audits. Each user may turn e-mail off (absent preference row: on).

CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  template text NOT NULL CHECK (template ~ '^[a-z][a-z0-9_]{1,62}$'),
  locale text NOT NULL CHECK (locale IN ('it', 'en')),
  record_type text NOT NULL CHECK (record_type ~ '^[a-z][a-z0-9_]{1,62}$'),
  record_id text NOT NULL CHECK (length(record_id) <= 100),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  last_error text CHECK (length(last_error) <= 500),
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
COMMENT ON TABLE mail_outbox IS 'E-mails to staff users echoing a notification: which template, in which language, about which record (type and id only). The text is built at sending time from the template and contains a link, never personal data of the persons helped.';
COMMENT ON COLUMN mail_outbox.id IS 'Outbox entry id.';
COMMENT ON COLUMN mail_outbox.recipient_user_id IS 'The staff user the mail is for; the address is read from users when sending.';
COMMENT ON COLUMN mail_outbox.template IS 'Which message: referral_received, referral_answered, referral_completed, referral_expired, deadline_due_soon, deadline_overdue, transfer_requested, transfer_decided.';
COMMENT ON COLUMN mail_outbox.locale IS 'Language of the mail (the recipient''s language when queued): it or en.';
COMMENT ON COLUMN mail_outbox.record_type IS 'Kind of record the link opens, e.g. referral, case_transfer, case.';
COMMENT ON COLUMN mail_outbox.record_id IS 'Id of the record the link opens.';
COMMENT ON COLUMN mail_outbox.status IS 'queued (waiting or retrying), sent, or failed (gave up, or no longer to be sent).';
COMMENT ON COLUMN mail_outbox.attempts IS 'Delivery attempts made so far.';
COMMENT ON COLUMN mail_outbox.next_attempt_at IS 'Not before this time is the next attempt made (backoff after a refused delivery; a lease while an attempt runs).';
COMMENT ON COLUMN mail_outbox.last_error IS 'Why the last attempt failed (the SMTP answer, shortened), or why the mail was dropped.';
COMMENT ON COLUMN mail_outbox.created_at IS 'When it was queued.';
COMMENT ON COLUMN mail_outbox.sent_at IS 'When the SMTP server accepted it.';
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (recipient_user_id, created_at);

CREATE TABLE user_mail_preferences (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  notify_by_mail boolean NOT NULL,
  updated_at timestamptz NOT NULL
);
COMMENT ON TABLE user_mail_preferences IS 'A user''s choice about e-mail notifications; no row means e-mail is on.';
COMMENT ON COLUMN user_mail_preferences.user_id IS 'The user.';
COMMENT ON COLUMN user_mail_preferences.notify_by_mail IS 'Whether notifications are also sent by e-mail.';
COMMENT ON COLUMN user_mail_preferences.updated_at IS 'When the user last changed it.';

GRANT SELECT, INSERT, UPDATE ON mail_outbox, user_mail_preferences TO ponte_app;
