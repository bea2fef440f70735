-- Ponte core schema: the network (organisations, projects), people who use Ponte (users, roles,
-- memberships), authentication (sessions, recovery codes, login attempts), encryption keys and the
-- audit trail. Forward-only: never edit this file once applied; add a new one.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- The restricted role the application works as. Created once per cluster; other databases on the
-- same cluster share it (grants are per database).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ponte_app') THEN
    CREATE ROLE ponte_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
DO $$
BEGIN
  EXECUTE format('GRANT ponte_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  NULL; -- a superuser needs no membership; a missing right is reported when SET ROLE fails
END
$$;
GRANT USAGE ON SCHEMA public TO ponte_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ponte_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ponte_app;

-- ---------------------------------------------------------------------------------------------
CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  org_type text NOT NULL,
  register_section text,
  provinces text[] NOT NULL DEFAULT '{}',
  services text[] NOT NULL DEFAULT '{}',
  email text,
  phone text,
  address text,
  website text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE organisations IS 'Bodies of the network and the agencies it works with: the Region, implementing bodies, the hotline, commissions, police, prosecutors, health services, reception centres.';
COMMENT ON COLUMN organisations.id IS 'Surrogate key.';
COMMENT ON COLUMN organisations.code IS 'Short stable identifier (lowercase letters, digits, hyphens), used in URLs, imports and the CLI.';
COMMENT ON COLUMN organisations.name IS 'Official name.';
COMMENT ON COLUMN organisations.org_type IS 'Type: HTCDS org_Type values plus the Italian agency types (see src/domain/organisations.ts).';
COMMENT ON COLUMN organisations.register_section IS 'Section of the ministerial register of bodies running art. 18 programmes, when registered.';
COMMENT ON COLUMN organisations.provinces IS 'ISTAT province codes (3 digits) the body covers.';
COMMENT ON COLUMN organisations.services IS 'Service codes the body offers (see src/domain/services.ts).';
COMMENT ON COLUMN organisations.email IS 'Public or institutional contact e-mail of the body (not of a person).';
COMMENT ON COLUMN organisations.phone IS 'Public or institutional contact telephone of the body.';
COMMENT ON COLUMN organisations.address IS 'Public office address (never a shelter address).';
COMMENT ON COLUMN organisations.website IS 'Public web site.';
COMMENT ON COLUMN organisations.is_active IS 'False once the body leaves the network; its records are kept.';
COMMENT ON COLUMN organisations.created_at IS 'When the row was created.';
COMMENT ON COLUMN organisations.updated_at IS 'When the row was last changed.';

CREATE TABLE projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  edition text,
  period_start date NOT NULL,
  period_end date NOT NULL,
  funder text NOT NULL,
  budget_total numeric(14,2) NOT NULL DEFAULT 0 CHECK (budget_total >= 0),
  lead_org_id uuid NOT NULL REFERENCES organisations(id),
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start)
);
COMMENT ON TABLE projects IS 'Regional anti-trafficking plans and other funded projects (e.g. a DPO single-programme edition).';
COMMENT ON COLUMN projects.id IS 'Surrogate key.';
COMMENT ON COLUMN projects.code IS 'Short stable identifier.';
COMMENT ON COLUMN projects.name IS 'Name of the plan or project.';
COMMENT ON COLUMN projects.edition IS 'Edition label, e.g. "4".';
COMMENT ON COLUMN projects.period_start IS 'First day of the funded period.';
COMMENT ON COLUMN projects.period_end IS 'Last day of the funded period.';
COMMENT ON COLUMN projects.funder IS 'Funding body or programme, e.g. the equal-opportunities department.';
COMMENT ON COLUMN projects.budget_total IS 'Total budget in euro, exact decimal.';
COMMENT ON COLUMN projects.lead_org_id IS 'Lead body (capofila), usually the Region.';
COMMENT ON COLUMN projects.description IS 'Objectives and activities, free text.';
COMMENT ON COLUMN projects.created_at IS 'When the row was created.';
COMMENT ON COLUMN projects.updated_at IS 'When the row was last changed.';

CREATE TABLE project_partners (
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  provinces text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, organisation_id)
);
COMMENT ON TABLE project_partners IS 'Implementing bodies (enti attuatori) of a project and the provinces each covers within it.';
COMMENT ON COLUMN project_partners.project_id IS 'The project.';
COMMENT ON COLUMN project_partners.organisation_id IS 'The partner body.';
COMMENT ON COLUMN project_partners.provinces IS 'ISTAT province codes the partner covers for this project.';

CREATE TABLE project_budget_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  code text NOT NULL,
  label text NOT NULL,
  amount numeric(14,2) NOT NULL CHECK (amount >= 0),
  UNIQUE (project_id, code)
);
COMMENT ON TABLE project_budget_lines IS 'Budget lines of a project (e.g. staff, accommodation, economic support).';
COMMENT ON COLUMN project_budget_lines.id IS 'Surrogate key.';
COMMENT ON COLUMN project_budget_lines.project_id IS 'The project.';
COMMENT ON COLUMN project_budget_lines.code IS 'Line code, unique within the project.';
COMMENT ON COLUMN project_budget_lines.label IS 'What the line pays for.';
COMMENT ON COLUMN project_budget_lines.amount IS 'Amount in euro, exact decimal.';

CREATE TABLE complementary_projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name text NOT NULL,
  funder text,
  notes text
);
COMMENT ON TABLE complementary_projects IS 'Projects that complement a plan (e.g. FAMI, FSE), which may live outside Ponte.';
COMMENT ON COLUMN complementary_projects.id IS 'Surrogate key.';
COMMENT ON COLUMN complementary_projects.project_id IS 'The plan they complement.';
COMMENT ON COLUMN complementary_projects.name IS 'Name of the complementary project.';
COMMENT ON COLUMN complementary_projects.funder IS 'Its funder or programme.';
COMMENT ON COLUMN complementary_projects.notes IS 'How it complements the plan.';

-- ---------------------------------------------------------------------------------------------
CREATE TABLE roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{1,62}$'),
  name_it text NOT NULL,
  name_en text NOT NULL,
  description text,
  builtin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE roles IS 'Roles as named sets of permissions; built-in roles are seeded, administrators may edit them and add others.';
COMMENT ON COLUMN roles.id IS 'Surrogate key.';
COMMENT ON COLUMN roles.key IS 'Stable identifier, e.g. case_worker.';
COMMENT ON COLUMN roles.name_it IS 'Name shown in Italian.';
COMMENT ON COLUMN roles.name_en IS 'Name shown in English.';
COMMENT ON COLUMN roles.description IS 'What the role is for.';
COMMENT ON COLUMN roles.builtin IS 'True for the roles Ponte ships (they can be edited but not deleted).';
COMMENT ON COLUMN roles.created_at IS 'When the row was created.';
COMMENT ON COLUMN roles.updated_at IS 'When the row was last changed.';

CREATE TABLE role_permissions (
  role_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  permission text NOT NULL,
  PRIMARY KEY (role_id, permission)
);
COMMENT ON TABLE role_permissions IS 'The permissions of each role (values from src/domain/permissions.ts).';
COMMENT ON COLUMN role_permissions.role_id IS 'The role.';
COMMENT ON COLUMN role_permissions.permission IS 'A permission key.';

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash text,
  locale text NOT NULL DEFAULT 'it' CHECK (locale IN ('it', 'en')),
  is_active boolean NOT NULL DEFAULT true,
  totp_secret_enc text,
  totp_enabled boolean NOT NULL DEFAULT false,
  mfa_exempt boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  password_changed_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);
COMMENT ON TABLE users IS 'People who log in to Ponte (staff of the network and of partner agencies).';
COMMENT ON COLUMN users.id IS 'Surrogate key.';
COMMENT ON COLUMN users.email IS 'Login e-mail, lowercase, unique.';
COMMENT ON COLUMN users.display_name IS 'Name shown to colleagues.';
COMMENT ON COLUMN users.password_hash IS 'argon2id hash of the password; null until a password is set.';
COMMENT ON COLUMN users.locale IS 'Preferred interface language.';
COMMENT ON COLUMN users.is_active IS 'False disables the account and ends its sessions at once.';
COMMENT ON COLUMN users.totp_secret_enc IS 'TOTP secret, encrypted with the field-encryption key (never in clear).';
COMMENT ON COLUMN users.totp_enabled IS 'True once two-factor verification has been set up and confirmed.';
COMMENT ON COLUMN users.mfa_exempt IS 'Demo accounts only: may skip two-factor verification when Ponte runs in demo mode.';
COMMENT ON COLUMN users.failed_logins IS 'Consecutive failed logins since the last success.';
COMMENT ON COLUMN users.locked_until IS 'Login refused until this time after too many failures.';
COMMENT ON COLUMN users.password_changed_at IS 'When the password was last set.';
COMMENT ON COLUMN users.last_login_at IS 'When the user last logged in successfully.';
COMMENT ON COLUMN users.created_at IS 'When the row was created.';
COMMENT ON COLUMN users.updated_at IS 'When the row was last changed.';

CREATE TABLE memberships (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  role_id uuid NOT NULL REFERENCES roles(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_org_idx ON memberships (organisation_id);
COMMENT ON TABLE memberships IS 'A user belongs to one or more organisations, with one role in each.';
COMMENT ON COLUMN memberships.user_id IS 'The user.';
COMMENT ON COLUMN memberships.organisation_id IS 'The organisation.';
COMMENT ON COLUMN memberships.role_id IS 'The role the user has in that organisation.';
COMMENT ON COLUMN memberships.created_at IS 'When the membership was granted.';

CREATE TABLE recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);
COMMENT ON TABLE recovery_codes IS 'One-time recovery codes for two-factor verification, stored hashed.';
COMMENT ON COLUMN recovery_codes.id IS 'Surrogate key.';
COMMENT ON COLUMN recovery_codes.user_id IS 'The user they belong to.';
COMMENT ON COLUMN recovery_codes.code_hash IS 'SHA-256 of the code (codes are random, so no slow hash is needed).';
COMMENT ON COLUMN recovery_codes.used_at IS 'When the code was used; a used code never works again.';
COMMENT ON COLUMN recovery_codes.created_at IS 'When the code was issued.';

CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid REFERENCES organisations(id),
  csrf_token text NOT NULL,
  mfa_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoke_reason text,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;
COMMENT ON TABLE sessions IS 'Server-side login sessions. The cookie holds a random token; only its SHA-256 is stored here.';
COMMENT ON COLUMN sessions.id IS 'SHA-256 (hex) of the session token.';
COMMENT ON COLUMN sessions.user_id IS 'Who is logged in.';
COMMENT ON COLUMN sessions.organisation_id IS 'The organisation the user is acting for in this session.';
COMMENT ON COLUMN sessions.csrf_token IS 'Token the client must echo in the X-CSRF-Token header on every state-changing request.';
COMMENT ON COLUMN sessions.mfa_verified IS 'True once the second factor was checked in this session.';
COMMENT ON COLUMN sessions.created_at IS 'Login time.';
COMMENT ON COLUMN sessions.last_seen_at IS 'Last request; the session ends after the idle timeout.';
COMMENT ON COLUMN sessions.expires_at IS 'Absolute end of the session, whatever the activity.';
COMMENT ON COLUMN sessions.revoked_at IS 'When the session was ended (logout, log out everywhere, account disabled, role changed).';
COMMENT ON COLUMN sessions.revoke_reason IS 'Why the session was ended.';
COMMENT ON COLUMN sessions.ip IS 'Client address at login.';
COMMENT ON COLUMN sessions.user_agent IS 'Browser at login, shown in the profile''s session list.';

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  email text,
  ip text NOT NULL,
  success boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);
COMMENT ON TABLE login_attempts IS 'Recent login attempts, for rate limiting per address; old rows may be purged.';
COMMENT ON COLUMN login_attempts.id IS 'Surrogate key.';
COMMENT ON COLUMN login_attempts.email IS 'E-mail typed (lowercased), whether or not an account exists.';
COMMENT ON COLUMN login_attempts.ip IS 'Client address.';
COMMENT ON COLUMN login_attempts.success IS 'Whether the attempt succeeded.';
COMMENT ON COLUMN login_attempts.at IS 'When.';

-- ---------------------------------------------------------------------------------------------
CREATE TABLE encryption_keys (
  id text PRIMARY KEY,
  wrapped_key text NOT NULL,
  is_active boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE UNIQUE INDEX encryption_keys_one_active ON encryption_keys (is_active) WHERE is_active;
COMMENT ON TABLE encryption_keys IS 'Data keys for field encryption, each wrapped (AES-256-GCM) by the master key, which never enters the database.';
COMMENT ON COLUMN encryption_keys.id IS 'Key id, stored with every encrypted value.';
COMMENT ON COLUMN encryption_keys.wrapped_key IS 'The data key encrypted with the master key (base64 of iv, tag and ciphertext).';
COMMENT ON COLUMN encryption_keys.is_active IS 'The one key new values are encrypted with.';
COMMENT ON COLUMN encryption_keys.created_at IS 'When the key was made.';
COMMENT ON COLUMN encryption_keys.retired_at IS 'When it stopped being the active key (it still decrypts until values are re-encrypted).';

-- ---------------------------------------------------------------------------------------------
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_org_id uuid,
  action text NOT NULL,
  record_type text,
  record_id text,
  fields text[],
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  ip text,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_record_idx ON audit_log (record_type, record_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
COMMENT ON TABLE audit_log IS 'Every read and write of personal data and every authentication event. Insert-only for the application role; sealed into audit_chain by the background sealer.';
COMMENT ON COLUMN audit_log.id IS 'Sequence number, in insertion order (gaps are rolled-back transactions).';
COMMENT ON COLUMN audit_log.at IS 'When the action happened.';
COMMENT ON COLUMN audit_log.actor_user_id IS 'Who acted (null for anonymous attempts and the system).';
COMMENT ON COLUMN audit_log.actor_org_id IS 'For which organisation they acted.';
COMMENT ON COLUMN audit_log.action IS 'What happened, e.g. auth.login, user.update (see src/server/platform/audit.ts).';
COMMENT ON COLUMN audit_log.record_type IS 'Kind of record touched, e.g. user, organisation.';
COMMENT ON COLUMN audit_log.record_id IS 'Id of the record touched.';
COMMENT ON COLUMN audit_log.fields IS 'Which fields were read or written (names only, never values).';
COMMENT ON COLUMN audit_log.outcome IS 'success, denied (not allowed or not found) or failure (e.g. wrong password).';
COMMENT ON COLUMN audit_log.ip IS 'Client address.';
COMMENT ON COLUMN audit_log.request_id IS 'Request id, to join with server logs.';
COMMENT ON COLUMN audit_log.details IS 'Extra facts without personal data (e.g. reason codes).';

CREATE TABLE audit_chain (
  position bigint PRIMARY KEY,
  entry_id bigint NOT NULL UNIQUE,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE audit_chain IS 'The hash chain over audit_log: link N holds the SHA-256 of entry N''s canonical content and link N-1''s hash. Insert-only for the application role.';
COMMENT ON COLUMN audit_chain.position IS 'Place in the chain, 1, 2, 3... without gaps.';
COMMENT ON COLUMN audit_chain.entry_id IS 'The audit_log entry sealed at this place.';
COMMENT ON COLUMN audit_chain.prev_hash IS 'Hash of the previous link (64 zeros for the first).';
COMMENT ON COLUMN audit_chain.hash IS 'SHA-256 over prev_hash and the entry''s canonical content.';
COMMENT ON COLUMN audit_chain.sealed_at IS 'When the sealer linked the entry.';

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_chain FROM ponte_app;
GRANT SELECT, INSERT ON audit_log, audit_chain TO ponte_app;
