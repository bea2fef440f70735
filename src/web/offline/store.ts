/**
 * The field app's local store: IndexedDB, every record and every queued batch encrypted with the
 * key derived at login (crypto.ts). In clear only what carries nothing about anybody: record ids
 * and kinds, sync states, versions and timestamps, the user id the store belongs to, the salt, the
 * check value and the server time of the last download.
 *
 * Stores: `meta` (one row, key "device"), `records` (key "<kind>:<id>"), `outbox` (the batch on
 * its way, at most one, kept until the server answers so a retry sends the same batchId).
 */
import { makeCheck, newSalt, open, PBKDF2_ITERATIONS, seal, verifyCheck, type Sealed } from './crypto.ts';
import type { Change, FieldConflict, Fields, LocalRecord, RecordKind, SyncState } from './merge.ts';

export const STORE_NAME = 'ponte-field';
const VERSION = 1;

export interface DeviceMeta {
  key: 'device';
  userId: string;
  salt: string;
  iterations: number;
  check: Sealed;
  /** The server's id for this device (after registration); not secret. */
  deviceId: string | null;
  /** serverTime of the last download. */
  lastServerTime: string | null;
  /** Who the store belongs to (e-mail, name), encrypted. */
  profile: Sealed;
}

export interface Profile {
  email: string;
  displayName: string;
  organisationName: string | null;
  /** The organisation's named zones and people, cached for choosing them offline. */
  zones?: FieldZone[];
  team?: FieldTeamMember[];
}

export interface FieldZone {
  id: string;
  name: string;
  provinceCode: string;
  municipality: string;
}

export interface FieldTeamMember {
  userId: string;
  displayName: string;
}

interface RecordRow {
  key: string;
  kind: RecordKind;
  id: string;
  state: SyncState;
  version: number | null;
  updatedAt: string;
  sealed: Sealed;
}

interface SealedRecord {
  server: Fields | null;
  local: Fields;
  conflicts: FieldConflict[];
  error: LocalRecord['error'];
}

interface BatchRow {
  batchId: string;
  createdAt: string;
  /** The records' updatedAt when the batch was built (record key → ISO time). */
  stamps: Record<string, string>;
  sealed: Sealed;
}

export interface Batch {
  batchId: string;
  createdAt: string;
  stamps: Record<string, string>;
  changes: Change[];
}

export function recordKey(kind: RecordKind, id: string): string {
  return `${kind}:${id}`;
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function openDb(factory: IDBFactory = indexedDB, name = STORE_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('records')) db.createObjectStore('records', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'batchId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB cannot be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/** Reads the device row without any key (to know whether the store exists and whose it is). */
export async function readMeta(db: IDBDatabase): Promise<DeviceMeta | null> {
  const tx = db.transaction('meta', 'readonly');
  const row = await promised(tx.objectStore('meta').get('device') as IDBRequest<DeviceMeta | undefined>);
  return row ?? null;
}

async function writeMeta(db: IDBDatabase, meta: DeviceMeta): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  tx.objectStore('meta').put(meta);
  await done(tx);
}

/** Whether there is anything not yet accepted by the server (pending records or a batch on its way). */
export async function hasUnsent(db: IDBDatabase): Promise<boolean> {
  const tx = db.transaction(['records', 'outbox'], 'readonly');
  const batches = await promised(tx.objectStore('outbox').count());
  if (batches > 0) return true;
  const rows = await promised(tx.objectStore('records').getAll() as IDBRequest<RecordRow[]>);
  return rows.some((r) => r.state !== 'synced');
}

/** How many records are not accepted by the server yet (pending, rejected or in conflict). */
export async function countUnsent(db: IDBDatabase): Promise<number> {
  const tx = db.transaction('records', 'readonly');
  const rows = await promised(tx.objectStore('records').getAll() as IDBRequest<RecordRow[]>);
  return rows.filter((r) => r.state !== 'synced').length;
}

/** Empties every store (the database itself stays, so other tabs are not blocked). */
export async function wipe(db: IDBDatabase): Promise<void> {
  const tx = db.transaction(['meta', 'records', 'outbox'], 'readwrite');
  tx.objectStore('meta').clear();
  tx.objectStore('records').clear();
  tx.objectStore('outbox').clear();
  await done(tx);
}

/** An unlocked store: the database and the key, held in memory only. */
export class FieldStore {
  private constructor(
    readonly db: IDBDatabase,
    private readonly key: CryptoKey,
    private meta: DeviceMeta,
  ) {}

  /** A new store for the user (the caller has checked the password with the server). */
  static async create(db: IDBDatabase, userId: string, profile: Profile, derive: (salt: string, iterations: number) => Promise<CryptoKey>): Promise<FieldStore> {
    await wipe(db);
    const salt = newSalt();
    const key = await derive(salt, PBKDF2_ITERATIONS);
    const meta: DeviceMeta = {
      key: 'device',
      userId,
      salt,
      iterations: PBKDF2_ITERATIONS,
      check: await makeCheck(key),
      deviceId: null,
      lastServerTime: null,
      profile: await seal(key, profile, 'meta:profile'),
    };
    await writeMeta(db, meta);
    return new FieldStore(db, key, meta);
  }

  /** Opens the existing store with the password's key; null when the password is wrong. */
  static async unlock(db: IDBDatabase, derive: (salt: string, iterations: number) => Promise<CryptoKey>): Promise<FieldStore | null> {
    const meta = await readMeta(db);
    if (!meta) return null;
    const key = await derive(meta.salt, meta.iterations);
    if (!(await verifyCheck(key, meta.check))) return null;
    return new FieldStore(db, key, meta);
  }

  get userId(): string {
    return this.meta.userId;
  }

  get deviceId(): string | null {
    return this.meta.deviceId;
  }

  get lastServerTime(): string | null {
    return this.meta.lastServerTime;
  }

  async profile(): Promise<Profile> {
    return open<Profile>(this.key, this.meta.profile, 'meta:profile');
  }

  async setProfile(profile: Profile): Promise<void> {
    this.meta = { ...this.meta, profile: await seal(this.key, profile, 'meta:profile') };
    await writeMeta(this.db, this.meta);
  }

  async setDeviceId(deviceId: string | null): Promise<void> {
    this.meta = { ...this.meta, deviceId };
    await writeMeta(this.db, this.meta);
  }

  async setLastServerTime(serverTime: string): Promise<void> {
    this.meta = { ...this.meta, lastServerTime: serverTime };
    await writeMeta(this.db, this.meta);
  }

  private async toRow(record: LocalRecord): Promise<RecordRow> {
    const key = recordKey(record.kind, record.id);
    const payload: SealedRecord = { server: record.server, local: record.local, conflicts: record.conflicts, error: record.error };
    return {
      key,
      kind: record.kind,
      id: record.id,
      state: record.state,
      version: record.version,
      updatedAt: record.updatedAt,
      sealed: await seal(this.key, payload, `record:${key}`),
    };
  }

  private async fromRow(row: RecordRow): Promise<LocalRecord> {
    const p = await open<SealedRecord>(this.key, row.sealed, `record:${row.key}`);
    return { kind: row.kind, id: row.id, version: row.version, state: row.state, updatedAt: row.updatedAt, server: p.server, local: p.local, conflicts: p.conflicts, error: p.error };
  }

  async putRecords(records: LocalRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Encrypt first: an IndexedDB transaction ends when it waits on anything else.
    const rows = await Promise.all(records.map((r) => this.toRow(r)));
    const tx = this.db.transaction('records', 'readwrite');
    const s = tx.objectStore('records');
    for (const row of rows) s.put(row);
    await done(tx);
  }

  async getRecord(kind: RecordKind, id: string): Promise<LocalRecord | undefined> {
    const tx = this.db.transaction('records', 'readonly');
    const row = await promised(tx.objectStore('records').get(recordKey(kind, id)) as IDBRequest<RecordRow | undefined>);
    return row ? this.fromRow(row) : undefined;
  }

  async listRecords(): Promise<LocalRecord[]> {
    const tx = this.db.transaction('records', 'readonly');
    const rows = await promised(tx.objectStore('records').getAll() as IDBRequest<RecordRow[]>);
    return Promise.all(rows.map((r) => this.fromRow(r)));
  }

  async pendingBatch(): Promise<Batch | null> {
    const tx = this.db.transaction('outbox', 'readonly');
    const rows = await promised(tx.objectStore('outbox').getAll() as IDBRequest<BatchRow[]>);
    const row = rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!row) return null;
    const changes = await open<Change[]>(this.key, row.sealed, `batch:${row.batchId}`);
    return { batchId: row.batchId, createdAt: row.createdAt, stamps: row.stamps, changes };
  }

  async putBatch(batch: Batch): Promise<void> {
    const row: BatchRow = { batchId: batch.batchId, createdAt: batch.createdAt, stamps: batch.stamps, sealed: await seal(this.key, batch.changes, `batch:${batch.batchId}`) };
    const tx = this.db.transaction('outbox', 'readwrite');
    tx.objectStore('outbox').put(row);
    await done(tx);
  }

  /** Stores the answer's records and removes the batch, in one transaction. */
  async completeBatch(batchId: string, records: LocalRecord[]): Promise<void> {
    const rows = await Promise.all(records.map((r) => this.toRow(r)));
    const tx = this.db.transaction(['records', 'outbox'], 'readwrite');
    const s = tx.objectStore('records');
    for (const row of rows) s.put(row);
    tx.objectStore('outbox').delete(batchId);
    await done(tx);
  }

  async hasUnsent(): Promise<boolean> {
    return hasUnsent(this.db);
  }

  async wipe(): Promise<void> {
    await wipe(this.db);
  }
}
