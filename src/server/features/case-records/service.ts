/**
 * Rules of the case records: the individual plan, services, notes, documents, tasks and consents
 * of a case. Who may do what is decided in one place, `onCase` below:
 *
 * - reading needs cases.read and the case visible to the caller (persons/scope.ts);
 * - `manage` (plan, tasks, consents; editing services) needs cases.write and the case visible
 *   (except that the assignee of a task may mark it done: see updateTask);
 * - `contribute` (adding notes and services, uploading documents) needs the case visible and
 *   either cases.write or being assigned to the case (its case worker or on its team): this is
 *   how mediators, psychologists and lawyers (cases.read only) add to the cases they work on.
 *
 * Anything else answers 404 exactly like a missing case, and the attempt is audited as denied.
 * Every read and write is audited in the same transaction, with field names, never values. Free
 * text, file names and files are encrypted, bound to their row (table.column#id).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { PonteError, conflictError, fieldError, notFound } from '../../platform/errors.ts';
import { loadPermissions } from '../../platform/auth/session.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { consentFor, needsGuardian, type ConsentPurpose } from '../../../domain/consent.ts';
import { documentMediaTypes, isOverdue, italianToday, sniffMediaType, type DocumentMediaType } from '../../../domain/case-records.ts';
import type { ScopeActor } from '../persons/scope.ts';
import { recordColumns } from './encrypted.ts';
import * as q from './queries.ts';
import type {
  ActionCreate,
  ActionUpdate,
  ConsentCreate,
  ConsentWithdraw,
  DocumentCreate,
  GoalCreate,
  GoalUpdate,
  NoteCreate,
  ServiceCreate,
  ServiceUpdate,
  TaskCreate,
  TaskUpdate,
} from './schemas.ts';

export interface RecordDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

type Need = 'read' | 'contribute' | 'manage';
type Column = { table: string; column: string };

/** Thrown inside the transaction when the case is out of the caller's reach; becomes an audited 404. */
class OutOfReach extends Error {}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

function changedFields(input: object): string[] {
  return Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
}

/**
 * The one door to a case's records: checks permission, scope and (for writes) the contribute or
 * manage rule, then runs `work` in a transaction. Refusals are audited as denied and answer 404.
 */
async function onCase<T>(
  deps: RecordDeps,
  options: { caseId: string; need: Need; action: AuditAction },
  work: (tx: ScopedTx, c: q.ScopedCase) => Promise<T>,
): Promise<T> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: 'case', recordId: options.caseId };
  const permission = options.need === 'manage' ? 'cases.write' : 'cases.read';
  if (!actor.permissions.has(permission) || !actor.orgId) {
    await access.auditDenied({ ...entry, details: { missing: permission } });
    throw notFound(`missing ${permission}`);
  }
  const scope: ScopeActor = { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions };
  try {
    return await access.transaction(async (tx) => {
      const c = await q.findVisibleCase(tx.db, options.caseId, scope);
      if (!c) throw new OutOfReach('case not visible');
      if (options.need === 'contribute' && !actor.permissions.has('cases.write') && !c.assigned) throw new OutOfReach('not assigned to the case');
      return work(tx, c);
    });
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    // A record id (goal, action, service, document, task, consent) that is not of this case: it may
    // belong to a case out of the caller's scope, so the attempt is audited like any other refusal.
    if (e instanceof PonteError && e.code === 'not_found') {
      await access.auditDenied({ ...entry, details: { reason: e.detail ?? 'not_found' } });
    }
    throw e;
  }
}

async function seal(deps: RecordDeps, tx: ScopedTx, column: Column, rowId: string, plaintext: string): Promise<string> {
  return deps.cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

async function sealOptional(deps: RecordDeps, tx: ScopedTx, column: Column, rowId: string, plaintext: string | null | undefined): Promise<string | null> {
  return plaintext ? seal(deps, tx, column, rowId, plaintext) : null;
}

async function open(deps: RecordDeps, tx: ScopedTx, column: Column, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return deps.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

async function openRequired(deps: RecordDeps, tx: ScopedTx, column: Column, rowId: string, value: string): Promise<string> {
  return deps.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

async function requireMember(tx: ScopedTx, deps: RecordDeps, options: { userId: string; orgId: string; path: string }): Promise<void> {
  if (!(await q.isActiveMember(tx.db, options.userId, options.orgId))) {
    throw fieldError({ locale: deps.access.meta.locale, path: options.path, message: issueMessages.notAMember });
  }
}

/**
 * The assignee of a task must be an active member who sees the case (scope.ts) with cases.read:
 * otherwise the task would be out of their reach (not in /api/me/tasks, not to be marked done).
 */
async function requireAssignee(tx: ScopedTx, deps: RecordDeps, options: { userId: string; caseId: string; orgId: string; path: string }): Promise<void> {
  await requireMember(tx, deps, options);
  const { permissions } = await loadPermissions({ db: tx.db, userId: options.userId, organisationId: options.orgId });
  const sees = permissions.has('cases.read') && (await q.findVisibleCase(tx.db, options.caseId, { orgId: options.orgId, userId: options.userId, permissions }));
  if (!sees) throw fieldError({ locale: deps.access.meta.locale, path: options.path, message: issueMessages.assigneeCannotSeeCase });
}

// =============================================================================================
// Individual plan

export interface ActionDto {
  id: string;
  goalId: string;
  what: string;
  ownerUserId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  reviewOn: string | null;
  status: 'open' | 'done' | 'dropped';
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GoalDto {
  id: string;
  title: string;
  description: string | null;
  status: 'open' | 'achieved' | 'dropped';
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  actions: ActionDto[];
}

async function actionDto(deps: RecordDeps, tx: ScopedTx, r: q.ActionRow, names: Map<string, string>): Promise<ActionDto> {
  return {
    id: r.id,
    goalId: r.goal_id,
    what: await openRequired(deps, tx, recordColumns.actionWhat, r.id, r.what_enc),
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_user_id ? (names.get(r.owner_user_id) ?? null) : null,
    dueOn: r.due_on,
    reviewOn: r.review_on,
    status: r.status,
    overdue: isOverdue({ dueOn: r.due_on, done: r.status !== 'open', today: italianToday(tx.now) }),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

async function goalDto(deps: RecordDeps, tx: ScopedTx, g: q.GoalRow, actions: ActionDto[]): Promise<GoalDto> {
  return {
    id: g.id,
    title: await openRequired(deps, tx, recordColumns.goalTitle, g.id, g.title_enc),
    description: await open(deps, tx, recordColumns.goalDescription, g.id, g.description_enc),
    status: g.status,
    createdBy: g.created_by,
    createdAt: iso(g.created_at),
    updatedAt: iso(g.updated_at),
    actions,
  };
}

async function readGoal(deps: RecordDeps, tx: ScopedTx, caseId: string, goalId: string): Promise<GoalDto> {
  const goal = await q.findGoal(tx.db, caseId, goalId);
  if (!goal) throw notFound('goal');
  const rows = (await q.listActions(tx.db, caseId)).filter((a) => a.goal_id === goalId);
  const names = await q.userNames(tx.db, rows.map((a) => a.owner_user_id));
  const actions = [];
  for (const a of rows) actions.push(await actionDto(deps, tx, a, names));
  return goalDto(deps, tx, goal, actions);
}

export async function getPlan(deps: RecordDeps & { caseId: string }): Promise<{ goals: GoalDto[] }> {
  return onCase(deps, { caseId: deps.caseId, need: 'read', action: 'plan.read' }, async (tx, c) => {
    const goals = await q.listGoals(tx.db, c.id);
    const actionRows = await q.listActions(tx.db, c.id);
    const names = await q.userNames(tx.db, actionRows.map((a) => a.owner_user_id));
    const out: GoalDto[] = [];
    for (const g of goals) {
      const actions: ActionDto[] = [];
      for (const a of actionRows.filter((x) => x.goal_id === g.id)) actions.push(await actionDto(deps, tx, a, names));
      out.push(await goalDto(deps, tx, g, actions));
    }
    await tx.audit({ action: 'plan.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: ['goals', 'actions'], details: { goals: goals.length } });
    return { goals: out };
  });
}

export async function createGoal(deps: RecordDeps & { caseId: string; input: GoalCreate }): Promise<GoalDto> {
  const { input } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'plan.write' }, async (tx, c) => {
    const id = randomUUID();
    await tx.db
      .insertInto('case_plan_goals')
      .values({
        id,
        case_id: c.id,
        title_enc: await seal(deps, tx, recordColumns.goalTitle, id, input.title),
        description_enc: await sealOptional(deps, tx, recordColumns.goalDescription, id, input.description),
        status: input.status,
        created_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    await tx.audit({ action: 'plan.write', outcome: 'success', recordType: 'case_plan_goal', recordId: id, fields: changedFields(input), details: { caseId: c.id, op: 'create' } });
    return readGoal(deps, tx, c.id, id);
  });
}

export async function updateGoal(deps: RecordDeps & { caseId: string; goalId: string; input: GoalUpdate }): Promise<GoalDto> {
  const { input, goalId } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'plan.write' }, async (tx, c) => {
    if (!(await q.findGoal(tx.db, c.id, goalId))) throw notFound('goal');
    await tx.db
      .updateTable('case_plan_goals')
      .set({
        ...(input.title !== undefined ? { title_enc: await seal(deps, tx, recordColumns.goalTitle, goalId, input.title) } : {}),
        ...(input.description !== undefined ? { description_enc: await sealOptional(deps, tx, recordColumns.goalDescription, goalId, input.description) } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        updated_at: tx.now,
      })
      .where('id', '=', goalId)
      .execute();
    await tx.audit({ action: 'plan.write', outcome: 'success', recordType: 'case_plan_goal', recordId: goalId, fields: changedFields(input), details: { caseId: c.id, op: 'update' } });
    return readGoal(deps, tx, c.id, goalId);
  });
}

async function readAction(deps: RecordDeps, tx: ScopedTx, caseId: string, actionId: string): Promise<ActionDto> {
  const row = await q.findAction(tx.db, caseId, actionId);
  if (!row) throw notFound('action');
  return actionDto(deps, tx, row, await q.userNames(tx.db, [row.owner_user_id]));
}

export async function createAction(deps: RecordDeps & { caseId: string; goalId: string; input: ActionCreate }): Promise<ActionDto> {
  const { input, goalId } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'plan.write' }, async (tx, c) => {
    if (!(await q.findGoal(tx.db, c.id, goalId))) throw notFound('goal');
    if (input.ownerUserId) await requireMember(tx, deps, { userId: input.ownerUserId, orgId: c.orgId, path: 'ownerUserId' });
    const id = randomUUID();
    await tx.db
      .insertInto('case_plan_actions')
      .values({
        id,
        goal_id: goalId,
        case_id: c.id,
        what_enc: await seal(deps, tx, recordColumns.actionWhat, id, input.what),
        owner_user_id: input.ownerUserId ?? null,
        due_on: input.dueOn ?? null,
        review_on: input.reviewOn ?? null,
        status: input.status,
        created_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    await tx.audit({ action: 'plan.write', outcome: 'success', recordType: 'case_plan_action', recordId: id, fields: changedFields(input), details: { caseId: c.id, goalId, op: 'create' } });
    return readAction(deps, tx, c.id, id);
  });
}

export async function updateAction(deps: RecordDeps & { caseId: string; actionId: string; input: ActionUpdate }): Promise<ActionDto> {
  const { input, actionId } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'plan.write' }, async (tx, c) => {
    if (!(await q.findAction(tx.db, c.id, actionId))) throw notFound('action');
    if (input.ownerUserId) await requireMember(tx, deps, { userId: input.ownerUserId, orgId: c.orgId, path: 'ownerUserId' });
    await tx.db
      .updateTable('case_plan_actions')
      .set({
        ...(input.what !== undefined ? { what_enc: await seal(deps, tx, recordColumns.actionWhat, actionId, input.what) } : {}),
        ...(input.ownerUserId !== undefined ? { owner_user_id: input.ownerUserId } : {}),
        ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
        ...(input.reviewOn !== undefined ? { review_on: input.reviewOn } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        updated_at: tx.now,
      })
      .where('id', '=', actionId)
      .execute();
    await tx.audit({ action: 'plan.write', outcome: 'success', recordType: 'case_plan_action', recordId: actionId, fields: changedFields(input), details: { caseId: c.id, op: 'update' } });
    return readAction(deps, tx, c.id, actionId);
  });
}

// =============================================================================================
// Services

export interface ServiceDto {
  id: string;
  type: string;
  providerOrganisationId: string | null;
  providerOrganisationName: string | null;
  providerName: string | null;
  startsOn: string | null;
  endsOn: string | null;
  status: 'planned' | 'active' | 'completed' | 'cancelled';
  cost: string | null;
  notes: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

async function serviceDto(deps: RecordDeps, tx: ScopedTx, r: q.ServiceRow, orgNames: Map<string, string>): Promise<ServiceDto> {
  return {
    id: r.id,
    type: r.service_type,
    providerOrganisationId: r.provider_org_id,
    providerOrganisationName: r.provider_org_id ? (orgNames.get(r.provider_org_id) ?? null) : null,
    // sealed since migration 0029; a row written before and not yet sealed still has it in clear
    providerName: r.provider_name_enc !== null ? await openRequired(deps, tx, recordColumns.serviceProviderName, r.id, r.provider_name_enc) : r.provider_name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    cost: r.cost,
    notes: await open(deps, tx, recordColumns.serviceNotes, r.id, r.notes_enc),
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

async function readService(deps: RecordDeps, tx: ScopedTx, caseId: string, serviceId: string): Promise<ServiceDto> {
  const row = await q.findService(tx.db, caseId, serviceId);
  if (!row) throw notFound('service');
  return serviceDto(deps, tx, row, await q.organisationNames(tx.db, [row.provider_org_id]));
}

async function requireOrganisation(tx: ScopedTx, deps: RecordDeps, orgId: string, path: string): Promise<void> {
  if (!(await q.organisationExists(tx.db, orgId))) throw fieldError({ locale: deps.access.meta.locale, path, message: issueMessages.unknownOrganisation });
}

export async function listServices(deps: RecordDeps & { caseId: string }): Promise<{ items: ServiceDto[] }> {
  return onCase(deps, { caseId: deps.caseId, need: 'read', action: 'service.read' }, async (tx, c) => {
    const rows = await q.listServices(tx.db, c.id);
    const names = await q.organisationNames(tx.db, rows.map((r) => r.provider_org_id));
    const items: ServiceDto[] = [];
    for (const r of rows) items.push(await serviceDto(deps, tx, r, names));
    await tx.audit({ action: 'service.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: ['services'], details: { count: items.length } });
    return { items };
  });
}

export async function createService(deps: RecordDeps & { caseId: string; input: ServiceCreate }): Promise<ServiceDto> {
  const { input } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'contribute', action: 'service.write' }, async (tx, c) => {
    if (input.providerOrganisationId) await requireOrganisation(tx, deps, input.providerOrganisationId, 'providerOrganisationId');
    const id = randomUUID();
    await tx.db
      .insertInto('case_services')
      .values({
        id,
        case_id: c.id,
        service_type: input.type,
        provider_org_id: input.providerOrganisationId ?? null,
        provider_name: null,
        provider_name_enc: await sealOptional(deps, tx, recordColumns.serviceProviderName, id, input.providerName),
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        status: input.status,
        cost: input.cost ?? null,
        notes_enc: await sealOptional(deps, tx, recordColumns.serviceNotes, id, input.notes),
        created_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    await tx.audit({ action: 'service.write', outcome: 'success', recordType: 'case_service', recordId: id, fields: changedFields(input), details: { caseId: c.id, op: 'create' } });
    return readService(deps, tx, c.id, id);
  });
}

export async function updateService(deps: RecordDeps & { caseId: string; serviceId: string; input: ServiceUpdate }): Promise<ServiceDto> {
  const { input, serviceId } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'service.write' }, async (tx, c) => {
    const current = await q.findService(tx.db, c.id, serviceId);
    if (!current) throw notFound('service');
    const startsOn = input.startsOn !== undefined ? input.startsOn : current.starts_on;
    const endsOn = input.endsOn !== undefined ? input.endsOn : current.ends_on;
    if (startsOn && endsOn && endsOn < startsOn) {
      throw fieldError({ locale: deps.access.meta.locale, path: input.endsOn !== undefined ? 'endsOn' : 'startsOn', message: issueMessages.endsBeforeStart });
    }
    if (input.providerOrganisationId) await requireOrganisation(tx, deps, input.providerOrganisationId, 'providerOrganisationId');
    // One provider at a time: naming one kind of provider replaces the other.
    const provider =
      input.providerOrganisationId ? { provider_org_id: input.providerOrganisationId, provider_name: null, provider_name_enc: null }
      : input.providerName ? { provider_org_id: null, provider_name: null, provider_name_enc: await seal(deps, tx, recordColumns.serviceProviderName, serviceId, input.providerName) }
      : {
          ...(input.providerOrganisationId === null ? { provider_org_id: null } : {}),
          ...(input.providerName === null ? { provider_name: null, provider_name_enc: null } : {}),
        };
    await tx.db
      .updateTable('case_services')
      .set({
        ...(input.type !== undefined ? { service_type: input.type } : {}),
        ...provider,
        ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
        ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.cost !== undefined ? { cost: input.cost } : {}),
        ...(input.notes !== undefined ? { notes_enc: await sealOptional(deps, tx, recordColumns.serviceNotes, serviceId, input.notes) } : {}),
        updated_at: tx.now,
      })
      .where('id', '=', serviceId)
      .execute();
    await tx.audit({ action: 'service.write', outcome: 'success', recordType: 'case_service', recordId: serviceId, fields: changedFields(input), details: { caseId: c.id, op: 'update' } });
    return readService(deps, tx, c.id, serviceId);
  });
}

// =============================================================================================
// Notes (never edited: a correction is a new note)

export interface NoteDto {
  id: string;
  text: string;
  category: string | null;
  authorId: string;
  authorName: string | null;
  createdAt: string;
}

async function noteDto(deps: RecordDeps, tx: ScopedTx, r: q.NoteRow, names: Map<string, string>): Promise<NoteDto> {
  return {
    id: r.id,
    text: await openRequired(deps, tx, recordColumns.noteBody, r.id, r.body_enc),
    category: r.category,
    authorId: r.author_id,
    authorName: names.get(r.author_id) ?? null,
    createdAt: iso(r.created_at),
  };
}

export async function listNotes(deps: RecordDeps & { caseId: string }): Promise<{ items: NoteDto[] }> {
  return onCase(deps, { caseId: deps.caseId, need: 'read', action: 'note.read' }, async (tx, c) => {
    const rows = await q.listNotes(tx.db, c.id);
    const names = await q.userNames(tx.db, rows.map((r) => r.author_id));
    const items: NoteDto[] = [];
    for (const r of rows) items.push(await noteDto(deps, tx, r, names));
    await tx.audit({ action: 'note.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: ['notes'], details: { count: items.length } });
    return { items };
  });
}

export async function createNote(deps: RecordDeps & { caseId: string; input: NoteCreate }): Promise<NoteDto> {
  const { input } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'contribute', action: 'note.write' }, async (tx, c) => {
    const id = randomUUID();
    const row = await tx.db
      .insertInto('case_notes')
      .values({
        id,
        case_id: c.id,
        category: input.category ?? null,
        body_enc: await seal(deps, tx, recordColumns.noteBody, id, input.text),
        author_id: tx.actor.userId,
        created_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'note.write', outcome: 'success', recordType: 'case_note', recordId: id, fields: changedFields(input), details: { caseId: c.id } });
    return noteDto(deps, tx, row, new Map([[tx.actor.userId, tx.actor.displayName]]));
  });
}

// =============================================================================================
// Documents

export interface DocumentDto {
  id: string;
  fileName: string;
  mediaType: DocumentMediaType;
  category: string | null;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedByName: string | null;
  uploadedAt: string;
}

async function documentDto(deps: RecordDeps, tx: ScopedTx, r: q.DocumentMetaRow, names: Map<string, string>): Promise<DocumentDto> {
  return {
    id: r.id,
    fileName: await openRequired(deps, tx, recordColumns.documentFileName, r.id, r.file_name_enc),
    mediaType: r.media_type,
    category: r.category,
    sizeBytes: r.size_bytes,
    // sealed since migration 0029; a row written before and not yet sealed still has it in clear
    sha256: r.sha256_enc !== null ? await openRequired(deps, tx, recordColumns.documentSha256, r.id, r.sha256_enc) : (r.sha256 ?? ''),
    uploadedBy: r.uploaded_by,
    uploadedByName: names.get(r.uploaded_by) ?? null,
    uploadedAt: iso(r.uploaded_at),
  };
}

/** 4096 → "4 KiB", 10485760 → "10 MiB", 1572864 → "1.5 MiB". */
function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  return `${Math.floor(bytes / 1024)} KiB`;
}

const acceptedFormats = { it: 'Sono accettati solo file PDF, PNG e JPEG.', en: 'Only PDF, PNG and JPEG files are accepted.' };

/** Decodes and checks an upload before anything touches the database: format, size, magic bytes. */
export function checkUpload(options: { input: DocumentCreate; maxBytes: number; locale: 'it' | 'en' }): { data: Buffer; mediaType: DocumentMediaType } {
  const { input, maxBytes, locale } = options;
  const declared = (documentMediaTypes as readonly string[]).includes(input.mediaType) ? (input.mediaType as DocumentMediaType) : null;
  if (!declared) throw new PonteError({ code: 'unsupported_media_type', detail: 'document media type not accepted', message: acceptedFormats });
  // The base64 alphabet was checked by the schema; this also refuses misplaced padding.
  const data = Buffer.from(input.contentBase64, 'base64');
  if (data.toString('base64') !== input.contentBase64) throw fieldError({ locale, path: 'contentBase64', message: issueMessages.notBase64 });
  if (data.length > maxBytes) {
    const size = formatSize(maxBytes);
    throw new PonteError({
      code: 'payload_too_large',
      detail: 'document too large',
      message: { it: `Il file supera la dimensione massima di ${size}.`, en: `The file is larger than the maximum of ${size}.` },
    });
  }
  const actual = sniffMediaType(data);
  if (!actual) {
    throw new PonteError({
      code: 'unsupported_media_type',
      detail: 'document content not recognised',
      message: { it: `Il contenuto del file non è un PDF, PNG o JPEG. ${acceptedFormats.it}`, en: `The file's content is not a PDF, PNG or JPEG. ${acceptedFormats.en}` },
    });
  }
  if (actual !== declared) {
    throw fieldError({
      locale,
      path: 'mediaType',
      message: { it: `il contenuto del file è ${actual}, non ${declared}`, en: `the file's content is ${actual}, not ${declared}` },
    });
  }
  return { data, mediaType: declared };
}

export async function listDocuments(deps: RecordDeps & { caseId: string }): Promise<{ items: DocumentDto[] }> {
  return onCase(deps, { caseId: deps.caseId, need: 'read', action: 'document.read' }, async (tx, c) => {
    const rows = await q.listDocuments(tx.db, c.id);
    const names = await q.userNames(tx.db, rows.map((r) => r.uploaded_by));
    const items: DocumentDto[] = [];
    for (const r of rows) items.push(await documentDto(deps, tx, r, names));
    await tx.audit({ action: 'document.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: ['fileName', 'mediaType', 'category', 'sizeBytes', 'sha256'], details: { count: items.length } });
    return { items };
  });
}

export async function uploadDocument(deps: RecordDeps & { caseId: string; input: DocumentCreate; maxBytes: number }): Promise<DocumentDto> {
  const { input } = deps;
  const { data, mediaType } = checkUpload({ input, maxBytes: deps.maxBytes, locale: deps.access.meta.locale });
  return onCase(deps, { caseId: deps.caseId, need: 'contribute', action: 'document.write' }, async (tx, c) => {
    const id = randomUUID();
    const content = await deps.cipher.encryptBuffer({ data, aad: fieldAad({ table: recordColumns.documentContent.table, column: recordColumns.documentContent.column, rowId: id }), db: tx.db });
    const row = await tx.db
      .insertInto('case_documents')
      .values({
        id,
        case_id: c.id,
        file_name_enc: await seal(deps, tx, recordColumns.documentFileName, id, input.fileName),
        media_type: mediaType,
        category: input.category ?? null,
        size_bytes: data.length,
        sha256: null,
        sha256_enc: await seal(deps, tx, recordColumns.documentSha256, id, createHash('sha256').update(data).digest('hex')),
        content_enc: content,
        uploaded_by: tx.actor.userId,
        uploaded_at: tx.now,
      })
      .returning(['id', 'case_id', 'file_name_enc', 'media_type', 'category', 'size_bytes', 'sha256', 'sha256_enc', 'uploaded_by', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await tx.audit({
      action: 'document.write',
      outcome: 'success',
      recordType: 'case_document',
      recordId: id,
      fields: ['fileName', 'mediaType', 'content', ...(input.category ? ['category'] : [])],
      details: { caseId: c.id, sizeBytes: data.length },
    });
    return documentDto(deps, tx, row, new Map([[tx.actor.userId, tx.actor.displayName]]));
  });
}

export async function readDocumentContent(deps: RecordDeps & { caseId: string; documentId: string }): Promise<{ fileName: string; mediaType: DocumentMediaType; data: Buffer }> {
  const { documentId } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'read', action: 'document.read' }, async (tx, c) => {
    const row = await q.findDocument(tx.db, c.id, documentId);
    if (!row) throw notFound('document');
    const data = await deps.cipher.decryptBuffer({
      data: Buffer.from(row.content_enc),
      aad: fieldAad({ table: recordColumns.documentContent.table, column: recordColumns.documentContent.column, rowId: row.id }),
      db: tx.db,
    });
    const fileName = await openRequired(deps, tx, recordColumns.documentFileName, row.id, row.file_name_enc);
    await tx.audit({ action: 'document.read', outcome: 'success', recordType: 'case_document', recordId: row.id, fields: ['content', 'fileName'], details: { caseId: c.id } });
    return { fileName, mediaType: row.media_type, data };
  });
}

// =============================================================================================
// Tasks

export interface TaskDto {
  id: string;
  caseId: string;
  title: string;
  assigneeId: string;
  assigneeName: string | null;
  dueOn: string | null;
  doneAt: string | null;
  doneBy: string | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

async function taskDto(deps: RecordDeps, tx: ScopedTx, r: q.TaskRow, names: Map<string, string>): Promise<TaskDto> {
  return {
    id: r.id,
    caseId: r.case_id,
    title: await openRequired(deps, tx, recordColumns.taskTitle, r.id, r.title_enc),
    assigneeId: r.assignee_id,
    assigneeName: names.get(r.assignee_id) ?? null,
    dueOn: r.due_on,
    doneAt: r.done_at ? iso(r.done_at) : null,
    doneBy: r.done_by,
    overdue: isOverdue({ dueOn: r.due_on, done: r.done_at !== null, today: italianToday(tx.now) }),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

async function readTask(deps: RecordDeps, tx: ScopedTx, caseId: string, taskId: string): Promise<TaskDto> {
  const row = await q.findTask(tx.db, caseId, taskId);
  if (!row) throw notFound('task');
  return taskDto(deps, tx, row, await q.userNames(tx.db, [row.assignee_id]));
}

/** Tells a newly assigned user (not oneself): the notice names the task, never its content. */
async function notifyAssignee(tx: ScopedTx, assigneeId: string, taskId: string): Promise<void> {
  if (assigneeId === tx.actor.userId) return;
  await tx.db.insertInto('notifications').values({ user_id: assigneeId, kind: 'task.assigned', record_type: 'case_task', record_id: taskId, created_at: tx.now }).execute();
}

export async function listTasks(deps: RecordDeps & { caseId: string }): Promise<{ items: TaskDto[] }> {
  return onCase(deps, { caseId: deps.caseId, need: 'read', action: 'task.read' }, async (tx, c) => {
    const rows = await q.listTasks(tx.db, c.id);
    const names = await q.userNames(tx.db, rows.map((r) => r.assignee_id));
    const items: TaskDto[] = [];
    for (const r of rows) items.push(await taskDto(deps, tx, r, names));
    await tx.audit({ action: 'task.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: ['tasks'], details: { count: items.length } });
    return { items };
  });
}

export async function createTask(deps: RecordDeps & { caseId: string; input: TaskCreate }): Promise<TaskDto> {
  const { input } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'task.write' }, async (tx, c) => {
    await requireAssignee(tx, deps, { userId: input.assigneeId, caseId: c.id, orgId: c.orgId, path: 'assigneeId' });
    const id = randomUUID();
    await tx.db
      .insertInto('case_tasks')
      .values({
        id,
        case_id: c.id,
        title_enc: await seal(deps, tx, recordColumns.taskTitle, id, input.title),
        assignee_id: input.assigneeId,
        due_on: input.dueOn ?? null,
        created_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    await notifyAssignee(tx, input.assigneeId, id);
    await tx.audit({ action: 'task.write', outcome: 'success', recordType: 'case_task', recordId: id, fields: changedFields(input), details: { caseId: c.id, op: 'create' } });
    return readTask(deps, tx, c.id, id);
  });
}

export async function updateTask(deps: RecordDeps & { caseId: string; taskId: string; input: TaskUpdate }): Promise<TaskDto> {
  const { input, taskId } = deps;
  // The assignee of a task may mark it done (or open again) on a case they can see, without
  // cases.write; anything else about a task is managing the case.
  const onlyDone = Object.entries(input).every(([k, v]) => k === 'done' || v === undefined);
  const manages = deps.access.can('cases.write');
  return onCase(deps, { caseId: deps.caseId, need: manages || !onlyDone ? 'manage' : 'read', action: 'task.write' }, async (tx, c) => {
    const current = await q.findTask(tx.db, c.id, taskId);
    if (!manages && current?.assignee_id !== tx.actor.userId) throw new OutOfReach('not the assignee of the task');
    if (!current) throw notFound('task');
    if (input.assigneeId) await requireAssignee(tx, deps, { userId: input.assigneeId, caseId: c.id, orgId: c.orgId, path: 'assigneeId' });
    const done =
      input.done === true && current.done_at === null ? { done_at: tx.now, done_by: tx.actor.userId }
      : input.done === false ? { done_at: null, done_by: null }
      : {};
    await tx.db
      .updateTable('case_tasks')
      .set({
        ...(input.title !== undefined ? { title_enc: await seal(deps, tx, recordColumns.taskTitle, taskId, input.title) } : {}),
        ...(input.assigneeId !== undefined ? { assignee_id: input.assigneeId } : {}),
        ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
        ...done,
        updated_at: tx.now,
      })
      .where('id', '=', taskId)
      .execute();
    if (input.assigneeId && input.assigneeId !== current.assignee_id) await notifyAssignee(tx, input.assigneeId, taskId);
    await tx.audit({ action: 'task.write', outcome: 'success', recordType: 'case_task', recordId: taskId, fields: changedFields(input), details: { caseId: c.id, op: 'update' } });
    return readTask(deps, tx, c.id, taskId);
  });
}

export interface MyTaskDto extends TaskDto {
  caseCode: string;
}

/**
 * The caller's open tasks on the cases they can see, earliest due date first, with `overdue` when
 * the due date is before today (in Italy). Without cases.read there are none.
 */
export async function myTasks(deps: RecordDeps): Promise<{ today: string; items: MyTaskDto[] }> {
  const { access } = deps;
  const actor = access.requireActor();
  const today = italianToday(access.clock.now());
  if (!actor.orgId || !actor.permissions.has('cases.read')) return { today, items: [] };
  const scope: ScopeActor = { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions };
  return access.transaction(async (tx) => {
    const rows = await q.myOpenTasks(tx.db, scope);
    const names = new Map([[actor.userId, actor.displayName]]);
    const items: MyTaskDto[] = [];
    for (const r of rows) items.push({ ...(await taskDto(deps, tx, r, names)), caseCode: r.case_code });
    await tx.audit({ action: 'task.read', outcome: 'success', recordType: 'user', recordId: actor.userId, fields: ['tasks'], details: { scope: 'own_open', count: items.length } });
    return { today: italianToday(tx.now), items };
  });
}

// =============================================================================================
// Consents

export interface ConsentDto {
  id: string;
  purpose: ConsentPurpose;
  organisationId: string | null;
  organisationName: string | null;
  status: 'given' | 'refused' | 'withdrawn';
  date: string;
  method: string;
  interpreterLanguage: string | null;
  givenBy: 'person' | 'guardian';
  guardianName: string | null;
  note: string | null;
  withdrawsId: string | null;
  recordedBy: string;
  recordedByName: string | null;
  recordedAt: string;
}

export interface ConsentStateDto {
  purpose: ConsentPurpose;
  organisationId: string | null;
  organisationName: string | null;
  status: 'given' | 'refused' | 'withdrawn';
  allowed: boolean;
  date: string;
  consentId: string;
}

async function consentDto(deps: RecordDeps, tx: ScopedTx, r: q.ConsentRow, orgNames: Map<string, string>, userNames: Map<string, string>): Promise<ConsentDto> {
  return {
    id: r.id,
    purpose: r.purpose,
    organisationId: r.organisation_id,
    organisationName: r.organisation_id ? (orgNames.get(r.organisation_id) ?? null) : null,
    status: r.status,
    date: r.decided_on,
    method: r.method,
    interpreterLanguage: r.interpreter_language,
    givenBy: r.given_by,
    guardianName: await open(deps, tx, recordColumns.consentGuardianName, r.id, r.guardian_name_enc),
    note: await open(deps, tx, recordColumns.consentNote, r.id, r.note_enc),
    withdrawsId: r.withdraws_id,
    recordedBy: r.recorded_by,
    recordedByName: userNames.get(r.recorded_by) ?? null,
    recordedAt: iso(r.recorded_at),
  };
}

function asRecords(rows: q.ConsentRow[]) {
  return rows.map((r) => ({ row: r, purpose: r.purpose, organisationId: r.organisation_id, status: r.status, sequence: Number(r.seq) }));
}

export async function listConsents(deps: RecordDeps & { caseId: string }): Promise<{ current: ConsentStateDto[]; history: ConsentDto[] }> {
  return onCase(deps, { caseId: deps.caseId, need: 'read', action: 'consent.read' }, async (tx, c) => {
    const rows = await q.listConsents(tx.db, c.id);
    const orgNames = await q.organisationNames(tx.db, rows.map((r) => r.organisation_id));
    const userNames = await q.userNames(tx.db, rows.map((r) => r.recorded_by));
    const records = asRecords(rows);
    const keys = new Map<string, { purpose: ConsentPurpose; organisationId: string | null }>();
    for (const r of records) keys.set(`${r.purpose}|${r.organisationId ?? ''}`, { purpose: r.purpose, organisationId: r.organisationId });
    const current: ConsentStateDto[] = [];
    for (const k of keys.values()) {
      const state = consentFor({ consents: records, purpose: k.purpose, organisationId: k.organisationId });
      if (!state.record || state.status === 'none') continue;
      current.push({
        purpose: k.purpose,
        organisationId: k.organisationId,
        organisationName: k.organisationId ? (orgNames.get(k.organisationId) ?? null) : null,
        status: state.status,
        allowed: state.allowed,
        date: state.record.row.decided_on,
        consentId: state.record.row.id,
      });
    }
    const history: ConsentDto[] = [];
    for (const r of [...rows].reverse()) history.push(await consentDto(deps, tx, r, orgNames, userNames));
    await tx.audit({ action: 'consent.read', outcome: 'success', recordType: 'case', recordId: c.id, fields: ['consents'], details: { count: rows.length } });
    return { current, history };
  });
}

/** Checks shared by giving/refusing and withdrawing: the guardian path for minors, no future date. */
function checkDecision(deps: RecordDeps, tx: ScopedTx, c: q.ScopedCase, input: ConsentWithdraw): string {
  const locale = deps.access.meta.locale;
  if (needsGuardian(c.minorStatus) && input.givenBy !== 'guardian') {
    throw fieldError({ locale, path: 'givenBy', message: issueMessages.minorNeedsGuardian });
  }
  const today = italianToday(tx.now);
  const date = input.date ?? today;
  if (date > today) throw fieldError({ locale, path: 'date', message: issueMessages.dateInFuture });
  return date;
}

async function insertConsent(
  deps: RecordDeps,
  tx: ScopedTx,
  c: q.ScopedCase,
  values: { purpose: ConsentPurpose; organisationId: string | null; status: 'given' | 'refused' | 'withdrawn'; withdrawsId: string | null; date: string; input: ConsentWithdraw },
): Promise<ConsentDto> {
  const id = randomUUID();
  const { input } = values;
  const row = await tx.db
    .insertInto('case_consents')
    .values({
      id,
      case_id: c.id,
      purpose: values.purpose,
      organisation_id: values.organisationId,
      status: values.status,
      decided_on: values.date,
      method: input.method,
      interpreter_language: input.interpreterLanguage ?? null,
      given_by: input.givenBy,
      guardian_name_enc: input.givenBy === 'guardian' ? await sealOptional(deps, tx, recordColumns.consentGuardianName, id, input.guardianName) : null,
      note_enc: await sealOptional(deps, tx, recordColumns.consentNote, id, input.note),
      withdraws_id: values.withdrawsId,
      recorded_by: tx.actor.userId,
      recorded_at: tx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return consentDto(deps, tx, row, await q.organisationNames(tx.db, [row.organisation_id]), new Map([[tx.actor.userId, tx.actor.displayName]]));
}

export async function recordConsent(deps: RecordDeps & { caseId: string; input: ConsentCreate }): Promise<ConsentDto> {
  const { input } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'consent.write' }, async (tx, c) => {
    await q.lockCase(tx.db, c.id);
    const date = checkDecision(deps, tx, c, input);
    if (input.organisationId) await requireOrganisation(tx, deps, input.organisationId, 'organisationId');
    const dto = await insertConsent(deps, tx, c, { purpose: input.purpose, organisationId: input.organisationId ?? null, status: input.status, withdrawsId: null, date, input });
    await tx.audit({ action: 'consent.write', outcome: 'success', recordType: 'case_consent', recordId: dto.id, fields: changedFields(input), details: { caseId: c.id, purpose: input.purpose, status: input.status } });
    return dto;
  });
}

export async function withdrawConsent(deps: RecordDeps & { caseId: string; consentId: string; input: ConsentWithdraw }): Promise<ConsentDto> {
  const { input, consentId } = deps;
  return onCase(deps, { caseId: deps.caseId, need: 'manage', action: 'consent.write' }, async (tx, c) => {
    await q.lockCase(tx.db, c.id);
    const target = await q.findConsent(tx.db, c.id, consentId);
    if (!target) throw notFound('consent');
    const state = consentFor({ consents: asRecords(await q.listConsents(tx.db, c.id)), purpose: target.purpose, organisationId: target.organisation_id });
    if (state.record?.row.id !== target.id || target.status !== 'given') {
      throw conflictError({
        it: 'Si può revocare solo il consenso in vigore, cioè l’ultimo registrato per questo scopo, se è stato dato.',
        en: 'Only the consent in force can be withdrawn: the latest record for this purpose, if it gave consent.',
        detail: 'consent not current or not given',
      });
    }
    const date = checkDecision(deps, tx, c, input);
    if (date < target.decided_on) {
      throw fieldError({ locale: deps.access.meta.locale, path: 'date', message: { it: 'la revoca non può precedere il consenso', en: 'a withdrawal cannot be dated before the consent' } });
    }
    const dto = await insertConsent(deps, tx, c, { purpose: target.purpose, organisationId: target.organisation_id, status: 'withdrawn', withdrawsId: target.id, date, input });
    await tx.audit({ action: 'consent.write', outcome: 'success', recordType: 'case_consent', recordId: dto.id, fields: changedFields(input), details: { caseId: c.id, purpose: target.purpose, status: 'withdrawn', withdraws: target.id } });
    return dto;
  });
}
