/**
 * The field app's store and sync queue on fake-indexeddb with a fake server: nothing readable at
 * rest, a wrong password opens nothing, a retried batch keeps its batchId, answers are applied,
 * conflicts come back to the worker and the chosen values go out against the server's version,
 * a forgotten device is reported.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { deriveKey } from '../../src/web/offline/crypto.ts';
import { resolveConflict, type Fields, type LocalRecord } from '../../src/web/offline/merge.ts';
import { FieldStore, hasUnsent, openDb, readMeta } from '../../src/web/offline/store.ts';
import { nextBatch, SyncClient, TransportError, type SyncTransport, type UploadAnswer } from '../../src/web/offline/sync.ts';

const fieldNames = { outing: ['unitName', 'totalContacts', 'notes'], contact: ['outingId', 'nickname', 'traits'] } as const;
const T0 = '2026-12-06T08:00:00.000Z';

/** A fast key for queue tests (the real derivation is tested with the real iterations below). */
async function quickKey(password: string): Promise<CryptoKey> {
  const raw = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(password)));
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

const profile = { email: 'operatrice@example.org', displayName: 'Operatrice di strada', organisationName: 'Cooperativa' };

function newRecord(kind: 'outing' | 'contact', id: string, local: Fields): LocalRecord {
  return { kind, id, version: null, server: null, local, state: 'pending', conflicts: [], error: null, updatedAt: T0 };
}

/** Reads every row of every object store, as someone holding the phone could. */
async function rawDump(db: IDBDatabase): Promise<string> {
  const out: unknown[] = [];
  for (const name of ['meta', 'records', 'outbox']) {
    const tx = db.transaction(name, 'readonly');
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const req = tx.objectStore(name).getAll();
      req.onsuccess = () => resolve(req.result as unknown[]);
      req.onerror = () => reject(req.error ?? new Error('read failed'));
    });
    out.push(...rows);
  }
  return JSON.stringify(out);
}

class FakeServer implements SyncTransport {
  uploads: Array<{ batchId: string; changes: unknown[] }> = [];
  failNext: TransportError[] = [];
  versions = new Map<string, { version: number; fields: Fields }>();
  forgotten = false;
  /** Answers to force for a record id (e.g. a conflict). */
  forced = new Map<string, (fields: Fields) => UploadAnswer['results'][number]>();

  async registerDevice(): Promise<{ deviceId: string }> {
    return { deviceId: '00000000-0000-4000-8000-000000000001' };
  }

  async upload(body: { deviceId: string; batchId: string; changes: Array<{ kind: 'outing' | 'contact'; id: string; baseVersion: number | null; fields: Fields }> }): Promise<UploadAnswer> {
    this.uploads.push({ batchId: body.batchId, changes: body.changes });
    if (this.forgotten) throw new TransportError(410, 'device_forgotten', 'forgotten');
    const failure = this.failNext.shift();
    if (failure) throw failure;
    const results = body.changes.map((c) => {
      const forced = this.forced.get(c.id);
      if (forced) {
        this.forced.delete(c.id);
        return forced(c.fields);
      }
      const current = this.versions.get(c.id);
      const fields = { ...(current?.fields ?? {}), ...c.fields };
      const version = (current?.version ?? 0) + 1;
      this.versions.set(c.id, { version, fields });
      return { id: c.id, kind: c.kind, status: 'applied' as const, version, record: { id: c.id, kind: c.kind, version, ...fields } };
    });
    return { batchId: body.batchId, results, serverTime: new Date().toISOString() };
  }

  async download(): Promise<{ records: Fields[]; serverTime: string }> {
    return { records: [], serverTime: new Date().toISOString() };
  }
}

describe('field store and sync queue', () => {
  let factory: IDBFactory;
  let db: IDBDatabase;

  beforeEach(async () => {
    factory = new IDBFactory();
    db = await openDb(factory);
  });

  it('keeps nothing readable at rest and opens only with the right password (real PBKDF2)', async () => {
    const derive = (pw: string) => (salt: string, iterations: number) => deriveKey(pw, salt, iterations);
    const store = await FieldStore.create(db, 'user-1', profile, derive('prova-Ponte-2026!'));
    await store.putRecords([
      newRecord('outing', 'o1', { unitName: 'Unità Stazione Centrale', totalContacts: 2, notes: 'sotto il ponte di via Marittima' }),
      newRecord('contact', 'c1', { outingId: 'o1', nickname: 'Stella del Nord', traits: 'giacca rossa' }),
    ]);
    await nextBatch(store, () => 'b1', () => new Date(T0));
    const dump = await rawDump(db);
    for (const secret of ['Stella', 'giacca', 'Marittima', 'Stazione', 'operatrice@example.org', 'Operatrice']) expect(dump).not.toContain(secret);
    const meta = await readMeta(db);
    expect(meta?.iterations).toBeGreaterThanOrEqual(310_000);

    expect(await FieldStore.unlock(db, derive('sbagliata'))).toBeNull();
    const reopened = await FieldStore.unlock(db, derive('prova-Ponte-2026!'));
    expect(reopened).not.toBeNull();
    expect((await reopened!.getRecord('contact', 'c1'))?.local.nickname).toBe('Stella del Nord');
    expect(await reopened!.profile()).toEqual(profile);
  });

  it('retries a failed batch with the same batchId and applies the answer once', async () => {
    const store = await FieldStore.create(db, 'user-1', profile, () => quickKey('pw'));
    await store.putRecords([newRecord('outing', 'o1', { unitName: 'U', totalContacts: 1, notes: null }), newRecord('contact', 'c1', { outingId: 'o1', nickname: 'N', traits: null })]);
    const server = new FakeServer();
    server.failNext.push(new TransportError(0, 'network', 'offline'), new TransportError(503, 'unavailable', 'busy'));
    const timers: Array<() => void> = [];
    let ids = 0;
    const client = new SyncClient(store, server, {
      fieldNames,
      deviceLabel: () => 'test',
      uuid: () => `batch-${++ids}`,
      setTimer: (fn) => timers.push(fn),
      clearTimer: () => undefined,
    });
    expect((await client.sync()).kind).toBe('retry');
    expect((await client.sync()).kind).toBe('retry');
    // A local edit while the batch waits does not change the batch being retried.
    const outing = (await store.getRecord('outing', 'o1'))!;
    await store.putRecords([{ ...outing, local: { ...outing.local, notes: 'aggiunta' }, updatedAt: '2026-12-06T08:10:00.000Z' }]);
    expect(await client.sync()).toMatchObject({ kind: 'ok', sent: 3 });
    expect(server.uploads.map((u) => u.batchId)).toEqual(['batch-1', 'batch-1', 'batch-1', 'batch-2']);
    // The batch that travelled three times held the first content; the later edit went in its own batch.
    expect(server.uploads[2]!.changes).toHaveLength(2);
    expect(server.uploads[3]!.changes).toEqual([{ kind: 'outing', id: 'o1', baseVersion: 1, fields: { notes: 'aggiunta' }, base: { notes: null } }]);
    expect(await hasUnsent(db)).toBe(false);
    expect((await store.getRecord('outing', 'o1'))).toMatchObject({ state: 'synced', version: 2 });
    expect(store.deviceId).toBe('00000000-0000-4000-8000-000000000001');
    expect(timers.length).toBeGreaterThan(0);
  });

  it('orders outings before their contacts and caps a batch at 500 changes', async () => {
    const store = await FieldStore.create(db, 'user-1', profile, () => quickKey('pw'));
    const many = Array.from({ length: 520 }, (_, i) => newRecord('contact', `c${i}`, { outingId: 'o1', nickname: null, traits: null }));
    await store.putRecords([...many, newRecord('outing', 'o1', { unitName: 'U', totalContacts: 500, notes: null })]);
    const batch = await nextBatch(store, () => 'b1', () => new Date(T0));
    expect(batch!.changes).toHaveLength(500);
    expect(batch!.changes[0]).toMatchObject({ kind: 'outing', id: 'o1' });
    // Until answered, the same batch comes back.
    expect((await nextBatch(store, () => 'b2', () => new Date(T0)))!.batchId).toBe('b1');
  });

  it('brings a conflict back to the worker and sends the choice against the server version', async () => {
    const store = await FieldStore.create(db, 'user-1', profile, () => quickKey('pw'));
    await store.putRecords([{ kind: 'contact', id: 'c1', version: 2, server: { outingId: 'o1', nickname: 'Stella', traits: null }, local: { outingId: 'o1', nickname: 'Luna', traits: null }, state: 'pending', conflicts: [], error: null, updatedAt: T0 }]);
    const server = new FakeServer();
    server.versions.set('c1', { version: 3, fields: { outingId: 'o1', nickname: 'Sole', traits: null } });
    server.forced.set('c1', () => ({
      id: 'c1', kind: 'contact', status: 'conflict', version: 3, record: { id: 'c1', version: 3, outingId: 'o1', nickname: 'Sole', traits: null },
      conflicts: [{ field: 'nickname', base: 'Stella', mine: 'Luna', theirs: 'Sole' }],
    }));
    const client = new SyncClient(store, server, { fieldNames, deviceLabel: () => 'test', setTimer: () => 0, clearTimer: () => undefined });
    await client.sync();
    const conflicted = (await store.getRecord('contact', 'c1'))!;
    expect(conflicted).toMatchObject({ state: 'conflict', version: 3, conflicts: [{ field: 'nickname', base: 'Stella', mine: 'Luna', theirs: 'Sole' }] });
    // Nothing is sent while the worker has not chosen.
    await client.sync();
    expect(server.uploads).toHaveLength(1);
    await store.putRecords([resolveConflict(conflicted, { nickname: 'mine' }, '2026-12-06T09:00:00.000Z')]);
    await client.sync();
    expect(server.uploads[1]!.changes).toEqual([{ kind: 'contact', id: 'c1', baseVersion: 3, fields: { nickname: 'Luna' }, base: { nickname: 'Sole' } }]);
    expect(await store.getRecord('contact', 'c1')).toMatchObject({ state: 'synced', version: 4, local: { nickname: 'Luna' } });
  });

  it('reports a forgotten device and a lost session, and marks a refused batch rejected', async () => {
    const store = await FieldStore.create(db, 'user-1', profile, () => quickKey('pw'));
    await store.putRecords([newRecord('outing', 'o1', { unitName: 'U', totalContacts: 1, notes: null })]);
    const server = new FakeServer();
    const client = new SyncClient(store, server, { fieldNames, deviceLabel: () => 'test', setTimer: () => 0, clearTimer: () => undefined });
    server.failNext.push(new TransportError(401, 'session_expired', 'expired'));
    expect((await client.sync()).kind).toBe('auth');
    server.forgotten = true;
    expect((await client.sync()).kind).toBe('forgotten');
    server.forgotten = false;
    server.failNext.push(new TransportError(400, 'validation', 'bad batch'));
    await client.sync();
    expect(await store.getRecord('outing', 'o1')).toMatchObject({ state: 'rejected', error: { message: 'bad batch' } });
  });

  it('wipes everything', async () => {
    const store = await FieldStore.create(db, 'user-1', profile, () => quickKey('pw'));
    await store.putRecords([newRecord('outing', 'o1', { unitName: 'U', totalContacts: 1, notes: null })]);
    await store.wipe();
    expect(await readMeta(db)).toBeNull();
    expect(await rawDump(db)).toBe('[]');
  });
});
