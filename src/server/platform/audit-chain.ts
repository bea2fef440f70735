/**
 * The audit sealer. Requests only INSERT audit_log rows (with their bigserial id) in their own
 * transaction and never touch the chain, so audited reads do not queue behind one another. The
 * sealer links committed entries into audit_chain, batch by batch, positions 1, 2, 3… without gaps:
 *
 *   hash = sha256(prev_hash || canonical(entry))        (see audit-canonical.ts)
 *
 * The chain order is seal order: an entry whose transaction commits late (a lower id committing
 * after a higher one was sealed) is simply sealed at a later position.
 *
 * One sealer works at a time across app instances (transaction-scoped advisory lock), and it
 * works as the application role, which may INSERT into audit_chain but never change it.
 *
 * Finding unsealed entries: each batch looks at entries above (newest sealed id − lookback), an
 * index range, so late commits are picked up at once without scanning the whole log. Every few
 * minutes (and on start-up, and from `ponte audit seal`) a full sweep looks at the whole log, so
 * an entry that committed later than the lookback still gets sealed.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { APP_ROLE } from '../../db/client.ts';
import { canonicalSelectSql, GENESIS_HASH, linkHash, type CanonicalRow } from './audit-canonical.ts';

/** Advisory-lock key of the sealer (the migrator uses 7242001). */
export const AUDIT_SEAL_LOCK = 7242002;
/** How far below the newest sealed entry id an ordinary batch looks for late commits. */
export const SEAL_LOOKBACK_IDS = 10_000;
const FULL_SWEEP_EVERY_MS = 5 * 60_000;

export interface SealResult {
  /** Links written by this call. */
  sealed: number;
  /** The chain head after this call (null while the chain is empty). */
  head: { position: string; hash: string } | null;
}

/**
 * Seals every committed, unsealed entry now, in batches of `batchSize` (one transaction each).
 * `full` (default true) looks at the whole log; the background loop passes false between sweeps.
 */
export async function systemSealAudit(options: {
  db: Kysely<DB>;
  batchSize?: number;
  full?: boolean;
  onBatch?: (progress: { sealed: number; head: { position: string; hash: string } }) => void;
}): Promise<SealResult> {
  const batchSize = options.batchSize ?? 500;
  const full = options.full ?? true;
  let sealed = 0;
  let head: SealResult['head'] = null;
  // After the first batch, continue above the last entry sealed, so a long backlog is not
  // rescanned from the start by every batch (an entry committing below it meanwhile is picked up
  // by the next run).
  let after: string | null = null;
  for (;;) {
    const batch = await sealBatch({ db: options.db, batchSize, full, after });
    head = batch.head;
    sealed += batch.sealed;
    if (batch.sealed > 0 && head) options.onBatch?.({ sealed, head });
    if (batch.sealed < batchSize) break;
    after = batch.lastEntryId;
  }
  return { sealed, head };
}

async function sealBatch(options: { db: Kysely<DB>; batchSize: number; full: boolean; after: string | null }): Promise<SealResult & { lastEntryId: string | null }> {
  return options.db.transaction().execute(async (trx) => {
    await sql.raw(`SET LOCAL ROLE ${APP_ROLE}`).execute(trx);
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_SEAL_LOCK})`.execute(trx);
    // Read committed: every statement from here sees what other sealers committed before the lock.
    const last = await trx
      .selectFrom('audit_chain')
      .select(['position', 'hash'])
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst();
    const rows = await findUnsealed({ trx, limit: options.batchSize, full: options.full, after: options.after });
    let prevHash = last?.hash ?? GENESIS_HASH;
    let position = BigInt(last?.position ?? 0);
    const links = rows.map((row) => {
      position += 1n;
      const hash = linkHash(prevHash, row);
      const link = { position: position.toString(), entry_id: row.c_id, prev_hash: prevHash, hash };
      prevHash = hash;
      return link;
    });
    if (links.length > 0) await trx.insertInto('audit_chain').values(links).execute();
    const head = links.length > 0 ? { position: position.toString(), hash: prevHash } : last ? { position: last.position, hash: last.hash } : null;
    return { sealed: links.length, head, lastEntryId: rows.at(-1)?.c_id ?? null };
  });
}

async function findUnsealed(options: { trx: Transaction<DB>; limit: number; full: boolean; after: string | null }): Promise<CanonicalRow[]> {
  const { trx, limit } = options;
  let floor = options.after ?? '0';
  if (options.after === null && !options.full) {
    const max = await sql<{ m: string | null }>`SELECT max(entry_id)::text AS m FROM audit_chain`.execute(trx);
    const m = BigInt(max.rows[0]?.m ?? '0') - BigInt(SEAL_LOOKBACK_IDS);
    floor = (m > 0n ? m : 0n).toString();
  }
  const r = await sql<CanonicalRow>`
    SELECT ${canonicalSelectSql}
    FROM audit_log a
    WHERE a.id > ${floor}::bigint
      -- the range on c.entry_id too keeps both sides index range scans (never the whole chain)
      AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = a.id AND c.entry_id > ${floor}::bigint)
    ORDER BY a.id
    LIMIT ${limit}`.execute(trx);
  return r.rows;
}

export interface AuditSealer {
  /** Seals now (a full sweep) and waits for it. */
  runNow(): Promise<SealResult>;
  /** Stops the loop and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/** The background loop started with the server: seals every `intervalMs`. */
export function startAuditSealer(options: {
  db: Kysely<DB>;
  intervalMs: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
  onSealed?: (result: SealResult) => void;
}): AuditSealer {
  const fullEvery = Math.max(1, Math.round(FULL_SWEEP_EVERY_MS / options.intervalMs));
  let runs = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<SealResult | null> = Promise.resolve(null);

  const run = (full: boolean): Promise<SealResult | null> => {
    const next = current.then(async () => {
      if (stopped && !full) return null;
      try {
        const result = await systemSealAudit({ db: options.db, full, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
        if (result.sealed > 0) options.onSealed?.(result);
        return result;
      } catch (e) {
        options.onError?.(e);
        return null;
      }
    });
    current = next;
    return next;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      const full = runs % fullEvery === 0; // the first run is a full sweep
      runs++;
      void run(full).then(schedule);
    }, runs === 0 ? 0 : options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async runNow() {
      const r = await run(true);
      if (!r) throw new Error('audit sealing failed');
      return r;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
