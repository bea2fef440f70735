/**
 * The procedure-run API other features call inside their own transaction (referrals, hotline,
 * cases): `startRun`, `advanceRun`, `cancelRun`, `runFor`, `procedureFor`; and Ponte's own work:
 * seeding the built-in procedures and warning the acting bodies before and after deadlines.
 *
 * These functions check the procedure graph and who may act, never the caller's permissions or
 * scope: that is the calling service's job (as for insertReferral). Pass `audit` (a ScopedTx's)
 * to write `procedure.run_start` / `procedure.run_advance` in the same transaction.
 *
 *     const run = await startRun({ db: tx.db, audit: tx.audit }, {
 *       procedureKey: 'referral_answer', subjectType: 'referral', subjectId: referral.id,
 *       orgIds: [fromOrgId, toOrgId], now: tx.now, userId: tx.actor.userId });
 *     await advanceRun({ db: tx.db, cipher, audit: tx.audit }, {
 *       runId, toStep: 'accepted', actorOrgId: tx.actor.orgId, userId: tx.actor.userId, now: tx.now });
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { deadlineFrom, deadlineState, warnAtFor, type DeadlineState } from '../../../domain/calendar/index.ts';
import {
  actingOrgOf,
  appliesToReferral,
  builtinProcedures,
  firstStep,
  isEndStep,
  localHolidaysOf,
  mayAct,
  stepOf,
  type ProcedureDefinition,
  type ProcedureStep,
  type ProcedureSubjectType,
} from '../../../domain/procedures/index.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { startSerialLoop } from '../../platform/periodic.ts';
import { PonteError, conflictError, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import type { Clock } from '../../platform/clock.ts';
import { notify } from '../notifications/queries.ts';
import { procedureColumns } from './encrypted.ts';
import * as q from './queries.ts';

export interface RunContext {
  db: q.Db;
  /** Needed to store a note. */
  cipher?: FieldCipher;
  /** The caller's audit (ScopedTx.audit): entries commit with the change. */
  audit?: (entry: AuditEntry) => Promise<void>;
  /** Language of error messages in field issues (default Italian). */
  locale?: Locale;
}

export interface RunSummary {
  id: string;
  procedureKey: string;
  procedureVersion: number;
  subjectType: ProcedureSubjectType;
  subjectId: string;
  orgIds: string[];
  currentStep: string;
  status: 'open' | 'completed' | 'cancelled';
  /** Deadline of the current step, if it has one. */
  dueAt: string | null;
  state: DeadlineState | null;
}

/** Permissions of the users who act in procedures (and are warned about deadlines). */
export const runActorPermissions = ['referrals.send', 'referrals.receive', 'cases.write', 'cases.approve', 'hotline.write'] as const;

async function summary(db: q.Db, run: q.RunRow, now: Date): Promise<RunSummary> {
  const open = run.status === 'open' ? await q.openStepOf(db, run.id) : undefined;
  const due = open?.due_at ? new Date(open.due_at) : null;
  return {
    id: run.id,
    procedureKey: run.procedure_key,
    procedureVersion: run.procedure_version,
    subjectType: run.subject_type,
    subjectId: run.subject_id,
    orgIds: run.org_ids,
    currentStep: run.current_step,
    status: run.status,
    dueAt: due ? due.toISOString() : null,
    state: due ? deadlineState({ now, due, warnAt: open?.warn_at ? new Date(open.warn_at) : null }) : null,
  };
}

/** Enter a step: its row with the acting body, deadline and warning time; an end step completes the run. */
async function enterStep(db: q.Db, options: { run: q.RunRow; definition: ProcedureDefinition; step: ProcedureStep; orgs: { id: string; type: string }[]; now: Date }): Promise<void> {
  const { run, definition, step, orgs, now } = options;
  const end = isEndStep(step);
  const local = localHolidaysOf(definition);
  const due = !end && step.deadline ? deadlineFrom({ from: now, duration: step.deadline, local }) : null;
  const warnAt = due && step.warnBefore ? warnAtFor({ due, before: step.warnBefore, local }) : null;
  const last = await db.selectFrom('procedure_run_steps').select((eb) => eb.fn.max('position').as('p')).where('run_id', '=', run.id).executeTakeFirst();
  await db
    .insertInto('procedure_run_steps')
    .values({
      run_id: run.id,
      position: (last?.p ?? 0) + 1,
      step_key: step.key,
      acting_org_id: end ? null : actingOrgOf({ step, orgs }),
      entered_at: now,
      due_at: due,
      warn_at: warnAt,
      completed_at: end ? now : null,
    })
    .execute();
  await db
    .updateTable('procedure_runs')
    .set({ current_step: step.key, ...(end ? { status: 'completed' as const, completed_at: now } : {}) })
    .where('id', '=', run.id)
    .execute();
}

/**
 * Start a run of the current, active version of a procedure for a subject. `orgIds`: the bodies
 * involved; for referrals and hotline calls the sender first, the receiver second.
 */
export async function startRun(
  ctx: RunContext,
  input: { procedureKey: string; subjectType: ProcedureSubjectType; subjectId: string; orgIds: readonly string[]; now: Date; userId?: string | null },
): Promise<RunSummary> {
  const { db } = ctx;
  const proc = await q.currentVersion(db, input.procedureKey);
  if (!proc || !proc.active) {
    throw conflictError({ it: 'La procedura non esiste o non è attiva.', en: 'The procedure does not exist or is not active.', detail: `procedure ${input.procedureKey} not active` });
  }
  const definition = q.definitionOf(proc);
  if (definition.appliesTo.subject !== input.subjectType) {
    throw conflictError({ it: 'La procedura non si applica a questo tipo di pratica.', en: 'The procedure does not apply to this kind of record.', detail: `procedure ${proc.key} is for ${definition.appliesTo.subject}` });
  }
  const orgIds = [...new Set(input.orgIds)];
  const orgs = await q.orgsOf(db, orgIds);
  if (orgs.length !== orgIds.length || orgIds.length === 0) throw new PonteError({ code: 'bad_request', detail: 'unknown organisation in orgIds' });
  const existing = await db
    .selectFrom('procedure_runs')
    .select('id')
    .where('subject_type', '=', input.subjectType)
    .where('subject_id', '=', input.subjectId)
    .where('procedure_key', '=', proc.key)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (existing) throw conflictError({ it: 'La pratica segue già questa procedura.', en: 'The record already follows this procedure.', detail: 'open run exists' });
  const id = randomUUID();
  const first = firstStep(definition);
  await db
    .insertInto('procedure_runs')
    .values({
      id,
      procedure_id: proc.id,
      procedure_key: proc.key,
      procedure_version: proc.version,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      org_ids: orgIds,
      current_step: first.key,
      status: 'open',
      started_by: input.userId ?? null,
      started_at: input.now,
    })
    .execute();
  const run = await q.mustFindRun(db, id);
  await enterStep(db, { run, definition, step: first, orgs, now: input.now });
  await ctx.audit?.({ action: 'procedure.run_start', outcome: 'success', recordType: 'procedure_run', recordId: id, details: { procedure: proc.key, version: proc.version, subjectType: input.subjectType, subjectId: input.subjectId } });
  return summary(db, await q.mustFindRun(db, id), input.now);
}

function stepIssue(ctx: RunContext, message: { it: string; en: string }, detail: string): PonteError {
  return new PonteError({ code: 'validation', detail, message, issues: [{ path: 'body.toStep', message: message[ctx.locale ?? 'it'] }] });
}

/**
 * Move a run to `toStep`, which must follow its current step. `actorOrgId` is the body acting
 * (it must be involved and allowed at the current step); null when Ponte itself moves the run
 * (e.g. a referral expiring). `involveOrgIds` adds bodies (e.g. the Questura the file goes to).
 * Errors: 404 unknown run, 409 run not open, 400 (body.toStep) step not allowed, 403 not this
 * body's turn.
 */
export async function advanceRun(
  ctx: RunContext,
  input: { runId: string; toStep: string; actorOrgId: string | null; userId?: string | null; note?: string | null; now: Date; involveOrgIds?: readonly string[] },
): Promise<RunSummary> {
  const { db } = ctx;
  const run = await q.findRun(db, input.runId, { forUpdate: true });
  if (!run) throw notFound('procedure run');
  if (run.status !== 'open') {
    throw conflictError({ it: 'La procedura di questa pratica è già conclusa.', en: 'This record’s procedure has already ended.', detail: `run ${run.status}` });
  }
  const definition = q.definitionOf(await q.procedureById(db, run.procedure_id));
  const current = stepOf(definition, run.current_step);
  const target = stepOf(definition, input.toStep);
  if (!current) throw new Error('run at a step its procedure does not have');
  if (!target) throw stepIssue(ctx, { it: 'Passo inesistente in questa procedura.', en: 'No such step in this procedure.' }, `unknown step ${input.toStep}`);
  if (!current.next.includes(target.key)) {
    throw stepIssue(ctx, { it: `Da «${current.name.it}» non si può passare a «${target.name.it}».`, en: `“${target.name.en}” cannot follow “${current.name.en}”.` }, `step ${current.key} → ${target.key} not allowed`);
  }
  const involved = await q.orgsOf(db, run.org_ids);
  if (input.actorOrgId !== null) {
    const actor = involved.find((o) => o.id === input.actorOrgId);
    if (!actor || !mayAct({ step: current, orgs: involved, actor })) {
      throw new PonteError({
        code: 'forbidden',
        detail: 'not this body’s step',
        message: { it: 'Questo passo spetta a un altro ente.', en: 'Another body acts at this step.' },
      });
    }
  }
  let orgIds = run.org_ids;
  const extra = (input.involveOrgIds ?? []).filter((id) => !orgIds.includes(id));
  if (extra.length > 0) {
    const found = await q.orgsOf(db, extra);
    if (found.length !== extra.length) throw new PonteError({ code: 'bad_request', detail: 'unknown organisation in involveOrgIds' });
    orgIds = [...orgIds, ...extra];
    await db.updateTable('procedure_runs').set({ org_ids: orgIds }).where('id', '=', run.id).execute();
  }
  const open = await q.openStepOf(db, run.id);
  if (open) {
    let noteEnc: string | null = null;
    if (input.note) {
      if (!ctx.cipher) throw new Error('advanceRun: a note needs the cipher');
      noteEnc = await ctx.cipher.encrypt({ plaintext: input.note, aad: fieldAad({ ...procedureColumns.stepNote, rowId: open.id }), db });
    }
    await db.updateTable('procedure_run_steps').set({ completed_at: input.now, completed_by: input.userId ?? null, note_enc: noteEnc }).where('id', '=', open.id).execute();
  }
  const orgs = await q.orgsOf(db, orgIds);
  await enterStep(db, { run: { ...run, org_ids: orgIds }, definition, step: target, orgs, now: input.now });
  await ctx.audit?.({
    action: 'procedure.run_advance',
    outcome: 'success',
    recordType: 'procedure_run',
    recordId: run.id,
    fields: input.note ? ['currentStep', 'note'] : ['currentStep'],
    details: { from: current.key, to: target.key, subjectType: run.subject_type, subjectId: run.subject_id },
  });
  return summary(db, await q.mustFindRun(db, run.id), input.now);
}

/** Stop a run (its subject was withdrawn): no more warnings; the open step stays uncompleted. */
export async function cancelRun(ctx: RunContext, input: { runId: string; now: Date }): Promise<void> {
  const run = await q.findRun(ctx.db, input.runId, { forUpdate: true });
  if (!run) throw notFound('procedure run');
  if (run.status !== 'open') return;
  await ctx.db.updateTable('procedure_runs').set({ status: 'cancelled', completed_at: input.now }).where('id', '=', run.id).execute();
  await ctx.audit?.({ action: 'procedure.run_advance', outcome: 'success', recordType: 'procedure_run', recordId: run.id, fields: ['status'], details: { to: 'cancelled' } });
}

/** The run a subject follows: the open one if any, else the latest. */
export async function runFor(ctx: Pick<RunContext, 'db'>, subject: { subjectType: ProcedureSubjectType; subjectId: string; now: Date }): Promise<RunSummary | null> {
  const run = await ctx.db
    .selectFrom('procedure_runs')
    .selectAll()
    .where('subject_type', '=', subject.subjectType)
    .where('subject_id', '=', subject.subjectId)
    .orderBy((eb) => eb.case().when('status', '=', 'open').then(0).else(1).end())
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return run ? summary(ctx.db, run, subject.now) : null;
}

/**
 * The active procedure a new subject should follow: for a referral, the one listing its reason,
 * preferring one restricted to the sender's type of body; otherwise the first for the subject
 * type (by key). Null when none applies.
 */
export async function procedureFor(ctx: Pick<RunContext, 'db'>, subject: { subjectType: ProcedureSubjectType; reason?: string; senderOrgType?: string | null }): Promise<string | null> {
  const rows = (await q.currentVersions(ctx.db)).filter((r) => r.active);
  let best: { key: string; score: number } | null = null;
  for (const r of rows) {
    const d = q.definitionOf(r);
    if (d.appliesTo.subject !== subject.subjectType) continue;
    const score = subject.subjectType === 'referral' ? appliesToReferral(d, { reason: subject.reason ?? '', senderOrgType: subject.senderOrgType }) : 1;
    if (score > 0 && (!best || score > best.score)) best = { key: r.key, score };
  }
  return best?.key ?? null;
}

/** Adds version 1 of every built-in procedure whose key is not stored yet. */
export async function systemSeedBuiltinProcedures(options: { db: Kysely<DB> }): Promise<number> {
  let added = 0;
  for (const p of builtinProcedures) {
    const inserted = await options.db
      .insertInto('procedures')
      .values({ key: p.key, version: 1, definition: JSON.stringify(p), active: true, created_by: null })
      .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) added++;
  }
  return added;
}

/**
 * Notify the acting body's users (or every involved body's, when no one body acts) once per step
 * when it becomes due soon (`procedure.step_due_soon`) and once when it is overdue
 * (`procedure.step_overdue`). The notification names the run's subject (referral, case, hotline
 * call), never a person.
 */
export async function systemWarnProcedureSteps(options: { db: Kysely<DB>; now: Date }): Promise<{ dueSoon: number; overdue: number; notified: number }> {
  const { db, now } = options;
  return db.transaction().execute(async (trx) => {
    let notified = 0;
    const counts = { dueSoon: 0, overdue: 0 };
    for (const kind of ['overdue', 'due_soon'] as const) {
      const steps = await q.claimStepsToNotify(trx, kind, now);
      for (const s of steps) {
        const users = await q.usersHoldingAny(trx, s.acting_org_id ? [s.acting_org_id] : s.org_ids, runActorPermissions);
        notified += await notify(trx, { userIds: users, kind: kind === 'overdue' ? 'procedure.step_overdue' : 'procedure.step_due_soon', recordType: s.subject_type, recordId: s.subject_id, now });
      }
      if (kind === 'overdue') counts.overdue = steps.length;
      else counts.dueSoon = steps.length;
    }
    return { ...counts, notified };
  });
}

export interface ProcedureWarner {
  runNow(): Promise<{ dueSoon: number; overdue: number; notified: number }>;
  stop(): Promise<void>;
}

/** Runs systemWarnProcedureSteps every `intervalMs` (first run at once) until stopped. */
export function startProcedureWarner(options: { db: Kysely<DB>; clock: Clock; intervalMs: number; onError?: (error: unknown) => void }): ProcedureWarner {
  return startSerialLoop({
    intervalMs: options.intervalMs,
    ...(options.onError ? { onError: options.onError } : {}),
    task: () => systemWarnProcedureSteps({ db: options.db, now: options.clock.now() }),
  });
}
