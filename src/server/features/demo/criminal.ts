/**
 * Demo criminal proceedings (fictional): on the first cases of the case worker's body that hold an
 * art. 18 judicial-path permit or are past the screening, a complaint filed with the demo
 * prosecutor's office, the person's role, protection measures and a few hearings, some of them
 * ahead. Texts are generated, encrypted as the feature stores them. Idempotent: nothing is added
 * when the body's cases already have proceedings.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type Role = 'witness' | 'injured_party' | 'civil_party';
type Kind = 'preliminary' | 'incidente_probatorio' | 'trial' | 'appeal' | 'other';

/** Days from today: the complaint (or none), the hearings. */
const specs: ReadonlyArray<{ complaint: number | null; role: Role; measures: string | null; note: string | null; hearings: ReadonlyArray<[Kind, number]> }> = [
  { complaint: -400, role: 'injured_party', measures: 'Domicilio protetto; accompagnamento alle udienze da parte dell’ente.', note: 'Procedimento per tratta (art. 601 c.p.), fase dibattimentale.', hearings: [['incidente_probatorio', -300], ['preliminary', -120], ['trial', 21]] },
  { complaint: -150, role: 'witness', measures: 'Audizione protetta con mediatrice culturale.', note: null, hearings: [['incidente_probatorio', -60], ['preliminary', 45]] },
  { complaint: -700, role: 'civil_party', measures: null, note: 'Costituzione di parte civile con il patrocinio a spese dello Stato.', hearings: [['trial', -200], ['appeal', 90]] },
  { complaint: null, role: 'witness', measures: null, note: 'Valuta se sporgere denuncia: colloquio con la legale fissato.', hearings: [] },
];

async function seal(cipher: FieldCipher, trx: Transaction<DB>, table: string, column: string, rowId: string, plaintext: string | null): Promise<string | null> {
  if (!plaintext) return null;
  return cipher.encrypt({ plaintext, aad: fieldAad({ table, column, rowId }), db: trx });
}

export async function systemSeedDemoCriminal(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<{ proceedingsCreated: number; hearingsCreated: number }> {
  const now = options.now ?? new Date();
  const today = italianToday(now);
  const { cipher } = options;
  return options.db.transaction().execute(async (trx) => {
    const orgs = await trx.selectFrom('organisations').select(['id', 'code']).where('code', 'in', ['coop-il-faro', 'procura-demo']).execute();
    const faro = orgs.find((o) => o.code === 'coop-il-faro')?.id;
    const procura = orgs.find((o) => o.code === 'procura-demo')?.id ?? null;
    if (!faro) return { proceedingsCreated: 0, hearingsCreated: 0 };
    const existing = await trx.selectFrom('criminal_proceedings').innerJoin('cases', 'cases.id', 'criminal_proceedings.case_id').select('cases.id').where('cases.org_id', '=', faro).limit(1).executeTakeFirst();
    if (existing) return { proceedingsCreated: 0, hearingsCreated: 0 };
    const cases = await trx
      .selectFrom('cases')
      .select(['id', 'case_worker_id'])
      .where('org_id', '=', faro)
      .where('phase', 'not in', ['closed', 'contact', 'screening'])
      .orderBy('code')
      .limit(specs.length)
      .execute();
    let proceedingsCreated = 0;
    let hearingsCreated = 0;
    for (const [i, spec] of specs.entries()) {
      const c = cases[i];
      if (!c) break;
      await trx
        .insertInto('criminal_proceedings')
        .values({
          case_id: c.id,
          complaint_filed: spec.complaint !== null,
          complaint_on: spec.complaint === null ? null : addDays(today, spec.complaint),
          prosecutor_org_id: spec.complaint === null ? null : procura,
          person_role: spec.role,
          protection_measures_enc: await seal(cipher, trx, 'criminal_proceedings', 'protection_measures_enc', c.id, spec.measures),
          note_enc: await seal(cipher, trx, 'criminal_proceedings', 'note_enc', c.id, spec.note),
          updated_by: c.case_worker_id,
          updated_at: now,
          version: 1 + spec.hearings.length,
        })
        .execute();
      proceedingsCreated++;
      for (const [kind, days] of spec.hearings) {
        await trx.insertInto('criminal_hearings').values({ id: randomUUID(), case_id: c.id, held_on: addDays(today, days), kind, note_enc: null, created_by: c.case_worker_id, created_at: now }).execute();
        hearingsCreated++;
      }
    }
    return { proceedingsCreated, hearingsCreated };
  });
}
