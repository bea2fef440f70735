/**
 * Every candidate duplicate pair in the registry, each once, as CSV: system work (no user's scope)
 * for checking linkage quality and for data-protection review of a registry. Streams: persons are
 * read in id order a batch at a time, each compared with the registry through the same
 * `findCandidates` as the duplicate check; a pair is written once both persons have been checked
 * and each check lists the other, at the lower of the two scores (the pair ledger of
 * src/domain/linkage/pairs.ts, which the quality bench uses too), a < b by person id. External references are decrypted for
 * the output only; persons without one print their code. A pair whose merge was rejected, or
 * approved and reverted, is `possible` at most (src/domain/linkage/decided.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { createPairLedger, earlierDecisions, fromStoredEncoding, pairKey, withEarlierDecision } from '../domain/linkage/index.ts';
import { writeAudit } from '../server/platform/audit.ts';
import { fieldAad, type FieldCipher } from '../server/platform/crypto.ts';
import { findCandidates } from '../server/features/persons/linkage-store.ts';
import { undoneMerges } from '../server/features/duplicates/queries.ts';
import { personColumns } from '../server/features/persons/encrypted.ts';
import { personVisibleTo } from '../server/features/persons/scope.ts';

export type PairDecision = 'match' | 'possible';

export interface PairsReport {
  persons: number;
  pairs: number;
  match: number;
  possible: number;
}

export const pairsHeader = 'external_ref_a,external_ref_b,score,decision';

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function systemExportPairs(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  /** receives the CSV text a chunk at a time (header first); may return a promise for back-pressure */
  write: (chunk: string) => void | Promise<void>;
  /** only persons visible to this organisation (both sides of a pair) */
  orgId?: string;
  min?: PairDecision;
  /** persons per batch (default 500) */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
  /** request id of the audit entry (default cli:duplicates-pairs) */
  requestId?: string;
}): Promise<PairsReport> {
  const { db, cipher, orgId } = options;
  const min = options.min ?? 'possible';
  const batchSize = options.batch ?? 500;
  const live = await db.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n')).where('merged_into_id', 'is', null).executeTakeFirstOrThrow();
  const population = Number(live.n);
  let total = population;
  if (orgId) {
    const visible = await db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('merged_into_id', 'is', null)
      .where((eb) => personVisibleTo(eb, orgId))
      .executeTakeFirstOrThrow();
    total = Number(visible.n);
  }
  const report: PairsReport = { persons: 0, pairs: 0, match: 0, possible: 0 };
  await options.write(`${pairsHeader}\n`);
  let after: string | null = null;
  // both sides of a pair, the lower one listed (src/domain/linkage/pairs.ts, as the bench counts);
  // uuids are lower-case hex with hyphens at fixed places: string order is the database's order
  const ledger = createPairLedger<string>((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  // pairs a person kept apart (a merge rejected or reverted): `possible` at most, as in the check
  const decided = earlierDecisions(await undoneMerges(db, null));
  for (;;) {
    let query = db
      .selectFrom('persons')
      .innerJoin('person_linkage', 'person_linkage.person_id', 'persons.id')
      .select(['persons.id', 'person_linkage.encoding'])
      .where('persons.merged_into_id', 'is', null)
      .orderBy('persons.id')
      .limit(batchSize);
    if (after !== null) query = query.where('persons.id', '>', after);
    if (orgId) query = query.where((eb) => personVisibleTo(eb, orgId));
    const rows = await query.execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? null;

    const pairs: { a: string; b: string; score: number; decision: PairDecision }[] = [];
    for (const row of rows) {
      const found = await findCandidates({ db, person: fromStoredEncoding(row.encoding), excludeIds: [row.id], queryIndexed: true, population });
      const sides = found.map((c) => ({ id: c.personId, score: c.score, decision: decided.size === 0 ? c.decision : withEarlierDecision(c, decided.get(pairKey(row.id, c.personId))).decision }));
      for (const p of ledger.check(row.id, sides)) {
        if (min === 'match' && p.decision !== 'match') continue;
        pairs.push(p);
      }
    }
    report.persons += rows.length;

    if (pairs.length > 0) {
      const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
      const refRows = await db
        .selectFrom('persons')
        .select((eb) => ['persons.id', 'persons.code', 'persons.external_ref_enc', orgId ? personVisibleTo(eb, orgId).as('visible') : sql<boolean>`true`.as('visible')])
        .where('persons.id', 'in', ids)
        .execute();
      const refs = new Map<string, { label: string; visible: boolean }>();
      for (const r of refRows) {
        const label = r.external_ref_enc
          ? await cipher.decrypt({ value: r.external_ref_enc, aad: fieldAad({ ...personColumns.externalRef, rowId: r.id }) })
          : r.code;
        refs.set(r.id, { label, visible: !!r.visible });
      }
      let chunk = '';
      for (const p of pairs) {
        const a = refs.get(p.a);
        const b = refs.get(p.b);
        if (!a || !b || !b.visible) continue;
        chunk += `${csvField(a.label)},${csvField(b.label)},${p.score.toFixed(4)},${p.decision}\n`;
        report.pairs++;
        report[p.decision]++;
      }
      if (chunk) await options.write(chunk);
    }
    options.onProgress?.(report.persons, total);
    if (rows.length < batchSize) break;
  }
  await writeAudit({
    db,
    context: { userId: null, orgId: null, ip: null, requestId: options.requestId ?? 'cli:duplicates-pairs' },
    entry: {
      action: 'person.pairs_export',
      outcome: 'success',
      recordType: 'person',
      fields: ['external_ref'],
      details: { persons: report.persons, pairs: report.pairs, match: report.match, possible: report.possible, min, organisation: orgId ?? null },
    },
  });
  return report;
}
