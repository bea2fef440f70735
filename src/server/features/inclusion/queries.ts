/** SQL of the inclusion feature. Rows come back as stored (encrypted columns still encrypted). */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type {
  CourseAttendanceTable,
  CourseEnrolmentsTable,
  CourseSessionsTable,
  CoursesTable,
  InclusionHousingTable,
  InclusionInternshipsTable,
  InclusionJobPlacementsTable,
  VoluntaryReturnsTable,
} from '../../../db/schema-inclusion.ts';
import { caseVisibleTo, type ScopeActor } from '../persons/scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type CourseRow = Selectable<CoursesTable>;
export type SessionRow = Selectable<CourseSessionsTable>;
export type EnrolmentRow = Selectable<CourseEnrolmentsTable> & { case_code: string };
export type AttendanceRow = Selectable<CourseAttendanceTable>;
export type InternshipRow = Selectable<InclusionInternshipsTable>;
export type PlacementRow = Selectable<InclusionJobPlacementsTable>;
export type HousingRow = Selectable<InclusionHousingTable>;
export type ReturnRow = Selectable<VoluntaryReturnsTable>;

/** The tables of records that hang off a case (each has id, case_id and version). */
export type CaseRecordTable = 'inclusion_internships' | 'inclusion_job_placements' | 'inclusion_housing' | 'voluntary_returns';

// --- courses ----------------------------------------------------------------------------------

export async function findCourse(db: Db, courseId: string, orgId: string, forUpdate = false): Promise<CourseRow | undefined> {
  const q = db.selectFrom('courses').selectAll().where('id', '=', courseId).where('org_id', '=', orgId);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export interface CourseListRow extends CourseRow {
  /** count(*): bigint, read as a string. */
  sessions: string | number | null;
  enrolments: string | number | null;
}

export async function listCourses(db: Db, orgId: string): Promise<CourseListRow[]> {
  return db
    .selectFrom('courses')
    .selectAll('courses')
    .select((eb) => [
      eb.selectFrom('course_sessions').select(eb.fn.countAll<string>().as('n')).whereRef('course_sessions.course_id', '=', 'courses.id').as('sessions'),
      eb.selectFrom('course_enrolments').select(eb.fn.countAll<string>().as('n')).whereRef('course_enrolments.course_id', '=', 'courses.id').as('enrolments'),
    ])
    .where('courses.org_id', '=', orgId)
    .orderBy('courses.starts_on', 'desc')
    .orderBy('courses.created_at', 'desc')
    .execute();
}

export async function listSessions(db: Db, courseId: string): Promise<SessionRow[]> {
  return db.selectFrom('course_sessions').selectAll().where('course_id', '=', courseId).orderBy('held_on').orderBy('created_at').execute();
}

/** Enrolments of the course whose case the caller sees, and how many others there are. */
export async function listVisibleEnrolments(db: Db, courseId: string, actor: ScopeActor): Promise<{ rows: EnrolmentRow[]; hidden: number }> {
  const rows = await db
    .selectFrom('course_enrolments')
    .innerJoin('cases', 'cases.id', 'course_enrolments.case_id')
    .selectAll('course_enrolments')
    .select('cases.code as case_code')
    .where('course_enrolments.course_id', '=', courseId)
    .where((eb) => caseVisibleTo(eb, actor))
    .orderBy('cases.code')
    .execute();
  const all = await db.selectFrom('course_enrolments').select((eb) => eb.fn.countAll<string>().as('n')).where('course_id', '=', courseId).executeTakeFirstOrThrow();
  return { rows, hidden: Number(all.n) - rows.length };
}

export async function findEnrolment(db: Db, courseId: string, enrolmentId: string, actor: ScopeActor): Promise<EnrolmentRow | undefined> {
  return db
    .selectFrom('course_enrolments')
    .innerJoin('cases', 'cases.id', 'course_enrolments.case_id')
    .selectAll('course_enrolments')
    .select('cases.code as case_code')
    .where('course_enrolments.id', '=', enrolmentId)
    .where('course_enrolments.course_id', '=', courseId)
    .where((eb) => caseVisibleTo(eb, actor))
    .executeTakeFirst();
}

export async function listAttendance(db: Db, enrolmentIds: readonly string[]): Promise<AttendanceRow[]> {
  if (enrolmentIds.length === 0) return [];
  return db.selectFrom('course_attendance').selectAll().where('enrolment_id', 'in', [...enrolmentIds]).execute();
}

/** A case the caller sees, by id or by code. */
export async function findVisibleCaseBy(db: Db, by: { id?: string | undefined; code?: string | undefined }, actor: ScopeActor): Promise<{ id: string; code: string } | undefined> {
  let q = db.selectFrom('cases').select(['cases.id', 'cases.code']).where((eb) => caseVisibleTo(eb, actor));
  if (by.id) q = q.where('cases.id', '=', by.id);
  else if (by.code) q = q.where('cases.code', '=', by.code);
  else return undefined;
  return q.executeTakeFirst();
}

/** The enrolments of a case, with their course and attendance counts. */
export async function listCaseEnrolments(db: Db, caseId: string) {
  return db
    .selectFrom('course_enrolments')
    .innerJoin('courses', 'courses.id', 'course_enrolments.course_id')
    .selectAll('course_enrolments')
    .select(['courses.title as course_title', 'courses.kind as course_kind', 'courses.starts_on as course_starts_on', 'courses.ends_on as course_ends_on'])
    .select((eb) => [
      eb.selectFrom('course_sessions').select(eb.fn.countAll<string>().as('n')).whereRef('course_sessions.course_id', '=', 'courses.id').as('sessions'),
      eb.selectFrom('course_attendance').select(eb.fn.countAll<string>().as('n')).whereRef('course_attendance.enrolment_id', '=', 'course_enrolments.id').where('course_attendance.status', '=', 'present').as('present'),
      eb.selectFrom('course_attendance').select(eb.fn.countAll<string>().as('n')).whereRef('course_attendance.enrolment_id', '=', 'course_enrolments.id').where('course_attendance.status', '=', 'absent').as('absent'),
      eb.selectFrom('course_attendance').select(eb.fn.countAll<string>().as('n')).whereRef('course_attendance.enrolment_id', '=', 'course_enrolments.id').where('course_attendance.status', '=', 'excused').as('excused'),
    ])
    .where('course_enrolments.case_id', '=', caseId)
    .orderBy('courses.starts_on', 'desc')
    .execute();
}

// --- records of a case -------------------------------------------------------------------------

/** A record of a case if the caller sees its case (scope.ts), else undefined. */
export async function findVisibleRecord(db: Db, table: CaseRecordTable, id: string, actor: ScopeActor): Promise<{ id: string; case_id: string } | undefined> {
  const t = table as 'inclusion_internships';
  return db
    .selectFrom(t)
    .innerJoin('cases', 'cases.id', `${t}.case_id`)
    .select([`${t}.id as id`, `${t}.case_id as case_id`])
    .where(`${t}.id`, '=', id)
    .where((eb) => caseVisibleTo(eb, actor))
    .executeTakeFirst();
}

// --- the board ---------------------------------------------------------------------------------

export interface SummaryCounts {
  courses: number;
  coursesRunning: number;
  enrolments: number;
  enrolmentsActive: number;
  enrolmentOutcomes: Record<string, number>;
  attendance: Record<string, number>;
  internshipsActive: number;
  internshipOutcomes: Record<string, number>;
  placementsActive: number;
  placementsByContract: Record<string, number>;
  housingMoves: number;
  returnsByStatus: Record<string, number>;
}

function groupCounts(rows: ReadonlyArray<{ k: string | null; n: string | number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.k !== null) out[r.k] = Number(r.n);
  return out;
}

/** Counts only, for one organisation (orgId) or the whole network (orgId undefined). */
export async function summaryCounts(db: Db, options: { orgId?: string | undefined; today: string }): Promise<SummaryCounts> {
  const { orgId, today } = options;
  const org = orgId ? sql`org_id = ${orgId}` : sql`true`;
  const one = async (q: ReturnType<typeof sql<{ n: string }>>): Promise<number> => Number((await q.execute(db)).rows[0]?.n ?? 0);
  const group = async (q: ReturnType<typeof sql<{ k: string | null; n: string }>>): Promise<Record<string, number>> => groupCounts((await q.execute(db)).rows);
  const courseOrg = orgId ? sql`c.org_id = ${orgId}` : sql`true`;
  return {
    courses: await one(sql<{ n: string }>`select count(*) as n from courses where ${org}`),
    coursesRunning: await one(sql<{ n: string }>`select count(*) as n from courses where ${org} and starts_on <= ${today} and (ends_on is null or ends_on >= ${today})`),
    enrolments: await one(sql<{ n: string }>`select count(*) as n from course_enrolments e join courses c on c.id = e.course_id where ${courseOrg}`),
    enrolmentsActive: await one(sql<{ n: string }>`select count(*) as n from course_enrolments e join courses c on c.id = e.course_id where ${courseOrg} and e.outcome is null`),
    enrolmentOutcomes: await group(sql<{ k: string | null; n: string }>`select e.outcome as k, count(*) as n from course_enrolments e join courses c on c.id = e.course_id where ${courseOrg} group by e.outcome`),
    attendance: await group(sql<{ k: string | null; n: string }>`select a.status as k, count(*) as n from course_attendance a join courses c on c.id = a.course_id where ${courseOrg} group by a.status`),
    internshipsActive: await one(
      sql<{ n: string }>`select count(*) as n from inclusion_internships where ${org} and outcome is null and starts_on <= ${today} and (ends_on is null or ends_on >= ${today})`,
    ),
    internshipOutcomes: await group(sql<{ k: string | null; n: string }>`select outcome as k, count(*) as n from inclusion_internships where ${org} group by outcome`),
    placementsActive: await one(
      sql<{ n: string }>`select count(*) as n from inclusion_job_placements where ${org} and (outcome is null or outcome in ('ongoing', 'renewed', 'made_permanent')) and starts_on <= ${today} and (ends_on is null or ends_on >= ${today})`,
    ),
    placementsByContract: await group(sql<{ k: string | null; n: string }>`select contract_type as k, count(*) as n from inclusion_job_placements where ${org} group by contract_type`),
    housingMoves: await one(sql<{ n: string }>`select count(*) as n from inclusion_housing where ${org}`),
    returnsByStatus: await group(sql<{ k: string | null; n: string }>`select status as k, count(*) as n from voluntary_returns where ${org} group by status`),
  };
}

export async function organisationName(db: Db, orgId: string): Promise<string | undefined> {
  return (await db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst())?.name;
}
