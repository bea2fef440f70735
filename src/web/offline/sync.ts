/**
 * The sync client of the field app (docs/outreach-sync.md): builds a batch of the pending changes
 * with a batchId fixed when the batch is built and kept in the store until the server answers (so
 * every retry sends the same batchId and the server's idempotency holds), applies the answer,
 * downloads what the team recorded, and retries with backoff when the network fails.
 */
import { applyDownloaded, applyResult, changeFor, pickFields, type ChangeResult, type Fields, type LocalRecord, type RecordKind } from './merge.ts';
import { recordKey, type Batch, type FieldStore } from './store.ts';

export const MAX_CHANGES = 500;

export interface UploadAnswer {
  batchId: string;
  results: ChangeResult[];
  serverTime: string;
}

export interface DownloadAnswer {
  records: Fields[];
  serverTime: string;
}

/** The HTTP side, so tests can fake it. Errors carry the HTTP status (0: no network) and code. */
export interface SyncTransport {
  registerDevice(label: string): Promise<{ deviceId: string }>;
  upload(body: { deviceId: string; batchId: string; changes: Batch['changes'] }): Promise<UploadAnswer>;
  download(deviceId: string, since: string | null): Promise<DownloadAnswer>;
}

export class TransportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export type SyncOutcome =
  | { kind: 'ok'; sent: number; received: number }
  | { kind: 'offline' }
  | { kind: 'retry'; inMs: number; message: string }
  | { kind: 'auth' }
  | { kind: 'forgotten' };

export interface SyncOptions {
  fieldNames: Record<RecordKind, readonly string[]>;
  deviceLabel: () => string;
  now?: () => Date;
  uuid?: () => string;
  /** Backoff: first delay and cap, in ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Builds (or, when one is waiting, returns unchanged) the batch to send. */
export async function nextBatch(store: FieldStore, uuid: () => string, now: () => Date): Promise<Batch | null> {
  const waiting = await store.pendingBatch();
  if (waiting) return waiting;
  const records = await store.listRecords();
  // Outings first: a new contact's outing must exist when the contact is applied.
  const order: Record<RecordKind, number> = { outing: 0, contact: 1 };
  const candidates = records
    .filter((r) => r.state === 'pending')
    .sort((a, b) => order[a.kind] - order[b.kind] || a.updatedAt.localeCompare(b.updatedAt));
  const changes: Batch['changes'] = [];
  const stamps: Record<string, string> = {};
  for (const r of candidates) {
    if (changes.length >= MAX_CHANGES) break;
    const change = changeFor(r);
    if (!change) continue;
    changes.push(change);
    stamps[recordKey(r.kind, r.id)] = r.updatedAt;
  }
  if (changes.length === 0) return null;
  const batch: Batch = { batchId: uuid(), createdAt: now().toISOString(), stamps, changes };
  await store.putBatch(batch);
  return batch;
}

/** Flattens a download: outings may carry their contacts. */
export function flattenDownload(records: Fields[]): Array<{ kind: RecordKind; record: Fields }> {
  const out: Array<{ kind: RecordKind; record: Fields }> = [];
  for (const r of records) {
    const kind: RecordKind = r.kind === 'contact' ? 'contact' : 'outing';
    const { contacts, ...rest } = r;
    out.push({ kind, record: rest });
    if (Array.isArray(contacts)) {
      for (const c of contacts as Fields[]) out.push({ kind: 'contact', record: c });
    }
  }
  return out;
}

export class SyncClient {
  private running: Promise<SyncOutcome> | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private readonly now: () => Date;
  private readonly uuid: () => string;

  constructor(
    private readonly store: FieldStore,
    private readonly transport: SyncTransport,
    private readonly options: SyncOptions,
    private readonly onOutcome: (outcome: SyncOutcome) => void = () => undefined,
  ) {
    this.now = options.now ?? (() => new Date());
    this.uuid = options.uuid ?? (() => crypto.randomUUID());
  }

  /** One sync now (or the one already running). */
  sync(): Promise<SyncOutcome> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    if (this.timer !== null) (this.options.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
  }

  private schedule(): number {
    const base = this.options.baseDelayMs ?? 2000;
    const cap = this.options.maxDelayMs ?? 60_000;
    const ms = Math.min(cap, base * 2 ** Math.min(this.attempt, 16));
    this.attempt += 1;
    this.stop();
    this.timer = (this.options.setTimer ?? setTimeout)(() => {
      this.timer = null;
      void this.sync();
    }, ms);
    return ms;
  }

  private async run(): Promise<SyncOutcome> {
    let outcome: SyncOutcome;
    try {
      outcome = await this.exchange();
      this.attempt = 0;
      this.stop();
    } catch (e) {
      outcome = this.failure(e);
    }
    this.onOutcome(outcome);
    return outcome;
  }

  private failure(e: unknown): SyncOutcome {
    const status = e instanceof TransportError ? e.status : 0;
    const code = e instanceof TransportError ? e.code : 'network';
    if (status === 410 && code === 'device_forgotten') {
      this.stop();
      return { kind: 'forgotten' };
    }
    if (status === 401) {
      this.stop();
      return { kind: 'auth' };
    }
    const message = e instanceof Error ? e.message : String(e);
    if (status === 0 && typeof navigator !== 'undefined' && !navigator.onLine) {
      // The `online` event starts the next attempt.
      this.stop();
      return { kind: 'offline' };
    }
    return { kind: 'retry', inMs: this.schedule(), message };
  }

  private async exchange(): Promise<SyncOutcome> {
    let deviceId = this.store.deviceId;
    if (!deviceId) {
      deviceId = (await this.transport.registerDevice(this.options.deviceLabel())).deviceId;
      await this.store.setDeviceId(deviceId);
    }
    let sent = 0;
    // Several batches when more than MAX_CHANGES are waiting; a bound keeps a bug from looping.
    for (let round = 0; round < 50; round++) {
      const batch = await nextBatch(this.store, this.uuid, this.now);
      if (!batch) break;
      let answer: UploadAnswer;
      try {
        answer = await this.transport.upload({ deviceId, batchId: batch.batchId, changes: batch.changes });
      } catch (e) {
        if (e instanceof TransportError && (e.status === 400 || e.status === 413)) {
          // The whole batch was refused and would be refused again: the records say why.
          await this.refuseBatch(batch, e.message);
          continue;
        }
        throw e;
      }
      await this.applyAnswer(batch, answer);
      sent += batch.changes.length;
    }
    const received = await this.download(deviceId);
    return { kind: 'ok', sent, received };
  }

  private async applyAnswer(batch: Batch, answer: UploadAnswer): Promise<void> {
    const now = this.now().toISOString();
    const updated: LocalRecord[] = [];
    for (const result of answer.results) {
      const record = await this.store.getRecord(result.kind, result.id);
      if (!record) continue;
      const stamp = batch.stamps[recordKey(result.kind, result.id)] ?? record.updatedAt;
      updated.push(applyResult(record, result, stamp, this.options.fieldNames[result.kind], now));
    }
    await this.store.completeBatch(batch.batchId, updated);
  }

  private async refuseBatch(batch: Batch, message: string): Promise<void> {
    const updated: LocalRecord[] = [];
    for (const c of batch.changes) {
      const record = await this.store.getRecord(c.kind, c.id);
      if (record) updated.push({ ...record, state: 'rejected', error: { message, fields: {} } });
    }
    await this.store.completeBatch(batch.batchId, updated);
  }

  private async download(deviceId: string): Promise<number> {
    const answer = await this.transport.download(deviceId, this.store.lastServerTime);
    const now = this.now().toISOString();
    const updated: LocalRecord[] = [];
    for (const { kind, record } of flattenDownload(answer.records)) {
      const id = typeof record.id === 'string' ? record.id : null;
      const version = typeof record.version === 'number' ? record.version : null;
      if (!id || version === null) continue;
      const existing = await this.store.getRecord(kind, id);
      const next = applyDownloaded(existing, kind, id, version, pickFields(record, this.options.fieldNames[kind]), now);
      if (next) updated.push(next);
    }
    await this.store.putRecords(updated);
    await this.store.setLastServerTime(answer.serverTime);
    return updated.length;
  }
}
