/**
 * Rules of the cases feature: opening a case (one open case per person per organisation), reading
 * and changing it within scope, the path (transitions, approvals of closures and reopenings), the
 * phase history, and the audit entries and notifications written with each step.
 *
 * Scope: every read goes through caseVisibleTo (persons/scope.ts). A case outside it answers 404
 * exactly like a missing one, and the attempt is audited as denied.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { PonteError, conflictError, fieldError, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import {
  type CasePhase,
  type ClosureReason,
  htcdsCaseStatus,
  isCasePhase,
  isClosureReason,
  isMinor,
  type MinorStatus,
  nextPhases,
  transitionErrors,
  type TransitionError,
  validateTransition,
} from '../../../domain/cases/index.ts';
import { newCaseCode } from '../../../domain/persons/codes.ts';
import type { StoredIdentity } from '../../../domain/persons/schema.ts';
import { romeDate } from '../../../domain/calendar/index.ts';
import type { ScopeActor } from '../persons/scope.ts';
import { personDisplayName, readStoredIdentity } from '../persons/identity.ts';
import { notify } from '../notifications/queries.ts';
import { caseColumns } from './encrypted.ts';
import { caseAgeBand } from './age-band.ts';
import { openReferralForIntake } from '../referrals/queries.ts';
import * as q from './queries.ts';
import type { CaseCreate, CaseQuery, CaseUpdate, DecisionBody, Guardian, TransitionBody } from './schemas.ts';

export interface CaseServices {
  cipher: FieldCipher;
}

type Tx = Transaction<DB>;

// ---------------------------------------------------------------------------------------------
// Helpers

export function scopeActorOf(access: DataAccess): ScopeActor {
  const actor = access.requireActor();
  // A user acting for no organisation sees no case: an id that matches none.
  return { orgId: actor.orgId ?? '00000000-0000-0000-0000-000000000000', userId: actor.userId, permissions: actor.permissions };
}

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

async function encryptField(services: CaseServices, db: Tx, column: { table: string; column: string }, rowId: string, plaintext: string): Promise<string> {
  return services.cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId }), db });
}

async function decryptField(services: CaseServices, db: Tx, column: { table: string; column: string }, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return services.cipher.decrypt({ value, aad: fieldAad({ ...column, rowId }), db });
}

/** Out of scope or missing: audit the attempt on its own, then 404. */
async function hidden(access: DataAccess, action: AuditAction, recordType: string, recordId: string): Promise<never> {
  await access.auditDenied({ action, recordType, recordId, details: { reason: 'not_found' } });
  throw notFound(`${recordType} not visible`);
}

const unknownUser = { it: 'utente non appartenente all’organizzazione', en: 'not a user of the organisation' };
const unknownPerson = { it: 'persona inesistente', en: 'unknown person' };
const notAnOpenReferral = { it: 'non è un invio aperto e accettato ricevuto dalla tua organizzazione per questa persona', en: 'not an accepted open referral received by your organisation for this person' };
const periodOrder = { it: 'la fine del periodo di sfruttamento precede l’inizio', en: 'exploitationTo must not be before exploitationFrom' };

/** The refusal of a transition, with the domain's messages: 409 when the case's state forbids it, else 400. */
export function transitionFailure(errors: readonly TransitionError[], locale: Locale): PonteError {
  const conflict = errors.find((e) => transitionErrors[e.code].kind === 'conflict');
  if (conflict) {
    const m = transitionErrors[conflict.code];
    return conflictError({ it: m.it, en: m.en, detail: `transition: ${conflict.code}` });
  }
  const first = transitionErrors[errors[0]?.code ?? 'transition_not_allowed'];
  return new PonteError({
    code: 'validation',
    detail: `transition: ${errors.map((e) => e.code).join(',')}`,
    message: { it: first.it, en: first.en },
    issues: errors.map((e) => ({ path: `body.${e.field === 'approval' || e.field === 'previousClosureReason' || e.field === 'from' ? 'to' : (e.field ?? 'to')}`, message: transitionErrors[e.code][locale] })),
  });
}

function minorOf(identity: StoredIdentity | undefined, today: string): { status: MinorStatus | null; adultFrom: string | null; adultBy: string | null; estimated: boolean | null } {
  const birth = identity?.birth;
  if (!birth) return { status: null, adultFrom: null, adultBy: null, estimated: null };
  const m = isMinor({ birth, on: today });
  return { status: m.status, adultFrom: m.adultFrom, adultBy: m.adultBy, estimated: m.estimated };
}

async function checkMembers(db: Tx, locale: Locale, orgId: string, input: { caseWorkerId?: string | null | undefined; team?: readonly { userId: string }[] | undefined }): Promise<void> {
  const ids = [...(input.caseWorkerId ? [input.caseWorkerId] : []), ...(input.team ?? []).map((m) => m.userId)];
  const found = await q.membersOf(db, orgId, ids);
  if (input.caseWorkerId && !found.has(input.caseWorkerId)) throw fieldError({ locale, path: 'caseWorkerId', message: unknownUser });
  for (const [i, m] of (input.team ?? []).entries()) {
    if (!found.has(m.userId)) throw fieldError({ locale, path: `team.${i}.userId`, message: unknownUser });
  }
}

function checkPeriod(locale: Locale, from: string | null | undefined, to: string | null | undefined): void {
  if (from && to && to < from) throw fieldError({ locale, path: 'exploitationTo', message: periodOrder });
}

/** API field → column of `cases`, for the plain (non-encrypted) fields. */
const columnOf = {
  exploitationTypes: 'exploitation_types',
  sexExploitationTypes: 'sex_exploitation_types',
  labourSectors: 'labour_sectors',
  exploitationCountries: 'exploitation_countries',
  exploitationProvinces: 'exploitation_provinces',
  exploitationFrom: 'exploitation_from',
  exploitationTo: 'exploitation_to',
  meansOfControl: 'means_of_control',
  recruitmentMethods: 'recruitment_methods',
  recruiterRelations: 'recruiter_relations',
  traffickingStatus: 'trafficking_status',
  traffickingStatusDecidedBy: 'trafficking_status_decided_by',
  traffickingStatusDecidedOn: 'trafficking_status_decided_on',
  ageAssessment: 'age_assessment',
  ageAssessmentOn: 'age_assessment_on',
} as const;

function plainColumns(input: Partial<Record<keyof typeof columnOf, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columnOf)) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) out[column] = value;
  }
  return out;
}

function changedFields(input: object): string[] {
  return Object.entries(input)
    .filter(([k, v]) => v !== undefined && k !== 'version')
    .map(([k]) => k)
    .sort();
}

// ---------------------------------------------------------------------------------------------
// The case detail

export interface CaseDetail {
  id: string;
  code: string;
  person: { id: string; code: string; displayName: string | null };
  organisation: { id: string; code: string; name: string };
  caseWorker: { id: string; displayName: string } | null;
  team: { userId: string; displayName: string; teamRole: string; addedAt: string }[];
  phase: string;
  status: string;
  closureReason: string | null;
  traffickingStatus: string | null;
  traffickingStatusDecidedBy: string | null;
  traffickingStatusDecidedOn: string | null;
  exploitation: {
    types: string[];
    sexExploitationTypes: string[];
    labourSectors: string[];
    countries: string[];
    provinces: string[];
    from: string | null;
    to: string | null;
    meansOfControl: string[];
    recruitmentMethods: string[];
    recruiterRelations: string[];
  };
  minor: {
    status: MinorStatus | null;
    adultFrom: string | null;
    adultBy: string | null;
    estimated: boolean | null;
    /** Minor or possibly minor: a guardian and the juvenile court are expected. */
    guardianExpected: boolean;
    /** What is expected and not recorded yet (never blocking). */
    missing: string[];
  };
  guardian: Guardian | null;
  juvenileCourt: string | null;
  ageAssessment: { status: string | null; on: string | null };
  pendingApproval: ApprovalDto | null;
  nextPhases: string[];
  openedAt: string;
  closedAt: string | null;
  updatedAt: string;
  version: number;
}

/** The fields of a case detail read, for the audit entry (names only). */
export const caseReadFields = ['person', 'caseWorker', 'team', 'phase', 'status', 'closureReason', 'traffickingStatus', 'exploitation', 'minor', 'guardian', 'juvenileCourt', 'ageAssessment', 'pendingApproval'];

export interface ApprovalDto {
  id: string;
  caseId: string;
  kind: 'close' | 'reopen';
  toPhase: string;
  closureReason: string | null;
  reason: string | null;
  status: string;
  requestedBy: { id: string; displayName: string | null };
  requestedAt: string;
  decidedBy: { id: string; displayName: string | null } | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

async function approvalDto(services: CaseServices, db: Tx, r: q.ApprovalRow): Promise<ApprovalDto> {
  const names = await q.displayNames(db, [r.requested_by, r.decided_by]);
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    toPhase: r.to_phase,
    closureReason: r.closure_reason,
    reason: await decryptField(services, db, caseColumns.approvalReason, r.id, r.reason_enc),
    status: r.status,
    requestedBy: { id: r.requested_by, displayName: names.get(r.requested_by) ?? null },
    requestedAt: new Date(r.requested_at).toISOString(),
    decidedBy: r.decided_by ? { id: r.decided_by, displayName: names.get(r.decided_by) ?? null } : null,
    decidedAt: iso(r.decided_at),
    decisionNote: await decryptField(services, db, caseColumns.approvalDecisionNote, r.id, r.decision_note_enc),
  };
}

async function personIdentity(services: CaseServices, db: Tx, personId: string): Promise<{ code: string; identity: StoredIdentity }> {
  const person = await q.findPerson(db, personId);
  if (!person) throw new Error('case without person');
  return { code: person.code, identity: await readStoredIdentity({ cipher: services.cipher, db, personId, identityEnc: person.identity_enc }) };
}

async function buildDetail(services: CaseServices, tx: ScopedTx, row: q.CaseRow): Promise<CaseDetail> {
  const db = tx.db;
  const { code: personCode, identity } = await personIdentity(services, db, row.person_id);
  const minor = minorOf(identity, romeDate(tx.now));
  if (minor.status !== null && minor.status !== row.minor_status) {
    // Recomputed on read: a minor comes of age without any change to the record.
    await db.updateTable('cases').set({ minor_status: minor.status }).where('id', '=', row.id).execute();
  }
  const ageBand = caseAgeBand(identity.birth, row.opened_at);
  if (ageBand !== row.age_band) {
    // A case written before migration 0033 (and not yet filled by `ponte persons age-bands`) gets its band now.
    await db.updateTable('cases').set({ age_band: ageBand }).where('id', '=', row.id).execute();
  }
  const team = await q.teamOf(db, row.id);
  const names = await q.displayNames(db, [row.case_worker_id, ...team.map((m) => m.user_id)]);
  const pending = await q.pendingApprovalOf(db, row.id);
  const guardianText = await decryptField(services, db, caseColumns.guardian, row.id, row.guardian_enc);
  const guardian = guardianText === null ? null : (JSON.parse(guardianText) as Guardian);
  const guardianExpected = minor.status === 'minor' || minor.status === 'possibly_minor';
  // sealed since migration 0029; a row written before and not yet sealed still has it in clear
  const juvenileCourt = row.juvenile_court_enc !== null ? await decryptField(services, db, caseColumns.juvenileCourt, row.id, row.juvenile_court_enc) : row.juvenile_court;
  const missing = guardianExpected ? [...(guardian ? [] : ['guardian']), ...(juvenileCourt ? [] : ['juvenileCourt']), ...(minor.status === 'possibly_minor' && row.age_assessment !== 'done' ? ['ageAssessment'] : [])] : [];
  const phase = row.phase;
  const closure = row.closure_reason && isClosureReason(row.closure_reason) ? row.closure_reason : undefined;
  // roles sealed since migration 0029; a row written before and not yet sealed still has it in clear
  const teamDto: CaseDetail['team'] = [];
  for (const m of team) {
    const teamRole = (await decryptField(services, db, caseColumns.teamRole, m.id, m.team_role_enc)) ?? m.team_role ?? '';
    teamDto.push({ userId: m.user_id, displayName: names.get(m.user_id) ?? '', teamRole, addedAt: new Date(m.added_at).toISOString() });
  }
  return {
    id: row.id,
    code: row.code,
    person: { id: row.person_id, code: personCode, displayName: tx.actor.permissions.has('persons.read') ? personDisplayName(identity) : null },
    organisation: await q.organisationOf(db, row.org_id),
    caseWorker: row.case_worker_id ? { id: row.case_worker_id, displayName: names.get(row.case_worker_id) ?? '' } : null,
    team: teamDto,
    phase,
    status: row.status,
    closureReason: row.closure_reason,
    traffickingStatus: row.trafficking_status,
    traffickingStatusDecidedBy: row.trafficking_status_decided_by,
    traffickingStatusDecidedOn: row.trafficking_status_decided_on,
    exploitation: {
      types: row.exploitation_types,
      sexExploitationTypes: row.sex_exploitation_types,
      labourSectors: row.labour_sectors,
      countries: row.exploitation_countries,
      provinces: row.exploitation_provinces,
      from: row.exploitation_from,
      to: row.exploitation_to,
      meansOfControl: row.means_of_control,
      recruitmentMethods: row.recruitment_methods,
      recruiterRelations: row.recruiter_relations,
    },
    minor: { ...minor, guardianExpected, missing },
    guardian,
    juvenileCourt,
    ageAssessment: { status: row.age_assessment, on: row.age_assessment_on },
    pendingApproval: pending ? await approvalDto(services, db, pending) : null,
    nextPhases: isCasePhase(phase) ? nextPhases({ from: phase, ...(closure ? { closureReason: closure } : {}) }) : [],
    openedAt: new Date(row.opened_at).toISOString(),
    closedAt: iso(row.closed_at),
    updatedAt: new Date(row.updated_at).toISOString(),
    version: row.version,
  };
}

async function reread(tx: ScopedTx, id: string): Promise<q.CaseRow> {
  const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error('case vanished');
  return row;
}

// ---------------------------------------------------------------------------------------------
// Opening, reading, changing

export async function createCase(options: { access: DataAccess; services: CaseServices; input: CaseCreate }): Promise<CaseDetail> {
  const { access, services, input } = options;
  await access.require({ permission: 'cases.write', entry: { action: 'case.create', recordType: 'case' } });
  const locale = access.meta.locale;
  const scope = scopeActorOf(access);
  const result = await access.transaction(async (tx) => {
    // Taking in charge from a referral: the receiver of an open referral for the person may open
    // its own case even though the person is not visible to it yet (persons/scope.ts is not widened).
    const referral = input.referralId ? await openReferralForIntake(tx.db, { referralId: input.referralId, orgId: scope.orgId, personId: input.personId }) : undefined;
    if (input.referralId && !referral) return 'no_referral' as const;
    const person = referral ? await q.lockPerson(tx.db, input.personId) : await q.lockVisiblePerson(tx.db, input.personId, scope.orgId);
    if (!person) return undefined;
    if (await q.openCaseOf(tx.db, person.id, scope.orgId)) {
      throw conflictError({
        it: 'Questa persona ha già un caso aperto nella tua organizzazione.',
        en: 'This person already has an open case in your organisation.',
        detail: 'open case exists',
      });
    }
    await checkMembers(tx.db, locale, scope.orgId, input);
    checkPeriod(locale, input.exploitationFrom, input.exploitationTo);
    const identity = await readStoredIdentity({ cipher: services.cipher, db: tx.db, personId: person.id, identityEnc: person.identity_enc });
    const minor = minorOf(identity, romeDate(tx.now));
    const id = randomUUID();
    await tx.db
      .insertInto('cases')
      .values({
        id,
        code: newCaseCode(tx.now.getUTCFullYear()),
        person_id: person.id,
        org_id: scope.orgId,
        case_worker_id: input.caseWorkerId ?? null,
        phase: input.phase,
        status: htcdsCaseStatus({ phase: input.phase }),
        minor_status: minor.status,
        age_band: caseAgeBand(identity.birth, tx.now),
        guardian_enc: input.guardian ? await encryptField(services, tx.db, caseColumns.guardian, id, JSON.stringify(input.guardian)) : null,
        juvenile_court_enc: input.juvenileCourt ? await encryptField(services, tx.db, caseColumns.juvenileCourt, id, input.juvenileCourt) : null,
        opened_at: tx.now,
        updated_at: tx.now,
        created_by: tx.actor.userId,
        ...plainColumns(input),
      })
      .execute();
    await tx.db.insertInto('case_phase_history').values({ case_id: id, from_phase: null, to_phase: input.phase, changed_by: tx.actor.userId, changed_at: tx.now }).execute();
    if (input.team) await q.replaceTeam(tx.db, id, input.team, tx.now, (rowId, role) => encryptField(services, tx.db, caseColumns.teamRole, rowId, role));
    if (referral) {
      await tx.db.updateTable('referrals').set({ receiver_case_id: id, version: referral.version + 1, updated_at: tx.now }).where('id', '=', referral.id).execute();
    }
    await tx.audit({ action: 'case.create', outcome: 'success', recordType: 'case', recordId: id, fields: changedFields(input), ...(referral ? { details: { referralId: referral.id } } : {}) });
    return buildDetail(services, tx, await reread(tx, id));
  });
  if (result === 'no_referral') {
    await access.auditDenied({ action: 'case.create', recordType: 'referral', recordId: input.referralId ?? '', details: { reason: 'referral_not_open_for_person' } });
    throw fieldError({ locale, path: 'referralId', message: notAnOpenReferral });
  }
  if (!result) {
    await access.auditDenied({ action: 'case.create', recordType: 'person', recordId: input.personId, details: { reason: 'person_not_visible' } });
    throw fieldError({ locale, path: 'personId', message: unknownPerson });
  }
  return result;
}

export async function getCase(options: { access: DataAccess; services: CaseServices; id: string }): Promise<CaseDetail> {
  const { access, services, id } = options;
  await access.require({ permission: 'cases.read', entry: { action: 'case.read', recordType: 'case', recordId: id } });
  const scope = scopeActorOf(access);
  const detail = await access.transaction(async (tx) => {
    const row = await q.findVisibleCase(tx.db, id, scope);
    if (!row) return undefined;
    const d = await buildDetail(services, tx, row);
    await tx.audit({ action: 'case.read', outcome: 'success', recordType: 'case', recordId: id, fields: caseReadFields });
    return d;
  });
  return detail ?? hidden(access, 'case.read', 'case', id);
}

export async function updateCase(options: { access: DataAccess; services: CaseServices; id: string; input: CaseUpdate }): Promise<CaseDetail> {
  const { access, services, id, input } = options;
  await access.require({ permission: 'cases.write', entry: { action: 'case.update', recordType: 'case', recordId: id } });
  const locale = access.meta.locale;
  const scope = scopeActorOf(access);
  const detail = await access.transaction(async (tx) => {
    const row = await q.findVisibleCase(tx.db, id, scope, { forUpdate: true });
    if (!row) return undefined;
    if (row.version !== input.version) {
      throw conflictError({ it: 'Il caso è stato modificato nel frattempo: ricarica e riprova.', en: 'The case was changed meanwhile: reload and try again.', detail: 'stale version' });
    }
    await checkMembers(tx.db, locale, row.org_id, input);
    checkPeriod(locale, input.exploitationFrom === undefined ? row.exploitation_from : input.exploitationFrom, input.exploitationTo === undefined ? row.exploitation_to : input.exploitationTo);
    const { identity } = await personIdentity(services, tx.db, row.person_id);
    const minor = minorOf(identity, romeDate(tx.now));
    const set: Record<string, unknown> = { ...plainColumns(input), minor_status: minor.status, updated_at: tx.now, version: row.version + 1 };
    if (input.caseWorkerId !== undefined) set.case_worker_id = input.caseWorkerId;
    if (input.guardian !== undefined) {
      set.guardian_enc = input.guardian === null ? null : await encryptField(services, tx.db, caseColumns.guardian, id, JSON.stringify(input.guardian));
    }
    if (input.juvenileCourt !== undefined) {
      set.juvenile_court = null;
      set.juvenile_court_enc = input.juvenileCourt ? await encryptField(services, tx.db, caseColumns.juvenileCourt, id, input.juvenileCourt) : null;
    }
    await tx.db.updateTable('cases').set(set).where('id', '=', id).execute();
    if (input.team) {
      await q.replaceTeam(tx.db, id, input.team, tx.now, (rowId, role) => encryptField(services, tx.db, caseColumns.teamRole, rowId, role));
      await tx.audit({ action: 'case.team_change', outcome: 'success', recordType: 'case', recordId: id, fields: ['team'] });
    }
    await tx.audit({ action: 'case.update', outcome: 'success', recordType: 'case', recordId: id, fields: changedFields(input) });
    return buildDetail(services, tx, await reread(tx, id));
  });
  return detail ?? hidden(access, 'case.update', 'case', id);
}

export interface CaseListItem {
  id: string;
  code: string;
  personCode: string;
  personName: string | null;
  phase: string;
  status: string;
  caseWorker: { id: string; displayName: string } | null;
  minorStatus: string | null;
  openedAt: string;
  updatedAt: string;
  pendingApproval: boolean;
}

export async function listCases(options: { access: DataAccess; services: CaseServices; query: CaseQuery }): Promise<{ items: CaseListItem[]; total: number; limit: number; offset: number }> {
  const { access, services, query } = options;
  await access.require({ permission: 'cases.read', entry: { action: 'case.list', recordType: 'case' } });
  const scope = scopeActorOf(access);
  const withNames = access.can('persons.write');
  return access.transaction(async (tx) => {
    const { rows, total } = await q.listCases(tx.db, scope, query);
    const items: CaseListItem[] = [];
    for (const r of rows) {
      const personName = withNames ? personDisplayName(await readStoredIdentity({ cipher: services.cipher, db: tx.db, personId: r.person_id, identityEnc: r.identity_enc })) : null;
      items.push({
        id: r.id,
        code: r.code,
        personCode: r.person_code,
        personName,
        phase: r.phase,
        status: r.status,
        caseWorker: r.case_worker_id ? { id: r.case_worker_id, displayName: r.case_worker_name ?? '' } : null,
        minorStatus: r.minor_status,
        openedAt: new Date(r.opened_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
        pendingApproval: r.pending_approval !== null,
      });
    }
    const filters = Object.entries(query).filter(([k, v]) => v !== undefined && v !== '' && k !== 'limit' && k !== 'offset').map(([k]) => k).sort().join(',');
    await tx.audit({
      action: 'case.list',
      outcome: 'success',
      recordType: 'case',
      fields: withNames ? ['code', 'personCode', 'personName', 'phase', 'status', 'minorStatus'] : ['code', 'personCode', 'phase', 'status', 'minorStatus'],
      details: { count: items.length, filters },
    });
    return { items, total, limit: query.limit, offset: query.offset };
  });
}

// ---------------------------------------------------------------------------------------------
// The path: transitions, approvals, history

const onePending = () =>
  conflictError({ it: 'Il caso ha già una richiesta di approvazione in attesa.', en: 'The case already has a pending approval request.', detail: 'pending request exists' });
const otherOpenCase = () =>
  conflictError({ it: 'La persona ha già un altro caso aperto nella tua organizzazione: non si può riaprire questo.', en: 'The person already has another open case in your organisation: this one cannot be reopened.', detail: 'another open case' });

/** Applies a validated move to a locked case: phase, closure reason, status, history row with the reason encrypted. */
async function applyMove(services: CaseServices, tx: ScopedTx, row: q.CaseRow, move: { to: CasePhase; closureReason?: ClosureReason | undefined; reason: string | null; approvalRequestId?: string }): Promise<void> {
  const closed = move.to === 'closed';
  await tx.db
    .updateTable('cases')
    .set({
      phase: move.to,
      closure_reason: closed ? (move.closureReason ?? null) : null,
      status: htcdsCaseStatus({ phase: move.to, closureReason: closed ? move.closureReason : undefined }),
      ...(closed ? { closed_at: tx.now } : {}),
      updated_at: tx.now,
      version: row.version + 1,
    })
    .where('id', '=', row.id)
    .execute();
  const h = await tx.db
    .insertInto('case_phase_history')
    .values({
      case_id: row.id,
      from_phase: row.phase,
      to_phase: move.to,
      closure_reason: closed ? (move.closureReason ?? null) : null,
      approval_request_id: move.approvalRequestId ?? null,
      changed_by: tx.actor.userId,
      changed_at: tx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (move.reason) {
    const historyId = h.id;
    await tx.db
      .updateTable('case_phase_history')
      .set({ reason_enc: await encryptField(services, tx.db, caseColumns.phaseReason, historyId, move.reason) })
      .where('id', '=', historyId)
      .execute();
  }
}

export type TransitionResult = { kind: 'applied'; case: CaseDetail } | { kind: 'approval'; approvalRequest: ApprovalDto };

export async function transitionCase(options: { access: DataAccess; services: CaseServices; id: string; input: TransitionBody }): Promise<TransitionResult> {
  const { access, services, id, input } = options;
  await access.require({ permission: 'cases.write', entry: { action: 'case.transition', recordType: 'case', recordId: id } });
  const locale = access.meta.locale;
  const scope = scopeActorOf(access);
  const result = await access.transaction(async (tx): Promise<TransitionResult | undefined> => {
    const row = await q.findVisibleCase(tx.db, id, scope, { forUpdate: true });
    if (!row) return undefined;
    const v = validateTransition({ from: row.phase, to: input.to, reason: input.reason, closureReason: input.closureReason, previousClosureReason: row.closure_reason, actorId: tx.actor.userId });
    // The approval itself comes later (POST /api/case-approvals/:id/decision): here only the request.
    const errors = v.ok ? [] : v.errors.filter((e) => e.code !== 'approval_required');
    if (errors.length > 0) throw transitionFailure(errors, locale);
    const rule = validateTransition({ from: row.phase, to: input.to, reason: input.reason, closureReason: input.closureReason, previousClosureReason: row.closure_reason, approval: { approvedBy: 'pending' }, actorId: tx.actor.userId });
    if (!rule.ok) throw transitionFailure(rule.errors, locale);
    const to = input.to;
    if (rule.rule.approvalRequired) {
      if (await q.pendingApprovalOf(tx.db, id)) throw onePending();
      if (rule.rule.kind === 'reopen' && (await q.openCaseOf(tx.db, row.person_id, row.org_id, id))) throw otherOpenCase();
      const requestId = randomUUID();
      await tx.db
        .insertInto('case_approval_requests')
        .values({
          id: requestId,
          case_id: id,
          kind: rule.rule.kind === 'reopen' ? 'reopen' : 'close',
          to_phase: to,
          closure_reason: rule.closureReason ?? null,
          reason_enc: input.reason ? await encryptField(services, tx.db, caseColumns.approvalReason, requestId, input.reason) : null,
          status: 'pending',
          requested_by: tx.actor.userId,
          requested_at: tx.now,
        })
        .execute();
      const approvers = (await q.holdersOf(tx.db, row.org_id, 'cases.approve')).filter((u) => u !== tx.actor.userId);
      await notify(tx.db, { userIds: approvers, kind: 'case.approval_requested', recordType: 'case_approval_request', recordId: requestId, now: tx.now });
      await tx.audit({ action: 'case.approval_request', outcome: 'success', recordType: 'case', recordId: id, fields: ['toPhase', 'closureReason', 'reason'], details: { requestId, notified: approvers.length } });
      const created = await q.pendingApprovalOf(tx.db, id);
      if (!created) throw new Error('approval request vanished');
      return { kind: 'approval', approvalRequest: await approvalDto(services, tx.db, created) };
    }
    await applyMove(services, tx, row, { to, reason: input.reason ?? null });
    await tx.audit({ action: 'case.transition', outcome: 'success', recordType: 'case', recordId: id, fields: input.reason ? ['phase', 'status', 'reason'] : ['phase', 'status'] });
    return { kind: 'applied', case: await buildDetail(services, tx, await reread(tx, id)) };
  });
  return result ?? hidden(access, 'case.transition', 'case', id);
}

export interface HistoryItem {
  id: string;
  fromPhase: string | null;
  toPhase: string;
  closureReason: string | null;
  reason: string | null;
  approvalRequestId: string | null;
  changedBy: { id: string; displayName: string | null } | null;
  changedAt: string;
}

export async function caseHistory(options: { access: DataAccess; services: CaseServices; id: string }): Promise<{ items: HistoryItem[] }> {
  const { access, services, id } = options;
  await access.require({ permission: 'cases.read', entry: { action: 'case.history_read', recordType: 'case', recordId: id } });
  const scope = scopeActorOf(access);
  const result = await access.transaction(async (tx) => {
    const row = await q.findVisibleCase(tx.db, id, scope);
    if (!row) return undefined;
    const rows = await q.history(tx.db, id);
    const names = await q.displayNames(tx.db, rows.map((r) => r.changed_by));
    const items: HistoryItem[] = [];
    for (const r of rows) {
      items.push({
        id: r.id,
        fromPhase: r.from_phase,
        toPhase: r.to_phase,
        closureReason: r.closure_reason,
        reason: await decryptField(services, tx.db, caseColumns.phaseReason, r.id, r.reason_enc),
        approvalRequestId: r.approval_request_id,
        changedBy: r.changed_by ? { id: r.changed_by, displayName: names.get(r.changed_by) ?? null } : null,
        changedAt: new Date(r.changed_at).toISOString(),
      });
    }
    await tx.audit({ action: 'case.history_read', outcome: 'success', recordType: 'case', recordId: id, fields: ['phase', 'reason', 'changedBy'] });
    return { items };
  });
  return result ?? hidden(access, 'case.history_read', 'case', id);
}

export interface ApprovalListItem extends ApprovalDto {
  caseCode: string;
  casePhase: string;
}

export async function listApprovals(options: { access: DataAccess; services: CaseServices; status: string | undefined }): Promise<{ items: ApprovalListItem[] }> {
  const { access, services, status } = options;
  await access.require({ permission: 'cases.approve', entry: { action: 'case.list', recordType: 'case_approval_request' } });
  const scope = scopeActorOf(access);
  return access.transaction(async (tx) => {
    const rows = await q.listApprovals(tx.db, scope.orgId, status || undefined);
    const items: ApprovalListItem[] = [];
    for (const r of rows) items.push({ ...(await approvalDto(services, tx.db, r)), caseCode: r.case_code, casePhase: r.case_phase });
    await tx.audit({ action: 'case.list', outcome: 'success', recordType: 'case_approval_request', fields: ['reason', 'decisionNote'], details: { count: items.length, filters: status ? 'status' : '' } });
    return { items };
  });
}

export async function decideApproval(options: { access: DataAccess; services: CaseServices; id: string; input: DecisionBody }): Promise<{ approvalRequest: ApprovalDto; case: CaseDetail }> {
  const { access, services, id, input } = options;
  await access.require({ permission: 'cases.approve', entry: { action: 'case.approval_decide', recordType: 'case_approval_request', recordId: id } });
  const scope = scopeActorOf(access);
  const result = await access.transaction(async (tx) => {
    const request = await q.findApprovalInOrg(tx.db, id, scope.orgId, { forUpdate: true });
    if (!request) return undefined;
    if (request.status !== 'pending') {
      throw conflictError({ it: 'La richiesta è già stata decisa o ritirata.', en: 'The request was already decided or withdrawn.', detail: 'request not pending' });
    }
    if (request.requested_by === tx.actor.userId) {
      throw conflictError({ it: transitionErrors.self_approval.it, en: transitionErrors.self_approval.en, detail: 'self approval' });
    }
    const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', request.case_id).forUpdate().executeTakeFirstOrThrow();
    let note: string | null = null;
    if (input.note) note = await encryptField(services, tx.db, caseColumns.approvalDecisionNote, id, input.note);
    if (input.decision === 'approve') {
      const reason = await decryptField(services, tx.db, caseColumns.approvalReason, id, request.reason_enc);
      const v = validateTransition({
        from: row.phase,
        to: request.to_phase,
        reason,
        closureReason: request.closure_reason,
        previousClosureReason: row.closure_reason,
        approval: { approvedBy: tx.actor.userId },
        actorId: request.requested_by,
      });
      if (!v.ok) {
        // The case moved since the request: the request can no longer be carried out as asked.
        const first = transitionErrors[v.errors[0]?.code ?? 'transition_not_allowed'];
        throw conflictError({ it: `${first.it} (la richiesta non corrisponde più allo stato del caso)`, en: `${first.en} (the request no longer matches the case)`, detail: 'stale request' });
      }
      if (v.rule.kind === 'reopen' && (await q.openCaseOf(tx.db, row.person_id, row.org_id, row.id))) throw otherOpenCase();
      await applyMove(services, tx, row, { to: v.rule.to, closureReason: v.closureReason, reason, approvalRequestId: id });
      await tx.audit({ action: 'case.transition', outcome: 'success', recordType: 'case', recordId: row.id, fields: ['phase', 'status', 'reason'], details: { requestId: id } });
    }
    await tx.db
      .updateTable('case_approval_requests')
      .set({ status: input.decision === 'approve' ? 'approved' : 'rejected', decided_by: tx.actor.userId, decided_at: tx.now, decision_note_enc: note })
      .where('id', '=', id)
      .execute();
    await notify(tx.db, { userIds: [request.requested_by], kind: 'case.approval_decided', recordType: 'case_approval_request', recordId: id, now: tx.now });
    await tx.audit({ action: 'case.approval_decide', outcome: 'success', recordType: 'case_approval_request', recordId: id, fields: note ? ['decision', 'note'] : ['decision'], details: { caseId: row.id } });
    const updated = await tx.db.selectFrom('case_approval_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { approvalRequest: await approvalDto(services, tx.db, updated), case: await buildDetail(services, tx, await reread(tx, row.id)) };
  });
  if (!result) return hidden(access, 'case.approval_decide', 'case_approval_request', id);
  return result;
}

export async function withdrawApproval(options: { access: DataAccess; services: CaseServices; id: string }): Promise<{ approvalRequest: ApprovalDto }> {
  const { access, services, id } = options;
  await access.require({ permission: 'cases.write', entry: { action: 'case.approval_withdraw', recordType: 'case_approval_request', recordId: id } });
  const scope = scopeActorOf(access);
  const result = await access.transaction(async (tx) => {
    const request = await q.findApprovalInOrg(tx.db, id, scope.orgId, { forUpdate: true });
    // Only the requester may withdraw; to anyone else the request is not theirs to see here.
    if (!request || request.requested_by !== tx.actor.userId) return undefined;
    if (request.status !== 'pending') {
      throw conflictError({ it: 'La richiesta è già stata decisa o ritirata.', en: 'The request was already decided or withdrawn.', detail: 'request not pending' });
    }
    await tx.db.updateTable('case_approval_requests').set({ status: 'withdrawn', decided_at: tx.now }).where('id', '=', id).execute();
    await tx.audit({ action: 'case.approval_withdraw', outcome: 'success', recordType: 'case_approval_request', recordId: id, fields: ['status'], details: { caseId: request.case_id } });
    const updated = await tx.db.selectFrom('case_approval_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { approvalRequest: await approvalDto(services, tx.db, updated) };
  });
  return result ?? hidden(access, 'case.approval_withdraw', 'case_approval_request', id);
}

export interface CaseStaffItem {
  id: string;
  displayName: string;
  roleKey: string;
  roleName: { it: string; en: string };
  /** Holds cases.read: may be made case worker or put on a team. */
  readsCases: boolean;
}

/**
 * The active users of the caller's organisation, for assigning a case worker, a team or a task
 * (holders of cases.write or cases.approve). Staff names only: no person data.
 */
export async function listCaseStaff(options: { access: DataAccess }): Promise<{ items: CaseStaffItem[] }> {
  const { access } = options;
  const actor = access.requireActor();
  if (!actor.permissions.has('cases.write') && !actor.permissions.has('cases.approve')) {
    await access.auditDenied({ action: 'user.list', recordType: 'user', details: { missing: 'cases.write', scope: 'case_staff' } });
    throw new PonteError({ code: 'forbidden', detail: 'missing cases.write or cases.approve' });
  }
  const scope = scopeActorOf(access);
  return access.transaction(async (tx) => {
    const rows = await tx.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('roles', 'roles.id', 'memberships.role_id')
      .select(['users.id', 'users.display_name', 'roles.id as role_id', 'roles.key as role_key', 'roles.name_it', 'roles.name_en'])
      .where('memberships.organisation_id', '=', scope.orgId)
      .where('users.is_active', '=', true)
      .orderBy('users.display_name')
      .execute();
    const readers = new Set(
      (await tx.db.selectFrom('role_permissions').select('role_id').where('permission', '=', 'cases.read').execute()).map((r) => r.role_id),
    );
    const items = rows.map((r) => ({ id: r.id, displayName: r.display_name, roleKey: r.role_key, roleName: { it: r.name_it, en: r.name_en }, readsCases: readers.has(r.role_id) }));
    await tx.audit({ action: 'user.list', outcome: 'success', recordType: 'user', fields: ['displayName', 'role'], details: { count: items.length, scope: 'case_staff' } });
    return { items };
  });
}
