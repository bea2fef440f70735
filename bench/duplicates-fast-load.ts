/**
 * Fast loading of generated persons for the duplicate-check benchmark (bench/duplicates.ts), in
 * the stored form of the persons feature (service.ts `storeNewPersons`): identity and external
 * reference encrypted and bound to their row, the external reference's blind index, the linkage
 * encoding and the blocking keys. tests/duplicates/fast-load.db.test.ts checks that a person
 * loaded here and one created through the service are stored alike and give the same
 * duplicate-check answers.
 *
 * Where the time goes at 1 000 000 persons, and what this does about it:
 * - encoding (transliteration, phonetic keys, Bloom filters, HMACs) and encryption are CPU work
 *   per person: done in worker threads (`workers`, default one per core), a chunk at a time,
 *   while the main thread writes the previous chunks;
 * - the writes are one INSERT … SELECT FROM unnest(arrays) per table and chunk (a few array
 *   parameters instead of thousands of bound values), in one transaction per chunk with
 *   synchronous_commit off;
 * - with `deferIndexes`, the foreign keys of persons, person_linkage and person_blocking_keys,
 *   the secondary indexes of persons and the primary key and indexes of person_blocking_keys are
 *   dropped before the load and recreated after it from their own catalogue definitions (one
 *   sorted build of each index instead of eleven million random insertions), so the schema
 *   afterwards is the migrated one. Only for a scratch database nobody else writes to.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import type { Database } from '../src/db/client.ts';
import { blockingKeyBytes, createEncoder, toStoredEncoding, type Encoder, type GeneratedPerson } from '../src/domain/linkage/index.ts';
import { newPersonCode } from '../src/domain/persons/index.ts';
import { blindIndex, deriveLinkageKey, fieldAad, sealText, unwrapDataKey, type FieldCipher } from '../src/server/platform/crypto.ts';
import { linkageIdentity } from '../src/server/features/persons/linkage-store.ts';
import { personColumns } from '../src/server/features/persons/encrypted.ts';
import { personOf } from './duplicates-load.ts';

/** What a worker needs to store persons: the master key (linkage key, blind index) and the active data key. */
export interface StoreKeys {
  masterKey: string;
  dataKeyId: string;
  dataKey: string;
}

/** One chunk of persons to store: ids, codes and owners chosen by the main thread. */
export interface ChunkInput {
  seq: number;
  ids: string[];
  codes: string[];
  owners: string[];
  records: GeneratedPerson[];
}

/** One chunk in the stored form, column by column (what the INSERTs take as arrays). */
export interface StoredChunk {
  seq: number;
  ids: string[];
  codes: string[];
  owners: string[];
  identityEnc: string[];
  externalRefEnc: string[];
  externalRefIndex: string[];
  sex: (string | null)[];
  /** PostgreSQL array literals, e.g. `{"NG","IT"}` */
  citizenships: string[];
  encodings: string[];
  /** 8 bytes per blocking-key row */
  keys: Uint8Array<ArrayBuffer>;
  /** for each blocking-key row, the index of its person in `ids` */
  keyOwner: Int32Array<ArrayBuffer>;
}

export interface Storer {
  store(input: ChunkInput): StoredChunk;
}

/** The per-person work of the load, as the persons service does it for a new person. */
export function createStorer(keys: StoreKeys): Storer {
  const master = Buffer.from(keys.masterKey, 'base64');
  const dataKey = Buffer.from(keys.dataKey, 'base64');
  const encoder: Encoder = createEncoder({ key: deriveLinkageKey(master) });
  const seal = (column: { table: string; column: string }, rowId: string, plaintext: string): string =>
    sealText({ key: dataKey, keyId: keys.dataKeyId, plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }) });
  return {
    store(input) {
      const out: Omit<StoredChunk, 'keys' | 'keyOwner'> = {
        seq: input.seq,
        ids: input.ids,
        codes: input.codes,
        owners: input.owners,
        identityEnc: [],
        externalRefEnc: [],
        externalRefIndex: [],
        sex: [],
        citizenships: [],
        encodings: [],
      };
      const keyBytes: Uint8Array[] = [];
      const keyOwner: number[] = [];
      for (const [i, g] of input.records.entries()) {
        const id = input.ids[i] ?? '';
        const owner = input.owners[i] ?? '';
        const p = personOf(g);
        out.identityEnc.push(seal(personColumns.identity, id, JSON.stringify(p.identity)));
        out.externalRefEnc.push(seal(personColumns.externalRef, id, g.externalRef));
        out.externalRefIndex.push(blindIndex({ masterKey: master, purpose: 'external-ref', value: `${owner}:${g.externalRef}` }));
        out.sex.push(p.sex);
        out.citizenships.push(`{${p.citizenships.map((c) => `"${c}"`).join(',')}}`);
        const encoded = encoder.encodePerson(linkageIdentity({ identity: p.identity, sex: p.sex, citizenships: p.citizenships }));
        out.encodings.push(toStoredEncoding(encoded));
        for (const k of new Set(encoded.blockingKeys)) {
          keyBytes.push(blockingKeyBytes(k));
          keyOwner.push(i);
        }
      }
      const keys = new Uint8Array(keyBytes.length * 8);
      keyBytes.forEach((k, j) => keys.set(k, j * 8));
      return { ...out, keys, keyOwner: Int32Array.from(keyOwner) };
    },
  };
}

/** The active data key (made now if there is none, as the first encryption would), for the workers. */
export async function storeKeysFor(options: { db: Kysely<DB>; cipher: FieldCipher; masterKey: Buffer }): Promise<StoreKeys> {
  const { db, cipher, masterKey } = options;
  const dataKeyId = await cipher.activeKeyId(db);
  const row = await db.selectFrom('encryption_keys').select('wrapped_key').where('id', '=', dataKeyId).executeTakeFirstOrThrow();
  const dataKey = unwrapDataKey({ masterKey, keyId: dataKeyId, wrapped: row.wrapped_key });
  return { masterKey: masterKey.toString('base64'), dataKeyId, dataKey: dataKey.toString('base64') };
}

// ---------------------------------------------------------------------------------------------
// worker threads

/** A worker thread running createStorer; the worker module is TypeScript, loaded through tsx. */
function startWorker(keys: StoreKeys): Worker {
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  const tsxApi = pathToFileURL(tsxPackage.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./duplicates-fast-load-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: keys });
}

interface Pool {
  store(input: ChunkInput): Promise<StoredChunk>;
  close(): Promise<void>;
}

function workerPool(keys: StoreKeys, size: number): Pool {
  if (size <= 0) {
    const storer = createStorer(keys);
    return { store: (input) => Promise.resolve(storer.store(input)), close: () => Promise.resolve() };
  }
  const workers = Array.from({ length: size }, () => startWorker(keys));
  const waiting = new Map<number, { resolve: (c: StoredChunk) => void; reject: (e: unknown) => void }>();
  let failure: unknown;
  for (const w of workers) {
    w.on('message', (chunk: StoredChunk) => {
      waiting.get(chunk.seq)?.resolve(chunk);
      waiting.delete(chunk.seq);
    });
    w.on('error', (e) => {
      failure = e;
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    });
  }
  let next = 0;
  return {
    store(input) {
      if (failure) return Promise.reject(failure instanceof Error ? failure : new Error('a loader worker thread failed', { cause: failure }));
      const w = workers[next++ % workers.length] as Worker;
      return new Promise<StoredChunk>((resolve, reject) => {
        waiting.set(input.seq, { resolve, reject });
        w.postMessage(input);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// deferred indexes and constraints

export interface DeferredSchema {
  constraints: Array<{ table: string; name: string; kind: string; definition: string }>;
  indexes: Array<{ name: string; definition: string }>;
}

const loadTables = ['persons', 'person_linkage', 'person_blocking_keys'];

/**
 * Drops what slows a bulk load down and is rebuilt faster afterwards: the foreign keys of the
 * three tables, person_blocking_keys' primary key, and every index not backing a constraint
 * that stays (persons' and person_linkage's primary keys and the unique person code stay).
 * Returns the catalogue definitions to recreate them with.
 */
export async function dropForLoad(db: Kysely<DB>): Promise<DeferredSchema> {
  const constraints = (
    await sql<{ table: string; name: string; kind: string; definition: string }>`
      select c.conrelid::regclass::text as table, c.conname as name, c.contype::text as kind, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      where c.conrelid = any(${loadTables}::regclass[])
        and (c.contype = 'f' or (c.conrelid = 'person_blocking_keys'::regclass and c.contype in ('p', 'u')))
      order by c.conname`.execute(db)
  ).rows;
  const indexes = (
    await sql<{ name: string; definition: string }>`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
      where i.indrelid = any(${loadTables}::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by 1`.execute(db)
  ).rows;
  for (const c of constraints) await sql`alter table ${sql.id(c.table)} drop constraint ${sql.id(c.name)}`.execute(db);
  for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(db);
  return { constraints, indexes };
}

/** Recreates what dropForLoad dropped: keys and unique constraints, then indexes, then foreign keys. */
export async function restoreAfterLoad(owner: Kysely<DB>, schema: DeferredSchema, log?: (message: string) => void): Promise<void> {
  await owner.transaction().execute(async (db) => {
    // a sorted index build in memory rather than in temporary files
    await sql`set local maintenance_work_mem = '512MB'`.execute(db);
    await rebuild(db, schema, log);
  });
}

async function rebuild(db: Kysely<DB>, schema: DeferredSchema, log?: (message: string) => void): Promise<void> {
  const timed = async (label: string, work: () => Promise<unknown>): Promise<void> => {
    const started = performance.now();
    await work();
    log?.(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const keysFirst = [...schema.constraints].sort((a, b) => Number(a.kind === 'f') - Number(b.kind === 'f'));
  for (const c of keysFirst.filter((c) => c.kind !== 'f')) {
    await timed(`constraint ${c.name}`, () => sql`alter table ${sql.id(c.table)} add constraint ${sql.id(c.name)} ${sql.raw(c.definition)}`.execute(db));
  }
  for (const i of schema.indexes) await timed(`index ${i.name}`, () => sql.raw(i.definition).execute(db));
  for (const c of keysFirst.filter((c) => c.kind === 'f')) {
    await timed(`constraint ${c.name}`, () => sql`alter table ${sql.id(c.table)} add constraint ${sql.id(c.name)} ${sql.raw(c.definition)}`.execute(db));
  }
}

// ---------------------------------------------------------------------------------------------
// the load

async function writeChunk(db: Kysely<DB>, chunk: StoredChunk, now: Date): Promise<void> {
  const keys: Buffer[] = [];
  const keyIds: string[] = [];
  const bytes = Buffer.from(chunk.keys.buffer, chunk.keys.byteOffset, chunk.keys.byteLength);
  for (let j = 0; j < chunk.keyOwner.length; j++) {
    keys.push(bytes.subarray(j * 8, j * 8 + 8));
    keyIds.push(chunk.ids[chunk.keyOwner[j] ?? -1] ?? '');
  }
  await db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    await sql`
      insert into persons (id, code, owner_org_id, identity_enc, external_ref_enc, external_ref_index, sex, citizenships, created_at, updated_at)
      select t.id, t.code, t.owner, t.identity_enc, t.external_ref_enc, t.external_ref_index, t.sex, t.citizenships::text[], ${now}, ${now}
      from unnest(${chunk.ids}::uuid[], ${chunk.codes}::text[], ${chunk.owners}::uuid[], ${chunk.identityEnc}::text[], ${chunk.externalRefEnc}::text[],
        ${chunk.externalRefIndex}::text[], ${chunk.sex}::text[], ${chunk.citizenships}::text[])
        as t(id, code, owner, identity_enc, external_ref_enc, external_ref_index, sex, citizenships)`.execute(trx);
    await sql`insert into person_linkage (person_id, encoding) select * from unnest(${chunk.ids}::uuid[], ${chunk.encodings}::text[])`.execute(trx);
    if (keys.length > 0) await sql`insert into person_blocking_keys (key, person_id) select * from unnest(${keys}::bytea[], ${keyIds}::uuid[])`.execute(trx);
  });
}

export interface FastLoadOptions {
  database: Database;
  cipher: FieldCipher;
  masterKey: Buffer;
  orgIds: readonly string[];
  records: Iterable<GeneratedPerson>;
  /** worker threads for encoding and encryption (0: in this thread); default one per core */
  workers?: number;
  /** persons per chunk (one transaction each); default 2500 */
  chunkSize?: number;
  /** drop indexes and foreign keys during the load, rebuild them after (scratch databases only) */
  deferIndexes?: boolean;
  now?: Date;
  /** called for each person once its chunk is written, in the order of `records` */
  onLoaded?: (g: GeneratedPerson, id: string) => void;
  onProgress?: (loaded: number) => void;
  log?: (message: string) => void;
}

export interface FastLoadResult {
  persons: number;
  keys: number;
  /** seconds spent loading rows, and rebuilding indexes and constraints */
  loadSeconds: number;
  indexSeconds: number;
  workers: number;
}

/** Loads generated persons; returns counts and timings. Person ids are random UUIDs, codes unique. */
export async function systemFastLoad(options: FastLoadOptions): Promise<FastLoadResult> {
  const { database, orgIds } = options;
  const db = database.db;
  const now = options.now ?? new Date();
  const chunkSize = options.chunkSize ?? 2500;
  const workers = options.workers ?? Math.max(1, availableParallelism());
  const storeKeys = await storeKeysFor({ db, cipher: options.cipher, masterKey: options.masterKey });
  const codes = new Set<string>((await db.selectFrom('persons').select('code').execute()).map((r) => r.code));
  const deferred = options.deferIndexes ? await database.asOwner((owner) => dropForLoad(owner)) : undefined;
  const pool = workerPool(storeKeys, workers);
  const started = performance.now();
  let persons = 0;
  let keys = 0;
  let loadSeconds = 0;
  let indexSeconds = 0;
  try {
    const iterator = options.records[Symbol.iterator]();
    let done = false;
    let seq = 0;
    let dispatched = 0;
    const inFlight: Array<{ records: GeneratedPerson[]; ids: string[]; stored: Promise<StoredChunk> }> = [];
    const dispatch = (): boolean => {
      const records: GeneratedPerson[] = [];
      while (!done && records.length < chunkSize) {
        const r = iterator.next();
        if (r.done) done = true;
        else records.push(r.value);
      }
      if (records.length === 0) return false;
      const ids = records.map(() => randomUUID());
      const chunkCodes = records.map(() => {
        let c = newPersonCode();
        while (codes.has(c)) c = newPersonCode();
        codes.add(c);
        return c;
      });
      const owners = records.map((_, i) => orgIds[(dispatched + i) % orgIds.length] ?? '');
      dispatched += records.length;
      const stored = pool.store({ seq: seq++, ids, codes: chunkCodes, owners, records });
      // a rejected chunk is awaited below; keep it from counting as unhandled meanwhile
      stored.catch(() => undefined);
      inFlight.push({ records, ids, stored });
      return true;
    };
    const depth = Math.max(2, workers * 2);
    while (inFlight.length < depth && dispatch());
    while (inFlight.length > 0) {
      const head = inFlight.shift() as (typeof inFlight)[number];
      const chunk = await head.stored;
      while (inFlight.length < depth && dispatch());
      await writeChunk(db, chunk, now);
      persons += head.records.length;
      keys += chunk.keyOwner.length;
      head.records.forEach((g, i) => options.onLoaded?.(g, head.ids[i] ?? ''));
      options.onProgress?.(persons);
    }
    loadSeconds = (performance.now() - started) / 1000;
  } finally {
    await pool.close();
    if (deferred) {
      const rebuild = performance.now();
      await database.asOwner((owner) => restoreAfterLoad(owner, deferred, options.log));
      indexSeconds = (performance.now() - rebuild) / 1000;
    }
  }
  return { persons, keys, loadSeconds, indexSeconds, workers };
}
