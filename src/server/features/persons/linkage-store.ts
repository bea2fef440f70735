/**
 * The database-backed linkage index: each person's keyed encoding (`person_linkage`) and blocking
 * keys (`person_blocking_keys`), candidate retrieval and scoring. The same algorithm as
 * src/domain/linkage/memory-index.ts, on tables. Works across the whole registry: callers decide
 * what of a candidate the acting organisation may see (see scope.ts).
 *
 * Plaintext identities only pass through here in memory, to be encoded; nothing is decrypted.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import {
  blockingKeyBytes,
  blockingKeyFromBytes,
  decide,
  defaultScoringConfig,
  evidenceOf,
  fromStoredEncoding,
  reasonsOf,
  scoreEvidence,
  toStoredEncoding,
  type Comparison,
  type EncodedPerson,
  type Encoder,
  type LinkageIdentity,
  type ScoringConfig,
} from '../../../domain/linkage/index.ts';
import type { StoredIdentity } from '../../../domain/persons/schema.ts';
import type { BirthInfo } from '../../../domain/cases/age.ts';
import type { BirthDate } from '../../../domain/linkage/types.ts';
import { personVisibleTo } from './scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface LinkageLimits {
  /** blocks larger than this are skipped (too common to discriminate); default 2000 */
  maxBlockSize: number;
  /** at most this many candidates are scored, the best-sharing first; default 400 */
  maxCandidates: number;
}

export const defaultLinkageLimits: LinkageLimits = { maxBlockSize: 2000, maxCandidates: 400 };

/** Birth information of a person record → the linkage module's birth date. */
export function linkageBirth(birth: BirthInfo | undefined): BirthDate | undefined {
  if (!birth) return undefined;
  if ('birthDate' in birth) {
    const [y, m, d] = birth.birthDate.split('-').map(Number) as [number, number, number];
    return { kind: 'exact', year: y, month: m, day: d };
  }
  if ('estimatedYear' in birth) return { kind: 'year', year: birth.estimatedYear };
  const a = Number(birth.estimatedFrom.slice(0, 4));
  const b = Number(birth.estimatedTo.slice(0, 4));
  return { kind: 'range', fromYear: Math.min(a, b), toYear: Math.max(a, b) };
}

/** A person's stored identity (+ coarse clear fields) → the linkage module's identity. */
export function linkageIdentity(options: { identity: Pick<StoredIdentity, 'names' | 'birth' | 'documents' | 'phones'>; sex?: string | null; citizenships?: readonly string[] }): LinkageIdentity {
  const { identity } = options;
  const birthDate = linkageBirth(identity.birth);
  return {
    names: identity.names.map((n) => ({
      ...(n.given !== undefined ? { given: n.given } : {}),
      ...(n.family !== undefined ? { family: n.family } : {}),
      ...(n.full !== undefined ? { full: n.full } : {}),
    })),
    ...(birthDate ? { birthDate } : {}),
    ...(options.sex ? { sex: options.sex } : {}),
    citizenships: [...(options.citizenships ?? [])],
    documents: identity.documents.map((d) => ({ number: d.number, type: d.type })),
    phones: [...identity.phones],
  };
}

/** (Re)writes the encoding and blocking keys of a person, in the caller's transaction. */
export async function indexPerson(options: { db: Executor; encoder: Encoder; personId: string; identity: LinkageIdentity }): Promise<EncodedPerson> {
  const { db, personId } = options;
  const encoded = options.encoder.encodePerson(options.identity);
  await db
    .insertInto('person_linkage')
    .values({ person_id: personId, encoding: toStoredEncoding(encoded) })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ encoding: toStoredEncoding(encoded) }))
    .execute();
  await db.deleteFrom('person_blocking_keys').where('person_id', '=', personId).execute();
  const keys = [...new Set(encoded.blockingKeys)];
  if (keys.length > 0) {
    await db
      .insertInto('person_blocking_keys')
      .values(keys.map((k) => ({ key: blockingKeyBytes(k), person_id: personId })))
      .execute();
  }
  return encoded;
}

export interface StoredCandidate extends Comparison {
  personId: string;
  /** blocking keys shared with the query */
  sharedKeys: number;
}

export interface CandidateQueryStats {
  skippedBlocks: number;
  candidates: number;
  scored: number;
}

/** Rough size of the registry (live persons), for the name-frequency adjustment. */
async function registrySize(db: Executor): Promise<number> {
  const est = await sql<{ n: number }>`select reltuples::float8 as n from pg_class where oid = 'persons'::regclass`.execute(db);
  const estimate = est.rows[0]?.n ?? -1;
  if (estimate >= 10_000) return estimate;
  const row = await db.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n')).where('merged_into_id', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Persons whose encodings resemble `person`, best first: shared blocking keys (skipping blocks
 * larger than maxBlockSize, ranking by summed key rarity), then evidence and score as in the
 * in-memory index. Merged-away records and `excludeIds` are left out.
 */
export async function findCandidates(options: {
  db: Executor;
  person: EncodedPerson;
  excludeIds?: readonly string[];
  includeNone?: boolean;
  /**
   * Only persons visible to this organisation (scope.ts), applied before the candidate limit, so
   * that records the caller may not see never take the place of those it may (search).
   */
  visibleTo?: string;
  limit?: number;
  limits?: Partial<LinkageLimits>;
  config?: ScoringConfig;
  stats?: CandidateQueryStats;
}): Promise<StoredCandidate[]> {
  const { db, person } = options;
  const limits = { ...defaultLinkageLimits, ...options.limits };
  const config = options.config ?? defaultScoringConfig;
  const exclude = new Set(options.excludeIds ?? []);
  const keys = [...new Set(person.blockingKeys)];
  if (keys.length === 0) return [];
  const keyBytes = keys.map((k) => Buffer.from(blockingKeyBytes(k)));

  // 1. block sizes, each counted up to maxBlockSize + 1 (a common key costs no more than that)
  const sizes = await sql<{ key: Uint8Array; n: number }>`
    select q.key, (select count(*)::int from (select 1 from person_blocking_keys b where b.key = q.key limit ${limits.maxBlockSize + 1}) s) as n
    from unnest(${keyBytes}::bytea[]) as q(key)`.execute(db);
  const sizeOf = new Map<string, number>();
  for (const r of sizes.rows) sizeOf.set(blockingKeyFromBytes(r.key), r.n);
  const used = keys.filter((k) => {
    const n = sizeOf.get(k) ?? 0;
    return n > 0 && n <= limits.maxBlockSize;
  });
  const skippedBlocks = keys.filter((k) => (sizeOf.get(k) ?? 0) > limits.maxBlockSize).length;
  const population = await registrySize(db);

  // 2. persons in the used blocks, ranked by the summed rarity (idf) of the keys they share
  const shared = new Map<string, { idf: number; count: number }>();
  if (used.length > 0) {
    let postingsQuery = db
      .selectFrom('person_blocking_keys')
      .select(['person_blocking_keys.key', 'person_blocking_keys.person_id'])
      .where('person_blocking_keys.key', 'in', used.map((k) => blockingKeyBytes(k)));
    const visibleTo = options.visibleTo;
    if (visibleTo !== undefined) {
      postingsQuery = postingsQuery.where((eb) =>
        eb.exists(eb.selectFrom('persons').select('persons.id').whereRef('persons.id', '=', 'person_blocking_keys.person_id').where((e) => personVisibleTo(e, visibleTo))),
      );
    }
    const postings = await postingsQuery.execute();
    const total = population + 1;
    for (const p of postings) {
      if (exclude.has(p.person_id)) continue;
      const n = sizeOf.get(blockingKeyFromBytes(p.key)) ?? 1;
      const idf = Math.log(Math.max(total, n + 1) / n);
      const s = shared.get(p.person_id) ?? { idf: 0, count: 0 };
      s.idf += idf;
      s.count += 1;
      shared.set(p.person_id, s);
    }
  }
  let ids = [...shared.keys()];
  if (ids.length > limits.maxCandidates) {
    ids.sort((x, y) => (shared.get(y)?.idf ?? 0) - (shared.get(x)?.idf ?? 0));
    ids = ids.slice(0, limits.maxCandidates);
  }
  if (options.stats) {
    options.stats.skippedBlocks = skippedBlocks;
    options.stats.candidates = shared.size;
    options.stats.scored = ids.length;
  }
  if (ids.length === 0) return [];

  // 3. score the candidates' encodings (merged-away records excluded)
  const rows = await db
    .selectFrom('person_linkage')
    .innerJoin('persons', 'persons.id', 'person_linkage.person_id')
    .select(['person_linkage.person_id', 'person_linkage.encoding'])
    .where('person_linkage.person_id', 'in', ids)
    .where('persons.merged_into_id', 'is', null)
    .execute();
  const out: StoredCandidate[] = [];
  for (const row of rows) {
    const other = fromStoredEncoding(row.encoding);
    const e = evidenceOf(person, other, config);
    let count = Infinity;
    for (const key of person.nameKeys) {
      if (!other.nameKeys.includes(key)) continue;
      const size = sizeOf.get(key) ?? 0;
      if (size < count) count = size;
    }
    if (count !== Infinity) e.nameFrequency = { count, population };
    const score = scoreEvidence(e, config);
    const decision = decide(score, config);
    if (options.includeNone || decision !== 'none') {
      out.push({ personId: row.person_id, sharedKeys: shared.get(row.person_id)?.count ?? 0, score, decision, reasons: reasonsOf(e) });
    }
  }
  out.sort((x, y) => y.score - x.score || x.personId.localeCompare(y.personId));
  return options.limit === undefined ? out : out.slice(0, options.limit);
}
