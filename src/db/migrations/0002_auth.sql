-- Authentication additions: a pending TOTP secret (so setting up a new authenticator does not
-- replace the working one until the new one is confirmed), TOTP replay protection, and the
-- meaning of encryption_keys.retired_at once key rotation exists.

ALTER TABLE users ADD COLUMN totp_pending_enc text;
ALTER TABLE users ADD COLUMN totp_last_step integer;
COMMENT ON COLUMN users.totp_pending_enc IS 'New TOTP secret being set up, encrypted like totp_secret_enc; replaces it once a code from it is confirmed.';
COMMENT ON COLUMN users.totp_last_step IS 'Time step (Unix seconds / 30) of the last TOTP code accepted: a code is never accepted twice.';

COMMENT ON COLUMN encryption_keys.retired_at IS 'When key rotation found no value left encrypted with this (inactive) key. Kept so that older backups stay readable.';

-- Failures of an e-mail that has no account are replayed through the lock rule at each attempt.
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);
