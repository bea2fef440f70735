/**
 * The benchmark's fast loader (bench/duplicates-fast-load.ts) stores persons exactly as the
 * persons service does: the same persons loaded by it and created through `storeNewPersons` have
 * the same decryptable identity and external reference, the same blind index, linkage encoding
 * and blocking keys, and get the same answers from the duplicate check (POST
 * /api/persons/duplicates); the indexes and foreign keys it drops for the load come back as they
 * were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, TEST_MASTER_KEY, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { generateLabelledSet, createRng } from '../../src/domain/linkage/index.ts';
import { typo } from '../../src/domain/linkage/generate.ts';
import { externalRefIndex, storeNewPersons } from '../../src/server/features/persons/service.ts';
import { readStoredIdentity } from '../../src/server/features/persons/identity.ts';
import { personColumns } from '../../src/server/features/persons/encrypted.ts';
import { fieldAad } from '../../src/server/platform/crypto.ts';
import { personInputSchema, type PersonInput } from '../../src/domain/persons/schema.ts';
import { personOf } from '../../bench/duplicates-load.ts';
import { systemFastLoad } from '../../bench/duplicates-fast-load.ts';

interface Stored {
  identity: unknown;
  externalRef: string;
  externalRefIndex: string | null;
  owner: string;
  sex: string | null;
  citizenships: string[];
  encoding: string;
  keys: string[];
}

describe.each(await engineCases())('fast loader of the duplicates benchmark on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgs: string[];
  let worker: LoggedIn;
  const records = generateLabelledSet({ seed: 6161, count: 90 }).records;
  /** the duplicate checks: every fifth record as is, and with a typo in its first name part */
  const rng = createRng(99);
  const queries = records
    .filter((_, i) => i % 5 === 0)
    .flatMap((g) => {
      const name = g.identity.names[0] ?? {};
      const changed = name.family ? { ...name, family: typo(rng, name.family) } : name.full ? { ...name, full: typo(rng, name.full) } : name;
      return [g, { ...g, identity: { ...g.identity, names: [changed, ...g.identity.names.slice(1)] } }];
    });

  const catalogue = async (): Promise<string[]> =>
    t.database.asOwner(async (db) => {
      const r = await sql<{ d: string }>`
        select c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as d from pg_constraint c
        where c.conrelid in ('persons'::regclass, 'person_linkage'::regclass, 'person_blocking_keys'::regclass)
        union all
        select pg_get_indexdef(i.indexrelid) from pg_index i
        where i.indrelid in ('persons'::regclass, 'person_linkage'::regclass, 'person_blocking_keys'::regclass)
        order by 1`.execute(db);
      return r.rows.map((x) => x.d);
    });

  /** Every stored person by external reference: decrypted identity and reference, blind index, encoding, keys. */
  const storedByRef = async (): Promise<Map<string, Stored>> => {
    const db = t.database.db;
    const cipher = t.app.services.cipher;
    const rows = await db
      .selectFrom('persons')
      .innerJoin('person_linkage', 'person_linkage.person_id', 'persons.id')
      .select(['persons.id', 'identity_enc', 'external_ref_enc', 'external_ref_index', 'owner_org_id', 'sex', 'citizenships', 'encoding'])
      .execute();
    const keys = await db.selectFrom('person_blocking_keys').select(['person_id', 'key']).execute();
    const out = new Map<string, Stored>();
    for (const r of rows) {
      const externalRef = await cipher.decrypt({ value: r.external_ref_enc ?? '', aad: fieldAad({ ...personColumns.externalRef, rowId: r.id }) });
      out.set(externalRef, {
        identity: await readStoredIdentity({ cipher, personId: r.id, identityEnc: r.identity_enc }),
        externalRef,
        externalRefIndex: r.external_ref_index,
        owner: r.owner_org_id,
        sex: r.sex,
        citizenships: r.citizenships,
        encoding: r.encoding,
        keys: keys
          .filter((k) => k.person_id === r.id)
          .map((k) => Buffer.from(k.key).toString('hex'))
          .sort(),
      });
    }
    return out;
  };

  /** The duplicate check's answer for each query, person ids and codes replaced by external references. */
  const answers = async (refOf: Map<string, string>): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (const g of queries) {
      const p = personOf(g);
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/persons/duplicates',
        headers: worker.headers,
        payload: { names: p.identity.names, ...(p.identity.birth ? { birth: p.identity.birth } : {}), documents: p.identity.documents, phones: p.identity.phones, ...(p.sex ? { sex: p.sex } : {}), citizenships: p.citizenships },
      });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json<{ candidates: Array<{ score: number; person: { id: string; code: string } }>; elsewhere: unknown[] }>();
      // equal scores are ordered by person id, which differs between the two registries: order by reference
      const candidates = body.candidates
        .map((c) => ({ ...c, person: { ...c.person, id: refOf.get(c.person.id) ?? '', code: undefined } }))
        .sort((x, y) => y.score - x.score || x.person.id.localeCompare(y.person.id));
      out.push({ candidates, elsewhere: body.elsewhere });
    }
    return out;
  };

  const owners = (): string[] => records.map((_, i) => orgs[i % orgs.length] as string);

  let loaded: Map<string, Stored>;
  let loadedAnswers: unknown[];
  let before: string[];
  let afterLoad: string[];

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgs = [await ensureTestOrganisation({ db, code: 'fast-a' }), await ensureTestOrganisation({ db, code: 'fast-b' })];
    worker = await loginAs({ t, roleKey: 'case_worker', orgId: orgs[0] });

    // 1. the fast loader: one worker thread, small chunks, indexes deferred
    before = await catalogue();
    const ids = new Map<string, string>();
    const result = await systemFastLoad({
      database: t.database,
      cipher: t.app.services.cipher,
      masterKey: TEST_MASTER_KEY,
      orgIds: orgs,
      records,
      workers: 1,
      chunkSize: 17,
      deferIndexes: true,
      onLoaded: (g, id) => ids.set(id, g.externalRef),
    });
    expect(result.persons).toBe(records.length);
    afterLoad = await catalogue();
    loaded = await storedByRef();
    loadedAnswers = await answers(ids);

    // 2. the same persons through the persons service, in a registry emptied of the loaded ones
    await t.database.asOwner(async (owner) => {
      await owner.deleteFrom('person_blocking_keys').execute();
      await owner.deleteFrom('person_linkage').execute();
      await owner.deleteFrom('persons').execute();
    });
  }, 300_000);
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('leaves the indexes and constraints as the migrations made them', () => {
    expect(afterLoad).toEqual(before);
    expect(before.some((d) => d.includes('person_blocking_keys_pkey'))).toBe(true);
    expect(before.some((d) => d.includes('person_blocking_keys_person_id_fkey'))).toBe(true);
  });

  it.skipIf(skip)('stores each person as the persons service does, and the duplicate check answers alike', async () => {
    const db = t.database.db;
    const services = { cipher: t.app.services.cipher, linkage: t.app.services.linkage, blindIndex: t.app.services.blindIndex };
    const ids = new Map<string, string>();
    const owner = owners();
    for (const [k, org] of orgs.entries()) {
      const mine = records.filter((_, i) => owner[i] === org);
      // validated as the API and the import validate a new person
      const inputs: PersonInput[] = mine.map((g) => {
        const p = personOf(g);
        return personInputSchema.parse({ ...p.identity, ...(p.sex ? { sex: p.sex } : {}), citizenships: p.citizenships, externalRef: g.externalRef });
      });
      // one organisation through the import's batch indexing, the other person by person (the API)
      const created = await db.transaction().execute((tx) => storeNewPersons({ db: tx, services, orgId: org, createdBy: null, now: new Date(), inputs, index: k === 0 ? 'batch' : 'each' }));
      created.forEach((c, i) => ids.set(c.id, mine[i]?.externalRef ?? ''));
    }
    const created = await storedByRef();

    expect(created.size).toBe(records.length);
    expect([...loaded.keys()].sort()).toEqual([...created.keys()].sort());
    for (const [i, g] of records.entries()) {
      const a = loaded.get(g.externalRef);
      const b = created.get(g.externalRef);
      expect(a, g.externalRef).toEqual(b);
      expect(a?.identity).toEqual(personOf(g).identity);
      expect(a?.externalRefIndex).toBe(externalRefIndex(services, owner[i] as string, g.externalRef));
      expect(a?.keys.length).toBeGreaterThan(0);
    }

    const createdAnswers = await answers(ids);
    expect(createdAnswers).toEqual(loadedAnswers);
    // the checks are not empty: each query is a registered person, as is or with a typo
    const found = loadedAnswers.filter((x) => {
      const a = x as { candidates: unknown[]; elsewhere: unknown[] };
      return a.candidates.length + a.elsewhere.length > 0;
    }).length;
    expect(found).toBeGreaterThanOrEqual(queries.length * 0.9);
    expect(loadedAnswers.some((x) => (x as { candidates: unknown[] }).candidates.length > 0)).toBe(true);
  });
});
