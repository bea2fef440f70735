/**
 * System work for `ponte demo`: the hotline's on-duty roster and about sixty fictional calls over
 * the last months, from every demo province (and a few of unknown province or from abroad), routed
 * by the same rules as a live call (hotline/service.ts routingProposal, evaluated at the time of
 * each call) and carried to the receiving body by a referral written with insertReferral. Some
 * calls are anonymous; the others have generated, fictional callers. Older referrals have been
 * answered: accepted, some completed.
 *
 * Roster: Cooperativa Il Faro (first assistance and shelter, open round the clock) is on duty for
 * every province each night, from 19:00 to 07:00 UTC (20:00–08:00 in Italy in winter), from 130
 * days before the seed to 28 days after. By day the province rule applies.
 *
 * Idempotent: does nothing when the demo hotline already has calls (or the hotline or its operator
 * account is missing).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { createRng } from '../../../domain/linkage/index.ts';
import { newHotlineCallCode, type CallOutcome, type CallerType } from '../../../domain/hotline/index.ts';
import { referralReason } from '../../../domain/referrals/index.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { insertReferral } from '../referrals/store.ts';
import { hotlineColumns } from '../hotline/encrypted.ts';
import { routingProposal } from '../hotline/service.ts';
import { DEMO_EMAIL_DOMAIN } from './data.ts';

export const demoHotlineCode = 'numero-verde-demo';
export const demoHotlineOperatorEmail = `numero-verde@${DEMO_EMAIL_DOMAIN}`;
/** The body on duty at night in the demo roster. */
export const demoNightDutyCode = 'coop-il-faro';
/** Provinces of the demo network (data.ts): every one gets calls. */
export const demoHotlineProvinces = ['001', '002', '003', '004', '005', '006'] as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Coarse values about the person a call is about, when the caller said: most calls from a victim
 * or someone close to one, fewer from others; some values left unknown.
 */
function subjectOf(rng: ReturnType<typeof createRng>, callerType: CallerType): { subject_sex?: 'female' | 'male' | 'transgender'; subject_age?: 'under_18' | 'adult' | 'unknown'; subject_nationality?: (typeof subjectNationalities)[number] } {
  const close = callerType === 'potential_victim' || callerType === 'relative_or_friend';
  if (!rng.chance(close ? 0.85 : 0.4)) return {};
  const sexRoll = rng.next();
  const ageRoll = rng.next();
  return {
    subject_sex: sexRoll < 0.62 ? 'female' : sexRoll < 0.96 ? 'male' : 'transgender',
    subject_age: ageRoll < 0.8 ? 'adult' : ageRoll < 0.9 ? 'under_18' : 'unknown',
    ...(rng.chance(0.8) ? { subject_nationality: rng.pick(subjectNationalities) } : {}),
  };
}
const subjectNationalities = ['nigeria', 'nigeria', 'romania', 'albania', 'china', 'other_africa', 'other_europe', 'latin_america'] as const;

export interface DemoHotlineResult {
  callsCreated: number;
  referralsCreated: number;
  shiftsCreated: number;
}

/** Fictional first and family names for the demo callers (invented combinations). */
const givenNames = ['Blessing', 'Ionela', 'Fatima', 'Grace', 'Olena', 'Precious', 'Ama', 'Mariana', 'Joy', 'Samira', 'Elena', 'Kemi', 'Luca', 'Paola', 'Yusuf'];
const familyNames = ['Demo-Osas', 'Provescu', 'Benfittizi', 'Kovalfinta', 'Okorodemo', 'Mensafitti', 'Rossidemo', 'Esempiu', 'Finzioni', 'Inventato'];
const languages = ['it', 'it', 'it', 'en', 'en', 'pcm', 'ro', 'ar', 'fr', 'es', 'uk', 'zh', 'bn', 'sq'];
const callerTypes: CallerType[] = ['potential_victim', 'potential_victim', 'potential_victim', 'relative_or_friend', 'citizen', 'citizen', 'law_enforcement', 'service_or_ngo', 'other'];
const exploitations = [['SexualExploitation'], ['SexualExploitation'], ['ForcedLabour'], ['ForcedLabour'], ['ForcedBegging'], ['Servitude'], ['ForcedMarriage'], ['Other'], []];
const outcomes: CallOutcome[] = ['routed', 'routed', 'routed', 'routed', 'routed', 'routed', 'information_given', 'information_given', 'no_further_action', 'emergency_112', 'silent_or_hoax'];
const summaries = [
  'Chiamata da una persona che riferisce di lavorare nei campi senza paga da settimane; documenti trattenuti dal datore.',
  'Segnalazione di una giovane donna in strada che chiede aiuto per uscire da una situazione di debito.',
  'Richiesta di informazioni sui servizi di accoglienza e sul permesso art. 18.',
  'Un familiare segnala una persona che non riesce più a lasciare l’alloggio fornito dal datore di lavoro.',
  'Operatore di un servizio chiede orientamento per una persona con indicatori di sfruttamento.',
  'Cittadino riferisce di persone costrette all’accattonaggio davanti a un supermercato.',
  'Chiamata breve, la persona ha paura di essere ascoltata; concordato un nuovo contatto.',
];

async function sealed(cipher: FieldCipher, db: Transaction<DB>, column: { table: string; column: string }, rowId: string, plaintext: string): Promise<string> {
  return cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId }), db });
}

export async function systemSeedDemoHotline(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date; count?: number; seed?: number }): Promise<DemoHotlineResult> {
  const now = options.now ?? new Date();
  const count = options.count ?? 60;
  const rng = createRng(options.seed ?? 20261206);
  // who a call is about, from a sequence of its own so that the calls' other figures stay as they were
  const about = createRng((options.seed ?? 20261206) + 1);
  const none = { callsCreated: 0, referralsCreated: 0, shiftsCreated: 0 };
  return options.db.transaction().execute(async (trx) => {
    const hotline = await trx.selectFrom('organisations').select('id').where('code', '=', demoHotlineCode).executeTakeFirst();
    const operator = await trx.selectFrom('users').select('id').where('email', '=', demoHotlineOperatorEmail).executeTakeFirst();
    const nightDuty = await trx.selectFrom('organisations').select('id').where('code', '=', demoNightDutyCode).executeTakeFirst();
    if (!hotline || !operator || !nightDuty) return none;
    const existing = await trx.selectFrom('hotline_calls').select('id').where('hotline_org_id', '=', hotline.id).executeTakeFirst();
    if (existing) return none;

    // the roster: every night, Il Faro for all provinces
    let shiftsCreated = 0;
    const hasRoster = await trx.selectFrom('hotline_roster').select('id').where('hotline_org_id', '=', hotline.id).executeTakeFirst();
    if (!hasRoster) {
      const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const shifts = [];
      for (let d = -130; d <= 28; d++) {
        const start = new Date(today + d * DAY + 19 * HOUR);
        shifts.push({
          hotline_org_id: hotline.id, org_id: nightDuty.id, all_provinces: true, provinces: [], starts_at: start, ends_at: new Date(start.getTime() + 12 * HOUR),
          note: 'Reperibilità notturna (dati di dimostrazione)', created_by: operator.id, created_at: now,
        });
      }
      await trx.insertInto('hotline_roster').values(shifts).execute();
      shiftsCreated = shifts.length;
    }

    let callsCreated = 0;
    let referralsCreated = 0;
    const answerHours = referralReason('hotline_report')?.answerWithinHours ?? 24;
    for (let i = 0; i < count; i++) {
      // nine calls from each demo province, the rest of unknown province or from abroad
      const province = i < count - 6 ? (demoHotlineProvinces[i % demoHotlineProvinces.length] as string) : i % 2 === 0 ? 'unknown' : 'abroad';
      const receivedAt = new Date(now.getTime() - (2 + rng.int(118)) * DAY - rng.int(24) * HOUR - rng.int(60) * 60_000);
      const loggedAt = new Date(receivedAt.getTime() + (5 + rng.int(20)) * 60_000);
      const anonymous = rng.chance(0.5);
      const caller = anonymous
        ? null
        : {
            name: `${rng.pick(givenNames)} ${rng.pick(familyNames)}`,
            phone: `+39 300 000 ${String(1000 + rng.int(9000))}`,
            ...(rng.chance(0.6) ? { bestTime: rng.pick(['mattina', 'pomeriggio', 'dopo le 18', 'solo nel fine settimana']) } : {}),
            contactAgreed: rng.chance(0.8),
          };
      let outcome = rng.pick(outcomes);
      const language = rng.pick(languages);
      const callerType = rng.pick(callerTypes);
      const exploitationTypes = [...rng.pick(exploitations)];
      const urgency = outcome === 'emergency_112' ? 'emergency' : rng.pick(['routine', 'routine', 'urgent'] as const);
      const id = randomUUID();
      const code = newHotlineCallCode(receivedAt.getUTCFullYear());
      let routing: { proposed: string; routed: string; rule: 'roster' | 'province' | 'fallback'; referralId: string } | null = null;
      if (outcome === 'routed') {
        const p = await routingProposal(trx, hotline.id, province, receivedAt);
        if (!p.orgId) outcome = 'information_given';
        else {
          const contact = caller?.contactAgreed === true;
          const referral = await insertReferral({
            db: trx,
            cipher: options.cipher,
            now: loggedAt,
            startProcedure: false,
            referral: {
              source: 'hotline', fromOrgId: hotline.id, fromUserId: operator.id, toOrgId: p.orgId, hotlineCallId: id, reason: 'hotline_report', urgency,
              subject: {
                hotlineCall: code, receivedAt: receivedAt.toISOString(), language, callerType, province, exploitationTypes, urgency,
                ...(contact && caller ? { name: caller.name, phone: caller.phone, ...(caller.bestTime ? { bestTime: caller.bestTime } : {}) } : {}),
              },
              shareFields: [], consentBasis: contact ? 'caller_request' : 'no_personal_data', answerDueAt: new Date(loggedAt.getTime() + answerHours * HOUR),
            },
          });
          routing = { proposed: p.orgId, routed: p.orgId, rule: p.rule, referralId: referral.id };
          referralsCreated++;
          await answerDemoReferral({ trx, rng, referralId: referral.id, toOrgId: p.orgId, sentAt: loggedAt, now });
        }
      }
      await trx
        .insertInto('hotline_calls')
        .values({
          id, code, hotline_org_id: hotline.id, operator_user_id: operator.id, received_at: receivedAt, duration_seconds: 60 + rng.int(1500),
          language, caller_type: callerType, province, municipality: null, exploitation_types: exploitationTypes, urgency, anonymous,
          caller_enc: caller ? await sealed(options.cipher, trx, hotlineColumns.caller, id, JSON.stringify(caller)) : null,
          summary_enc: outcome === 'silent_or_hoax' ? null : await sealed(options.cipher, trx, hotlineColumns.summary, id, rng.pick(summaries)),
          outcome,
          ...subjectOf(about, callerType),
          proposed_org_id: routing?.proposed ?? null, routed_org_id: routing?.routed ?? null, routing_rule: routing?.rule ?? null, referral_id: routing?.referralId ?? null,
          created_at: loggedAt, updated_at: loggedAt,
        })
        .execute();
      callsCreated++;
    }
    return { callsCreated, referralsCreated, shiftsCreated };
  });
}

/** Referrals sent more than three days ago were answered: accepted within hours, some taken in charge and completed. */
async function answerDemoReferral(options: { trx: Transaction<DB>; rng: ReturnType<typeof createRng>; referralId: string; toOrgId: string; sentAt: Date; now: Date }): Promise<void> {
  const { trx, rng, referralId, toOrgId, sentAt, now } = options;
  if (now.getTime() - sentAt.getTime() < 3 * DAY) return;
  const accepted = new Date(sentAt.getTime() + (1 + rng.int(20)) * HOUR);
  const events = [{ referral_id: referralId, kind: 'status' as const, from_status: 'sent', to_status: 'accepted', org_id: toOrgId, user_id: null, at: accepted }];
  const completed = rng.chance(0.4) ? new Date(accepted.getTime() + (1 + rng.int(10)) * DAY) : null;
  if (completed && completed < now) {
    const started = new Date(accepted.getTime() + HOUR);
    events.push({ referral_id: referralId, kind: 'status', from_status: 'accepted', to_status: 'in_progress', org_id: toOrgId, user_id: null, at: started });
    events.push({ referral_id: referralId, kind: 'status', from_status: 'in_progress', to_status: 'completed', org_id: toOrgId, user_id: null, at: completed });
    await trx
      .updateTable('referrals')
      .set({ status: 'completed', outcome: rng.pick(['taken_in_charge', 'person_not_reached', 'service_provided']), answered_at: accepted, closed_at: completed, updated_at: completed, version: 4 })
      .where('id', '=', referralId)
      .execute();
  } else {
    await trx.updateTable('referrals').set({ status: 'accepted', answered_at: accepted, updated_at: accepted, version: 2 }).where('id', '=', referralId).execute();
  }
  await trx.insertInto('referral_events').values(events).execute();
}
