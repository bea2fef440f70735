/**
 * systemForEachPersonBatch (features/persons/batches.ts), the loop of `ponte persons reencode` and
 * `ponte persons age-bands`: persons in id order a batch at a time, identities decrypted in the
 * batch's transaction, the empty closing batch only when asked for, and an identity that does not
 * decrypt stops the run naming the person id only, with nothing of its batch written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';
import { ensureTestOrganisation } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import { FieldCipher, deriveLinkageKey } from '../../src/server/platform/crypto.ts';
import { createEncoder } from '../../src/domain/linkage/index.ts';
import { writeAudit } from '../../src/server/platform/audit.ts';
import { countPersons, systemForEachPersonBatch, type PersonBatch, type PersonFilter } from '../../src/server/features/persons/batches.ts';

const masterKey = Buffer.alloc(32, 41);
const given = ['Ada', 'Bisi', 'Chidi', 'Dalia', 'Emeka'];

describe.each(await engineCases())('person batches on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  let cipher: FieldCipher;
  let orgId: string;
  let ids: string[] = [];
  let inOrg: PersonFilter;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestDatabase(engine);
    const db = t.database.db;
    cipher = new FieldCipher({ db, masterKey });
    const linkage = createEncoder({ key: deriveLinkageKey(masterKey) });
    orgId = await ensureTestOrganisation({ db, code: 'batches' });
    const byName = new Map<string, string>();
    for (const name of given) byName.set((await insertPerson({ db, cipher, linkage, orgId, identity: { names: [{ kind: 'primary', given: name, family: 'Lotto' }] } })).id, name);
    ids = [...byName.keys()].sort();
    inOrg = (eb) => eb('persons.owner_org_id', '=', orgId);
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  /** Runs the loop and records each batch: ids and decrypted given names. */
  const run = async (options: { batch: number; where?: PersonFilter; after?: string; workOnEmptyEnd?: boolean }) => {
    const seen: { ids: string[]; names: string[]; batch: PersonBatch }[] = [];
    const committed: PersonBatch[] = [];
    await systemForEachPersonBatch({
      db: t.database.db,
      cipher,
      ...options,
      work: async (_tx, persons, batch) => {
        seen.push({ ids: persons.map((p) => p.id), names: persons.map((p) => p.identity.names[0]?.given ?? ''), batch });
      },
      onBatch: (b) => committed.push(b),
    });
    expect(committed).toEqual(seen.map((s) => s.batch));
    return seen;
  };

  it.skipIf(skip)('hands over every person once, in id order, a batch at a time, with the identity decrypted', async () => {
    expect(await countPersons(t.database.db, inOrg)).toBe(5);
    const seen = await run({ batch: 2, where: inOrg });
    expect(seen.map((s) => s.ids)).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    expect(seen.map((s) => s.batch)).toEqual([
      { persons: 2, last: ids[1], finished: false },
      { persons: 2, last: ids[3], finished: false },
      { persons: 1, last: ids[4], finished: true },
    ]);
    expect(seen.flatMap((s) => s.names).sort()).toEqual(given);
    // resumed after the third id
    expect((await run({ batch: 10, where: inOrg, after: ids[2]! })).map((s) => s.ids)).toEqual([ids.slice(3)]);
  });

  it.skipIf(skip)('runs an empty closing batch only when asked to', async () => {
    const first4: PersonFilter = (eb) => eb.and([inOrg(eb), eb('persons.id', '<=', ids[3]!)]);
    expect((await run({ batch: 2, where: first4 })).map((s) => s.batch.persons)).toEqual([2, 2]);
    const closed = await run({ batch: 2, where: first4, workOnEmptyEnd: true });
    expect(closed.map((s) => s.batch)).toEqual([
      { persons: 2, last: ids[1], finished: false },
      { persons: 2, last: ids[3], finished: false },
      { persons: 0, last: ids[3], finished: true },
    ]);
    const none: PersonFilter = (eb) => eb('persons.owner_org_id', '=', '00000000-0000-0000-0000-000000000000');
    expect(await run({ batch: 2, where: none })).toEqual([]);
    expect((await run({ batch: 2, where: none, workOnEmptyEnd: true })).map((s) => s.batch)).toEqual([{ persons: 0, last: null, finished: true }]);
  });

  it.skipIf(skip)('stops at an identity that does not decrypt, naming its id only; earlier batches stay, its batch is not written', async () => {
    const db = t.database.db;
    // the fourth person's identity replaced by the first one's: bound to another row, it does not decrypt
    const original = await db.selectFrom('persons').select('identity_enc').where('id', '=', ids[3]!).executeTakeFirstOrThrow();
    const foreign = await db.selectFrom('persons').select('identity_enc').where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    await db.updateTable('persons').set({ identity_enc: foreign.identity_enc }).where('id', '=', ids[3]!).execute();
    try {
      const done: PersonBatch[] = [];
      const failure = systemForEachPersonBatch({
        db,
        cipher,
        batch: 2,
        where: inOrg,
        work: async (tx, persons, batch) => {
          await writeAudit({ db: tx, context: { userId: null, orgId: null, ip: null, requestId: 'test:batches' }, entry: { action: 'case.age_band', outcome: 'success', recordType: 'job', recordId: 'test-batches', details: { persons: persons.length, after: batch.last } } });
        },
        onBatch: (b) => done.push(b),
      });
      await expect(failure).rejects.toThrow(`person ${ids[3]}: its identity could not be decrypted; nothing of this batch was written`);
      await failure.catch((e: unknown) => expect(String(e)).not.toMatch(/Ada|Bisi|Chidi|Dalia|Emeka|Lotto/));
      expect(done.map((b) => b.last)).toEqual([ids[1]]);
      const entries = await db.selectFrom('audit_log').select('details').where('record_id', '=', 'test-batches').execute();
      expect(entries.map((e) => (e.details as { after: string }).after)).toEqual([ids[1]]);
    } finally {
      await db.updateTable('persons').set({ identity_enc: original.identity_enc }).where('id', '=', ids[3]!).execute();
    }
  });
});
