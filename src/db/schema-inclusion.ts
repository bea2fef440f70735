/**
 * Table types added by migration 0017_inclusion.sql. The main DB interface (schema.ts) extends InclusionDB,
 * so each capability keeps its tables in its own file.
 */
import type { ColumnType, Generated } from 'kysely';

type DateString = ColumnType<string, string, string>;
type Decimal = ColumnType<string, string | number, string | number>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Codes = ColumnType<string[], string[] | undefined, string[]>;

export type CourseKindColumn = 'language' | 'it' | 'vocational' | 'other';
export type EnrolmentOutcomeColumn = 'completed' | 'dropped_out' | 'certificate';
export type AttendanceColumn = 'present' | 'absent' | 'excused';
export type InternshipOutcomeColumn = 'completed' | 'interrupted' | 'hired';
export type ContractTypeColumn = 'permanent' | 'fixed_term' | 'apprenticeship' | 'agency' | 'seasonal' | 'domestic' | 'other';
export type PlacementOutcomeColumn = 'ongoing' | 'ended' | 'renewed' | 'made_permanent' | 'resigned' | 'dismissed';
export type HousingKindColumn = 'rented_alone' | 'rented_shared' | 'with_family' | 'other';
export type ReturnStatusColumn = 'requested' | 'approved' | 'departed' | 'cancelled';

export interface CoursesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  kind: CourseKindColumn;
  provider_name_enc: string | null;
  place: string | null;
  starts_on: DateString;
  ends_on: DateString | null;
  planned_hours: Decimal | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CourseSessionsTable {
  id: Generated<string>;
  course_id: string;
  held_on: DateString;
  hours: Decimal;
  created_at: CreatedAt;
}

export interface CourseEnrolmentsTable {
  id: Generated<string>;
  course_id: string;
  case_id: string;
  enrolled_on: DateString;
  outcome: EnrolmentOutcomeColumn | null;
  outcome_on: DateString | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CourseAttendanceTable {
  course_id: string;
  session_id: string;
  enrolment_id: string;
  status: AttendanceColumn;
  marked_by: string | null;
  marked_at: Timestamp;
}

export interface InclusionInternshipsTable {
  id: Generated<string>;
  case_id: string;
  org_id: string;
  employer_name_enc: string;
  sector: string | null;
  tutor_name_enc: string | null;
  hours_per_week: Decimal | null;
  monthly_stipend: Decimal | null;
  starts_on: DateString;
  ends_on: DateString | null;
  outcome: InternshipOutcomeColumn | null;
  outcome_reason_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface InclusionJobPlacementsTable {
  id: Generated<string>;
  case_id: string;
  org_id: string;
  employer_name_enc: string;
  sector: string | null;
  contract_type: ContractTypeColumn;
  hours_per_week: Decimal | null;
  starts_on: DateString;
  ends_on: DateString | null;
  outcome: PlacementOutcomeColumn | null;
  note_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface InclusionHousingTable {
  id: Generated<string>;
  case_id: string;
  org_id: string;
  moved_on: DateString;
  kind: HousingKindColumn;
  support: Codes;
  note_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface VoluntaryReturnsTable {
  id: Generated<string>;
  case_id: string;
  org_id: string;
  country: string;
  partner_name_enc: string | null;
  status: ReturnStatusColumn;
  planned_on: DateString | null;
  departed_on: DateString | null;
  support: Codes;
  support_note_enc: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface InclusionDB {
  courses: CoursesTable;
  course_sessions: CourseSessionsTable;
  course_enrolments: CourseEnrolmentsTable;
  course_attendance: CourseAttendanceTable;
  inclusion_internships: InclusionInternshipsTable;
  inclusion_job_placements: InclusionJobPlacementsTable;
  inclusion_housing: InclusionHousingTable;
  voluntary_returns: VoluntaryReturnsTable;
}
