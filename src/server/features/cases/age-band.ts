/**
 * The age band kept in clear on each case (`cases.age_band`, migration 0033): the person's CTDC
 * age band on the day the case was opened (src/domain/cases/age-band.ts). The birth itself stays
 * encrypted; only the band is written.
 *
 * Writers: opening a case (cases/service.ts), changing a person (persons/service.ts: the birth may
 * have changed), approving and reverting a merge (duplicates/service.ts: cases change person),
 * the demo data, and `ponte persons age-bands` (`systemRefreshAgeBands`), which fills the cases
 * written before the column existed. Reading a case also corrects a band found out of date.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { romeDate } from '../../../domain/calendar/index.ts';
import { ageBandOnDay, type CaseAgeBand } from '../../../domain/cases/age-band.ts';
import type { BirthInfo } from '../../../domain/cases/age.ts';
import type { FieldCipher } from '../../platform/crypto.ts';
import { writeAudit } from '../../platform/audit.ts';
import { countPersons, systemForEachPersonBatch, type PersonFilter } from '../persons/batches.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The band of a case opened at `openedAt` (its Italian calendar date). */
export function caseAgeBand(birth: BirthInfo | null | undefined, openedAt: Date | string): CaseAgeBand | null {
  return ageBandOnDay({ birth, on: romeDate(new Date(openedAt)) });
}

/**
 * Recomputes the band of every case of `personId` from `birth`; returns how many cases the person
 * has and how many bands changed. Called in the transaction that changed the birth or moved the
 * cases, and audited with it.
 */
export async function refreshCaseAgeBands(options: { db: Executor; personId: string; birth: BirthInfo | null | undefined }): Promise<{ cases: number; changed: number }> {
  const { db, personId, birth } = options;
  const cases = await db.selectFrom('cases').select(['id', 'opened_at', 'age_band']).where('person_id', '=', personId).execute();
  let changed = 0;
  for (const c of cases) {
    const band = caseAgeBand(birth, c.opened_at);
    if (band === c.age_band) continue;
    await db.updateTable('cases').set({ age_band: band }).where('id', '=', c.id).execute();
    changed++;
  }
  return { cases: cases.length, changed };
}

export interface AgeBandRefreshReport {
  /** persons whose identity was read */
  persons: number;
  /** cases looked at */
  cases: number;
  /** cases whose band was written (it was missing or out of date) */
  changed: number;
}

/**
 * System work (`ponte persons age-bands`): recomputes the band of every case, a batch of persons
 * at a time, each batch in one transaction with one `case.age_band` audit entry (persons read,
 * cases changed, the last person id). Idempotent: a second run changes nothing; a run stopped half
 * way is simply run again. Nothing of an identity is printed: errors name the person id only.
 */
export async function systemRefreshAgeBands(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  batch?: number;
  onProgress?: (done: number, total: number) => void;
  requestId?: string;
}): Promise<AgeBandRefreshReport> {
  const { db } = options;
  const context = { userId: null, orgId: null, ip: null, requestId: options.requestId ?? 'cli:persons-age-bands' };
  const withCases: PersonFilter = (eb) => eb.exists(eb.selectFrom('cases').select('cases.id').whereRef('cases.person_id', '=', 'persons.id'));
  const total = await countPersons(db, withCases);
  const report: AgeBandRefreshReport = { persons: 0, cases: 0, changed: 0 };
  options.onProgress?.(0, total);
  await systemForEachPersonBatch({
    db,
    cipher: options.cipher,
    batch: options.batch ?? 200,
    where: withCases,
    work: async (tx, persons, { last }) => {
      let cases = 0;
      let changed = 0;
      for (const p of persons) {
        const refreshed = await refreshCaseAgeBands({ db: tx, personId: p.id, birth: p.identity.birth });
        cases += refreshed.cases;
        changed += refreshed.changed;
      }
      await writeAudit({
        db: tx,
        context,
        entry: { action: 'case.age_band', outcome: 'success', recordType: 'job', recordId: 'case.age_band', fields: ['birth'], details: { after: last, persons: persons.length, cases, changed } },
      });
      report.cases += cases;
      report.changed += changed;
    },
    onBatch: ({ persons }) => {
      report.persons += persons;
      options.onProgress?.(report.persons, total);
    },
  });
  return report;
}
