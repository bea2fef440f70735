/**
 * A referral and the standard operating procedure it follows: the run starts when the referral
 * is written (insertReferral) and follows the referral's status, in the caller's transaction.
 * Referral procedures name their steps after the referral statuses (domain/procedures/builtin.ts),
 * so a move to `accepted` advances the run to the step `accepted` when the procedure has one and
 * it may follow the current step; otherwise the run is left as it is. Who may make the move was
 * decided by the referral's own status machine, so the run is advanced as that decision
 * (no second check of the acting body).
 */
import type { AuditEntry } from '../../platform/audit.ts';
import { stepOf } from '../../../domain/procedures/index.ts';
import { advanceRun, procedureFor, startRun } from '../procedures/runs.ts';
import * as procQ from '../procedures/queries.ts';

interface Ctx {
  db: procQ.Db;
  audit?: ((entry: AuditEntry) => Promise<void>) | undefined;
}

/**
 * Start the procedure that applies to a new referral (by reason and the sender's type of body),
 * with the sender and receiver as the bodies involved. Null when no active procedure applies.
 * `dueAt`: the deadline of the run's first step (the answer deadline), if it has one.
 */
export async function startReferralProcedure(
  ctx: Ctx,
  input: { referralId: string; reason: string; fromOrgId: string; toOrgId: string; now: Date; userId: string | null },
): Promise<{ runId: string; dueAt: Date | null } | null> {
  const [sender] = await procQ.orgsOf(ctx.db, [input.fromOrgId]);
  const key = await procedureFor({ db: ctx.db }, { subjectType: 'referral', reason: input.reason, senderOrgType: sender?.type ?? null });
  if (!key) return null;
  const run = await startRun(
    { db: ctx.db, ...(ctx.audit ? { audit: ctx.audit } : {}) },
    { procedureKey: key, subjectType: 'referral', subjectId: input.referralId, orgIds: [input.fromOrgId, input.toOrgId], now: input.now, userId: input.userId },
  );
  return { runId: run.id, dueAt: run.dueAt ? new Date(run.dueAt) : null };
}

/** Advance the referral's run to the step named like its new status, when that applies. */
export async function followReferralStatus(ctx: Ctx, input: { runId: string | null; status: string; now: Date; userId: string | null }): Promise<boolean> {
  if (!input.runId) return false;
  const run = await procQ.findRun(ctx.db, input.runId, { forUpdate: true });
  if (!run || run.status !== 'open') return false;
  const definition = procQ.definitionOf(await procQ.procedureById(ctx.db, run.procedure_id));
  const current = stepOf(definition, run.current_step);
  if (!current || !stepOf(definition, input.status) || !current.next.includes(input.status)) return false;
  await advanceRun(
    { db: ctx.db, ...(ctx.audit ? { audit: ctx.audit } : {}) },
    { runId: run.id, toStep: input.status, actorOrgId: null, userId: input.userId, now: input.now },
  );
  return true;
}
