-- Authentication limits: failure counters for e-mails without an account that follow exactly the
-- rules of users.failed_logins / users.locked_until (so lockout does not reveal which accounts
-- exist), the time of the last failure (both kinds of counter forget failures after a day without
-- any), and an index for purging old login attempts.

ALTER TABLE users ADD COLUMN last_failed_login_at timestamptz;
-- Failures counted before this migration are remembered from now on.
UPDATE users SET last_failed_login_at = now() WHERE failed_logins > 0;
COMMENT ON COLUMN users.last_failed_login_at IS 'When failed_logins was last increased; failures are forgotten (counter back to 0) a day after the last one.';

CREATE TABLE login_failure_counters (
  email_hash text PRIMARY KEY,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_failed_at timestamptz NOT NULL
);
COMMENT ON TABLE login_failure_counters IS 'Failure counter and lock of an e-mail that has no account, with the same rules as users.failed_logins and users.locked_until; rows a day past their last failure and not locked are purged.';
COMMENT ON COLUMN login_failure_counters.email_hash IS 'SHA-256 (hex, domain-separated) of the lowercased e-mail typed: the address itself is not kept here.';
COMMENT ON COLUMN login_failure_counters.failed_logins IS 'Consecutive failures since the last lock (0 after a lock starts).';
COMMENT ON COLUMN login_failure_counters.locked_until IS 'Attempts are refused until then.';
COMMENT ON COLUMN login_failure_counters.last_failed_at IS 'When failed_logins was last increased; the counter is forgotten a day later.';
CREATE INDEX login_failure_counters_purge_idx ON login_failure_counters (last_failed_at);

-- Old attempts are deleted in small batches by age.
CREATE INDEX login_attempts_at_idx ON login_attempts (at);
