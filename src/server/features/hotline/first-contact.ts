/**
 * The hotline's first-contact procedure: when a call is routed, the body it goes to starts the
 * procedure for hotline calls (built in: "hotline report: first contact within 24 h",
 * `hotline_first_contact`), with the hotline and the receiving body involved, in the caller's
 * transaction. Its first step (`first_contact`, 24 hours) is the receiving body's.
 *
 * - The receiving body records the first contact from the referral's page ("Primo contatto
 *   avvenuto", `POST /api/referrals/:id/first-contact`), which moves the run to `assessment`
 *   (the generic `POST /api/procedure-runs/:id/advance` still works for the later steps).
 * - When the hotline's referral closes without being taken up (declined, revoked or expired) the
 *   run is cancelled in the same transaction with that outcome recorded
 *   (`procedure_runs.closed_outcome`), so it no longer shows as overdue.
 */
import type { AuditEntry } from '../../platform/audit.ts';
import type { DataAccess } from '../../platform/access.ts';
import type { FieldCipher } from '../../platform/crypto.ts';
import { conflictError, notFound } from '../../platform/errors.ts';
import { advanceRun, procedureFor, runFor, startRun, type RunSummary } from '../procedures/runs.ts';
import type * as procQ from '../procedures/queries.ts';

export async function startHotlineFirstContact(
  ctx: { db: procQ.Db; audit?: (entry: AuditEntry) => Promise<void> },
  input: { callId: string; hotlineOrgId: string; toOrgId: string; now: Date; userId: string | null },
): Promise<RunSummary | null> {
  const key = await procedureFor({ db: ctx.db }, { subjectType: 'hotline_call' });
  if (!key) return null;
  return startRun(
    { db: ctx.db, ...(ctx.audit ? { audit: ctx.audit } : {}) },
    { procedureKey: key, subjectType: 'hotline_call', subjectId: input.callId, orgIds: [input.hotlineOrgId, input.toOrgId], now: input.now, userId: input.userId },
  );
}

/** Referral statuses that end the hotline's first-contact run: the report was not taken up. */
const unanswered = new Set(['declined', 'revoked', 'expired']);

/**
 * After a hotline referral moved to `status`: when it closed without being taken up, cancel the
 * call's open first-contact run that involves the referral's receiver, recording the outcome
 * (`referral_declined`, `referral_revoked`, `referral_expired`). Returns whether a run was closed.
 */
export async function closeHotlineFirstContact(
  ctx: { db: procQ.Db; audit?: (entry: AuditEntry) => Promise<void> },
  input: { hotlineCallId: string | null; toOrgId: string; status: string; now: Date },
): Promise<boolean> {
  if (!input.hotlineCallId || !unanswered.has(input.status)) return false;
  const outcome = `referral_${input.status}`;
  const runs = await ctx.db
    .selectFrom('procedure_runs')
    .select(['id', 'org_ids'])
    .where('subject_type', '=', 'hotline_call')
    .where('subject_id', '=', input.hotlineCallId)
    .where('status', '=', 'open')
    .forUpdate()
    .execute();
  let closed = false;
  for (const run of runs.filter((r) => r.org_ids.includes(input.toOrgId))) {
    await ctx.db.updateTable('procedure_runs').set({ status: 'cancelled', completed_at: input.now, closed_outcome: outcome }).where('id', '=', run.id).execute();
    await ctx.audit?.({ action: 'procedure.run_advance', outcome: 'success', recordType: 'procedure_run', recordId: run.id, fields: ['status', 'closedOutcome'], details: { to: 'cancelled', closedOutcome: outcome, subjectType: 'hotline_call', subjectId: input.hotlineCallId } });
    closed = true;
  }
  return closed;
}

export interface FirstContactDto {
  runId: string;
  status: 'open' | 'completed' | 'cancelled';
  currentStep: string;
  /** The first-contact step still waits for the receiving body. */
  pending: boolean;
  dueAt: string | null;
  state: string | null;
  closedOutcome: string | null;
}

/** The hotline referral the caller's body received (referrals.receive), with its call; or 404 audited. */
async function receivedHotlineReferral(access: DataAccess, id: string, action: 'hotline_first_contact.read' | 'hotline_first_contact.done'): Promise<{ orgId: string }> {
  const actor = access.requireActor();
  if (!actor.orgId || !actor.permissions.has('referrals.receive')) {
    await access.auditDenied({ action, recordType: 'referral', recordId: id, details: { missing: 'referrals.receive' } });
    throw notFound('missing referrals.receive');
  }
  return { orgId: actor.orgId };
}

async function hidden(access: DataAccess, action: 'hotline_first_contact.read' | 'hotline_first_contact.done', id: string): Promise<never> {
  await access.auditDenied({ action, recordType: 'referral', recordId: id, details: { reason: 'not_found' } });
  throw notFound('not a hotline referral received by the caller');
}

function dto(run: RunSummary, closedOutcome: string | null): FirstContactDto {
  return {
    runId: run.id,
    status: run.status,
    currentStep: run.currentStep,
    pending: run.status === 'open' && run.currentStep === 'first_contact',
    dueAt: run.dueAt,
    state: run.state,
    closedOutcome,
  };
}

/** GET /api/referrals/:id/first-contact: the first-contact run of a hotline referral, for its receiver. */
export async function getFirstContact(options: { access: DataAccess; referralId: string }): Promise<FirstContactDto> {
  const { access, referralId } = options;
  const { orgId } = await receivedHotlineReferral(access, referralId, 'hotline_first_contact.read');
  const found = await access.transaction(async (tx) => {
    const r = await tx.db.selectFrom('referrals').select(['id', 'hotline_call_id']).where('id', '=', referralId).where('to_org_id', '=', orgId).executeTakeFirst();
    if (!r?.hotline_call_id) return undefined;
    const run = await runFor({ db: tx.db }, { subjectType: 'hotline_call', subjectId: r.hotline_call_id, now: tx.now });
    if (!run || !run.orgIds.includes(orgId)) return undefined;
    const extra = await tx.db.selectFrom('procedure_runs').select('closed_outcome').where('id', '=', run.id).executeTakeFirstOrThrow();
    await tx.audit({ action: 'hotline_first_contact.read', outcome: 'success', recordType: 'referral', recordId: referralId, details: { runId: run.id } });
    return dto(run, extra.closed_outcome);
  });
  return found ?? hidden(access, 'hotline_first_contact.read', referralId);
}

/**
 * POST /api/referrals/:id/first-contact: the receiving body records that the first contact was
 * made: the run's `first_contact` step is completed and the run moves to `assessment`.
 * 409 when the step is no longer open (already recorded, or the run closed).
 */
export async function recordFirstContact(options: { access: DataAccess; referralId: string; note?: string | undefined; cipher: FieldCipher }): Promise<FirstContactDto> {
  const { access, referralId } = options;
  const { orgId } = await receivedHotlineReferral(access, referralId, 'hotline_first_contact.done');
  const found = await access.transaction(async (tx) => {
    const r = await tx.db.selectFrom('referrals').select(['id', 'hotline_call_id', 'status']).where('id', '=', referralId).where('to_org_id', '=', orgId).executeTakeFirst();
    if (!r?.hotline_call_id) return undefined;
    const run = await runFor({ db: tx.db }, { subjectType: 'hotline_call', subjectId: r.hotline_call_id, now: tx.now });
    if (!run || !run.orgIds.includes(orgId)) return undefined;
    if (run.status !== 'open' || run.currentStep !== 'first_contact') {
      throw conflictError({ it: 'Il primo contatto è già stato registrato o la procedura è chiusa.', en: 'The first contact has already been recorded, or the procedure has ended.', detail: `run ${run.status} at ${run.currentStep}` });
    }
    if (r.status === 'declined' || r.status === 'revoked' || r.status === 'expired') {
      throw conflictError({ it: 'La segnalazione è chiusa: il primo contatto non si registra più.', en: 'The report is closed: the first contact can no longer be recorded.', detail: `referral ${r.status}` });
    }
    const moved = await advanceRun(
      { db: tx.db, cipher: options.cipher, audit: (entry) => tx.audit(entry), locale: access.meta.locale },
      { runId: run.id, toStep: 'assessment', actorOrgId: orgId, userId: tx.actor.userId, note: options.note ?? null, now: tx.now },
    );
    await tx.audit({ action: 'hotline_first_contact.done', outcome: 'success', recordType: 'referral', recordId: referralId, fields: ['firstContact', ...(options.note ? ['note'] : [])], details: { runId: run.id } });
    return dto(moved, null);
  });
  return found ?? hidden(access, 'hotline_first_contact.done', referralId);
}
