/**
 * Writing a new referral: one function used by every way a referral is born (from a case, routed
 * from a hotline call, flagged by an external agency), so that the row, its encrypted texts, the
 * first timeline event and the receivers' notifications are always written the same way, in the
 * caller's transaction. Scope, consent and permission checks belong to the caller's service; this
 * only writes. Audit is the caller's too (it knows the action).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import type { ConsentBasis, ReferralSource, ReferralUrgency } from '../../../domain/referrals/status.ts';
import type { ShareField } from '../../../domain/referrals/share-set.ts';
import { notify } from '../notifications/queries.ts';
import { holdersOf } from '../cases/queries.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import { referralColumns } from './encrypted.ts';
import { startReferralProcedure } from './procedure.ts';

type Db = Kysely<DB> | Transaction<DB>;

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new referral number for a referral sent in `year`, e.g. `R-2026-7K3M9Q`. */
export function newReferralCode(year: number): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += alphabet.charAt(b % 32);
  return `R-${String(year).padStart(4, '0')}-${s}`;
}

export const referralCodePattern = /^R-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$/;

export interface NewReferral {
  source: ReferralSource;
  fromOrgId: string;
  fromUserId: string;
  toOrgId: string;
  caseId?: string | null;
  personId?: string | null;
  hotlineCallId?: string | null;
  reason: string;
  urgency: ReferralUrgency;
  requestedService?: string | null;
  message?: string | null;
  /** What the sender passes on about a person it holds no case for (encrypted as JSON). */
  subject?: Record<string, unknown> | null;
  shareFields: readonly ShareField[];
  shareDocumentIds?: readonly string[];
  consentBasis: ConsentBasis;
  consentId?: string | null;
  overrideReason?: string | null;
  /** The answer deadline by the reason; the procedure's first deadline replaces it when earlier. */
  answerDueAt: Date;
}

/**
 * Insert the referral with status `sent`, its first timeline event, and a notification
 * (`referral.received`) to every user of the receiving body holding referrals.receive; and start
 * the standard operating procedure that applies (procedure.ts); the answer deadline is the earlier
 * of the reason's and the procedure's first step's. `audit` (the caller's ScopedTx.audit) records the run's start;
 * `startProcedure: false` writes the referral alone (demo data that sets statuses itself).
 */
export async function insertReferral(options: {
  db: Db;
  cipher: FieldCipher;
  now: Date;
  referral: NewReferral;
  audit?: (entry: AuditEntry) => Promise<void>;
  startProcedure?: boolean;
}): Promise<{ id: string; code: string; answerDueAt: Date; procedureRunId: string | null }> {
  const { db, cipher, now, referral: r } = options;
  const id = randomUUID();
  const run =
    options.startProcedure === false
      ? null
      : await startReferralProcedure(
          { db, audit: options.audit },
          { referralId: id, reason: r.reason, fromOrgId: r.fromOrgId, toOrgId: r.toOrgId, now, userId: r.fromUserId },
        );
  // The earlier of the reason's answer window and the procedure's first step (whose own due date
  // stays the procedure's): a 24-hour reason is not stretched to a 3-working-day procedure step.
  const answerDueAt = run?.dueAt && run.dueAt.getTime() < r.answerDueAt.getTime() ? run.dueAt : r.answerDueAt;
  const seal = async (column: { table: string; column: string }, plaintext: string | null | undefined): Promise<string | null> =>
    plaintext ? cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId: id }), db }) : null;
  for (let attempt = 0; ; attempt++) {
    const code = newReferralCode(now.getUTCFullYear());
    const exists = await db.selectFrom('referrals').select('id').where('code', '=', code).executeTakeFirst();
    if (exists && attempt < 5) continue;
    await db
      .insertInto('referrals')
      .values({
        id,
        code,
        source: r.source,
        from_org_id: r.fromOrgId,
        from_user_id: r.fromUserId,
        to_org_id: r.toOrgId,
        case_id: r.caseId ?? null,
        person_id: r.personId ?? null,
        hotline_call_id: r.hotlineCallId ?? null,
        reason: r.reason,
        urgency: r.urgency,
        requested_service: r.requestedService ?? null,
        message_enc: await seal(referralColumns.message, r.message),
        subject_enc: await seal(referralColumns.subject, r.subject ? JSON.stringify(r.subject) : null),
        share_fields: [...r.shareFields],
        share_document_ids: [...(r.shareDocumentIds ?? [])],
        consent_basis: r.consentBasis,
        consent_id: r.consentId ?? null,
        override_reason_enc: await seal(referralColumns.overrideReason, r.overrideReason),
        status: 'sent',
        procedure_run_id: run?.runId ?? null,
        answer_due_at: answerDueAt,
        sent_at: now,
        updated_at: now,
      })
      .execute();
    await db
      .insertInto('referral_events')
      .values({ referral_id: id, kind: 'status', from_status: null, to_status: 'sent', org_id: r.fromOrgId, user_id: r.fromUserId, at: now })
      .execute();
    const receivers = await holdersOf(db, r.toOrgId, 'referrals.receive');
    await notify(db, { userIds: receivers, kind: 'referral.received', recordType: 'referral', recordId: id, now });
    return { id, code, answerDueAt, procedureRunId: run?.runId ?? null };
  }
}
