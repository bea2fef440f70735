/**
 * Pure record logic of the field app (no I/O): what a local record is, the change it sends
 * (docs/outreach-sync.md), how a server answer is applied, the field-by-field three-way merge and
 * the worker's choice on a conflict.
 */

export type RecordKind = 'outing' | 'contact';
export type Fields = Record<string, unknown>;
export type SyncState = 'pending' | 'synced' | 'conflict' | 'rejected';

export interface FieldConflict {
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface LocalRecord {
  kind: RecordKind;
  id: string;
  /** The server's version the device last saw; null while the record was never accepted. */
  version: number | null;
  /** The fields as the server held them at `version` (the base of the next change). */
  server: Fields | null;
  /** The fields as the worker sees them now. */
  local: Fields;
  state: SyncState;
  conflicts: FieldConflict[];
  error: { message: string; fields: Record<string, string> } | null;
  /** ISO time of the last local edit (or of the last server answer applied). */
  updatedAt: string;
}

export interface Change {
  kind: RecordKind;
  id: string;
  baseVersion: number | null;
  fields: Fields;
  base: Fields;
}

export type ResultStatus = 'applied' | 'unchanged' | 'conflict' | 'rejected';

export interface ChangeResult {
  id: string;
  kind: RecordKind;
  status: ResultStatus;
  version?: number;
  record?: Fields;
  conflicts?: FieldConflict[];
  error?: { code?: string; message?: string; fields?: Record<string, unknown> };
}

/** Key order does not matter; arrays keep their order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value === undefined ? null : value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The fields of `next` that differ from `base` (a field missing on one side counts as null). */
export function changedFields(base: Fields, next: Fields): string[] {
  const keys = new Set([...Object.keys(base), ...Object.keys(next)]);
  return [...keys].filter((k) => !sameValue(base[k] ?? null, next[k] ?? null)).sort();
}

/** The change to send for a record, or null when it has nothing to send. */
export function changeFor(record: LocalRecord): Change | null {
  if (record.state === 'conflict') return null;
  if (record.version === null || record.server === null) {
    return { kind: record.kind, id: record.id, baseVersion: null, fields: { ...record.local }, base: {} };
  }
  const server = record.server;
  const names = changedFields(server, record.local);
  if (names.length === 0) return null;
  return {
    kind: record.kind,
    id: record.id,
    baseVersion: record.version,
    fields: Object.fromEntries(names.map((n) => [n, record.local[n] ?? null])),
    base: Object.fromEntries(names.map((n) => [n, server[n] ?? null])),
  };
}

/**
 * Field-by-field three-way merge: a field changed on one side only takes that side's value; a
 * field changed on both sides to the same value is fine; changed on both sides differently is a
 * conflict (and `merged` keeps mine until the worker chooses).
 */
export function threeWay(base: Fields, mine: Fields, theirs: Fields): { merged: Fields; conflicts: FieldConflict[] } {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])].sort();
  const merged: Fields = {};
  const conflicts: FieldConflict[] = [];
  for (const k of keys) {
    const b = base[k] ?? null;
    const m = mine[k] ?? null;
    const t = theirs[k] ?? null;
    const mineChanged = !sameValue(b, m);
    const theirsChanged = !sameValue(b, t);
    if (mineChanged && theirsChanged && !sameValue(m, t)) {
      conflicts.push({ field: k, base: b, mine: m, theirs: t });
      merged[k] = m;
    } else {
      merged[k] = mineChanged ? m : t;
    }
  }
  return { merged, conflicts };
}

/** Only the fields of a server record that the device edits (drops id, version, audit columns...). */
export function pickFields(record: Fields, names: readonly string[]): Fields {
  return Object.fromEntries(names.map((n) => [n, record[n] ?? null]));
}

/**
 * Applies one result of an upload. `sentAt` is the record's `updatedAt` when the batch was built:
 * an edit made while the batch was on its way stays pending on top of the new server version.
 */
export function applyResult(record: LocalRecord, result: ChangeResult, sentAt: string, names: readonly string[], now: string): LocalRecord {
  const editedSince = record.updatedAt !== sentAt;
  const serverFields = result.record ? pickFields(result.record, names) : null;
  switch (result.status) {
    case 'applied':
    case 'unchanged': {
      if (!serverFields || typeof result.version !== 'number') return { ...record, state: 'pending' };
      if (!editedSince) {
        return { ...record, version: result.version, server: serverFields, local: serverFields, state: 'synced', conflicts: [], error: null, updatedAt: now };
      }
      // The later edits are changes on top of what the server now holds.
      const next: LocalRecord = { ...record, version: result.version, server: serverFields, conflicts: [], error: null };
      return { ...next, state: changeFor(next) ? 'pending' : 'synced' };
    }
    case 'conflict': {
      const conflicts = result.conflicts ?? [];
      return {
        ...record,
        ...(serverFields && typeof result.version === 'number' ? { version: result.version, server: serverFields } : {}),
        state: 'conflict',
        conflicts,
        error: null,
      };
    }
    case 'rejected': {
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.error?.fields ?? {})) fields[k] = Array.isArray(v) ? v.map(String).join(' ') : String(v);
      return { ...record, state: 'rejected', error: { message: result.error?.message ?? result.error?.code ?? 'rejected', fields } };
    }
    default:
      return record;
  }
}

export type Choice = 'mine' | 'theirs';

/**
 * The worker's answer to a conflict: the server's current values become the base, the chosen
 * values the record; the record is pending again when something of mine is kept, so the next
 * upload sends it with `baseVersion` = the server's current version.
 */
export function resolveConflict(record: LocalRecord, choices: Record<string, Choice>, now: string): LocalRecord {
  if (record.state !== 'conflict' || !record.server) return record;
  const local: Fields = { ...record.local };
  for (const c of record.conflicts) {
    local[c.field] = choices[c.field] === 'theirs' ? c.theirs : c.mine;
  }
  // Fields not in conflict: what the server holds unless the worker changed them.
  const next: LocalRecord = { ...record, local, conflicts: [], state: 'pending', error: null, updatedAt: now };
  return { ...next, state: changeFor(next) ? 'pending' : 'synced' };
}

/**
 * A record downloaded from the server. A synced (or unknown) record takes it; a pending one is
 * rebased when the merge is clean; otherwise it is left for the upload to report the conflict.
 */
export function applyDownloaded(existing: LocalRecord | undefined, kind: RecordKind, id: string, version: number, serverFields: Fields, now: string): LocalRecord | null {
  if (!existing) {
    return { kind, id, version, server: serverFields, local: serverFields, state: 'synced', conflicts: [], error: null, updatedAt: now };
  }
  if (existing.version !== null && existing.version >= version) return null;
  if (existing.state === 'synced') {
    return { ...existing, version, server: serverFields, local: serverFields, conflicts: [], error: null, updatedAt: now };
  }
  if (existing.state === 'pending' && existing.server) {
    const { merged, conflicts } = threeWay(existing.server, existing.local, serverFields);
    if (conflicts.length > 0) return null;
    const next: LocalRecord = { ...existing, version, server: serverFields, local: merged };
    return { ...next, state: changeFor(next) ? 'pending' : 'synced' };
  }
  return null;
}
