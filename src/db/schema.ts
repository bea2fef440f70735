/**
 * Kysely table types, written to match src/db/migrations (one interface per table).
 * When a migration changes a table, change its interface in the same commit.
 */
import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** numeric: read as an exact decimal string. */
export type Decimal = ColumnType<string, string | number, string | number>;
/** bigint/bigserial: read as a string. */
export type BigId = ColumnType<string, string | number | undefined, never>;
export type Json = ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;

import type { InclusionDB } from './schema-inclusion.ts';
import type { ExpensesDB } from './schema-expenses.ts';
import type { OutreachDB } from './schema-outreach.ts';
import type { MailDB } from './schema-mail.ts';
import type { MonitoringDB } from './schema-monitoring.ts';
import type { ForumDB } from './schema-forum.ts';
import type { FeedbackDB } from './schema-feedback.ts';
import type { EventsDB } from './schema-events.ts';
import type { InboxDB } from './schema-inbox.ts';

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

type TextArray = ColumnType<string[], string[] | undefined, string[]>;
/** A DATE column, read as `YYYY-MM-DD`. */
export type DateString = ColumnType<string, string, string>;

export interface PersonsTable {
  id: Generated<string>;
  code: string;
  owner_org_id: string;
  identity_enc: string;
  notes_enc: string | null;
  external_ref_enc: string | null;
  external_ref_index: string | null;
  sex: string | null;
  citizenships: TextArray;
  languages: TextArray;
  vulnerabilities: TextArray;
  merged_into_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PersonLinkageTable {
  person_id: string;
  encoding: string;
}

export interface PersonBlockingKeysTable {
  key: Uint8Array;
  person_id: string;
}

export interface PersonMergesTable {
  id: Generated<string>;
  org_id: string;
  kept_person_id: string;
  merged_person_id: string;
  status: 'requested' | 'approved' | 'rejected' | 'reverted';
  reason_enc: string | null;
  moved_enc: string | null;
  requested_by: string;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: Date | null;
  reverted_by: string | null;
  reverted_at: Date | null;
  kept_version: number | null;
  merged_version: number | null;
}

export interface CasesTable {
  id: Generated<string>;
  code: string;
  person_id: string;
  org_id: string;
  case_worker_id: string | null;
  phase: string;
  status: string;
  closure_reason: string | null;
  trafficking_status: string | null;
  trafficking_status_decided_by: string | null;
  trafficking_status_decided_on: DateString | null;
  exploitation_types: TextArray;
  sex_exploitation_types: TextArray;
  labour_sectors: TextArray;
  exploitation_countries: TextArray;
  exploitation_provinces: TextArray;
  exploitation_from: DateString | null;
  exploitation_to: DateString | null;
  means_of_control: TextArray;
  recruitment_methods: TextArray;
  recruiter_relations: TextArray;
  minor_status: 'minor' | 'adult' | 'possibly_minor' | null;
  /** Migration 0033: the CTDC age band on the day the case was opened (null: unknown). */
  age_band: ColumnType<string | null, string | null | undefined, string | null>;
  guardian_enc: string | null;
  juvenile_court: string | null;
  juvenile_court_enc: string | null;
  age_assessment: 'not_needed' | 'requested' | 'done' | null;
  age_assessment_on: DateString | null;
  opened_at: Timestamp;
  closed_at: Date | null;
  created_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CaseTeamTable {
  id: Generated<string>;
  case_id: string;
  user_id: string;
  team_role: string | null;
  team_role_enc: string | null;
  added_at: CreatedAt;
}

export interface CasePhaseHistoryTable {
  id: BigId;
  case_id: string;
  from_phase: string | null;
  to_phase: string;
  closure_reason: string | null;
  reason_enc: string | null;
  approval_request_id: string | null;
  changed_by: string | null;
  changed_at: Timestamp;
  /** When the phase stopped being in force (the next change's time); null for the current one. Kept by triggers (migration 0032). */
  superseded_at: ColumnType<Date | null, never, never>;
}

export interface CaseApprovalRequestsTable {
  id: Generated<string>;
  case_id: string;
  kind: 'close' | 'reopen';
  to_phase: string;
  closure_reason: string | null;
  reason_enc: string | null;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note_enc: string | null;
}

export interface ScreeningsTable {
  id: Generated<string>;
  case_id: string;
  list_id: string;
  answers: Json;
  rule: Json;
  evaluation: Json;
  indicative_result: string;
  decision: 'possible_victim' | 'not_a_victim' | 'further_assessment';
  decision_reason_enc: string;
  interpreter_language: string | null;
  screened_by: string;
  screened_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  record_type: string;
  record_id: string;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface DB extends InclusionDB, ExpensesDB, OutreachDB, MailDB, MonitoringDB, ForumDB, FeedbackDB, EventsDB, InboxDB {
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
  persons: PersonsTable;
  person_linkage: PersonLinkageTable;
  person_blocking_keys: PersonBlockingKeysTable;
  person_merges: PersonMergesTable;
  cases: CasesTable;
  case_team: CaseTeamTable;
  case_phase_history: CasePhaseHistoryTable;
  case_approval_requests: CaseApprovalRequestsTable;
  screenings: ScreeningsTable;
  notifications: NotificationsTable;
  case_plan_goals: CasePlanGoalsTable;
  case_plan_actions: CasePlanActionsTable;
  case_services: CaseServicesTable;
  case_notes: CaseNotesTable;
  case_documents: CaseDocumentsTable;
  case_tasks: CaseTasksTable;
  case_consents: CaseConsentsTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
  case_transfers: CaseTransfersTable;
  hotline_calls: HotlineCallsTable;
  hotline_roster: HotlineRosterTable;
  public_pages: PublicPagesTable;
  public_page_versions: PublicPageVersionsTable;
  public_page_publications: PublicPagePublicationsTable;
  procedures: ProceduresTable;
  procedure_runs: ProcedureRunsTable;
  procedure_run_steps: ProcedureRunStepsTable;
  facilities: FacilitiesTable;
  facility_beds: FacilityBedsTable;
  placements: PlacementsTable;
  accommodation_waitlist: AccommodationWaitlistTable;
  permits: PermitsTable;
  permit_events: PermitEventsTable;
  case_minor: CaseMinorTable;
  criminal_proceedings: CriminalProceedingsTable;
  criminal_hearings: CriminalHearingsTable;
}

// --- case records (migration 0006) -------------------------------------------------------------

export interface CasePlanGoalsTable {
  id: Generated<string>;
  case_id: string;
  title_enc: string;
  description_enc: string | null;
  status: Generated<'open' | 'achieved' | 'dropped'>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CasePlanActionsTable {
  id: Generated<string>;
  goal_id: string;
  case_id: string;
  what_enc: string;
  owner_user_id: string | null;
  due_on: DateString | null;
  review_on: DateString | null;
  status: Generated<'open' | 'done' | 'dropped'>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CaseServicesTable {
  id: Generated<string>;
  case_id: string;
  service_type: string;
  provider_org_id: string | null;
  provider_name: string | null;
  provider_name_enc: string | null;
  starts_on: DateString | null;
  ends_on: DateString | null;
  status: 'planned' | 'active' | 'completed' | 'cancelled';
  cost: Decimal | null;
  notes_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CaseNotesTable {
  id: Generated<string>;
  case_id: string;
  category: string | null;
  body_enc: string;
  author_id: string;
  created_at: CreatedAt;
}

export interface CaseDocumentsTable {
  id: Generated<string>;
  case_id: string;
  file_name_enc: string;
  media_type: 'application/pdf' | 'image/png' | 'image/jpeg';
  category: string | null;
  size_bytes: number;
  sha256: string | null;
  sha256_enc: string | null;
  content_enc: Uint8Array;
  uploaded_by: string;
  uploaded_at: CreatedAt;
}

export interface CaseTasksTable {
  id: Generated<string>;
  case_id: string;
  title_enc: string;
  assignee_id: string;
  due_on: DateString | null;
  done_at: Date | null;
  done_by: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CaseConsentsTable {
  id: Generated<string>;
  seq: BigId;
  case_id: string;
  purpose: 'services' | 'sharing' | 'statistics';
  organisation_id: string | null;
  status: 'given' | 'refused' | 'withdrawn';
  decided_on: DateString;
  method: 'written' | 'oral_with_witness' | 'oral_recorded' | 'digital_signature';
  interpreter_language: string | null;
  given_by: 'person' | 'guardian';
  guardian_name_enc: string | null;
  note_enc: string | null;
  withdraws_id: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

// --- referrals (migration 0010) ----------------------------------------------------------------

export interface ReferralsTable {
  id: Generated<string>;
  code: string;
  source: 'case' | 'hotline' | 'agency';
  from_org_id: string;
  from_user_id: string;
  to_org_id: string;
  case_id: string | null;
  person_id: string | null;
  hotline_call_id: string | null;
  reason: string;
  urgency: 'routine' | 'urgent' | 'emergency';
  requested_service: string | null;
  message_enc: string | null;
  subject_enc: string | null;
  share_fields: ColumnType<string[], string[] | undefined, string[]>;
  share_document_ids: ColumnType<string[], string[] | undefined, string[]>;
  consent_basis: 'consent' | 'guardian_consent' | 'override' | 'caller_request' | 'no_personal_data';
  consent_id: string | null;
  override_reason_enc: string | null;
  status: 'sent' | 'accepted' | 'declined' | 'in_progress' | 'completed' | 'revoked' | 'expired';
  decline_reason_enc: string | null;
  outcome: string | null;
  feedback_enc: string | null;
  receiver_user_id: string | null;
  receiver_case_id: string | null;
  procedure_run_id: string | null;
  answer_due_at: Timestamp;
  warned_at: Date | null;
  sent_at: Timestamp;
  answered_at: Date | null;
  closed_at: Date | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ReferralEventsTable {
  id: BigId;
  referral_id: string;
  kind: 'status' | 'message' | 'access_ended';
  from_status: string | null;
  to_status: string | null;
  note_enc: string | null;
  org_id: string | null;
  user_id: string | null;
  at: Timestamp;
}

// --- case transfers (migration 0016) -----------------------------------------------------------

export interface CaseTransfersTable {
  id: Generated<string>;
  case_id: string;
  from_org_id: string;
  to_org_id: string;
  reason: 'safety' | 'change_of_location' | 'specialised_programme' | 'other';
  reason_enc: string;
  consent_basis: 'consent' | 'guardian_consent' | 'override';
  consent_id: string | null;
  override_reason_enc: string | null;
  status: 'requested' | 'accepted' | 'declined' | 'withdrawn';
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note_enc: string | null;
  new_case_worker_id: string | null;
}

// --- hotline (migration 0012) ------------------------------------------------------------------

export interface HotlineCallsTable {
  id: Generated<string>;
  code: string;
  hotline_org_id: string;
  operator_user_id: string;
  received_at: Timestamp;
  duration_seconds: number | null;
  language: string;
  caller_type: 'potential_victim' | 'relative_or_friend' | 'citizen' | 'law_enforcement' | 'service_or_ngo' | 'other';
  province: string;
  municipality: string | null;
  exploitation_types: ColumnType<string[], string[] | undefined, string[]>;
  urgency: 'routine' | 'urgent' | 'emergency';
  anonymous: boolean;
  caller_enc: string | null;
  summary_enc: string | null;
  outcome: 'information_given' | 'routed' | 'emergency_112' | 'no_further_action' | 'silent_or_hoax';
  proposed_org_id: string | null;
  routed_org_id: string | null;
  routing_rule: 'roster' | 'province' | 'fallback' | 'override' | null;
  routing_override_reason_enc: string | null;
  referral_id: string | null;
  /** The person the call is about, coarse values, NULL when not recorded (migration 0035). */
  subject_sex: ColumnType<'female' | 'male' | 'transgender' | 'other_unknown' | null, string | null | undefined, string | null>;
  subject_age: ColumnType<'under_18' | 'adult' | 'unknown' | null, string | null | undefined, string | null>;
  subject_nationality: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface HotlineRosterTable {
  id: Generated<string>;
  hotline_org_id: string;
  org_id: string;
  all_provinces: Generated<boolean>;
  provinces: ColumnType<string[], string[] | undefined, string[]>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}
// --- public pages (migration 0015) -------------------------------------------------------------

export interface PublicPagesTable {
  id: Generated<string>;
  slug: string;
  kind: 'home' | 'help' | 'project' | 'page';
  project_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PublicPageVersionsTable {
  id: Generated<string>;
  page_id: string;
  lang: 'it' | 'en' | 'fr' | 'es' | 'ro' | 'sq' | 'ar' | 'zh';
  version: number;
  title: string;
  body_md: string;
  restored_from: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface PublicPagePublicationsTable {
  page_id: string;
  lang: 'it' | 'en' | 'fr' | 'es' | 'ro' | 'sq' | 'ar' | 'zh';
  version_id: string;
  published_by: string;
  published_at: Timestamp;
}

// --- standard operating procedures (migration 0011) --------------------------------------------

export interface ProceduresTable {
  id: Generated<string>;
  key: string;
  version: number;
  definition: Json;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ProcedureRunsTable {
  id: Generated<string>;
  procedure_id: string;
  procedure_key: string;
  procedure_version: number;
  subject_type: 'referral' | 'case' | 'hotline_call';
  subject_id: string;
  org_ids: ColumnType<string[], string[], string[]>;
  current_step: string;
  status: 'open' | 'completed' | 'cancelled';
  started_by: string | null;
  started_at: Timestamp;
  completed_at: Date | null;
  closed_outcome: string | null;
}

export interface ProcedureRunStepsTable {
  id: Generated<string>;
  run_id: string;
  position: number;
  step_key: string;
  acting_org_id: string | null;
  entered_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  warned_at: Date | null;
  overdue_notified_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  note_enc: string | null;
}

// --- accommodation (migration 0013) ------------------------------------------------------------

export interface FacilitiesTable {
  id: Generated<string>;
  org_id: string;
  facility_type: string;
  name: string;
  address_enc: string | null;
  province: string;
  municipality: string | null;
  target_groups: ColumnType<string[], string[] | undefined, string[]>;
  is_active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface FacilityBedsTable {
  id: Generated<string>;
  facility_id: string;
  label: string;
  kind: string;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PlacementsTable {
  id: Generated<string>;
  bed_id: string;
  person_id: string;
  case_id: string | null;
  starts_on: DateString;
  ends_on: DateString | null;
  leaving_reason: string | null;
  note_enc: string | null;
  placed_by: string | null;
  ended_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccommodationWaitlistTable {
  id: Generated<string>;
  org_id: string;
  facility_id: string | null;
  facility_type: string | null;
  person_id: string;
  case_id: string | null;
  priority: number;
  requested_on: DateString;
  needs: ColumnType<string[], string[] | undefined, string[]>;
  note_enc: string | null;
  status: Generated<'waiting' | 'placed' | 'withdrawn'>;
  placement_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

// --- residence permits, minors, criminal proceedings (migration 0014) ----------------------------

export type PermitStatusColumn = 'prepared' | 'submitted' | 'issued' | 'refused' | 'renewal_requested' | 'renewed' | 'converted' | 'expired' | 'revoked';

export interface PermitsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  org_id: string;
  permit_type: string;
  proposer_kind: 'body' | 'social_services' | 'prosecutor' | null;
  proposer_org_id: string | null;
  questura_org_id: string | null;
  status: PermitStatusColumn;
  requested_on: DateString;
  submitted_on: DateString | null;
  issued_on: DateString | null;
  refused_on: DateString | null;
  renewal_requested_on: DateString | null;
  renewed_on: DateString | null;
  converted_on: DateString | null;
  converted_to: 'work' | 'study' | null;
  expired_on: DateString | null;
  revoked_on: DateString | null;
  expires_on: DateString | null;
  permit_number_enc: string | null;
  note_enc: string | null;
  renewal_reminded_for: DateString | null;
  expiry_handled_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PermitEventsTable {
  id: BigId;
  permit_id: string;
  from_status: PermitStatusColumn | null;
  to_status: PermitStatusColumn;
  step_on: DateString;
  expires_on: DateString | null;
  user_id: string | null;
  note_enc: string | null;
  at: Timestamp;
}

export interface CaseMinorTable {
  case_id: string;
  age_assessment_outcome: 'minor' | 'adult' | 'inconclusive' | null;
  age_assessment_outcome_on: DateString | null;
  continues_past_18: Generated<boolean>;
  continues_until: DateString | null;
  majority_warned_at: Date | null;
  majority_alerted_at: Date | null;
  updated_at: Timestamp;
}

export interface CriminalProceedingsTable {
  case_id: string;
  complaint_filed: Generated<boolean>;
  complaint_on: DateString | null;
  prosecutor_org_id: string | null;
  person_role: 'witness' | 'injured_party' | 'civil_party' | null;
  protection_measures_enc: string | null;
  note_enc: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CriminalHearingsTable {
  id: Generated<string>;
  case_id: string;
  held_on: DateString;
  kind: 'preliminary' | 'incidente_probatorio' | 'trial' | 'appeal' | 'other';
  note_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}
