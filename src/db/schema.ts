/**
 * Kysely table types, written to match src/db/migrations (one interface per table).
 * When a migration changes a table, change its interface in the same commit.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** numeric: read as an exact decimal string. */
type Decimal = ColumnType<string, string | number, string | number>;
/** bigint/bigserial: read as a string. */
type BigId = ColumnType<string, string | number | undefined, never>;
type Json = ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;

export interface OrganisationsTable {
  id: Generated<string>;
  code: string;
  name: string;
  org_type: string;
  register_section: string | null;
  provinces: ColumnType<string[], string[] | undefined, string[]>;
  services: ColumnType<string[], string[] | undefined, string[]>;
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ProjectsTable {
  id: Generated<string>;
  code: string;
  name: string;
  edition: string | null;
  period_start: string;
  period_end: string;
  funder: string;
  budget_total: Decimal;
  lead_org_id: string;
  description: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ProjectPartnersTable {
  project_id: string;
  organisation_id: string;
  provinces: ColumnType<string[], string[] | undefined, string[]>;
}

export interface ProjectBudgetLinesTable {
  id: Generated<string>;
  project_id: string;
  code: string;
  label: string;
  amount: Decimal;
}

export interface ComplementaryProjectsTable {
  id: Generated<string>;
  project_id: string;
  name: string;
  funder: string | null;
  notes: string | null;
}

export interface RolesTable {
  id: Generated<string>;
  key: string;
  name_it: string;
  name_en: string;
  description: string | null;
  builtin: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RolePermissionsTable {
  role_id: string;
  permission: string;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  locale: Generated<'it' | 'en'>;
  is_active: Generated<boolean>;
  totp_secret_enc: string | null;
  totp_pending_enc: string | null;
  totp_last_step: number | null;
  totp_enabled: Generated<boolean>;
  mfa_exempt: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_failed_login_at: Date | null;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  user_id: string;
  organisation_id: string;
  role_id: string;
  created_at: CreatedAt;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  organisation_id: string | null;
  csrf_token: string;
  mfa_verified: Generated<boolean>;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date | string;
  revoked_at: Date | null;
  revoke_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: BigId;
  email: string | null;
  ip: string;
  success: boolean;
  at: CreatedAt;
}

export interface LoginFailureCountersTable {
  email_hash: string;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_failed_at: Date;
}

export interface EncryptionKeysTable {
  id: string;
  wrapped_key: string;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  retired_at: Date | null;
}

export interface AuditLogTable {
  id: BigId;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  fields: string[] | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  request_id: string | null;
  details: Json;
}

export interface AuditChainTable {
  position: ColumnType<string, string | number, never>;
  entry_id: ColumnType<string, string | number, never>;
  prev_hash: string;
  hash: string;
  sealed_at: CreatedAt;
}

export interface DB {
  organisations: OrganisationsTable;
  projects: ProjectsTable;
  project_partners: ProjectPartnersTable;
  project_budget_lines: ProjectBudgetLinesTable;
  complementary_projects: ComplementaryProjectsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  login_failure_counters: LoginFailureCountersTable;
  encryption_keys: EncryptionKeysTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
}
