/**
 * System work for `ponte demo`: the network's open work. Referrals from Il Faro's demo cases in
 * every status (sent, accepted, declined, in_progress, completed, revoked, expired), each with the
 * person's sharing consent for the receiving body and following its standard procedure; an
 * asylum-commission protocol in progress (the commission's referral accepted, the interview and
 * written report under way); and two case transfers, one waiting for Il Faro's decision and one
 * accepted (Il Faro then reads only what it wrote). Written as the features write them (texts
 * encrypted, bound to their row), with fictional content only.
 *
 * Idempotent: does nothing when a demo case already has a referral from a case.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import type { ReferralStatus } from '../../../domain/referrals/index.ts';
import { insertReferral } from '../referrals/store.ts';
import { followReferralStatus } from '../referrals/procedure.ts';
import { referralColumns } from '../referrals/encrypted.ts';
import { transferColumns } from '../transfers/encrypted.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoNetworkResult {
  referralsCreated: number;
  transfersCreated: number;
}

/** The path of each demo referral: statuses after `sent`, with the hours after sending. */
const demoPaths: readonly { to: string; reason: string; path: Array<[ReferralStatus, number]>; sentDaysAgo: number; note?: string }[] = [
  { to: 'asl-demo', reason: 'health', path: [], sentDaysAgo: 0.3 },
  { to: 'assoc-terra-comune', reason: 'additional_services', path: [['accepted', 20]], sentDaysAgo: 2 },
  { to: 'coop-la-rondine', reason: 'shelter', path: [['declined', 6]], sentDaysAgo: 12, note: 'Nessun posto libero questa settimana: proviamo con il CAS.' },
  { to: 'cas-demo', reason: 'shelter', path: [['accepted', 3], ['in_progress', 20]], sentDaysAgo: 9 },
  { to: 'comune-borgo-demo', reason: 'additional_services', path: [['accepted', 30], ['in_progress', 50], ['completed', 24 * 12]], sentDaysAgo: 30 },
  { to: 'assoc-strade-nuove', reason: 'legal', path: [['revoked', 10]], sentDaysAgo: 15, note: 'La persona ha scelto un legale di fiducia.' },
  { to: 'consorzio-valle-demo', reason: 'additional_services', path: [['expired', 72]], sentDaysAgo: 20 },
];

async function seal(cipher: FieldCipher, db: Transaction<DB>, column: { table: string; column: string }, rowId: string, plaintext: string): Promise<string> {
  return cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId }), db });
}

export async function systemSeedDemoNetwork(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<DemoNetworkResult> {
  const { db, cipher } = options;
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const orgs = new Map((await trx.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]));
    const faro = orgs.get('coop-il-faro');
    const worker = await trx.selectFrom('users').select('id').where('email', 'like', 'operatrice@%').executeTakeFirst();
    const liaison = await trx.selectFrom('users').select('id').where('email', 'like', 'commissione@%').executeTakeFirst();
    const commission = orgs.get('commissione-demo');
    if (!faro || !worker || !liaison || !commission) return { referralsCreated: 0, transfersCreated: 0 };
    const already = await trx.selectFrom('referrals').select('id').where('source', '=', 'case').where('from_org_id', '=', faro).executeTakeFirst();
    if (already) return { referralsCreated: 0, transfersCreated: 0 };
    const cases = await trx
      .selectFrom('cases')
      .select(['id', 'person_id', 'org_id'])
      .where('org_id', '=', faro)
      .where('phase', '!=', 'closed')
      .where((eb) => eb.or([eb('minor_status', 'is', null), eb('minor_status', '=', 'adult')]))
      .orderBy('code')
      .limit(demoPaths.length + 2)
      .execute();
    if (cases.length < demoPaths.length + 2) return { referralsCreated: 0, transfersCreated: 0 };
    let referralsCreated = 0;

    // Referrals from Il Faro's cases, one per status.
    for (const [i, p] of demoPaths.entries()) {
      const c = cases[i];
      const toOrgId = orgs.get(p.to);
      if (!c || !toOrgId) continue;
      const sentAt = new Date(now.getTime() - p.sentDaysAgo * DAY);
      const consent = await trx
        .insertInto('case_consents')
        .values({ case_id: c.id, purpose: 'sharing', organisation_id: toOrgId, status: 'given', decided_on: sentAt.toISOString().slice(0, 10), method: 'written', given_by: 'person', recorded_by: worker.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      const r = await insertReferral({
        db: trx,
        cipher,
        now: sentAt,
        referral: {
          source: 'case', fromOrgId: faro, fromUserId: worker.id, toOrgId, caseId: c.id, personId: c.person_id, reason: p.reason, urgency: 'routine',
          message: 'Invio di prova della rete demo: dati fittizi.',
          shareFields: ['person.code', 'person.age', 'person.sex', 'case.phase'], consentBasis: 'consent', consentId: consent.id,
          answerDueAt: new Date(sentAt.getTime() + 72 * HOUR),
        },
      });
      referralsCreated++;
      let from: ReferralStatus = 'sent';
      let version = 1;
      for (const [to, hours] of p.path) {
        const at = new Date(sentAt.getTime() + hours * HOUR);
        const byReceiver = to !== 'revoked' && to !== 'expired';
        version++;
        const set: Record<string, unknown> = { status: to, version, updated_at: at };
        if (to === 'accepted' || to === 'declined') set.answered_at = at;
        if (['declined', 'completed', 'revoked', 'expired'].includes(to)) set.closed_at = at;
        if (to === 'completed') {
          set.outcome = 'service_provided';
          set.feedback_enc = await seal(cipher, trx, referralColumns.feedback, r.id, 'Servizio erogato; la persona prosegue il percorso.');
        }
        if ((to === 'declined' || to === 'revoked') && p.note) set.decline_reason_enc = await seal(cipher, trx, referralColumns.declineReason, r.id, p.note);
        await trx.updateTable('referrals').set(set).where('id', '=', r.id).execute();
        await trx
          .insertInto('referral_events')
          .values({ referral_id: r.id, kind: 'status', from_status: from, to_status: to, org_id: to === 'expired' ? null : byReceiver ? toOrgId : faro, user_id: to === 'revoked' ? worker.id : null, at })
          .execute();
        await followReferralStatus({ db: trx }, { runId: r.procedureRunId, status: to, now: at, userId: null });
        from = to;
      }
    }

    // The asylum-commission protocol in progress: flagged ten days ago, accepted, interview and report under way.
    const flaggedAt = new Date(now.getTime() - 10 * DAY);
    const protocol = await insertReferral({
      db: trx,
      cipher,
      now: flaggedAt,
      referral: {
        source: 'agency', fromOrgId: commission, fromUserId: liaison.id, toOrgId: faro, reason: 'identification', urgency: 'urgent',
        message: 'Audizione sospesa: emersi indicatori di tratta (persona fittizia).',
        subject: { names: [{ kind: 'primary', given: 'Esohe', family: 'Demofinta' }], birth: { estimatedYear: 1997 }, sex: 'Feminine', citizenships: ['NG'], languages: ['en'], fileReference: 'CT-DEMO-2026-0042', consent: { method: 'written', date: flaggedAt.toISOString().slice(0, 10) } },
        shareFields: [], consentBasis: 'consent',
        answerDueAt: new Date(flaggedAt.getTime() + 72 * HOUR),
      },
    });
    referralsCreated++;
    let version = 1;
    for (const [from, to, hours] of [['sent', 'accepted', 26], ['accepted', 'in_progress', 24 * 3]] as const) {
      const at = new Date(flaggedAt.getTime() + hours * HOUR);
      version++;
      await trx.updateTable('referrals').set({ status: to, version, updated_at: at, ...(to === 'accepted' ? { answered_at: at, receiver_user_id: worker.id } : {}) }).where('id', '=', protocol.id).execute();
      await trx.insertInto('referral_events').values({ referral_id: protocol.id, kind: 'status', from_status: from, to_status: to, org_id: faro, user_id: worker.id, at }).execute();
      await followReferralStatus({ db: trx }, { runId: protocol.procedureRunId, status: to, now: at, userId: worker.id });
    }

    // Transfers: one waiting for Il Faro's decision, one Il Faro handed over and was accepted.
    let transfersCreated = 0;
    const terra = orgs.get('assoc-terra-comune');
    const rondine = orgs.get('coop-la-rondine');
    const terraUser = terra ? await trx.selectFrom('memberships').select('user_id').where('organisation_id', '=', terra).executeTakeFirst() : undefined;
    const rondineUser = rondine ? await trx.selectFrom('memberships').select('user_id').where('organisation_id', '=', rondine).executeTakeFirst() : undefined;
    const terraCase = terra ? await trx.selectFrom('cases').select(['id']).where('org_id', '=', terra).where('phase', '!=', 'closed').where((eb) => eb.or([eb('minor_status', 'is', null), eb('minor_status', '=', 'adult')])).orderBy('code').executeTakeFirst() : undefined;
    if (terra && terraUser && terraCase) {
      const requestedAt = new Date(now.getTime() - 1 * DAY);
      const consent = await trx
        .insertInto('case_consents')
        .values({ case_id: terraCase.id, purpose: 'sharing', organisation_id: faro, status: 'given', decided_on: requestedAt.toISOString().slice(0, 10), method: 'written', given_by: 'person', recorded_by: terraUser.user_id })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = randomUUID();
      await trx
        .insertInto('case_transfers')
        .values({
          id, case_id: terraCase.id, from_org_id: terra, to_org_id: faro, reason: 'change_of_location',
          reason_enc: await seal(cipher, trx, transferColumns.reason, id, 'La persona si trasferisce nella provincia di Il Faro (dati fittizi).'),
          consent_basis: 'consent', consent_id: consent.id, status: 'requested', requested_by: terraUser.user_id, requested_at: requestedAt,
        })
        .execute();
      await trx.insertInto('notifications').values({ user_id: worker.id, kind: 'case.transfer_requested', record_type: 'case_transfer', record_id: id, created_at: requestedAt }).execute();
      transfersCreated++;
    }
    const handed = cases[demoPaths.length];
    if (rondine && rondineUser && handed) {
      const requestedAt = new Date(now.getTime() - 20 * DAY);
      const decidedAt = new Date(requestedAt.getTime() + 2 * DAY);
      const consent = await trx
        .insertInto('case_consents')
        .values({ case_id: handed.id, purpose: 'sharing', organisation_id: rondine, status: 'given', decided_on: requestedAt.toISOString().slice(0, 10), method: 'written', given_by: 'person', recorded_by: worker.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = randomUUID();
      await trx
        .insertInto('case_transfers')
        .values({
          id, case_id: handed.id, from_org_id: faro, to_org_id: rondine, reason: 'safety',
          reason_enc: await seal(cipher, trx, transferColumns.reason, id, 'Per la sicurezza della persona serve una struttura lontana (dati fittizi).'),
          consent_basis: 'consent', consent_id: consent.id, status: 'accepted', requested_by: worker.id, requested_at: requestedAt,
          decided_by: rondineUser.user_id, decided_at: decidedAt, new_case_worker_id: null,
        })
        .execute();
      await trx.updateTable('cases').set((eb) => ({ org_id: rondine, case_worker_id: null, updated_at: decidedAt, version: eb('version', '+', 1) })).where('id', '=', handed.id).execute();
      await trx.deleteFrom('case_team').where('case_id', '=', handed.id).execute();
      transfersCreated++;
    }
    return { referralsCreated, transfersCreated };
  });
}
