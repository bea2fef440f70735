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
  decide,
  defaultScoringConfig,
  addFrequencies,
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

/** Below this planner estimate of the persons table, the registry size is counted instead (small registries, never-analysed tables). */
const ESTIMATE_TRUSTED_FROM = 10_000;

/**
 * Persons whose encodings resemble `person`, best first: shared blocking keys (skipping blocks
 * larger than maxBlockSize, ranking by summed key rarity), then evidence and score as in the
 * in-memory index. Merged-away records and `excludeIds` are left out.
 *
 * One round trip: the block sizes, the registry size and the candidates ranked and cut in SQL
 * with their encodings, in one statement. `queryIndexed` says the query person is itself in the
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

  // 1-2. in one statement (one round trip: under load every round trip waits for a core twice):
  //    the size of each of the query's blocks, counted up to maxBlockSize + 1 (a common key costs
  //    no more than that); the registry size (the planner's estimate, or a count for a small
  //    registry); the persons in the blocks of at most maxBlockSize, ranked by the summed rarity
  //    (idf) of the keys they share, cut at maxCandidates, merged-away records left out, with
  //    their encodings. The first row carries the sizes and the registry size, and a candidate
  //    only when there is one.
  const keyBytes = keys.map((k) => Buffer.from(blockingKeyBytes(k)));
  const exclude = [...new Set(options.excludeIds ?? [])];
  const visibleTo = options.visibleTo;
  const visibleFilter =
    visibleTo === undefined
      ? sql``
      : sql` and b.person_id in (${db.selectFrom('persons').select('persons.id').where((eb) => personVisibleTo(eb, visibleTo))})`;
  const given = options.population ?? null;
  const rows = await sql<{ sizes: number[] | null; population: number | null; person_id: string | null; shared: number; candidates: number; encoding: string | null }>`
    with q as materialized (
      select q.key, q.ord,
        (select count(*)::int from (select 1 from person_blocking_keys b where b.key = q.key limit ${limits.maxBlockSize + 1}) s) as n
      from unnest(${keyBytes}::bytea[]) with ordinality as q(key, ord)
    ), registry as materialized (
      select coalesce(${given}::float8, case when e.est >= ${ESTIMATE_TRUSTED_FROM} then e.est
        else (select count(*)::float8 from persons where merged_into_id is null) end) as population
      from (select reltuples::float8 as est from pg_class where oid = 'persons'::regclass) e
    ), used as (
      select q.key, q.n, ln(greatest(registry.population + 1, q.n + 1) / q.n) as idf
      from q, registry
      where q.n > 0 and q.n <= ${limits.maxBlockSize}
    ), ranked as (
      select b.person_id, sum(used.idf) as idf, count(*)::int as shared, (count(*) over ())::int as candidates
      from person_blocking_keys b join used on used.key = b.key
      where not (b.person_id = any(${exclude}::uuid[]))${visibleFilter}
      group by b.person_id
      order by idf desc, b.person_id
      limit ${limits.maxCandidates}
    ), found as (
      select ranked.person_id, ranked.shared, ranked.candidates, l.encoding
      from ranked
      join person_linkage l on l.person_id = ranked.person_id
      join persons p on p.id = ranked.person_id and p.merged_into_id is null
    )
    select (select array_agg(q.n order by q.ord) from q) as sizes, (select population from registry) as population, found.*
    from (select 1) one left join found on true`.execute(db);
  const sizes = rows.rows[0]?.sizes ?? [];
  const sizeOf = new Map<string, number>();
  keys.forEach((k, i) => sizeOf.set(k, sizes[i] ?? 0));
  const skippedBlocks = keys.filter((k) => (sizeOf.get(k) ?? 0) > limits.maxBlockSize).length;
  const population = rows.rows[0]?.population ?? 0;
  const candidateRows = rows.rows.filter((r): r is typeof r & { person_id: string; encoding: string } => r.person_id !== null && r.encoding !== null);
  const stats = options.stats;
  if (stats) {
    stats.skippedBlocks = skippedBlocks;
    stats.candidates = candidateRows[0]?.candidates ?? 0;
    stats.scored = candidateRows.length;
  }

  // 3. score the candidates' encodings
  const self = options.queryIndexed ? 1 : 0;
  const blockSize = (key: string): number => (sizeOf.get(key) ?? 0) - self;
  const scored: Array<StoredCandidate & { person: EncodedPerson }> = [];
  for (const row of candidateRows) {
    const other = fromStoredEncoding(row.encoding);
    const e = evidenceOf(person, other, config);
    // how common the shared name and each agreeing token are (as the memory index)
    addFrequencies(e, person, other, blockSize, population);
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
