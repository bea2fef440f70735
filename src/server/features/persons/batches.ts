/**
 * System work over the registry a batch of persons at a time (`ponte persons reencode`, `ponte
 * persons age-bands`): persons in id order, each batch in one transaction that decrypts the
 * batch's identities in memory, does the work and writes its audit entry, so a batch is written
 * whole or not at all. An identity that does not decrypt stops the run with an error naming the
 * person id only: nothing of an identity reaches a message or a log.
 */
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { StoredIdentity } from '../../../domain/persons/schema.ts';
import type { FieldCipher } from '../../platform/crypto.ts';
import { readStoredIdentity } from './identity.ts';

/** Which persons the work is about (default: all of them). */
export type PersonFilter = (eb: ExpressionBuilder<DB, 'persons'>) => Expression<SqlBool>;

export type BatchPerson = Pick<Selectable<DB['persons']>, 'id' | 'sex' | 'citizenships'> & { identity: StoredIdentity };

export interface PersonBatch {
  persons: number;
  /** the last person id of the batch (the one before when the batch is empty) */
  last: string | null;
  /** no person comes after this batch */
  finished: boolean;
}

export async function countPersons(db: Kysely<DB>, where?: PersonFilter): Promise<number> {
  let query = db.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n'));
  if (where) query = query.where(where);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function systemForEachPersonBatch(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  /** persons per batch (and per transaction) */
  batch: number;
  where?: PersonFilter;
  /** start after this person id (a run resumed) */
  after?: string | null;
  /**
   * Run `work` for the empty batch too when the persons end exactly at a batch's end (or there are
   * none), so that the run's last audit entry says it finished.
   */
  workOnEmptyEnd?: boolean;
  /** the batch's work and audit entry, in its transaction */
  work: (tx: Transaction<DB>, persons: BatchPerson[], batch: PersonBatch) => Promise<void>;
  /** after the batch committed */
  onBatch?: (batch: PersonBatch) => void;
}): Promise<void> {
  const { db, cipher, where } = options;
  let after = options.after ?? null;
  for (;;) {
    let query = db.selectFrom('persons').select(['persons.id', 'persons.identity_enc', 'persons.sex', 'persons.citizenships']).orderBy('persons.id').limit(options.batch);
    if (where) query = query.where(where);
    if (after !== null) query = query.where('persons.id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0 && !options.workOnEmptyEnd) return;
    const batch: PersonBatch = { persons: rows.length, last: rows.at(-1)?.id ?? after, finished: rows.length < options.batch };
    await db.transaction().execute(async (tx) => {
      const persons: BatchPerson[] = [];
      for (const row of rows) {
        let identity: StoredIdentity;
        try {
          identity = await readStoredIdentity({ cipher, db: tx, personId: row.id, identityEnc: row.identity_enc });
        } catch {
          throw new Error(`person ${row.id}: its identity could not be decrypted; nothing of this batch was written`);
        }
        persons.push({ id: row.id, sex: row.sex, citizenships: row.citizenships, identity });
      }
      await options.work(tx, persons, batch);
    });
    options.onBatch?.(batch);
    if (batch.finished) return;
    after = batch.last;
  }
}
