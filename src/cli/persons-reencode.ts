/**
 * Re-encoding of every person's keyed linkage encoding and blocking keys (system work): needed
 * when the encoding gains something (a new blocking key) or the linkage key changes. Persons are
 * read in id order a batch at a time; each batch decrypts the identities in memory, writes the
 * new encodings and keys, and writes one audit entry (`person.reencode`) in the same transaction.
 * That audit entry carries the run, the last person id done and the counts, and is the cursor: a
 * run stopped half way (crash, Ctrl-C) resumes after the last committed batch. Nothing of an
 * identity is ever printed or logged: errors name the person id only.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Encoder } from '../domain/linkage/index.ts';
import { writeAudit } from '../server/platform/audit.ts';
import type { FieldCipher } from '../server/platform/crypto.ts';
import { readStoredIdentity } from '../server/features/persons/identity.ts';
import { indexPerson, linkageIdentity } from '../server/features/persons/linkage-store.ts';

/** Where the job's audit entries are filed (the audit log's record index finds the last one). */
export const reencodeRecord = { recordType: 'job', recordId: 'person.reencode' } as const;

export interface ReencodeReport {
  run: string;
  /** true when this call continued a run stopped earlier */
  resumed: boolean;
  /** persons re-encoded by this call */
  done: number;
  /** persons re-encoded by the whole run, this call included */
  runDone: number;
  total: number;
}

interface Cursor {
  run: string;
  after: string;
  runDone: number;
}

/** The unfinished run to resume, if the last entry of the job says so. */
async function lastUnfinished(db: Kysely<DB>): Promise<Cursor | null> {
  const last = await db
    .selectFrom('audit_log')
    .select(['details', 'outcome'])
    .where('record_type', '=', reencodeRecord.recordType)
    .where('record_id', '=', reencodeRecord.recordId)
    .where('action', '=', 'person.reencode')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return null;
  const d = (typeof last.details === 'string' ? JSON.parse(last.details) : last.details) as Record<string, unknown> | null;
  if (!d || d.finished !== false || typeof d.run !== 'string' || typeof d.after !== 'string') return null;
  return { run: d.run, after: d.after, runDone: typeof d.runDone === 'number' ? d.runDone : 0 };
}

export async function systemReencodePersons(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  encoder: Encoder;
  /** persons per batch (and per transaction); default 200 */
  batch?: number;
  /** start over even if an earlier run stopped half way */
  restart?: boolean;
  onProgress?: (runDone: number, total: number) => void;
  requestId?: string;
}): Promise<ReencodeReport> {
  const { db, cipher, encoder } = options;
  const batchSize = options.batch ?? 200;
  const context = { userId: null, orgId: null, ip: null, requestId: options.requestId ?? 'cli:persons-reencode' };
  const totalRow = await db.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);
  const resume = options.restart ? null : await lastUnfinished(db);
  const run = resume?.run ?? randomUUID();
  let after: string | null = resume?.after ?? null;
  let runDone = resume?.runDone ?? 0;
  let done = 0;
  options.onProgress?.(runDone, total);
  for (;;) {
    let query = db.selectFrom('persons').select(['id', 'identity_enc', 'sex', 'citizenships']).orderBy('id').limit(batchSize);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    const last = rows[rows.length - 1]?.id ?? after;
    const finished = rows.length < batchSize;
    await db.transaction().execute(async (tx) => {
      for (const row of rows) {
        let identity;
        try {
          identity = await readStoredIdentity({ cipher, db: tx, personId: row.id, identityEnc: row.identity_enc });
        } catch {
          // the message names the record only: nothing of the identity reaches a log
          throw new Error(`person ${row.id}: its identity could not be decrypted; nothing of this batch was written`);
        }
        await indexPerson({ db: tx, encoder, personId: row.id, identity: linkageIdentity({ identity, sex: row.sex, citizenships: row.citizenships }) });
      }
      await writeAudit({
        db: tx,
        context,
        entry: {
          action: 'person.reencode',
          outcome: 'success',
          ...reencodeRecord,
          fields: ['identity'],
          details: { run, after: last, persons: rows.length, runDone: runDone + rows.length, total, finished, resumed: resume !== null },
        },
      });
    });
    after = last;
    done += rows.length;
    runDone += rows.length;
    options.onProgress?.(runDone, total);
    if (finished) break;
  }
  return { run, resumed: resume !== null, done, runDone, total };
}

/** A one-line progress bar: `[#####·····]  52%  5200/10000 persons`. */
export function progressBar(done: number, total: number, width = 30): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'·'.repeat(width - full)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${done}/${total} persons`;
}

