/**
 * Rules of residence permits and legal status (domain.md §2) and of criminal proceedings.
 *
 * - Reading a case's permits needs cases.read and the case visible to the caller
 *   (persons/scope.ts caseVisibleTo); writing needs permits.write and the case visible.
 * - A person's legal status is the history of their permits on the cases the caller sees; a
 *   person the caller does not see, or with no case the caller sees, answers 404.
 * - Steps follow the machine of src/domain/permits, with a date each and a version check; a
 *   refused step or a stale version writes nothing.
 * - Criminal proceedings are readable only with criminal.read (and writable with criminal.read
 *   and cases.write): any other role gets 404, as for a missing record.
 *
 * Refusals are audited as denied and answer 404. Every read and write is audited in the same
 * transaction, with field names, never values. Permit numbers and notes are encrypted, bound to
 * their row.
 */
import { randomUUID } from 'node:crypto';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { PonteError, conflictError, fieldError, notFound } from '../../platform/errors.ts';
import type { Permission } from '../../../domain/permissions.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import {
  nextPermitSteps,
  permitReminder,
  permitStepErrors,
  proposerErrors,
  validatePermitStep,
  validateProposer,
  type ConversionTarget,
  type PermitStatus,
  type PermitType,
  type ProposerKind,
} from '../../../domain/permits/index.ts';
import type { ScopeActor } from '../persons/scope.ts';
import { findVisibleCase, type ScopedCase } from '../case-records/queries.ts';
import { permitColumns } from './encrypted.ts';
import * as q from './queries.ts';
import type { CriminalPut, HearingCreate, MinorPut, PermitCreate, PermitStepBody, PermitUpdate } from './schemas.ts';

export interface PermitDeps {
  access: DataAccess;
  cipher: FieldCipher;
  /** Days before expiry when a renewal is due (config PONTE_PERMIT_RENEWAL_WINDOW_DAYS). */
  renewalWindowDays: number;
}

type Column = { table: string; column: string };

/** Thrown inside the transaction when a record is out of the caller's reach; becomes an audited 404. */
class OutOfReach extends Error {}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

function changedFields(input: object): string[] {
  return Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'version').map(([k]) => k).sort();
}

function scopeOf(deps: { access: DataAccess }): ScopeActor | undefined {
  const actor = deps.access.requireActor();
  if (!actor.orgId) return undefined;
  return { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions };
}

/**
 * The one door: checks the permissions, runs `work` in a transaction, and turns OutOfReach (and a
 * not-found record inside) into an audited 404.
 */
async function guarded<T>(
  deps: { access: DataAccess },
  options: { permissions: readonly Permission[]; action: AuditAction; recordType: string; recordId: string },
  work: (tx: ScopedTx, scope: ScopeActor) => Promise<T>,
): Promise<T> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: options.recordType, recordId: options.recordId };
  const missing = options.permissions.find((p) => !actor.permissions.has(p));
  const scope = scopeOf(deps);
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
    if (e instanceof PonteError && e.code === 'not_found') {
      await access.auditDenied({ ...entry, details: { reason: e.detail ?? 'not_found' } });
    }
    throw e;
  }
}

async function visibleCase(tx: ScopedTx, caseId: string, scope: ScopeActor): Promise<ScopedCase> {
  const c = await findVisibleCase(tx.db, caseId, scope);
  if (!c) throw new OutOfReach('case not visible');
  return c;
}

async function seal(deps: { cipher: FieldCipher }, tx: ScopedTx, column: Column, rowId: string, plaintext: string | null | undefined): Promise<string | null> {
  if (!plaintext) return null;
  return deps.cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

async function open(deps: { cipher: FieldCipher }, tx: ScopedTx, column: Column, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return deps.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

function invalid(deps: { access: DataAccess }, path: string, message: { it: string; en: string }): PonteError {
  return fieldError({ locale: deps.access.meta.locale, path, message });
}

async function requireOrganisation(tx: ScopedTx, deps: { access: DataAccess }, orgId: string | null | undefined, path: string): Promise<void> {
  if (orgId && !(await q.organisationExists(tx.db, orgId))) throw invalid(deps, path, issueMessages.unknownOrganisation);
}

const staleVersion = (): PonteError =>
  conflictError({ it: 'Il permesso è stato modificato nel frattempo: ricarica e riprova.', en: 'The permit was changed meanwhile: reload and try again.', detail: 'stale version' });

// =============================================================================================
// DTOs

export interface PermitEventDto {
  id: string;
  fromStatus: PermitStatus | null;
  toStatus: PermitStatus;
  on: string;
  expiresOn: string | null;
  userId: string | null;
  userName: string | null;
  note: string | null;
  recordedAt: string;
}

export interface PermitDto {
  id: string;
  caseId: string;
  caseCode: string;
  personId: string;
  organisationId: string;
  organisationName: string | null;
  type: PermitType;
  proposerKind: ProposerKind | null;
  proposerOrganisationId: string | null;
  proposerOrganisationName: string | null;
  questuraOrganisationId: string | null;
  questuraOrganisationName: string | null;
  status: PermitStatus;
  requestedOn: string;
  submittedOn: string | null;
  issuedOn: string | null;
  refusedOn: string | null;
  renewalRequestedOn: string | null;
  renewedOn: string | null;
  convertedOn: string | null;
  convertedTo: ConversionTarget | null;
  expiredOn: string | null;
  revokedOn: string | null;
  expiresOn: string | null;
  permitNumber: string | null;
  note: string | null;
  /** In force and expiring within the renewal window. */
  renewalDue: boolean;
  nextSteps: PermitStatus[];
  events: PermitEventDto[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Fields a permit read returns (for the audit entry). */
const permitReadFields = ['type', 'proposer', 'questura', 'status', 'dates', 'permitNumber', 'note', 'events'];

async function permitDtos(deps: PermitDeps, tx: ScopedTx, rows: readonly q.PermitRow[]): Promise<PermitDto[]> {
  const events = await q.listEvents(tx.db, rows.map((r) => r.id));
  const orgs = await q.organisationNames(tx.db, rows.flatMap((r) => [r.org_id, r.proposer_org_id, r.questura_org_id]));
  const users = await q.userNames(tx.db, events.map((e) => e.user_id));
  const today = italianToday(tx.now);
  const out: PermitDto[] = [];
  for (const r of rows) {
    const evs: PermitEventDto[] = [];
    for (const e of events.filter((x) => x.permit_id === r.id)) {
      evs.push({
        id: e.id,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        on: e.step_on,
        expiresOn: e.expires_on,
        userId: e.user_id,
        userName: e.user_id ? (users.get(e.user_id) ?? null) : null,
        note: await open(deps, tx, permitColumns.eventNote, e.id, e.note_enc),
        recordedAt: iso(e.at),
      });
    }
    out.push({
      id: r.id,
      caseId: r.case_id,
      caseCode: r.case_code,
      personId: r.person_id,
      organisationId: r.org_id,
      organisationName: orgs.get(r.org_id) ?? null,
      type: r.permit_type as PermitType,
      proposerKind: r.proposer_kind,
      proposerOrganisationId: r.proposer_org_id,
      proposerOrganisationName: r.proposer_org_id ? (orgs.get(r.proposer_org_id) ?? null) : null,
      questuraOrganisationId: r.questura_org_id,
      questuraOrganisationName: r.questura_org_id ? (orgs.get(r.questura_org_id) ?? null) : null,
      status: r.status,
      requestedOn: r.requested_on,
      submittedOn: r.submitted_on,
      issuedOn: r.issued_on,
      refusedOn: r.refused_on,
      renewalRequestedOn: r.renewal_requested_on,
      renewedOn: r.renewed_on,
      convertedOn: r.converted_on,
      convertedTo: r.converted_to,
      expiredOn: r.expired_on,
      revokedOn: r.revoked_on,
      expiresOn: r.expires_on,
      permitNumber: await open(deps, tx, permitColumns.permitNumber, r.id, r.permit_number_enc),
      note: await open(deps, tx, permitColumns.permitNote, r.id, r.note_enc),
      renewalDue: permitReminder({ status: r.status, expiresOn: r.expires_on, today, windowDays: deps.renewalWindowDays }) === 'renewal',
      nextSteps: nextPermitSteps(r.status),
      events: evs,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      version: r.version,
    });
  }
  return out;
}

async function readPermit(deps: PermitDeps, tx: ScopedTx, permitId: string): Promise<PermitDto> {
  const row = await q.findPermit(tx.db, permitId);
  if (!row) throw notFound('permit');
  const [dto] = await permitDtos(deps, tx, [row]);
  if (!dto) throw notFound('permit');
  return dto;
}

/** The step's date column. */
const stepDateColumn = {
  prepared: 'requested_on',
  submitted: 'submitted_on',
  issued: 'issued_on',
  refused: 'refused_on',
  renewal_requested: 'renewal_requested_on',
  renewed: 'renewed_on',
  converted: 'converted_on',
  expired: 'expired_on',
  revoked: 'revoked_on',
} as const satisfies Record<PermitStatus, string>;

/** The date of the latest step of a permit (a new step may not be earlier). */
function lastStepOn(row: { status: PermitStatus } & Record<(typeof stepDateColumn)[PermitStatus], string | null>): string | null {
  return row[stepDateColumn[row.status]];
}

// =============================================================================================
// Permits

export async function listCasePermits(deps: PermitDeps & { caseId: string }): Promise<{ items: PermitDto[] }> {
  return guarded(deps, { permissions: ['cases.read'], action: 'permit.list', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const items = await permitDtos(deps, tx, await q.listCasePermits(tx.db, c.id));
    await tx.audit({ action: 'permit.list', outcome: 'success', recordType: 'case', recordId: c.id, fields: permitReadFields, details: { count: items.length } });
    return { items };
  });
}

export async function createPermit(deps: PermitDeps & { caseId: string; input: PermitCreate }): Promise<PermitDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['permits.write'], action: 'permit.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const proposer = validateProposer({ type: input.type, proposerKind: input.proposerKind });
    if (!proposer.ok) throw invalid(deps, 'proposerKind', proposerErrors[proposer.error]);
    await requireOrganisation(tx, deps, input.proposerOrganisationId, 'proposerOrganisationId');
    await requireOrganisation(tx, deps, input.questuraOrganisationId, 'questuraOrganisationId');
    const requestedOn = input.requestedOn ?? italianToday(tx.now);
    if (requestedOn > italianToday(tx.now)) throw invalid(deps, 'requestedOn', issueMessages.dateInFuture);
    const person = await tx.db.selectFrom('cases').select('person_id').where('id', '=', c.id).executeTakeFirstOrThrow();
    const id = randomUUID();
    await tx.db
      .insertInto('permits')
      .values({
        id,
        case_id: c.id,
        person_id: person.person_id,
        org_id: c.orgId,
        permit_type: input.type,
        proposer_kind: input.proposerKind ?? null,
        proposer_org_id: input.proposerOrganisationId ?? null,
        questura_org_id: input.questuraOrganisationId ?? null,
        status: 'prepared',
        requested_on: requestedOn,
        permit_number_enc: await seal(deps, tx, permitColumns.permitNumber, id, input.permitNumber),
        note_enc: await seal(deps, tx, permitColumns.permitNote, id, input.note),
        created_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    await tx.db.insertInto('permit_events').values({ permit_id: id, from_status: null, to_status: 'prepared', step_on: requestedOn, user_id: tx.actor.userId, at: tx.now }).execute();
    await tx.audit({ action: 'permit.write', outcome: 'success', recordType: 'permit', recordId: id, fields: changedFields(input), details: { caseId: c.id, op: 'create', type: input.type } });
    return readPermit(deps, tx, id);
  });
}

/** Finds the permit and its case within the caller's reach, or OutOfReach. */
async function visiblePermit(tx: ScopedTx, permitId: string, scope: ScopeActor): Promise<q.PermitRow> {
  const row = await q.findVisiblePermit(tx.db, permitId, scope);
  if (!row) throw new OutOfReach('permit not visible');
  return row;
}

export async function getPermit(deps: PermitDeps & { permitId: string }): Promise<PermitDto> {
  return guarded(deps, { permissions: ['cases.read'], action: 'permit.read', recordType: 'permit', recordId: deps.permitId }, async (tx, scope) => {
    const row = await visiblePermit(tx, deps.permitId, scope);
    const [dto] = await permitDtos(deps, tx, [row]);
    await tx.audit({ action: 'permit.read', outcome: 'success', recordType: 'permit', recordId: row.id, fields: permitReadFields, details: { caseId: row.case_id } });
    if (!dto) throw notFound('permit');
    return dto;
  });
}

export async function updatePermit(deps: PermitDeps & { permitId: string; input: PermitUpdate }): Promise<PermitDto> {
  const { input, permitId } = deps;
  return guarded(deps, { permissions: ['permits.write'], action: 'permit.write', recordType: 'permit', recordId: permitId }, async (tx, scope) => {
    await visiblePermit(tx, permitId, scope);
    const row = await q.findPermitForUpdate(tx.db, permitId);
    if (!row) throw notFound('permit');
    if (row.version !== input.version) throw staleVersion();
    const type = input.type ?? (row.permit_type as PermitType);
    const proposerKind = input.proposerKind !== undefined ? input.proposerKind : row.proposer_kind;
    const proposer = validateProposer({ type, proposerKind });
    if (!proposer.ok) throw invalid(deps, 'proposerKind', proposerErrors[proposer.error]);
    await requireOrganisation(tx, deps, input.proposerOrganisationId, 'proposerOrganisationId');
    await requireOrganisation(tx, deps, input.questuraOrganisationId, 'questuraOrganisationId');
    if (input.expiresOn !== undefined && !['issued', 'renewal_requested', 'renewed'].includes(row.status)) {
      throw invalid(deps, 'expiresOn', { it: 'La scadenza si corregge solo su un permesso rilasciato.', en: 'The expiry date can only be corrected on an issued permit.' });
    }
    if (input.expiresOn === null) throw invalid(deps, 'expiresOn', permitStepErrors.expires_on_required);
    const set = {
      ...(input.type !== undefined ? { permit_type: input.type } : {}),
      ...(input.proposerKind !== undefined ? { proposer_kind: input.proposerKind } : {}),
      ...(input.proposerOrganisationId !== undefined ? { proposer_org_id: input.proposerOrganisationId } : {}),
      ...(input.questuraOrganisationId !== undefined ? { questura_org_id: input.questuraOrganisationId } : {}),
      ...(input.expiresOn ? { expires_on: input.expiresOn } : {}),
      ...(input.permitNumber !== undefined ? { permit_number_enc: await seal(deps, tx, permitColumns.permitNumber, permitId, input.permitNumber) } : {}),
      ...(input.note !== undefined ? { note_enc: await seal(deps, tx, permitColumns.permitNote, permitId, input.note) } : {}),
    };
    const done = await tx.db
      .updateTable('permits')
      .set({ ...set, updated_at: tx.now, version: row.version + 1 })
      .where('id', '=', permitId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw staleVersion();
    await tx.audit({ action: 'permit.write', outcome: 'success', recordType: 'permit', recordId: permitId, fields: changedFields(input), details: { caseId: row.case_id, op: 'update' } });
    return readPermit(deps, tx, permitId);
  });
}

export async function stepPermit(deps: PermitDeps & { permitId: string; input: PermitStepBody }): Promise<PermitDto> {
  const { input, permitId } = deps;
  return guarded(deps, { permissions: ['permits.write'], action: 'permit.write', recordType: 'permit', recordId: permitId }, async (tx, scope) => {
    await visiblePermit(tx, permitId, scope);
    const row = await q.findPermitForUpdate(tx.db, permitId);
    if (!row) throw notFound('permit');
    if (row.version !== input.version) throw staleVersion();
    if (input.on > italianToday(tx.now)) throw invalid(deps, 'on', issueMessages.dateInFuture);
    const check = validatePermitStep({
      type: row.permit_type as PermitType,
      from: row.status,
      to: input.to,
      on: input.on,
      lastStepOn: lastStepOn(row),
      expiresOn: input.expiresOn,
      convertedTo: input.convertedTo,
    });
    if (!check.ok) {
      if (check.error === 'step_not_allowed') {
        throw conflictError({ ...permitStepErrors.step_not_allowed, detail: `permit step ${row.status} -> ${input.to}` });
      }
      throw invalid(deps, check.field, permitStepErrors[check.error]);
    }
    const setsExpiry = check.step.requires.includes('expiresOn');
    const done = await tx.db
      .updateTable('permits')
      .set({
        status: input.to,
        [stepDateColumn[input.to]]: input.on,
        ...(setsExpiry && input.expiresOn ? { expires_on: input.expiresOn } : {}),
        ...(input.to === 'converted' ? { converted_to: input.convertedTo ?? null } : {}),
        ...(input.permitNumber !== undefined ? { permit_number_enc: await seal(deps, tx, permitColumns.permitNumber, permitId, input.permitNumber) } : {}),
        updated_at: tx.now,
        version: row.version + 1,
      })
      .where('id', '=', permitId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw staleVersion();
    const event = await tx.db
      .insertInto('permit_events')
      .values({ permit_id: permitId, from_status: row.status, to_status: input.to, step_on: input.on, expires_on: setsExpiry ? (input.expiresOn ?? null) : null, user_id: tx.actor.userId, at: tx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.note) {
      const noteEnc = await seal(deps, tx, permitColumns.eventNote, event.id, input.note);
      await tx.db.updateTable('permit_events').set({ note_enc: noteEnc }).where('id', '=', event.id).execute();
    }
    await tx.audit({
      action: 'permit.write', outcome: 'success', recordType: 'permit', recordId: permitId, fields: ['status', ...changedFields({ ...input, to: undefined })],
      details: { caseId: row.case_id, op: 'step', from: row.status, to: input.to },
    });
    return readPermit(deps, tx, permitId);
  });
}

export async function legalStatus(deps: PermitDeps & { personId: string }): Promise<{ personId: string; current: PermitDto | null; items: PermitDto[] }> {
  return guarded(deps, { permissions: ['cases.read'], action: 'legal_status.read', recordType: 'person', recordId: deps.personId }, async (tx, scope) => {
    const found = await q.listPersonPermits(tx.db, deps.personId, scope);
    if (!found) throw new OutOfReach('person or cases not visible');
    const items = await permitDtos(deps, tx, found.permits);
    const inForce = items.filter((p) => p.status === 'issued' || p.status === 'renewal_requested' || p.status === 'renewed');
    const current = inForce.sort((a, b) => (b.expiresOn ?? '').localeCompare(a.expiresOn ?? ''))[0] ?? null;
    await tx.audit({ action: 'legal_status.read', outcome: 'success', recordType: 'person', recordId: deps.personId, fields: permitReadFields, details: { permits: items.length, cases: found.cases } });
    return { personId: deps.personId, current, items };
  });
}

// =============================================================================================
// Criminal proceedings

export interface HearingDto {
  id: string;
  heldOn: string;
  kind: HearingCreate['kind'];
  note: string | null;
  createdAt: string;
}

export interface CriminalDto {
  caseId: string;
  recorded: boolean;
  complaintFiled: boolean;
  complaintOn: string | null;
  prosecutorOrganisationId: string | null;
  prosecutorOrganisationName: string | null;
  personRole: 'witness' | 'injured_party' | 'civil_party' | null;
  protectionMeasures: string | null;
  note: string | null;
  hearings: HearingDto[];
  updatedAt: string | null;
  /** 0 while nothing is recorded. */
  version: number;
}

const criminalFields = ['complaintFiled', 'complaintOn', 'prosecutor', 'personRole', 'protectionMeasures', 'note', 'hearings'];

async function readCriminal(deps: PermitDeps, tx: ScopedTx, caseId: string): Promise<CriminalDto> {
  const row = await q.findCriminal(tx.db, caseId);
  const hearingRows = row ? await q.listHearings(tx.db, caseId) : [];
  const hearings: HearingDto[] = [];
  for (const h of hearingRows) {
    hearings.push({ id: h.id, heldOn: h.held_on, kind: h.kind, note: await open(deps, tx, permitColumns.hearingNote, h.id, h.note_enc), createdAt: iso(h.created_at) });
  }
  const orgs = await q.organisationNames(tx.db, [row?.prosecutor_org_id ?? null]);
  return {
    caseId,
    recorded: !!row,
    complaintFiled: row?.complaint_filed ?? false,
    complaintOn: row?.complaint_on ?? null,
    prosecutorOrganisationId: row?.prosecutor_org_id ?? null,
    prosecutorOrganisationName: row?.prosecutor_org_id ? (orgs.get(row.prosecutor_org_id) ?? null) : null,
    personRole: row?.person_role ?? null,
    protectionMeasures: row ? await open(deps, tx, permitColumns.criminalMeasures, caseId, row.protection_measures_enc) : null,
    note: row ? await open(deps, tx, permitColumns.criminalNote, caseId, row.note_enc) : null,
    hearings,
    updatedAt: row ? iso(row.updated_at) : null,
    version: row?.version ?? 0,
  };
}

export async function getCriminal(deps: PermitDeps & { caseId: string }): Promise<CriminalDto> {
  return guarded(deps, { permissions: ['criminal.read', 'cases.read'], action: 'criminal.read', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const dto = await readCriminal(deps, tx, c.id);
    await tx.audit({ action: 'criminal.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: criminalFields, details: { hearings: dto.hearings.length } });
    return dto;
  });
}

export async function putCriminal(deps: PermitDeps & { caseId: string; input: CriminalPut }): Promise<CriminalDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['criminal.read', 'cases.write'], action: 'criminal.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    await requireOrganisation(tx, deps, input.prosecutorOrganisationId, 'prosecutorOrganisationId');
    const current = await tx.db.selectFrom('criminal_proceedings').select('version').where('case_id', '=', c.id).forUpdate().executeTakeFirst();
    if ((current?.version ?? 0) !== input.version) {
      throw conflictError({ it: 'I dati del procedimento sono stati modificati nel frattempo: ricarica e riprova.', en: 'The proceedings were changed meanwhile: reload and try again.', detail: 'stale version' });
    }
    const values = {
      complaint_filed: input.complaintFiled,
      complaint_on: input.complaintOn ?? null,
      prosecutor_org_id: input.prosecutorOrganisationId ?? null,
      person_role: input.personRole ?? null,
      protection_measures_enc: await seal(deps, tx, permitColumns.criminalMeasures, c.id, input.protectionMeasures),
      note_enc: await seal(deps, tx, permitColumns.criminalNote, c.id, input.note),
      updated_by: tx.actor.userId,
      updated_at: tx.now,
    };
    if (current) {
      await tx.db.updateTable('criminal_proceedings').set({ ...values, version: current.version + 1 }).where('case_id', '=', c.id).execute();
    } else {
      await tx.db.insertInto('criminal_proceedings').values({ case_id: c.id, ...values }).execute();
    }
    await tx.audit({ action: 'criminal.write', outcome: 'success', recordType: 'case', recordId: c.id, fields: changedFields(input), details: { op: current ? 'update' : 'create' } });
    return readCriminal(deps, tx, c.id);
  });
}

export async function addHearing(deps: PermitDeps & { caseId: string; input: HearingCreate }): Promise<CriminalDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['criminal.read', 'cases.write'], action: 'criminal.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const current = await q.findCriminal(tx.db, c.id);
    if (!current) await tx.db.insertInto('criminal_proceedings').values({ case_id: c.id, updated_by: tx.actor.userId, updated_at: tx.now }).execute();
    const id = randomUUID();
    await tx.db
      .insertInto('criminal_hearings')
      .values({ id, case_id: c.id, held_on: input.heldOn, kind: input.kind, note_enc: await seal(deps, tx, permitColumns.hearingNote, id, input.note), created_by: tx.actor.userId, created_at: tx.now })
      .execute();
    await tx.db.updateTable('criminal_proceedings').set((eb) => ({ version: eb('version', '+', 1), updated_at: tx.now, updated_by: tx.actor.userId })).where('case_id', '=', c.id).execute();
    await tx.audit({ action: 'criminal.write', outcome: 'success', recordType: 'criminal_hearing', recordId: id, fields: changedFields(input), details: { caseId: c.id, op: 'hearing' } });
    return readCriminal(deps, tx, c.id);
  });
}

// =============================================================================================
// Minors: age assessment outcome, the programme continuing past 18, the 18th-birthday alerts

export interface MinorDto {
  caseId: string;
  minorStatus: string | null;
  ageAssessmentOutcome: 'minor' | 'adult' | 'inconclusive' | null;
  ageAssessmentOutcomeOn: string | null;
  continuesPast18: boolean;
  continuesUntil: string | null;
  majorityWarnedAt: string | null;
  majorityAlertedAt: string | null;
}

const minorFields = ['ageAssessmentOutcome', 'ageAssessmentOutcomeOn', 'continuesPast18', 'continuesUntil', 'majorityAlerts'];

async function readMinor(tx: ScopedTx, c: ScopedCase): Promise<MinorDto> {
  const row = await tx.db.selectFrom('case_minor').selectAll().where('case_id', '=', c.id).executeTakeFirst();
  return {
    caseId: c.id,
    minorStatus: c.minorStatus,
    ageAssessmentOutcome: row?.age_assessment_outcome ?? null,
    ageAssessmentOutcomeOn: row?.age_assessment_outcome_on ?? null,
    continuesPast18: row?.continues_past_18 ?? false,
    continuesUntil: row?.continues_until ?? null,
    majorityWarnedAt: row?.majority_warned_at ? iso(row.majority_warned_at) : null,
    majorityAlertedAt: row?.majority_alerted_at ? iso(row.majority_alerted_at) : null,
  };
}

export async function getMinor(deps: PermitDeps & { caseId: string }): Promise<MinorDto> {
  return guarded(deps, { permissions: ['cases.read'], action: 'minor.read', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    const dto = await readMinor(tx, c);
    await tx.audit({ action: 'minor.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: minorFields });
    return dto;
  });
}

export async function putMinor(deps: PermitDeps & { caseId: string; input: MinorPut }): Promise<MinorDto> {
  const { input } = deps;
  return guarded(deps, { permissions: ['cases.write'], action: 'minor.write', recordType: 'case', recordId: deps.caseId }, async (tx, scope) => {
    const c = await visibleCase(tx, deps.caseId, scope);
    if (input.ageAssessmentOutcomeOn && input.ageAssessmentOutcomeOn > italianToday(tx.now)) throw invalid(deps, 'ageAssessmentOutcomeOn', issueMessages.dateInFuture);
    const values = {
      age_assessment_outcome: input.ageAssessmentOutcome ?? null,
      age_assessment_outcome_on: input.ageAssessmentOutcomeOn ?? null,
      continues_past_18: input.continuesPast18,
      continues_until: input.continuesUntil ?? null,
      updated_at: tx.now,
    };
    await tx.db.insertInto('case_minor').values({ case_id: c.id, ...values }).onConflict((oc) => oc.column('case_id').doUpdateSet(values)).execute();
    await tx.audit({ action: 'minor.write', outcome: 'success', recordType: 'case', recordId: c.id, fields: changedFields(input) });
    return readMinor(tx, c);
  });
}
