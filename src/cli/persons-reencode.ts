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
import { countPersons, systemForEachPersonBatch } from '../server/features/persons/batches.ts';
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
  const { db, encoder } = options;
  const context = { userId: null, orgId: null, ip: null, requestId: options.requestId ?? 'cli:persons-reencode' };
  const total = await countPersons(db);
  const resume = options.restart ? null : await lastUnfinished(db);
  const run = resume?.run ?? randomUUID();
  let runDone = resume?.runDone ?? 0;
  let done = 0;
  options.onProgress?.(runDone, total);
  await systemForEachPersonBatch({
    db,
    cipher: options.cipher,
    batch: options.batch ?? 200,
    after: resume?.after ?? null,
    workOnEmptyEnd: true,
    work: async (tx, persons, { last, finished }) => {
      for (const p of persons) await indexPerson({ db: tx, encoder, personId: p.id, identity: linkageIdentity({ identity: p.identity, sex: p.sex, citizenships: p.citizenships }) });
      await writeAudit({
        db: tx,
        context,
        entry: {
          action: 'person.reencode',
          outcome: 'success',
          ...reencodeRecord,
          fields: ['identity'],
          details: { run, after: last, persons: persons.length, runDone: runDone + persons.length, total, finished, resumed: resume !== null },
        },
      });
    },
    onBatch: ({ persons }) => {
      done += persons;
      runDone += persons;
      options.onProgress?.(runDone, total);
    },
  });
  return { run, resumed: resume !== null, done, runDone, total };
}
