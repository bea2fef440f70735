/**
 * System work for `ponte demo`: residence permits for demo cases in every status of the step
 * machine (art. 18 social and judicial path, art. 18-ter, international and subsidiary
 * protection), some expiring soon so that the reminders put tasks on the demo case worker's list,
 * one already past its expiry date, and a fictional minor turning 18 in three weeks. Stored as the
 * permits feature stores them (permit numbers and notes encrypted, bound to their row).
 *
 * Idempotent: does nothing when the demo bodies already hold permits, or hold no open case.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB, PermitStatusColumn } from '../../../db/schema.ts';
import type { Encoder } from '../../../domain/linkage/index.ts';
import { newCaseCode, newPersonCode, type StoredIdentity } from '../../../domain/persons/index.ts';
import type { PermitType, ProposerKind } from '../../../domain/permits/index.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { indexPerson, linkageIdentity } from '../persons/linkage-store.ts';
import { sealStoredIdentity } from '../persons/identity.ts';
import { caseAgeBand } from '../cases/age-band.ts';

export interface DemoPermitsResult {
  permitsCreated: number;
  minorsCreated: number;
}

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

interface DemoPermit {
  type: PermitType;
  proposer: ProposerKind | null;
  /** Organisation code of the proposer, when an organisation. */
  proposerOrg?: string;
  /** Steps as [status, days from today]; issue and renewal carry the expiry in days from today. */
  steps: Array<[PermitStatusColumn, number, number?]>;
  convertedTo?: 'work' | 'study';
  note?: string;
}

/** The demo set: every status, the art. 18 paths, 18-ter and international protection. */
const demoPermits: readonly DemoPermit[] = [
  { type: 'art18_social', proposer: 'body', steps: [['prepared', -3]], note: 'Relazione dell’ente in preparazione' },
  { type: 'art18_social', proposer: 'social_services', proposerOrg: 'comune-borgo-demo', steps: [['prepared', -40], ['submitted', -25]] },
  { type: 'art18_judicial', proposer: 'prosecutor', proposerOrg: 'procura-demo', steps: [['prepared', -200], ['submitted', -190], ['issued', -160, 20]], note: 'Scadenza vicina: preparare il rinnovo' },
  { type: 'art18_social', proposer: 'body', steps: [['prepared', -230], ['submitted', -215], ['issued', -140, 45]] },
  { type: 'art18ter', proposer: 'prosecutor', proposerOrg: 'procura-demo', steps: [['prepared', -90], ['submitted', -80], ['refused', -20]], note: 'Valutare ricorso con il legale' },
  { type: 'art18_social', proposer: 'social_services', proposerOrg: 'consorzio-valle-demo', steps: [['prepared', -220], ['submitted', -200], ['issued', -178, 5], ['renewal_requested', -12]] },
  { type: 'art18_judicial', proposer: 'prosecutor', proposerOrg: 'procura-demo', steps: [['prepared', -420], ['submitted', -410], ['issued', -390, -208], ['renewal_requested', -230], ['renewed', -205, 160]] },
  { type: 'art18_social', proposer: 'body', steps: [['prepared', -700], ['submitted', -690], ['issued', -660, -478], ['renewal_requested', -500], ['renewed', -470, -105], ['converted', -110]], convertedTo: 'work', note: 'Contratto a tempo determinato' },
  { type: 'international_protection', proposer: null, steps: [['prepared', -300], ['submitted', -290], ['issued', -120, 1700]] },
  { type: 'subsidiary_protection', proposer: null, steps: [['prepared', -260], ['submitted', -250], ['issued', -100, 1725]] },
  // issued and past its expiry date: the reminders mark it expired and make a task
  { type: 'art18ter', proposer: 'prosecutor', proposerOrg: 'procura-demo', steps: [['prepared', -230], ['submitted', -220], ['issued', -190, -8]] },
  { type: 'art18_social', proposer: 'body', steps: [['prepared', -400], ['submitted', -390], ['issued', -370, -190], ['expired', -189]] },
  { type: 'art18_judicial', proposer: 'prosecutor', proposerOrg: 'procura-demo', steps: [['prepared', -260], ['submitted', -250], ['issued', -230, -50], ['revoked', -70]], note: 'Programma interrotto' },
];

const stepDate = {
  prepared: 'requested_on', submitted: 'submitted_on', issued: 'issued_on', refused: 'refused_on', renewal_requested: 'renewal_requested_on',
  renewed: 'renewed_on', converted: 'converted_on', expired: 'expired_on', revoked: 'revoked_on',
} as const satisfies Record<PermitStatusColumn, string>;

async function seal(cipher: FieldCipher, trx: Transaction<DB>, table: string, column: string, rowId: string, plaintext: string): Promise<string> {
  return cipher.encrypt({ plaintext, aad: fieldAad({ table, column, rowId }), db: trx });
}

export async function systemSeedDemoPermits(options: { db: Kysely<DB>; cipher: FieldCipher; linkage: Encoder; now?: Date }): Promise<DemoPermitsResult> {
  const now = options.now ?? new Date();
  const today = italianToday(now);
  const { cipher } = options;
  return options.db.transaction().execute(async (trx) => {
    const orgs = await trx.selectFrom('organisations').select(['id', 'code']).where('code', 'in', ['coop-il-faro', 'assoc-strade-nuove', 'questura-demo', 'procura-demo', 'comune-borgo-demo', 'consorzio-valle-demo']).execute();
    const org = new Map(orgs.map((o) => [o.code, o.id]));
    const faro = org.get('coop-il-faro');
    if (!faro) return { permitsCreated: 0, minorsCreated: 0 };
    const holders = [faro, org.get('assoc-strade-nuove')].filter((x): x is string => !!x);
    const existing = await trx.selectFrom('permits').select('id').where('org_id', 'in', holders).limit(1).executeTakeFirst();
    if (existing) return { permitsCreated: 0, minorsCreated: 0 };
    // Open adult cases of the demo bodies, the case worker's body first, in a stable order.
    const cases = await trx
      .selectFrom('cases')
      .select(['id', 'person_id', 'org_id', 'case_worker_id'])
      .where('org_id', 'in', holders)
      .where('phase', 'not in', ['closed', 'contact', 'screening'])
      .where((eb) => eb.or([eb('minor_status', 'is', null), eb('minor_status', '=', 'adult')]))
      .orderBy((eb) => eb.case().when('org_id', '=', faro).then(0).else(1).end())
      .orderBy('code')
      .limit(demoPermits.length)
      .execute();
    let permitsCreated = 0;
    for (const [i, spec] of demoPermits.entries()) {
      const c = cases[i];
      if (!c) break;
      const id = randomUUID();
      const last = spec.steps[spec.steps.length - 1];
      if (!last) continue;
      const dates: Record<string, string> = {};
      let expiresOn: string | null = null;
      for (const [status, days, expires] of spec.steps) {
        dates[stepDate[status]] = addDays(today, days);
        if (expires !== undefined) expiresOn = addDays(today, expires);
      }
      await trx
        .insertInto('permits')
        .values({
          id,
          case_id: c.id,
          person_id: c.person_id,
          org_id: c.org_id,
          permit_type: spec.type,
          proposer_kind: spec.proposer,
          proposer_org_id: spec.proposerOrg ? (org.get(spec.proposerOrg) ?? null) : spec.proposer === 'body' ? c.org_id : null,
          questura_org_id: org.get('questura-demo') ?? null,
          status: last[0],
          requested_on: addDays(today, spec.steps[0]?.[1] ?? 0),
          ...dates,
          converted_to: spec.convertedTo ?? null,
          expires_on: expiresOn,
          permit_number_enc: expiresOn ? await seal(cipher, trx, 'permits', 'permit_number_enc', id, `DEMO${String(100000 + i * 7919).slice(-6)}`) : null,
          note_enc: spec.note ? await seal(cipher, trx, 'permits', 'note_enc', id, spec.note) : null,
          created_by: c.case_worker_id,
          created_at: now,
          updated_at: now,
          version: spec.steps.length,
        })
        .execute();
      let from: PermitStatusColumn | null = null;
      for (const [status, days, expires] of spec.steps) {
        await trx
          .insertInto('permit_events')
          .values({ permit_id: id, from_status: from, to_status: status, step_on: addDays(today, days), expires_on: expires !== undefined ? addDays(today, expires) : null, user_id: status === 'expired' ? null : c.case_worker_id, at: now })
          .execute();
        from = status;
      }
      permitsCreated++;
    }

    // A fictional unaccompanied minor turning 18 in three weeks, with the programme continuing past 18.
    const worker = cases.find((c) => c.org_id === faro)?.case_worker_id ?? null;
    const birthday = addDays(today, 21);
    const personId = randomUUID();
    const identity: StoredIdentity = {
      names: [{ kind: 'primary', given: 'Demoyab', family: 'Testafiorì' }],
      birth: { birthDate: `${String(Number(birthday.slice(0, 4)) - 18).padStart(4, '0')}${birthday.slice(4)}` },
      documents: [],
      phones: [],
      children: [],
    };
    await trx
      .insertInto('persons')
      .values({ id: personId, code: newPersonCode(), owner_org_id: faro, identity_enc: await sealStoredIdentity({ cipher, db: trx, personId, identity }), sex: 'Masculine', citizenships: ['ER'], created_at: now, updated_at: now })
      .execute();
    await indexPerson({ db: trx, encoder: options.linkage, personId, identity: linkageIdentity({ identity, sex: 'Masculine', citizenships: ['ER'] }) });
    const minorCase = await trx
      .insertInto('cases')
      .values({
        code: newCaseCode(Number(today.slice(0, 4))), person_id: personId, org_id: faro, case_worker_id: worker, phase: 'protection_residential', status: 'Active',
        minor_status: 'minor', age_band: caseAgeBand(identity.birth, now), juvenile_court: 'Tribunale per i minorenni di Borgo Demo', age_assessment: 'done', age_assessment_on: addDays(today, -300), opened_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('case_phase_history').values({ case_id: minorCase.id, from_phase: null, to_phase: 'protection_residential', changed_at: now, changed_by: worker }).execute();
    await trx
      .insertInto('case_minor')
      .values({ case_id: minorCase.id, age_assessment_outcome: 'minor', age_assessment_outcome_on: addDays(today, -290), continues_past_18: true, continues_until: addDays(birthday, 3 * 365), updated_at: now })
      .execute();
    const minorPermit = randomUUID();
    await trx
      .insertInto('permits')
      .values({
        id: minorPermit, case_id: minorCase.id, person_id: personId, org_id: faro, permit_type: 'minor_age', status: 'issued', questura_org_id: org.get('questura-demo') ?? null,
        requested_on: addDays(today, -280), submitted_on: addDays(today, -270), issued_on: addDays(today, -250), expires_on: birthday, created_by: worker, created_at: now, updated_at: now, version: 3,
      })
      .execute();
    await trx
      .insertInto('permit_events')
      .values([
        { permit_id: minorPermit, from_status: null, to_status: 'prepared', step_on: addDays(today, -280), user_id: worker, at: now },
        { permit_id: minorPermit, from_status: 'prepared', to_status: 'submitted', step_on: addDays(today, -270), user_id: worker, at: now },
        { permit_id: minorPermit, from_status: 'submitted', to_status: 'issued', step_on: addDays(today, -250), expires_on: birthday, user_id: worker, at: now },
      ])
      .execute();
    return { permitsCreated: permitsCreated + 1, minorsCreated: 1 };
  });
}
