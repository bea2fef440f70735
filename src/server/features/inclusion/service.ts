/**
 * Rules of social inclusion (domain.md §2, the inclusion phase): courses with sessions, enrolments
 * and attendance; internships, job placements, housing autonomy and assisted voluntary return on a
 * case; the inclusion board.
 *
 * Who:
 * - Records of a case: read with cases.read and the case visible to the caller (persons/scope.ts),
 *   written with inclusion.write and the case visible. Anything else answers 404.
 * - Courses belong to their organisation: listed and read by its users holding cases.read,
 *   created and edited (sessions, enrolments, outcomes, attendance) with inclusion.write. A course
 *   shows only the enrolments whose case the caller sees (and how many others there are); a case
 *   is enrolled only if the caller sees it. Another organisation's course answers 404.
 * - The board: counts only. Holders of cases.read see their organisation; holders of
 *   stats.aggregate as well (coordinators) the network or any one organisation, with small cells
 *   protected unless it is their own organisation. Its existence is no secret: others get 403.
 *
 * Every read and write is audited in the same transaction, with field names, never values;
 * refusals are audited as denied and change nothing. Updates carry the version read (409 when
 * stale). Employer, tutor, provider and partner names and free text are encrypted, bound to their
 * row.
 */
import { randomUUID } from 'node:crypto';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { PonteError, conflictError, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import type { Permission } from '../../../domain/permissions.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { protectInclusion, type ProtectedInclusionCounts } from '../../../domain/protection/boards.ts';
import {
  attendanceRate,
  canMoveReturn,
  inclusionMessages,
  type AttendanceStatus,
  type ContractType,
  type CourseKind,
  type EnrolmentOutcome,
  type HousingKind,
  type HousingSupport,
  type InternshipOutcome,
  type IsicSection,
  type PlacementOutcome,
  type ReintegrationSupport,
  type ReturnStatus,
} from '../../../domain/inclusion/index.ts';
import type { ScopeActor } from '../persons/scope.ts';
import { findVisibleCase } from '../case-records/queries.ts';
import { inclusionColumns } from './encrypted.ts';
import * as q from './queries.ts';
import type {
  AttendancePut,
  CourseCreate,
  CourseUpdate,
  EnrolmentCreate,
  EnrolmentUpdate,
  HousingCreate,
  HousingUpdate,
  InternshipCreate,
  InternshipUpdate,
  PlacementCreate,
  PlacementUpdate,
  ReturnCreate,
  ReturnUpdate,
  SessionCreate,
} from './schemas.ts';

export interface InclusionDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

type Column = { table: string; column: string };
type Localized = { it: string; en: string };

/** Thrown inside the transaction when a record is out of the caller's reach; becomes an audited 404. */
class OutOfReach extends Error {}

const iso = (d: Date | string): string => new Date(d).toISOString();
const changedFields = (input: object): string[] => Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'version').map(([k]) => k).sort();
/** A value given in the input (null included) wins over the stored one. */
const pick = <T>(given: T | undefined, stored: T): T => (given !== undefined ? given : stored);

function scopeOf(access: DataAccess): ScopeActor | undefined {
  const actor = access.requireActor();
  if (!actor.orgId) return undefined;
  return { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions };
}

/** Checks the permissions, runs `work` in a transaction, and turns OutOfReach (and a not-found inside) into an audited 404. */
async function guarded<T>(
  deps: { access: DataAccess },
  options: { permissions: readonly Permission[]; action: AuditAction; recordType: string; recordId?: string },
  work: (tx: ScopedTx, scope: ScopeActor) => Promise<T>,
): Promise<T> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: options.recordType, ...(options.recordId ? { recordId: options.recordId } : {}) };
  const missing = options.permissions.find((p) => !actor.permissions.has(p));
  const scope = scopeOf(access);
  if (missing || !scope) {
    await access.auditDenied({ ...entry, details: { missing: missing ?? 'organisation' } });
    throw notFound(`missing ${missing ?? 'organisation'}`);
  }
  try {
    return await access.transaction((tx) => work(tx, scope));
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    if (e instanceof PonteError && e.code === 'not_found') await access.auditDenied({ ...entry, details: { reason: e.detail ?? 'not_found' } });
    throw e;
  }
}

async function seal(deps: { cipher: FieldCipher }, tx: ScopedTx, column: Column, rowId: string, plaintext: string | null | undefined): Promise<string | null> {
  if (!plaintext) return null;
  return deps.cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

async function open(deps: { cipher: FieldCipher }, tx: ScopedTx, column: Column, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return deps.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

function invalid(deps: { access: DataAccess }, path: string, message: Localized): PonteError {
  return fieldError({ locale: deps.access.meta.locale, path, message });
}

const stale = (what: Localized): PonteError =>
  conflictError({ it: `${what.it} è stato modificato nel frattempo: ricarica e riprova.`, en: `${what.en} was changed meanwhile: reload and try again.`, detail: 'stale version' });

async function visibleCase(tx: ScopedTx, caseId: string, scope: ScopeActor): Promise<{ id: string; orgId: string }> {
  const c = await findVisibleCase(tx.db, caseId, scope);
  if (!c) throw new OutOfReach('case not visible');
  return c;
}

function checkOrder(deps: { access: DataAccess }, startsOn: string | null, endsOn: string | null): void {
  if (startsOn && endsOn && endsOn < startsOn) throw invalid(deps, 'endsOn', inclusionMessages.endsBeforeStart);
}

// =============================================================================================
// DTOs

export interface InternshipDto {
  id: string; caseId: string; employerName: string; sector: IsicSection | null; tutorName: string | null; hoursPerWeek: string | null;
  monthlyStipend: string | null; startsOn: string; endsOn: string | null; outcome: InternshipOutcome | null; outcomeReason: string | null;
  createdAt: string; updatedAt: string; version: number;
}
export interface PlacementDto {
  id: string; caseId: string; employerName: string; sector: IsicSection | null; contractType: ContractType; hoursPerWeek: string | null;
  startsOn: string; endsOn: string | null; outcome: PlacementOutcome | null; note: string | null; createdAt: string; updatedAt: string; version: number;
}
export interface HousingDto {
  id: string; caseId: string; movedOn: string; kind: HousingKind; support: HousingSupport[]; note: string | null; createdAt: string; updatedAt: string; version: number;
}
export interface ReturnDto {
  id: string; caseId: string; country: string; partnerName: string | null; status: ReturnStatus; plannedOn: string | null; departedOn: string | null;
  support: ReintegrationSupport[]; supportNote: string | null; createdAt: string; updatedAt: string; version: number;
}
export interface CaseEnrolmentDto {
  id: string; courseId: string; courseTitle: string; courseKind: CourseKind; courseStartsOn: string; courseEndsOn: string | null;
  enrolledOn: string; outcome: EnrolmentOutcome | null; outcomeOn: string | null; sessions: number; present: number; absent: number; excused: number;
  attendanceRate: number | null; version: number;
}
export interface CaseInclusionDto {
  caseId: string;
  enrolments: CaseEnrolmentDto[];
  internships: InternshipDto[];
  placements: PlacementDto[];
  housing: HousingDto[];
  returns: ReturnDto[];
}

const dates = (r: { created_at: Date; updated_at: Date; version: number }) => ({ createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), version: r.version });

async function internshipDto(deps: InclusionDeps, tx: ScopedTx, r: q.InternshipRow): Promise<InternshipDto> {
  return {
    id: r.id, caseId: r.case_id,
    employerName: (await open(deps, tx, inclusionColumns.internshipEmployer, r.id, r.employer_name_enc)) ?? '',
    sector: r.sector as IsicSection | null,
    tutorName: await open(deps, tx, inclusionColumns.internshipTutor, r.id, r.tutor_name_enc),
    hoursPerWeek: r.hours_per_week, monthlyStipend: r.monthly_stipend, startsOn: r.starts_on, endsOn: r.ends_on, outcome: r.outcome,
    outcomeReason: await open(deps, tx, inclusionColumns.internshipReason, r.id, r.outcome_reason_enc),
    ...dates(r),
  };
}
async function placementDto(deps: InclusionDeps, tx: ScopedTx, r: q.PlacementRow): Promise<PlacementDto> {
  return {
    id: r.id, caseId: r.case_id,
    employerName: (await open(deps, tx, inclusionColumns.placementEmployer, r.id, r.employer_name_enc)) ?? '',
    sector: r.sector as IsicSection | null, contractType: r.contract_type, hoursPerWeek: r.hours_per_week, startsOn: r.starts_on, endsOn: r.ends_on,
    outcome: r.outcome, note: await open(deps, tx, inclusionColumns.placementNote, r.id, r.note_enc),
    ...dates(r),
  };
}
async function housingDto(deps: InclusionDeps, tx: ScopedTx, r: q.HousingRow): Promise<HousingDto> {
  return {
    id: r.id, caseId: r.case_id, movedOn: r.moved_on, kind: r.kind, support: r.support as HousingSupport[],
    note: await open(deps, tx, inclusionColumns.housingNote, r.id, r.note_enc), ...dates(r),
  };
}
async function returnDto(deps: InclusionDeps, tx: ScopedTx, r: q.ReturnRow): Promise<ReturnDto> {
  return {
    id: r.id, caseId: r.case_id, country: r.country, partnerName: await open(deps, tx, inclusionColumns.returnPartner, r.id, r.partner_name_enc),
    status: r.status, plannedOn: r.planned_on, departedOn: r.departed_on, support: r.support as ReintegrationSupport[],
    supportNote: await open(deps, tx, inclusionColumns.returnNote, r.id, r.support_note_enc), ...dates(r),
  };
}

const caseReadFields = ['enrolments', 'attendance', 'internships', 'placements', 'housing', 'returns'];

// =============================================================================================
// The inclusion of a case

export async function getCaseInclusion(deps: InclusionDeps & { caseId: string }): Promise<CaseInclusionDto> {
  return guarded(deps, { permissions: ['cases.read'], action: 'inclusion.read', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const enrolments = (await q.listCaseEnrolments(tx.db, c.id)).map((e): CaseEnrolmentDto => {
      const present = Number(e.present ?? 0);
      const absent = Number(e.absent ?? 0);
      const excused = Number(e.excused ?? 0);
      const marks: AttendanceStatus[] = [...Array<AttendanceStatus>(present).fill('present'), ...Array<AttendanceStatus>(absent).fill('absent')];
      return {
        id: e.id, courseId: e.course_id, courseTitle: e.course_title, courseKind: e.course_kind, courseStartsOn: e.course_starts_on, courseEndsOn: e.course_ends_on,
        enrolledOn: e.enrolled_on, outcome: e.outcome, outcomeOn: e.outcome_on, sessions: Number(e.sessions ?? 0), present, absent, excused,
        attendanceRate: attendanceRate(marks), version: e.version,
      };
    });
    const internships = await Promise.all(
      (await tx.db.selectFrom('inclusion_internships').selectAll().where('case_id', '=', c.id).orderBy('starts_on', 'desc').execute()).map((r) => internshipDto(deps, tx, r)),
    );
    const placements = await Promise.all(
      (await tx.db.selectFrom('inclusion_job_placements').selectAll().where('case_id', '=', c.id).orderBy('starts_on', 'desc').execute()).map((r) => placementDto(deps, tx, r)),
    );
    const housing = await Promise.all((await tx.db.selectFrom('inclusion_housing').selectAll().where('case_id', '=', c.id).orderBy('moved_on', 'desc').execute()).map((r) => housingDto(deps, tx, r)));
    const returns = await Promise.all((await tx.db.selectFrom('voluntary_returns').selectAll().where('case_id', '=', c.id).orderBy('created_at', 'desc').execute()).map((r) => returnDto(deps, tx, r)));
    await tx.audit({
      action: 'inclusion.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: caseReadFields,
      details: { enrolments: enrolments.length, internships: internships.length, placements: placements.length, housing: housing.length, returns: returns.length },
    });
    return { caseId: c.id, enrolments, internships, placements, housing, returns };
  });
}

/** Finds a record of a case within the caller's reach, locks it and checks the version. */
async function lockRecord<T extends { version: number; case_id: string }>(tx: ScopedTx, scope: ScopeActor, table: q.CaseRecordTable, id: string, version: number, what: Localized): Promise<T> {
  if (!(await q.findVisibleRecord(tx.db, table, id, scope))) throw new OutOfReach('record not visible');
  const row = (await tx.db.selectFrom(table as 'inclusion_internships').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as T | undefined;
  if (!row) throw notFound(table);
  if (row.version !== version) throw stale(what);
  return row;
}

async function writeAudit(tx: ScopedTx, recordType: string, recordId: string, caseId: string, input: object, op: 'create' | 'update'): Promise<void> {
  await tx.audit({ action: 'inclusion.write', outcome: 'success', recordType, recordId, fields: changedFields(input), details: { caseId, op } });
}

// --- internships -----------------------------------------------------------------------------

const internshipWhat = { it: 'Il tirocinio', en: 'The internship' };

function checkInternshipOutcome(deps: InclusionDeps, outcome: InternshipOutcome | null, reason: string | null | undefined): void {
  if (reason && outcome !== 'interrupted') throw invalid(deps, 'outcomeReason', inclusionMessages.reasonOnlyWhenInterrupted);
  if (outcome === 'interrupted' && !reason) throw invalid(deps, 'outcomeReason', inclusionMessages.reasonRequired);
}

export async function createInternship(deps: InclusionDeps & { caseId: string; input: InternshipCreate }): Promise<InternshipDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    checkInternshipOutcome(deps, input.outcome ?? null, input.outcomeReason);
    const id = randomUUID();
    const row = await tx.db
      .insertInto('inclusion_internships')
      .values({
        id, case_id: c.id, org_id: scope.orgId,
        employer_name_enc: (await seal(deps, tx, inclusionColumns.internshipEmployer, id, input.employerName)) ?? '',
        sector: input.sector ?? null,
        tutor_name_enc: await seal(deps, tx, inclusionColumns.internshipTutor, id, input.tutorName),
        hours_per_week: input.hoursPerWeek ?? null, monthly_stipend: input.monthlyStipend ?? null,
        starts_on: input.startsOn, ends_on: input.endsOn ?? null, outcome: input.outcome ?? null,
        outcome_reason_enc: await seal(deps, tx, inclusionColumns.internshipReason, id, input.outcomeReason),
        created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, 'internship', id, c.id, input, 'create');
    return internshipDto(deps, tx, row);
  });
}

export async function updateInternship(deps: InclusionDeps & { id: string; input: InternshipUpdate }): Promise<InternshipDto> {
  const { input, id } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'internship', recordId: id }, async (tx, scope) => {
    const row = await lockRecord<q.InternshipRow>(tx, scope, 'inclusion_internships', id, input.version, internshipWhat);
    checkOrder(deps, pick(input.startsOn, row.starts_on), pick(input.endsOn, row.ends_on));
    const outcome = pick(input.outcome, row.outcome);
    const reason = input.outcomeReason !== undefined ? input.outcomeReason : outcome === 'interrupted' && row.outcome_reason_enc ? 'kept' : null;
    checkInternshipOutcome(deps, outcome, reason);
    const clearReason = outcome !== 'interrupted' && row.outcome_reason_enc !== null;
    const updated = await tx.db
      .updateTable('inclusion_internships')
      .set({
        ...(input.employerName !== undefined ? { employer_name_enc: (await seal(deps, tx, inclusionColumns.internshipEmployer, id, input.employerName)) ?? '' } : {}),
        ...(input.sector !== undefined ? { sector: input.sector } : {}),
        ...(input.tutorName !== undefined ? { tutor_name_enc: await seal(deps, tx, inclusionColumns.internshipTutor, id, input.tutorName) } : {}),
        ...(input.hoursPerWeek !== undefined ? { hours_per_week: input.hoursPerWeek } : {}),
        ...(input.monthlyStipend !== undefined ? { monthly_stipend: input.monthlyStipend } : {}),
        ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
        ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
        ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
        ...(input.outcomeReason !== undefined ? { outcome_reason_enc: await seal(deps, tx, inclusionColumns.internshipReason, id, input.outcomeReason) } : {}),
        ...(clearReason && input.outcomeReason === undefined ? { outcome_reason_enc: null } : {}),
        updated_at: tx.now,
        version: row.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw stale(internshipWhat);
    await writeAudit(tx, 'internship', id, row.case_id, input, 'update');
    return internshipDto(deps, tx, updated);
  });
}

// --- job placements ----------------------------------------------------------------------------

const placementWhat = { it: 'L’inserimento lavorativo', en: 'The job placement' };

export async function createPlacement(deps: InclusionDeps & { caseId: string; input: PlacementCreate }): Promise<PlacementDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const id = randomUUID();
    const row = await tx.db
      .insertInto('inclusion_job_placements')
      .values({
        id, case_id: c.id, org_id: scope.orgId,
        employer_name_enc: (await seal(deps, tx, inclusionColumns.placementEmployer, id, input.employerName)) ?? '',
        sector: input.sector ?? null, contract_type: input.contractType, hours_per_week: input.hoursPerWeek ?? null,
        starts_on: input.startsOn, ends_on: input.endsOn ?? null, outcome: input.outcome ?? null,
        note_enc: await seal(deps, tx, inclusionColumns.placementNote, id, input.note),
        created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, 'job_placement', id, c.id, input, 'create');
    return placementDto(deps, tx, row);
  });
}

export async function updatePlacement(deps: InclusionDeps & { id: string; input: PlacementUpdate }): Promise<PlacementDto> {
  const { input, id } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'job_placement', recordId: id }, async (tx, scope) => {
    const row = await lockRecord<q.PlacementRow>(tx, scope, 'inclusion_job_placements', id, input.version, placementWhat);
    checkOrder(deps, pick(input.startsOn, row.starts_on), pick(input.endsOn, row.ends_on));
    const updated = await tx.db
      .updateTable('inclusion_job_placements')
      .set({
        ...(input.employerName !== undefined ? { employer_name_enc: (await seal(deps, tx, inclusionColumns.placementEmployer, id, input.employerName)) ?? '' } : {}),
        ...(input.sector !== undefined ? { sector: input.sector } : {}),
        ...(input.contractType !== undefined ? { contract_type: input.contractType } : {}),
        ...(input.hoursPerWeek !== undefined ? { hours_per_week: input.hoursPerWeek } : {}),
        ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
        ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
        ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
        ...(input.note !== undefined ? { note_enc: await seal(deps, tx, inclusionColumns.placementNote, id, input.note) } : {}),
        updated_at: tx.now,
        version: row.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw stale(placementWhat);
    await writeAudit(tx, 'job_placement', id, row.case_id, input, 'update');
    return placementDto(deps, tx, updated);
  });
}

// --- housing autonomy --------------------------------------------------------------------------

const housingWhat = { it: 'Il dato sull’autonomia abitativa', en: 'The housing record' };

export async function createHousing(deps: InclusionDeps & { caseId: string; input: HousingCreate }): Promise<HousingDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const id = randomUUID();
    const row = await tx.db
      .insertInto('inclusion_housing')
      .values({
        id, case_id: c.id, org_id: scope.orgId, moved_on: input.movedOn, kind: input.kind, support: input.support ?? [],
        note_enc: await seal(deps, tx, inclusionColumns.housingNote, id, input.note),
        created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, 'housing', id, c.id, input, 'create');
    return housingDto(deps, tx, row);
  });
}

export async function updateHousing(deps: InclusionDeps & { id: string; input: HousingUpdate }): Promise<HousingDto> {
  const { input, id } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'housing', recordId: id }, async (tx, scope) => {
    const row = await lockRecord<q.HousingRow>(tx, scope, 'inclusion_housing', id, input.version, housingWhat);
    const updated = await tx.db
      .updateTable('inclusion_housing')
      .set({
        ...(input.movedOn !== undefined ? { moved_on: input.movedOn } : {}),
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.support !== undefined ? { support: input.support } : {}),
        ...(input.note !== undefined ? { note_enc: await seal(deps, tx, inclusionColumns.housingNote, id, input.note) } : {}),
        updated_at: tx.now,
        version: row.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw stale(housingWhat);
    await writeAudit(tx, 'housing', id, row.case_id, input, 'update');
    return housingDto(deps, tx, updated);
  });
}

// --- assisted voluntary return -----------------------------------------------------------------

const returnWhat = { it: 'Il rimpatrio volontario', en: 'The voluntary return' };

function checkDeparture(deps: InclusionDeps, status: ReturnStatus, departedOn: string | null): void {
  if ((status === 'departed') !== (departedOn !== null)) throw invalid(deps, 'departedOn', inclusionMessages.departedNeedsDate);
}

export async function createReturn(deps: InclusionDeps & { caseId: string; input: ReturnCreate }): Promise<ReturnDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const status = input.status ?? 'requested';
    checkDeparture(deps, status, input.departedOn ?? null);
    if (input.departedOn && input.departedOn > italianToday(tx.now)) throw invalid(deps, 'departedOn', { it: 'la data non può essere nel futuro', en: 'the date must not be in the future' });
    const id = randomUUID();
    const row = await tx.db
      .insertInto('voluntary_returns')
      .values({
        id, case_id: c.id, org_id: scope.orgId, country: input.country,
        partner_name_enc: await seal(deps, tx, inclusionColumns.returnPartner, id, input.partnerName),
        status, planned_on: input.plannedOn ?? null, departed_on: input.departedOn ?? null, support: input.support ?? [],
        support_note_enc: await seal(deps, tx, inclusionColumns.returnNote, id, input.supportNote),
        created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, 'voluntary_return', id, c.id, input, 'create');
    return returnDto(deps, tx, row);
  });
}

export async function updateReturn(deps: InclusionDeps & { id: string; input: ReturnUpdate }): Promise<ReturnDto> {
  const { input, id } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'inclusion.write', recordType: 'voluntary_return', recordId: id }, async (tx, scope) => {
    const row = await lockRecord<q.ReturnRow>(tx, scope, 'voluntary_returns', id, input.version, returnWhat);
    const status = pick(input.status, row.status);
    if (!canMoveReturn({ from: row.status, to: status })) {
      throw conflictError({ ...inclusionMessages.returnStep, detail: `voluntary return ${row.status} -> ${status}` });
    }
    const departedOn = pick(input.departedOn, row.departed_on);
    checkDeparture(deps, status, departedOn);
    if (input.departedOn && input.departedOn > italianToday(tx.now)) throw invalid(deps, 'departedOn', { it: 'la data non può essere nel futuro', en: 'the date must not be in the future' });
    const updated = await tx.db
      .updateTable('voluntary_returns')
      .set({
        ...(input.country !== undefined ? { country: input.country } : {}),
        ...(input.partnerName !== undefined ? { partner_name_enc: await seal(deps, tx, inclusionColumns.returnPartner, id, input.partnerName) } : {}),
        status,
        ...(input.plannedOn !== undefined ? { planned_on: input.plannedOn } : {}),
        departed_on: departedOn,
        ...(input.support !== undefined ? { support: input.support } : {}),
        ...(input.supportNote !== undefined ? { support_note_enc: await seal(deps, tx, inclusionColumns.returnNote, id, input.supportNote) } : {}),
        updated_at: tx.now,
        version: row.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw stale(returnWhat);
    await writeAudit(tx, 'voluntary_return', id, row.case_id, input, 'update');
    return returnDto(deps, tx, updated);
  });
}

// =============================================================================================
// Courses

export interface CourseListItem {
  id: string; title: string; kind: CourseKind; place: string | null; startsOn: string; endsOn: string | null; plannedHours: string | null;
  sessions: number; enrolments: number; version: number;
}
export interface SessionDto { id: string; heldOn: string; hours: string }
export interface EnrolmentDto {
  id: string; caseId: string; caseCode: string; enrolledOn: string; outcome: EnrolmentOutcome | null; outcomeOn: string | null;
  attendanceRate: number | null; version: number;
}
export interface CourseDto extends CourseListItem {
  providerName: string | null;
  sessionList: SessionDto[];
  enrolmentList: EnrolmentDto[];
  /** Enrolments of cases the caller does not see (counted, not shown). */
  hiddenEnrolments: number;
  /** Marks of the enrolments shown. */
  attendance: Array<{ sessionId: string; enrolmentId: string; status: AttendanceStatus }>;
  /** Over the enrolments shown. */
  attendanceRate: number | null;
  createdAt: string;
  updatedAt: string;
}

const courseWhat = { it: 'Il corso', en: 'The course' };
const enrolmentWhat = { it: 'L’iscrizione', en: 'The enrolment' };
const courseReadFields = ['title', 'kind', 'providerName', 'place', 'dates', 'hours', 'sessions', 'enrolments', 'attendance'];

function listItem(r: q.CourseRow, counts: { sessions: number; enrolments: number }): CourseListItem {
  return {
    id: r.id, title: r.title, kind: r.kind, place: r.place, startsOn: r.starts_on, endsOn: r.ends_on, plannedHours: r.planned_hours,
    sessions: counts.sessions, enrolments: counts.enrolments, version: r.version,
  };
}

async function readCourse(deps: InclusionDeps, tx: ScopedTx, scope: ScopeActor, course: q.CourseRow): Promise<CourseDto> {
  const sessions = await q.listSessions(tx.db, course.id);
  const { rows, hidden } = await q.listVisibleEnrolments(tx.db, course.id, scope);
  const marks = await q.listAttendance(tx.db, rows.map((e) => e.id));
  const enrolmentList = rows.map((e): EnrolmentDto => ({
    id: e.id, caseId: e.case_id, caseCode: e.case_code, enrolledOn: e.enrolled_on, outcome: e.outcome, outcomeOn: e.outcome_on,
    attendanceRate: attendanceRate(marks.filter((m) => m.enrolment_id === e.id).map((m) => m.status)), version: e.version,
  }));
  return {
    ...listItem(course, { sessions: sessions.length, enrolments: rows.length + hidden }),
    providerName: await open(deps, tx, inclusionColumns.courseProvider, course.id, course.provider_name_enc),
    sessionList: sessions.map((s) => ({ id: s.id, heldOn: s.held_on, hours: s.hours })),
    enrolmentList,
    hiddenEnrolments: hidden,
    attendance: marks.map((m) => ({ sessionId: m.session_id, enrolmentId: m.enrolment_id, status: m.status })),
    attendanceRate: attendanceRate(marks.map((m) => m.status)),
    createdAt: iso(course.created_at),
    updatedAt: iso(course.updated_at),
  };
}

async function ownCourse(tx: ScopedTx, scope: ScopeActor, courseId: string, forUpdate = false): Promise<q.CourseRow> {
  const course = await q.findCourse(tx.db, courseId, scope.orgId, forUpdate);
  if (!course) throw new OutOfReach('course not found in the organisation');
  return course;
}

export async function listCourses(deps: InclusionDeps): Promise<{ items: CourseListItem[] }> {
  return guarded(deps, { permissions: ['cases.read'], action: 'course.list', recordType: 'course' }, async (tx, scope) => {
    const rows = await q.listCourses(tx.db, scope.orgId);
    await tx.audit({ action: 'course.list', outcome: 'success', recordType: 'course', fields: ['title', 'kind', 'place', 'dates', 'counts'], details: { count: rows.length } });
    return { items: rows.map((r) => listItem(r, { sessions: Number(r.sessions), enrolments: Number(r.enrolments) })) };
  });
}

export async function createCourse(deps: InclusionDeps & { input: CourseCreate }): Promise<CourseDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'course.write', recordType: 'course' }, async (tx, scope) => {
    const id = randomUUID();
    const row = await tx.db
      .insertInto('courses')
      .values({
        id, org_id: scope.orgId, title: input.title, kind: input.kind,
        provider_name_enc: await seal(deps, tx, inclusionColumns.courseProvider, id, input.providerName),
        place: input.place ?? null, starts_on: input.startsOn, ends_on: input.endsOn ?? null, planned_hours: input.plannedHours ?? null,
        created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'course.write', outcome: 'success', recordType: 'course', recordId: id, fields: changedFields(input), details: { op: 'create' } });
    return readCourse(deps, tx, scope, row);
  });
}

export async function getCourse(deps: InclusionDeps & { courseId: string }): Promise<CourseDto> {
  return guarded(deps, { permissions: ['cases.read'], action: 'course.read', recordType: 'course', recordId: deps.courseId }, async (tx, scope) => {
    const course = await ownCourse(tx, scope, deps.courseId);
    const dto = await readCourse(deps, tx, scope, course);
    await tx.audit({
      action: 'course.read', outcome: 'success', recordType: 'course', recordId: course.id, fields: courseReadFields,
      details: { enrolments: dto.enrolmentList.length, hidden: dto.hiddenEnrolments },
    });
    return dto;
  });
}

export async function updateCourse(deps: InclusionDeps & { courseId: string; input: CourseUpdate }): Promise<CourseDto> {
  const { input, courseId } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'course.write', recordType: 'course', recordId: courseId }, async (tx, scope) => {
    const course = await ownCourse(tx, scope, courseId, true);
    if (course.version !== input.version) throw stale(courseWhat);
    const startsOn = pick(input.startsOn, course.starts_on);
    const endsOn = pick(input.endsOn, course.ends_on);
    checkOrder(deps, startsOn, endsOn);
    const outside = await tx.db
      .selectFrom('course_sessions')
      .select('id')
      .where('course_id', '=', courseId)
      .where((eb) => eb.or([eb('held_on', '<', startsOn), ...(endsOn ? [eb('held_on', '>', endsOn)] : [])]))
      .executeTakeFirst();
    if (outside) throw invalid(deps, input.startsOn !== undefined ? 'startsOn' : 'endsOn', inclusionMessages.sessionOutsideCourse);
    const updated = await tx.db
      .updateTable('courses')
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.providerName !== undefined ? { provider_name_enc: await seal(deps, tx, inclusionColumns.courseProvider, courseId, input.providerName) } : {}),
        ...(input.place !== undefined ? { place: input.place } : {}),
        starts_on: startsOn,
        ends_on: endsOn,
        ...(input.plannedHours !== undefined ? { planned_hours: input.plannedHours } : {}),
        updated_at: tx.now,
        version: course.version + 1,
      })
      .where('id', '=', courseId)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw stale(courseWhat);
    await tx.audit({ action: 'course.write', outcome: 'success', recordType: 'course', recordId: courseId, fields: changedFields(input), details: { op: 'update' } });
    return readCourse(deps, tx, scope, updated);
  });
}

export async function addSession(deps: InclusionDeps & { courseId: string; input: SessionCreate }): Promise<CourseDto> {
  const { input, courseId } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'course.write', recordType: 'course', recordId: courseId }, async (tx, scope) => {
    const course = await ownCourse(tx, scope, courseId, true);
    if (input.heldOn < course.starts_on || (course.ends_on && input.heldOn > course.ends_on)) throw invalid(deps, 'heldOn', inclusionMessages.sessionOutsideCourse);
    const session = await tx.db.insertInto('course_sessions').values({ course_id: courseId, held_on: input.heldOn, hours: input.hours, created_at: tx.now }).returning('id').executeTakeFirstOrThrow();
    const updated = await tx.db.updateTable('courses').set({ updated_at: tx.now }).where('id', '=', courseId).returningAll().executeTakeFirstOrThrow();
    await tx.audit({ action: 'course.write', outcome: 'success', recordType: 'course', recordId: courseId, fields: ['heldOn', 'hours'], details: { op: 'session', sessionId: session.id } });
    return readCourse(deps, tx, scope, updated);
  });
}

export async function enrol(deps: InclusionDeps & { courseId: string; input: EnrolmentCreate }): Promise<CourseDto> {
  const { input, courseId } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'course.write', recordType: 'course', recordId: courseId }, async (tx, scope) => {
    const course = await ownCourse(tx, scope, courseId, true);
    const c = await q.findVisibleCaseBy(tx.db, { id: input.caseId, code: input.caseCode }, scope);
    if (!c) throw invalid(deps, input.caseId ? 'caseId' : 'caseCode', inclusionMessages.unknownCase);
    const already = await tx.db.selectFrom('course_enrolments').select('id').where('course_id', '=', courseId).where('case_id', '=', c.id).executeTakeFirst();
    if (already) throw conflictError({ ...inclusionMessages.alreadyEnrolled, detail: 'already enrolled' });
    const id = randomUUID();
    try {
      await tx.db
        .insertInto('course_enrolments')
        .values({ id, course_id: courseId, case_id: c.id, enrolled_on: input.enrolledOn ?? italianToday(tx.now), created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now })
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw conflictError({ ...inclusionMessages.alreadyEnrolled, detail: 'already enrolled' });
      throw e;
    }
    const updated = await tx.db.updateTable('courses').set({ updated_at: tx.now }).where('id', '=', course.id).returningAll().executeTakeFirstOrThrow();
    await tx.audit({ action: 'course.write', outcome: 'success', recordType: 'course_enrolment', recordId: id, fields: ['caseId', 'enrolledOn'], details: { op: 'enrol', courseId, caseId: c.id } });
    return readCourse(deps, tx, scope, updated);
  });
}

export async function updateEnrolment(deps: InclusionDeps & { courseId: string; enrolmentId: string; input: EnrolmentUpdate }): Promise<CourseDto> {
  const { input, courseId, enrolmentId } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'course.write', recordType: 'course_enrolment', recordId: enrolmentId }, async (tx, scope) => {
    const course = await ownCourse(tx, scope, courseId);
    const enrolment = await q.findEnrolment(tx.db, courseId, enrolmentId, scope);
    if (!enrolment) throw new OutOfReach('enrolment not visible');
    const locked = await tx.db.selectFrom('course_enrolments').select('version').where('id', '=', enrolmentId).forUpdate().executeTakeFirstOrThrow();
    if (locked.version !== input.version) throw stale(enrolmentWhat);
    if (input.outcomeOn && input.outcomeOn < enrolment.enrolled_on) throw invalid(deps, 'outcomeOn', inclusionMessages.endsBeforeStart);
    const done = await tx.db
      .updateTable('course_enrolments')
      .set({ outcome: input.outcome, outcome_on: input.outcomeOn, updated_at: tx.now, version: locked.version + 1 })
      .where('id', '=', enrolmentId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw stale(enrolmentWhat);
    await tx.audit({ action: 'course.write', outcome: 'success', recordType: 'course_enrolment', recordId: enrolmentId, fields: ['outcome', 'outcomeOn'], details: { op: 'outcome', courseId, caseId: enrolment.case_id } });
    return readCourse(deps, tx, scope, course);
  });
}

export async function putAttendance(deps: InclusionDeps & { courseId: string; input: AttendancePut }): Promise<CourseDto> {
  const { input, courseId } = deps;
  return guarded(deps, { permissions: ['inclusion.write'], action: 'course.attendance', recordType: 'course', recordId: courseId }, async (tx, scope) => {
    const course = await ownCourse(tx, scope, courseId, true);
    const sessions = new Set((await q.listSessions(tx.db, courseId)).map((s) => s.id));
    const enrolled = new Set((await q.listVisibleEnrolments(tx.db, courseId, scope)).rows.map((e) => e.id));
    for (const [i, m] of input.marks.entries()) {
      if (!sessions.has(m.sessionId)) throw invalid(deps, `marks.${i}.sessionId`, inclusionMessages.sessionNotInCourse);
      if (!enrolled.has(m.enrolmentId)) throw invalid(deps, `marks.${i}.enrolmentId`, inclusionMessages.notEnrolled);
    }
    let set = 0;
    let cleared = 0;
    for (const m of input.marks) {
      const status = m.status;
      if (status === null) {
        const r = await tx.db.deleteFrom('course_attendance').where('session_id', '=', m.sessionId).where('enrolment_id', '=', m.enrolmentId).executeTakeFirst();
        cleared += Number(r.numDeletedRows);
      } else {
        await tx.db
          .insertInto('course_attendance')
          .values({ course_id: courseId, session_id: m.sessionId, enrolment_id: m.enrolmentId, status, marked_by: tx.actor.userId, marked_at: tx.now })
          .onConflict((oc) => oc.columns(['session_id', 'enrolment_id']).doUpdateSet({ status, marked_by: tx.actor.userId, marked_at: tx.now }))
          .execute();
        set += 1;
      }
    }
    const updated = await tx.db.updateTable('courses').set({ updated_at: tx.now }).where('id', '=', course.id).returningAll().executeTakeFirstOrThrow();
    await tx.audit({ action: 'course.attendance', outcome: 'success', recordType: 'course', recordId: courseId, fields: ['attendance'], details: { set, cleared } });
    return readCourse(deps, tx, scope, updated);
  });
}

// =============================================================================================
// The inclusion board (counts only)

// Only roles that read case records see the board: cases.read for the own organisation, with
// stats.aggregate too (coordinators) for the network or another organisation. Those do not read
// the records of other organisations, so their counts are protected against small cells
// (src/domain/protection/boards.ts). The observatory (stats.aggregate alone) gets its figures from
// monitoring.
const networkPermissions = ['stats.aggregate'] as const satisfies readonly Permission[];
const boardPermissions = ['cases.read'] as const satisfies readonly Permission[];

export interface SummaryDto extends ProtectedInclusionCounts {
  scope: 'network' | 'organisation';
  organisationId: string | null;
  organisationName: string | null;
  date: string;
  attendanceRate: number | null;
  /** The threshold applied, or null when the counts are exact (the caller's own organisation). */
  k: number | null;
}

export async function summary(deps: InclusionDeps & { orgId?: string | undefined; smallCellK: number }): Promise<SummaryDto> {
  const { access } = deps;
  const actor = access.requireActor();
  const network = networkPermissions.some((p) => actor.permissions.has(p));
  if (!actor.orgId || !boardPermissions.every((p) => actor.permissions.has(p))) {
    await access.auditDenied({ action: 'inclusion.summary', recordType: 'inclusion_summary', details: { missing: boardPermissions.join('|') } });
    throw forbidden('inclusion board');
  }
  if (!network && deps.orgId !== undefined && deps.orgId !== actor.orgId) {
    await access.auditDenied({ action: 'inclusion.summary', recordType: 'inclusion_summary', details: { reason: 'other_organisation' } });
    throw forbidden('inclusion board of another organisation');
  }
  const orgId = network ? deps.orgId : actor.orgId;
  const exact = orgId !== undefined && orgId === actor.orgId;
  return access.transaction(async (tx) => {
    const today = italianToday(tx.now);
    const counts = await q.summaryCounts(tx.db, { orgId, today });
    const shown: ProtectedInclusionCounts = exact ? counts : protectInclusion(counts, deps.smallCellK);
    // A mark kind never recorded is absent from the breakdown (zero); a hidden one is null.
    const present = shown.attendance.present === undefined ? 0 : shown.attendance.present;
    const absent = shown.attendance.absent === undefined ? 0 : shown.attendance.absent;
    const rate = present === null || absent === null || present + absent === 0 ? null : Math.round((present / (present + absent)) * 10_000) / 10_000;
    await tx.audit({
      action: 'inclusion.summary', outcome: 'success', recordType: 'inclusion_summary', fields: ['counts'],
      details: { scope: orgId ? 'organisation' : 'network', orgId: orgId ?? null, k: exact ? null : deps.smallCellK },
    });
    return {
      scope: orgId ? 'organisation' : 'network',
      organisationId: orgId ?? null,
      organisationName: orgId ? ((await q.organisationName(tx.db, orgId)) ?? null) : null,
      date: today,
      ...shown,
      attendanceRate: rate,
      k: exact ? null : deps.smallCellK,
    };
  });
}
