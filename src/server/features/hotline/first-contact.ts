/**
 * The hotline's first-contact procedure: when a call is routed, the body it goes to starts the
 * procedure for hotline calls (built in: "hotline report: first contact within 24 h",
 * `hotline_first_contact`), with the hotline and the receiving body involved, in the caller's
 * transaction. Its first step (`first_contact`, 24 hours) is the receiving body's: recording the
 * first contact is moving the run on (`POST /api/procedure-runs/:id/advance` to `assessment`, or
 * `not_reached`), which closes the step. The run shows on the SLA board like any other.
 */
import type { AuditEntry } from '../../platform/audit.ts';
import { procedureFor, startRun, type RunSummary } from '../procedures/runs.ts';
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
