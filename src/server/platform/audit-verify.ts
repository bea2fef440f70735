/**
 * Verification of the audit chain, for `ponte audit verify` and the API. Streams the chain in
 * position order, in batches, inside one read-only repeatable-read transaction (a consistent
 * snapshot while sealers keep appending), and checks:
 *
 * - positions start at 1 and are contiguous (a missing position is a removed link; the verifier
 *   then looks among the unsealed entries for the one whose hash fits the gap, to name it);
 * - each link's prev_hash is the previous link's hash;
 * - each link's entry still exists and hashes to the link's hash (an edited entry or an edited
 *   link hash are told apart by the next link, which still carries the original hash);
 * - no entry has more than one link;
 * - optional anchors (position:hash written down elsewhere, e.g. from an earlier run) still hold,
 *   which is what detects a chain rewritten from some point on, or truncated, by someone with
 *   owner rights.
 *
 * It also reports how many entries are still waiting to be sealed.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { canonicalSelectSql, GENESIS_HASH, linkHash, type CanonicalRow } from './audit-canonical.ts';

export type AuditProblemKind =
  | 'entry_changed'
  | 'entry_missing'
  | 'link_removed'
  | 'link_hash_edited'
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'duplicate_link'
  | 'bad_position'
  | 'anchor_mismatch';

export interface AuditChainProblem {
  kind: AuditProblemKind;
  /** Chain position where the problem is. */
  position: string;
  /** The audit_log id concerned, when known. */
  entryId: string | null;
  message: string;
}

export interface AuditAnchor {
  position: string;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Links checked. */
  links: number;
  /** Entries not sealed yet (normal for the last few seconds of activity). */
  pending: number;
  oldestPendingId: string | null;
  head: { position: string; hash: string; sealedAt: string } | null;
  /** The first problems found, in chain order (at most `maxProblems`). */
  problems: AuditChainProblem[];
  /** How many problems there are in all. */
  problemCount: number;
}

interface LinkRow extends Partial<CanonicalRow> {
  position: string;
  entry_id: string;
  prev_hash: string;
  hash: string;
  sealed_at: string;
  present: boolean;
}

export async function verifyAuditChain(options: {
  /** A database (a read-only repeatable-read transaction is opened) or a transaction to work in. */
  db: Kysely<DB>;
  onProgress?: (progress: { checked: number; total: number }) => void;
  batchSize?: number;
  maxProblems?: number;
  anchors?: AuditAnchor[];
}): Promise<AuditVerifyResult> {
  const batchSize = options.batchSize ?? 2000;
  const maxProblems = options.maxProblems ?? 20;
  const run = async (trx: Kysely<DB>): Promise<AuditVerifyResult> => {
    const problems: AuditChainProblem[] = [];
    let problemCount = 0;
    const report = (p: AuditChainProblem): void => {
      problemCount++;
      if (problems.length < maxProblems) problems.push(p);
    };
    const totalRow = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_chain`.execute(trx);
    const total = Number(totalRow.rows[0]?.n ?? 0);
    const anchors = new Map((options.anchors ?? []).map((a) => [BigInt(a.position), a.hash.toLowerCase()]));

    let expected = 1n;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let last: LinkRow | undefined;
    let after = -(2n ** 63n); // below any position, so hand-written ones below 1 are seen too
    options.onProgress?.({ checked, total });
    for (;;) {
      const batch = await sql<LinkRow>`
        SELECT c.position::text AS position, c.entry_id::text AS entry_id, c.prev_hash, c.hash,
          to_char(c.sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sealed_at,
          (a.id IS NOT NULL) AS present, ${canonicalSelectSql}
        FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.entry_id
        WHERE c.position > ${after.toString()}::bigint
        ORDER BY c.position
        LIMIT ${batchSize}`.execute(trx);
      for (const [i, row] of batch.rows.entries()) {
        const position = BigInt(row.position);
        if (position < expected) {
          // only possible for a position below 1, written by hand
          report({
            kind: 'bad_position',
            position: row.position,
            entryId: row.entry_id,
            message: `entry ${row.entry_id} has the impossible chain position ${row.position}`,
          });
        } else if (position !== expected) {
          const missing = await findRemovedEntry({ trx, prevHash, nextPrevHash: row.prev_hash });
          report({
            kind: 'link_removed',
            position: expected.toString(),
            entryId: missing,
            message:
              position === expected + 1n
                ? `link at position ${expected} was removed${missing ? ` (it sealed entry ${missing})` : ''}; the chain resumes at position ${position} (entry ${row.entry_id})`
                : `links at positions ${expected}–${position - 1n} were removed${missing ? ` (the first sealed entry ${missing})` : ''}; the chain resumes at position ${position} (entry ${row.entry_id})`,
          });
          expected = position;
        } else if (row.prev_hash !== prevHash) {
          report({
            kind: 'prev_hash_mismatch',
            position: row.position,
            entryId: row.entry_id,
            message: `entry ${row.entry_id} at position ${row.position}: prev_hash does not match the hash of the link before it`,
          });
        }
        let carry = row.hash;
        if (!row.present) {
          report({
            kind: 'entry_missing',
            position: row.position,
            entryId: row.entry_id,
            message: `entry ${row.entry_id} at position ${row.position} is missing from audit_log (deleted)`,
          });
        } else {
          const computed = linkHash(row.prev_hash, row as LinkRow & CanonicalRow);
          if (computed !== row.hash) {
            const next = batch.rows[i + 1] ?? (await nextLink({ trx, position: row.position }));
            if (next && next.prev_hash === computed) {
              carry = computed;
              report({
                kind: 'link_hash_edited',
                position: row.position,
                entryId: row.entry_id,
                message: `entry ${row.entry_id} at position ${row.position}: the link's hash was edited (the entry and the next link agree with each other)`,
              });
            } else if (next && next.prev_hash === row.hash) {
              report({
                kind: 'entry_changed',
                position: row.position,
                entryId: row.entry_id,
                message: `entry ${row.entry_id} at position ${row.position} was changed after it was sealed`,
              });
            } else {
              report({
                kind: 'hash_mismatch',
                position: row.position,
                entryId: row.entry_id,
                message: `entry ${row.entry_id} at position ${row.position}: hash does not match (the entry was changed or the link edited)`,
              });
            }
          }
        }
        const anchored = anchors.get(position);
        if (anchored !== undefined) {
          anchors.delete(position);
          if (anchored !== row.hash) {
            report({
              kind: 'anchor_mismatch',
              position: row.position,
              entryId: row.entry_id,
              message: `position ${row.position} (entry ${row.entry_id}) no longer has the recorded hash ${anchored.slice(0, 16)}…: the chain was rewritten`,
            });
          }
        }
        prevHash = carry;
        if (position >= expected) expected = position + 1n;
        last = row;
        checked++;
      }
      const lastRow = batch.rows.at(-1);
      if (lastRow) after = BigInt(lastRow.position);
      options.onProgress?.({ checked, total });
      if (batch.rows.length < batchSize) break;
    }
    for (const [position] of anchors) {
      report({
        kind: 'anchor_mismatch',
        position: position.toString(),
        entryId: null,
        message: `position ${position} was recorded but the chain now ends at ${expected - 1n}: the chain was truncated`,
      });
    }

    const dup = await sql<{ entry_id: string; position: string }>`
      SELECT entry_id::text AS entry_id, min(position)::text AS position FROM audit_chain
      GROUP BY entry_id HAVING count(*) > 1 ORDER BY min(position) LIMIT ${maxProblems}`.execute(trx);
    for (const d of dup.rows) {
      report({
        kind: 'duplicate_link',
        position: d.position,
        entryId: d.entry_id,
        message: `entry ${d.entry_id} is linked more than once (first at position ${d.position})`,
      });
    }
    problems.sort((a, b) => {
      const d = BigInt(a.position) - BigInt(b.position);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    });

    const pendingRow = await sql<{ n: string; oldest: string | null }>`
      SELECT count(*)::text AS n, min(a.id)::text AS oldest FROM audit_log a
      WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = a.id)`.execute(trx);
    return {
      ok: problemCount === 0,
      links: checked,
      pending: Number(pendingRow.rows[0]?.n ?? 0),
      oldestPendingId: pendingRow.rows[0]?.oldest ?? null,
      head: last ? { position: last.position, hash: last.hash, sealedAt: last.sealed_at } : null,
      problems,
      problemCount,
    };
  };
  // Inside a caller's transaction (the API), the caller chooses the snapshot.
  if (options.db.isTransaction) return run(options.db);
  return options.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(run);
}

async function nextLink(options: { trx: Kysely<DB>; position: string }): Promise<{ prev_hash: string } | undefined> {
  const r = await sql<{ prev_hash: string }>`
    SELECT prev_hash FROM audit_chain WHERE position > ${options.position}::bigint ORDER BY position LIMIT 1`.execute(options.trx);
  return r.rows[0];
}

/**
 * After a gap, the entry whose link was removed is unsealed again: find the unsealed entry that
 * hashes, after `prevHash`, to the hash the next link still carries.
 */
async function findRemovedEntry(options: { trx: Kysely<DB>; prevHash: string; nextPrevHash: string }): Promise<string | null> {
  let after = '0';
  for (let scanned = 0; scanned < 200_000; ) {
    const r = await sql<CanonicalRow>`
      SELECT ${canonicalSelectSql} FROM audit_log a
      WHERE a.id > ${after}::bigint AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = a.id)
      ORDER BY a.id LIMIT 1000`.execute(options.trx);
    for (const row of r.rows) if (linkHash(options.prevHash, row) === options.nextPrevHash) return row.c_id;
    const lastRow = r.rows.at(-1);
    if (!lastRow || r.rows.length < 1000) return null;
    after = lastRow.c_id;
    scanned += r.rows.length;
  }
  return null;
}

/** Parses "position:hash" anchors given on the command line. */
export function parseAnchor(text: string): AuditAnchor {
  const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!m?.[1] || !m[2]) throw new Error(`invalid anchor "${text}": expected <position>:<64 hex characters>`);
  return { position: m[1], hash: m[2].toLowerCase() };
}
