/**
 * Referral fixtures written straight to the database the way the referrals feature writes them
 * (insertReferral of src/server/features/referrals/store.ts), for tests that need a referral to act
 * on: the referrals suite and the access matrix.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { FieldCipher, fieldAad } from '../../src/server/platform/crypto.ts';
import { insertReferral } from '../../src/server/features/referrals/store.ts';
import type { ReferralStatus } from '../../src/domain/referrals/index.ts';
import type { ShareField } from '../../src/domain/referrals/share-set.ts';
import { TEST_MASTER_KEY } from '../helpers/app.ts';

/** A sharing consent of the case for `toOrgId`, given by the person (or the guardian). */
export async function sharingConsent(db: Kysely<DB>, options: { caseId: string; toOrgId: string; recordedBy: string; givenBy?: 'person' | 'guardian'; status?: 'given' | 'refused' | 'withdrawn' }): Promise<string> {
  const id = randomUUID();
  const guardian = options.givenBy === 'guardian';
  const guardianNameEnc = guardian
    ? await new FieldCipher({ db, masterKey: TEST_MASTER_KEY }).encrypt({ plaintext: 'Tutrice di prova', aad: fieldAad({ table: 'case_consents', column: 'guardian_name_enc', rowId: id }) })
    : null;
  const r = await db
    .insertInto('case_consents')
    .values({
      id,
      guardian_name_enc: guardianNameEnc,
      case_id: options.caseId,
      purpose: 'sharing',
      organisation_id: options.toOrgId,
      status: options.status ?? 'given',
      decided_on: '2026-01-02',
      method: 'written',
      given_by: options.givenBy ?? 'person',
      recorded_by: options.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A user row (no membership needed) to stand as the sender of a fixture referral. */
export async function fixtureUser(db: Kysely<DB>): Promise<string> {
  const u = await db.insertInto('users').values({ email: `sender-${randomUUID()}@test.ponte.invalid`, display_name: 'Mittente di prova' }).returning('id').executeTakeFirstOrThrow();
  return u.id;
}

/**
 * A referral from `fromOrgId` to `toOrgId`: from a case (`caseId`, with person) or, without a
 * case, from an agency (with a subject). Moved to `status` as the service would leave it.
 */
export async function insertTestReferral(
  db: Kysely<DB>,
  options: {
    fromOrgId: string;
    fromUserId: string;
    toOrgId: string;
    caseId?: string;
    personId?: string;
    shareFields?: ShareField[];
    shareDocumentIds?: string[];
    status?: ReferralStatus;
    now?: Date;
  },
): Promise<string> {
  const cipher = new FieldCipher({ db, masterKey: TEST_MASTER_KEY });
  const now = options.now ?? new Date();
  const { id } = await insertReferral({
    db,
    cipher,
    now,
    referral: {
      source: options.caseId ? 'case' : 'agency',
      fromOrgId: options.fromOrgId,
      fromUserId: options.fromUserId,
      toOrgId: options.toOrgId,
      caseId: options.caseId ?? null,
      personId: options.personId ?? null,
      reason: options.caseId ? 'additional_services' : 'identification',
      urgency: 'routine',
      subject: options.caseId ? null : { fileReference: 'CT-2026-001', consent: { method: 'written', date: '2026-01-02' } },
      shareFields: options.shareFields ?? (options.caseId ? ['person.code', 'person.sex'] : []),
      shareDocumentIds: options.shareDocumentIds ?? [],
      consentBasis: options.caseId ? 'no_personal_data' : 'consent',
      answerDueAt: new Date(now.getTime() + 72 * 3_600_000),
    },
  });
  const status = options.status ?? 'sent';
  if (status !== 'sent') {
    const closed = !['accepted', 'in_progress'].includes(status);
    await db
      .updateTable('referrals')
      .set({
        status,
        answered_at: status === 'expired' || status === 'revoked' ? null : now,
        closed_at: closed ? now : null,
        outcome: status === 'completed' ? 'service_provided' : null,
      })
      .where('id', '=', id)
      .execute();
  }
  return id;
}
