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
  resolveCompetition,
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
async function registrySize(db: Executor, estimate: number): Promise<number> {
  if (estimate >= 10_000) return estimate;
  const row = await db.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n')).where('merged_into_id', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The sizes of the query's blocks, each counted up to maxBlockSize + 1 (a common key costs no
 * more than that), and the planner's estimate of the registry size, in one round trip.
 */
async function blockSizes(db: Executor, keys: readonly string[], maxBlockSize: number): Promise<{ sizeOf: Map<string, number>; estimate: number }> {
  const keyBytes = keys.map((k) => Buffer.from(blockingKeyBytes(k)));
  const sizes = await sql<{ key: Uint8Array; n: number; est: number }>`
    select q.key,
      (select count(*)::int from (select 1 from person_blocking_keys b where b.key = q.key limit ${maxBlockSize + 1}) s) as n,
      (select reltuples::float8 from pg_class where oid = 'persons'::regclass) as est
    from unnest(${keyBytes}::bytea[]) as q(key)`.execute(db);
  const sizeOf = new Map<string, number>();
  for (const r of sizes.rows) sizeOf.set(blockingKeyFromBytes(r.key), r.n);
  return { sizeOf, estimate: sizes.rows[0]?.est ?? -1 };
}

/**
 * Persons whose encodings resemble `person`, best first: shared blocking keys (skipping blocks
 * larger than maxBlockSize, ranking by summed key rarity), then evidence and score as in the
 * in-memory index. Merged-away records and `excludeIds` are left out.
 *
 * Two round trips: the block sizes (with the registry-size estimate), then the candidates ranked
 * and cut in SQL with their encodings. `queryIndexed` says the query person is itself in the
 * index (an edit, or the pairs export): it is then not counted among the persons sharing its
 * name, exactly as the in-memory index does with `excludeId`. `population` skips the registry
 * size look-up (batch work that already knows it).
 */
export async function findCandidates(options: {
  db: Executor;
  person: EncodedPerson;
  excludeIds?: readonly string[];
  includeNone?: boolean;
  /** share the probability between candidates that are clearly different persons (src/domain/linkage/competition.ts); default true, as the memory index */
  competition?: boolean;
  /**
   * Only persons visible to this organisation (scope.ts), applied before the candidate limit, so
   * that records the caller may not see never take the place of those it may (search).
   */
  visibleTo?: string;
  limit?: number;
  limits?: Partial<LinkageLimits>;
  config?: ScoringConfig;
  stats?: CandidateQueryStats;
  queryIndexed?: boolean;
  population?: number;
}): Promise<StoredCandidate[]> {
  const { db, person } = options;
  const limits = { ...defaultLinkageLimits, ...options.limits };
  const config = options.config ?? defaultScoringConfig;
  const keys = [...new Set(person.blockingKeys)];
  if (keys.length === 0) return [];

  // 1. block sizes
  const { sizeOf, estimate } = await blockSizes(db, keys, limits.maxBlockSize);
  const used = keys.filter((k) => {
    const n = sizeOf.get(k) ?? 0;
    return n > 0 && n <= limits.maxBlockSize;
  });
  const skippedBlocks = keys.filter((k) => (sizeOf.get(k) ?? 0) > limits.maxBlockSize).length;
  const population = options.population ?? (await registrySize(db, estimate));
  const stats = options.stats;
  if (stats) {
    stats.skippedBlocks = skippedBlocks;
    stats.candidates = 0;
    stats.scored = 0;
  }
  if (used.length === 0) return [];

  // 2. persons in the used blocks, ranked by the summed rarity (idf) of the keys they share, cut
  //    at maxCandidates, merged-away records left out, with their encodings: one statement
  const total = population + 1;
  const usedBytes = used.map((k) => Buffer.from(blockingKeyBytes(k)));
  const usedSizes = used.map((k) => sizeOf.get(k) ?? 1);
  const exclude = [...new Set(options.excludeIds ?? [])];
  const visibleTo = options.visibleTo;
  const visibleFilter =
    visibleTo === undefined
      ? sql``
      : sql` and b.person_id in (${db.selectFrom('persons').select('persons.id').where((eb) => personVisibleTo(eb, visibleTo))})`;
  const rows = await sql<{ person_id: string; shared: number; candidates: number; encoding: string }>`
    with used as (
      select u.key, u.n, ln(greatest(${total}::float8, u.n + 1) / u.n) as idf
      from unnest(${usedBytes}::bytea[], ${usedSizes}::int[]) as u(key, n)
    ), ranked as (
      select b.person_id, sum(used.idf) as idf, count(*)::int as shared, (count(*) over ())::int as candidates
      from person_blocking_keys b join used on used.key = b.key
      where not (b.person_id = any(${exclude}::uuid[]))${visibleFilter}
      group by b.person_id
      order by idf desc, b.person_id
      limit ${limits.maxCandidates}
    )
    select ranked.person_id, ranked.shared, ranked.candidates, l.encoding
    from ranked
    join person_linkage l on l.person_id = ranked.person_id
    join persons p on p.id = ranked.person_id and p.merged_into_id is null`.execute(db);
  if (stats) {
    stats.candidates = rows.rows[0]?.candidates ?? 0;
    stats.scored = rows.rows.length;
  }

  // 3. score the candidates' encodings
  const self = options.queryIndexed ? 1 : 0;
  const scored: Array<StoredCandidate & { person: EncodedPerson }> = [];
  for (const row of rows.rows) {
    const other = fromStoredEncoding(row.encoding);
    const e = evidenceOf(person, other, config);
    // how many other persons share the name key (the rarest one the two have in common)
    let count = Infinity;
    for (const key of person.nameKeys) {
      if (!other.nameKeys.includes(key)) continue;
      const size = (sizeOf.get(key) ?? 0) - self;
      if (size < count) count = size;
    }
    if (count !== Infinity) e.nameFrequency = { count, population };
    const score = scoreEvidence(e, config);
    scored.push({ personId: row.person_id, sharedKeys: row.shared, score, decision: decide(score, config), reasons: reasonsOf(e), person: other });
  }
  // 4. candidates that are clearly different persons share the probability (as the memory index)
  if (options.competition ?? true) {
    const adjusted = resolveCompetition(
      scored.map((c) => ({ key: c.personId, person: c.person, score: c.score })),
      { config },
    );
    for (const c of scored) {
      const a = adjusted.get(c.personId);
      if (!a || a.competitors === 0) continue;
      c.score = a.score;
      c.decision = a.decision;
      c.reasons.push({ code: 'competing_candidates', value: a.competitors });
    }
  }
  const out: StoredCandidate[] = scored
    .filter((c) => options.includeNone || c.decision !== 'none')
    .map(({ person: _person, ...c }) => c);
  out.sort((x, y) => y.score - x.score || x.personId.localeCompare(y.personId));
  return options.limit === undefined ? out : out.slice(0, options.limit);
}
