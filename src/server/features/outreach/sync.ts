/**
 * The field app's devices and its sync protocol, exactly as docs/outreach-sync.md says:
 *
 * - a device is registered by a user holding outreach.write and bound to them; its owner or an
 *   administrator of the organisation (users.manage) may forget it, after which every sync call
 *   from it answers 410 { code: "device_forgotten" };
 * - an upload batch is stored with its (encrypted) answer under (deviceId, batchId): a retry gets
 *   the stored answer and changes nothing;
 * - each change is checked field by field against the server's current values and validated with
 *   the same schemas and rules as the online API (records.ts); the batch runs in one transaction,
 *   each change under a savepoint, so a change that fails leaves the others applied;
 * - every change answered writes an audit entry `outreach.sync` (with the device and batch ids)
 *   in the same transaction: applied ones as writes, the others as the read of the record they
 *   return (or a failure).
 */
import { sql, type Insertable } from 'kysely';
import type { OutreachContactsTable, OutreachOutingZonesTable, OutreachOutingsTable } from '../../../db/schema-outreach.ts';
import { writeAuditMany, type AuditContext, type AuditEntry } from '../../platform/audit.ts';
import { personVisibleTo } from '../persons/scope.ts';
import type { ScopedTx } from '../../platform/access.ts';
import { fieldAad } from '../../platform/crypto.ts';
import { PonteError, notFound } from '../../platform/errors.ts';
import { italianToday } from '../../../domain/case-records.ts';
import {
  contactFieldNames,
  outingFieldNames,
  outreachLimits,
  sameValue,
  type SyncAnswer,
  type SyncChange,
  type SyncRecord,
  type SyncResult,
  type SyncUpload,
} from '../../../domain/outreach/index.ts';
import { DeviceForgotten, OutOfReach, guarded, recordCtx, type OutreachDeps } from './common.ts';
import { outreachColumns } from './encrypted.ts';
import {
  changedFieldNames,
  checkContact,
  checkOuting,
  dbLookups,
  newContactRecord,
  newContactRow,
  newOutingRecord,
  newOutingRows,
  contactFieldsOf,
  contactRecord,
  contactRecords,
  findContact,
  findOuting,
  outingFieldsOf,
  outingRecord,
  outingZones,
  writeContact,
  writeOuting,
  type RecordCtx,
  type RecordLookups,
} from './records.ts';

// --- devices ---------------------------------------------------------------------------------------

export interface DeviceDto {
  id: string;
  label: string;
  userId: string;
  userName: string | null;
  createdAt: string;
  lastSyncAt: string | null;
  forgottenAt: string | null;
}

export async function registerDevice(deps: OutreachDeps & { label: string }): Promise<{ deviceId: string }> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'outreach_device.register', recordType: 'outreach_device' }, async (tx, orgId) => {
    const row = await tx.db.insertInto('outreach_devices').values({ org_id: orgId, user_id: tx.actor.userId, label: deps.label, created_at: tx.now }).returning('id').executeTakeFirstOrThrow();
    await tx.audit({ action: 'outreach_device.register', outcome: 'success', recordType: 'outreach_device', recordId: row.id, fields: ['label'] });
    return { deviceId: row.id };
  });
}

/** Own devices; holders of users.manage see every device of their organisation. */
export async function listDevices(deps: OutreachDeps): Promise<{ items: DeviceDto[] }> {
  return guarded(deps, { anyOf: ['outreach.write', 'users.manage'], action: 'outreach_device.list', recordType: 'outreach_device' }, async (tx, orgId) => {
    const all = tx.actor.permissions.has('users.manage');
    let q = tx.db
      .selectFrom('outreach_devices')
      .leftJoin('users', 'users.id', 'outreach_devices.user_id')
      .select(['outreach_devices.id', 'outreach_devices.label', 'outreach_devices.user_id', 'users.display_name', 'outreach_devices.created_at', 'outreach_devices.last_sync_at', 'outreach_devices.forgotten_at'])
      .where('outreach_devices.org_id', '=', orgId);
    if (!all) q = q.where('outreach_devices.user_id', '=', tx.actor.userId);
    const rows = await q.orderBy('outreach_devices.created_at', 'desc').execute();
    await tx.audit({ action: 'outreach_device.list', outcome: 'success', recordType: 'outreach_device', fields: ['label', 'user', 'dates'], details: { count: rows.length, all } });
    return {
      items: rows.map((r) => ({
        id: r.id,
        label: r.label,
        userId: r.user_id,
        userName: r.display_name,
        createdAt: new Date(r.created_at).toISOString(),
        lastSyncAt: r.last_sync_at ? new Date(r.last_sync_at).toISOString() : null,
        forgottenAt: r.forgotten_at ? new Date(r.forgotten_at).toISOString() : null,
      })),
    };
  });
}

/** Forgets a device: its owner, or an administrator (users.manage) of its organisation. */
export async function forgetDevice(deps: OutreachDeps & { deviceId: string }): Promise<{ deviceId: string; forgottenAt: string }> {
  const { access, deviceId } = deps;
  const actor = access.requireActor();
  const entry = { action: 'outreach_device.forget' as const, recordType: 'outreach_device', recordId: deviceId };
  try {
    return await access.transaction(async (tx) => {
      const device = await tx.db.selectFrom('outreach_devices').selectAll().where('id', '=', deviceId).forUpdate().executeTakeFirst();
      const allowed = !!device && (device.user_id === actor.userId || (actor.permissions.has('users.manage') && device.org_id === actor.orgId));
      if (!device || !allowed) throw new OutOfReach('device not found');
      const at = device.forgotten_at ?? tx.now;
      if (!device.forgotten_at) await tx.db.updateTable('outreach_devices').set({ forgotten_at: tx.now, forgotten_by: actor.userId }).where('id', '=', deviceId).execute();
      await tx.audit({ ...entry, outcome: 'success', fields: ['forgottenAt'], details: { own: device.user_id === actor.userId } });
      return { deviceId, forgottenAt: new Date(at).toISOString() };
    });
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    throw e;
  }
}

/**
 * The caller's own device, in their acting organisation, not forgotten. A device of someone else
 * answers 404 like a missing one; a forgotten one 410 (audited as denied either way).
 */
async function usableDevice(deps: OutreachDeps, deviceId: string): Promise<void> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: 'outreach.sync' as const, recordType: 'outreach_device', recordId: deviceId };
  const device = await access.transaction((tx) => tx.db.selectFrom('outreach_devices').select(['user_id', 'org_id', 'forgotten_at']).where('id', '=', deviceId).executeTakeFirst());
  if (!device || device.user_id !== actor.userId || device.org_id !== actor.orgId) {
    await access.auditDenied({ ...entry, details: { reason: 'device not found' } });
    throw notFound('device');
  }
  if (device.forgotten_at) {
    await access.auditDenied({ ...entry, details: { reason: 'device_forgotten' } });
    throw new DeviceForgotten();
  }
}

// --- upload ----------------------------------------------------------------------------------------

interface ApplyCtx extends RecordCtx {
  deviceId: string;
  batchId: string;
}

function rejected(change: SyncChange, code: string, message: string, fields?: Record<string, string>): SyncResult {
  return { id: change.id, kind: change.kind, status: 'rejected', error: { code, message, ...(fields ? { fields } : {}) } };
}

const validationMessage = { it: 'Alcuni dati non sono validi.', en: 'Some data is not valid.' } as const;
const notFoundMessage = { it: 'Record inesistente.', en: 'No such record.' } as const;
const cancelledMessage = { it: 'Il contatto è stato annullato in sede: la modifica non è stata applicata.', en: 'The contact was cancelled by the office: the change was not applied.' } as const;

async function audit(ctx: ApplyCtx, change: SyncChange, result: SyncResult, fields: string[]): Promise<void> {
  await ctx.tx.audit({
    action: 'outreach.sync',
    outcome: result.status === 'rejected' ? 'failure' : 'success',
    recordType: change.kind,
    recordId: change.id,
    fields,
    details: { deviceId: ctx.deviceId, batchId: ctx.batchId, status: result.status, op: change.baseVersion === null ? 'create' : 'update' },
  });
}

/** Per field: the device's base, its value and the server's, where the server moved elsewhere. */
function fieldConflicts(change: SyncChange, current: Record<string, unknown>, currentVersion: number): SyncResult['conflicts'] {
  const out: NonNullable<SyncResult['conflicts']> = [];
  for (const [field, mine] of Object.entries(change.fields)) {
    const theirs = current[field];
    const hasBase = !!change.base && Object.prototype.hasOwnProperty.call(change.base, field);
    const base = hasBase ? change.base?.[field] : change.baseVersion === currentVersion ? theirs : undefined;
    if (sameValue(theirs, mine) || (base !== undefined && sameValue(theirs, base))) continue;
    out.push({ field, base: base ?? null, mine, theirs });
  }
  return out;
}

/**
 * A creation whose id already exists: the same content is a retry (`unchanged`); any field that
 * differs is a conflict with no common base.
 */
function retryOrConflict(kind: 'outing' | 'contact', change: SyncChange, mine: Record<string, unknown>, current: SyncRecord, fieldNames: readonly string[]): SyncResult {
  const held = current as unknown as Record<string, unknown>;
  const differing = fieldNames.filter((f) => !sameValue(mine[f], held[f]));
  return differing.length === 0
    ? { id: change.id, kind, status: 'unchanged', version: current.version, record: current }
    : { id: change.id, kind, status: 'conflict', version: current.version, record: current, conflicts: differing.map((f) => ({ field: f, base: null, mine: mine[f] ?? null, theirs: held[f] })) };
}

async function applyOuting(ctx: ApplyCtx, change: SyncChange): Promise<SyncResult> {
  const unknown = Object.keys(change.fields).filter((k) => !(outingFieldNames as readonly string[]).includes(k));
  if (unknown.length > 0) {
    const r = rejected(change, 'validation', validationMessage[ctx.locale], Object.fromEntries(unknown.map((k) => [k, ctx.locale === 'it' ? 'campo sconosciuto' : 'unknown field'])));
    await audit(ctx, change, r, unknown);
    return r;
  }
  const existing = await findOuting(ctx.tx.db, change.id, { forUpdate: true });
  if (existing && existing.org_id !== ctx.orgId) {
    const r = rejected(change, 'not_found', notFoundMessage[ctx.locale]);
    await audit(ctx, change, r, []);
    return r;
  }
  const current = existing ? await outingRecord(ctx, existing, (await outingZones(ctx.tx.db, [existing.id])).get(existing.id) ?? []) : undefined;
  if (change.baseVersion === null) {
    if (!current || !existing) {
      const checked = await checkOuting(ctx, change.fields);
      if (!checked.ok) {
        const r = rejected(change, 'validation', validationMessage[ctx.locale], checked.fields);
        await audit(ctx, change, r, Object.keys(checked.fields));
        return r;
      }
      const version = await writeOuting(ctx, change.id, checked.value);
      const record = await readBack(ctx, 'outing', change.id);
      const r: SyncResult = { id: change.id, kind: 'outing', status: 'applied', version, ...(record ? { record } : {}) };
      await audit(ctx, change, r, [...outingFieldNames]);
      return r;
    }
    // The record exists: the same content is a retry; anything else conflicts with what is there.
    const checked = await checkOuting(ctx, change.fields, existing.id);
    const mine: Record<string, unknown> = checked.ok ? checked.value : change.fields;
    const r = retryOrConflict('outing', change, mine, current, outingFieldNames);
    await audit(ctx, change, r, [...outingFieldNames]);
    return r;
  }
  if (!current || !existing) {
    const r = rejected(change, 'not_found', notFoundMessage[ctx.locale]);
    await audit(ctx, change, r, []);
    return r;
  }
  const conflicts = fieldConflicts(change, current, current.version) ?? [];
  if (conflicts.length > 0) {
    const r: SyncResult = { id: change.id, kind: 'outing', status: 'conflict', version: current.version, record: current, conflicts };
    await audit(ctx, change, r, [...outingFieldNames]);
    return r;
  }
  const checked = await checkOuting(ctx, { ...outingFieldsOf(current), ...change.fields }, existing.id);
  if (!checked.ok) {
    const r = rejected(change, 'validation', validationMessage[ctx.locale], checked.fields);
    await audit(ctx, change, r, Object.keys(checked.fields));
    return r;
  }
  const changed = changedFieldNames(outingFieldsOf(current), checked.value, outingFieldNames);
  if (changed.length === 0) {
    const r: SyncResult = { id: change.id, kind: 'outing', status: 'unchanged', version: current.version, record: current };
    await audit(ctx, change, r, [...outingFieldNames]);
    return r;
  }
  const version = await writeOuting(ctx, change.id, checked.value, existing);
  const record = await readBack(ctx, 'outing', change.id);
  const r: SyncResult = { id: change.id, kind: 'outing', status: 'applied', version, ...(record ? { record } : {}) };
  await audit(ctx, change, r, changed);
  return r;
}

async function applyContact(ctx: ApplyCtx, change: SyncChange): Promise<SyncResult> {
  const unknown = Object.keys(change.fields).filter((k) => !(contactFieldNames as readonly string[]).includes(k));
  if (unknown.length > 0) {
    const r = rejected(change, 'validation', validationMessage[ctx.locale], Object.fromEntries(unknown.map((k) => [k, ctx.locale === 'it' ? 'campo sconosciuto' : 'unknown field'])));
    await audit(ctx, change, r, unknown);
    return r;
  }
  const existing = await findContact(ctx.tx.db, change.id, { forUpdate: true });
  if (existing && existing.org_id !== ctx.orgId) {
    const r = rejected(change, 'not_found', notFoundMessage[ctx.locale]);
    await audit(ctx, change, r, []);
    return r;
  }
  if (existing?.cancelled_at) {
    const r = rejected(change, 'conflict', cancelledMessage[ctx.locale]);
    await audit(ctx, change, r, []);
    return r;
  }
  const current = existing ? await contactRecord(ctx, existing) : undefined;
  if (change.baseVersion === null) {
    if (!current || !existing) {
      const checked = await checkContact(ctx, change.fields);
      if (!checked.ok) {
        const r = rejected(change, 'validation', validationMessage[ctx.locale], checked.fields);
        await audit(ctx, change, r, Object.keys(checked.fields));
        return r;
      }
      const version = await writeContact(ctx, change.id, checked.value);
      const record = await readBack(ctx, 'contact', change.id);
      const r: SyncResult = { id: change.id, kind: 'contact', status: 'applied', version, ...(record ? { record } : {}) };
      await audit(ctx, change, r, [...contactFieldNames]);
      return r;
    }
    const checked = await checkContact(ctx, change.fields, existing.id);
    const mine: Record<string, unknown> = checked.ok ? checked.value.fields : change.fields;
    const r = retryOrConflict('contact', change, mine, current, contactFieldNames);
    await audit(ctx, change, r, [...contactFieldNames]);
    return r;
  }
  if (!current || !existing) {
    const r = rejected(change, 'not_found', notFoundMessage[ctx.locale]);
    await audit(ctx, change, r, []);
    return r;
  }
  const conflicts = fieldConflicts(change, current, current.version) ?? [];
  if (conflicts.length > 0) {
    const r: SyncResult = { id: change.id, kind: 'contact', status: 'conflict', version: current.version, record: current, conflicts };
    await audit(ctx, change, r, [...contactFieldNames]);
    return r;
  }
  const checked = await checkContact(ctx, { ...contactFieldsOf(current), ...change.fields }, existing.id);
  if (!checked.ok) {
    const r = rejected(change, 'validation', validationMessage[ctx.locale], checked.fields);
    await audit(ctx, change, r, Object.keys(checked.fields));
    return r;
  }
  const changed = changedFieldNames(contactFieldsOf(current), checked.value.fields, contactFieldNames);
  if (changed.length === 0) {
    const r: SyncResult = { id: change.id, kind: 'contact', status: 'unchanged', version: current.version, record: current };
    await audit(ctx, change, r, [...contactFieldNames]);
    return r;
  }
  const version = await writeContact(ctx, change.id, checked.value, existing);
  const record = await readBack(ctx, 'contact', change.id);
  const r: SyncResult = { id: change.id, kind: 'contact', status: 'applied', version, ...(record ? { record } : {}) };
  await audit(ctx, change, r, changed);
  return r;
}

async function readBack(ctx: RecordCtx, kind: 'outing' | 'contact', id: string): Promise<SyncRecord | undefined> {
  if (kind === 'outing') {
    const row = await findOuting(ctx.tx.db, id);
    return row ? outingRecord(ctx, row, (await outingZones(ctx.tx.db, [id])).get(id) ?? []) : undefined;
  }
  const row = await findContact(ctx.tx.db, id);
  return row ? contactRecord(ctx, row) : undefined;
}

async function savepoint<T>(tx: ScopedTx, name: string, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  await sql`savepoint ${sql.id(name)}`.execute(tx.db);
  try {
    const value = await work();
    await sql`release savepoint ${sql.id(name)}`.execute(tx.db);
    return { ok: true, value };
  } catch {
    await sql`rollback to savepoint ${sql.id(name)}`.execute(tx.db);
    return { ok: false };
  }
}

const internalMessage = { it: 'Errore interno su questa modifica.', en: 'Internal error on this change.' } as const;

/** Each change under its own savepoint, with the checks asking the database as they go. */
async function applyOneByOne(ctx: ApplyCtx, changes: readonly SyncChange[]): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  let n = 0;
  for (const change of changes) {
    const done = await savepoint(ctx.tx, `change_${++n}`, () => (change.kind === 'outing' ? applyOuting(ctx, change) : applyContact(ctx, change)));
    results.push(done.ok ? done.value : rejected(change, 'internal', internalMessage[ctx.locale]));
  }
  return results;
}

/**
 * The checks' lookups for a whole batch: members and zones of the organisation, the outings the
 * contacts name (locked) with their individual contacts, and the person codes, each loaded in
 * one query; creations of the batch are added as they are accepted. After a change applied the
 * slow way the lookups load again.
 */
class BatchLookups implements RecordLookups {
  private loaded = false;
  private memberIds = new Set<string>();
  private orgZones = new Map<string, { id: string; province_code: string; municipality: string }>();
  private outings = new Map<string, { id: string; org_id: string; total_contacts: number }>();
  private counts = new Map<string, number>();
  private persons = new Map<string, string>();

  constructor(
    private readonly ctx: ApplyCtx,
    private readonly changes: readonly SyncChange[],
  ) {}

  invalidate(): void {
    this.loaded = false;
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    const db = this.ctx.tx.db;
    const orgId = this.ctx.orgId;
    this.memberIds = new Set((await db.selectFrom('memberships').select('user_id').where('organisation_id', '=', orgId).execute()).map((r) => r.user_id));
    this.orgZones = new Map((await db.selectFrom('outreach_zones').select(['id', 'province_code', 'municipality']).where('org_id', '=', orgId).execute()).map((z) => [z.id, z]));
    const outingIds = new Set<string>();
    const codes = new Set<string>();
    for (const c of this.changes) {
      if (c.kind !== 'contact') continue;
      const outingId = c.fields.outingId;
      if (typeof outingId === 'string' && uuidPattern.test(outingId)) outingIds.add(outingId);
      const code = c.fields.personCode;
      if (typeof code === 'string' && code.length <= 20) codes.add(code);
    }
    this.outings = new Map();
    this.counts = new Map();
    if (outingIds.size > 0) {
      const ids = [...outingIds];
      const rows = await db.selectFrom('outreach_outings').select(['id', 'org_id', 'total_contacts']).where('id', 'in', ids).orderBy('id').forUpdate().execute();
      for (const r of rows) this.outings.set(r.id, r);
      const counted = await db.selectFrom('outreach_contacts').select((eb) => ['outing_id', eb.fn.countAll<string>().as('n')]).where('outing_id', 'in', ids).where('cancelled_at', 'is', null).groupBy('outing_id').execute();
      for (const r of counted) this.counts.set(r.outing_id, Number(r.n));
    }
    this.persons = new Map();
    if (codes.size > 0 && this.ctx.tx.actor.permissions.has('persons.read')) {
      const rows = await db.selectFrom('persons').select(['persons.id', 'persons.code']).where('persons.code', 'in', [...codes]).where((eb) => personVisibleTo(eb, orgId)).execute();
      for (const r of rows) this.persons.set(r.code, r.id);
    }
    this.loaded = true;
  }

  async members(userIds: readonly string[]): Promise<Set<string>> {
    await this.load();
    return new Set(userIds.filter((u) => this.memberIds.has(u)));
  }

  async zones(zoneIds: readonly string[]): Promise<Array<{ id: string; province_code: string; municipality: string }>> {
    await this.load();
    return zoneIds.flatMap((id) => this.orgZones.get(id) ?? []);
  }

  async individuals(outingId: string, exceptId?: string): Promise<number> {
    if (exceptId) return dbLookups(this.ctx).individuals(outingId, exceptId);
    await this.load();
    return this.counts.get(outingId) ?? 0;
  }

  async outing(outingId: string): Promise<{ id: string; org_id: string; total_contacts: number } | undefined> {
    await this.load();
    return this.outings.get(outingId);
  }

  async personId(code: string): Promise<string | undefined> {
    await this.load();
    return this.persons.get(code);
  }

  /** (Loaded first, so that a later load does not drop what the batch added.) */
  async outingCreated(id: string, total: number): Promise<void> {
    await this.load();
    this.outings.set(id, { id, org_id: this.ctx.orgId, total_contacts: total });
    this.counts.set(id, 0);
  }

  async contactCreated(outingId: string): Promise<void> {
    await this.load();
    this.counts.set(outingId, (this.counts.get(outingId) ?? 0) + 1);
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The batch with few round trips: the ids of the batch are looked up at once; creations of new
 * records are checked against lookups loaded once (BatchLookups) and written with multi-row
 * inserts, their audit entries with them. Any other change (an update, an id that exists) first
 * writes what is pending, then goes the one-change way under its own savepoint.
 * The answers are the same as applyOneByOne's, in the same order.
 */
async function applyBatched(ctx: ApplyCtx, context: AuditContext, changes: readonly SyncChange[]): Promise<SyncResult[]> {
  const db = ctx.tx.db;
  const idsOf = (kind: 'outing' | 'contact'): string[] => [...new Set(changes.filter((c) => c.kind === kind && c.baseVersion === null && uuidPattern.test(c.id)).map((c) => c.id))];
  const outingIds = idsOf('outing');
  const contactIds = idsOf('contact');
  const taken = new Set<string>();
  if (outingIds.length > 0) for (const r of await db.selectFrom('outreach_outings').select('id').where('id', 'in', outingIds).execute()) taken.add(`outing:${r.id}`);
  if (contactIds.length > 0) for (const r of await db.selectFrom('outreach_contacts').select('id').where('id', 'in', contactIds).execute()) taken.add(`contact:${r.id}`);

  const lookups = new BatchLookups(ctx, changes);
  const pending = { outings: [] as Array<Insertable<OutreachOutingsTable>>, zones: [] as Array<Insertable<OutreachOutingZonesTable>>, contacts: [] as Array<Insertable<OutreachContactsTable>>, audits: [] as AuditEntry[] };
  const flush = async (): Promise<void> => {
    for (let i = 0; i < pending.outings.length; i += 200) await db.insertInto('outreach_outings').values(pending.outings.slice(i, i + 200)).execute();
    for (let i = 0; i < pending.zones.length; i += 500) await db.insertInto('outreach_outing_zones').values(pending.zones.slice(i, i + 500)).execute();
    for (let i = 0; i < pending.contacts.length; i += 200) await db.insertInto('outreach_contacts').values(pending.contacts.slice(i, i + 200)).execute();
    if (pending.audits.length > 0) await writeAuditMany({ db, context, entries: pending.audits });
    pending.outings = [];
    pending.zones = [];
    pending.contacts = [];
    pending.audits = [];
  };
  const entry = (change: SyncChange, result: SyncResult, fields: string[]): AuditEntry => ({
    action: 'outreach.sync',
    outcome: result.status === 'rejected' ? 'failure' : 'success',
    recordType: change.kind,
    recordId: change.id,
    fields,
    details: { deviceId: ctx.deviceId, batchId: ctx.batchId, status: result.status, op: change.baseVersion === null ? 'create' : 'update' },
  });

  const results: SyncResult[] = [];
  let n = 0;
  for (const change of changes) {
    const names: readonly string[] = change.kind === 'outing' ? outingFieldNames : contactFieldNames;
    const fresh = change.baseVersion === null && !taken.has(`${change.kind}:${change.id}`);
    if (!fresh) {
      await flush();
      const done = await savepoint(ctx.tx, `change_${++n}`, () => (change.kind === 'outing' ? applyOuting(ctx, change) : applyContact(ctx, change)));
      results.push(done.ok ? done.value : rejected(change, 'internal', internalMessage[ctx.locale]));
      lookups.invalidate();
      continue;
    }
    const unknown = Object.keys(change.fields).filter((k) => !names.includes(k));
    if (unknown.length > 0) {
      const r = rejected(change, 'validation', validationMessage[ctx.locale], Object.fromEntries(unknown.map((k) => [k, ctx.locale === 'it' ? 'campo sconosciuto' : 'unknown field'])));
      pending.audits.push(entry(change, r, unknown));
      results.push(r);
      continue;
    }
    if (change.kind === 'outing') {
      const checked = await checkOuting(ctx, change.fields, undefined, lookups);
      if (!checked.ok) {
        const r = rejected(change, 'validation', validationMessage[ctx.locale], checked.fields);
        pending.audits.push(entry(change, r, Object.keys(checked.fields)));
        results.push(r);
        continue;
      }
      const rows = await newOutingRows(ctx, change.id, checked.value);
      pending.outings.push(rows.outing);
      pending.zones.push(...rows.zones);
      await lookups.outingCreated(change.id, checked.value.totalContacts);
      const r: SyncResult = { id: change.id, kind: 'outing', status: 'applied', version: 1, record: newOutingRecord(ctx, change.id, checked.value) };
      pending.audits.push(entry(change, r, [...outingFieldNames]));
      results.push(r);
    } else {
      const checked = await checkContact(ctx, change.fields, undefined, lookups);
      if (!checked.ok) {
        const r = rejected(change, 'validation', validationMessage[ctx.locale], checked.fields);
        pending.audits.push(entry(change, r, Object.keys(checked.fields)));
        results.push(r);
        continue;
      }
      pending.contacts.push(await newContactRow(ctx, change.id, checked.value));
      await lookups.contactCreated(checked.value.fields.outingId);
      const r: SyncResult = { id: change.id, kind: 'contact', status: 'applied', version: 1, record: newContactRecord(ctx, change.id, checked.value) };
      pending.audits.push(entry(change, r, [...contactFieldNames]));
      results.push(r);
    }
    // The same id twice in a batch: the second goes the one-change way and finds the first.
    taken.add(`${change.kind}:${change.id}`);
  }
  await flush();
  return results;
}

/** POST /api/outreach/sync. */
export async function upload(deps: OutreachDeps & { body: SyncUpload; oneByOne?: boolean }): Promise<SyncAnswer> {
  const { body } = deps;
  deps.access.requireActor();
  if (body.changes.length > outreachLimits.changesPerBatch) throw new PonteError({ code: 'payload_too_large', detail: `${body.changes.length} changes` });
  await usableDevice(deps, body.deviceId);
  return guarded(deps, { anyOf: ['outreach.write'], action: 'outreach.sync', recordType: 'outreach_device', recordId: body.deviceId }, async (tx, orgId) => {
    const ctx: ApplyCtx = { ...recordCtx(deps, tx, orgId), deviceId: body.deviceId, batchId: body.batchId };
    const inserted = await tx.db
      .insertInto('outreach_sync_batches')
      .values({ device_id: body.deviceId, batch_id: body.batchId, user_id: tx.actor.userId, changes: body.changes.length, created_at: tx.now })
      .onConflict((oc) => oc.columns(['device_id', 'batch_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const stored = await tx.db.selectFrom('outreach_sync_batches').select(['id', 'answer_enc']).where('device_id', '=', body.deviceId).where('batch_id', '=', body.batchId).executeTakeFirstOrThrow();
      if (!stored.answer_enc) throw new PonteError({ code: 'conflict', detail: 'batch without answer' });
      const answer = JSON.parse(await deps.cipher.decrypt({ value: stored.answer_enc, aad: batchAad(stored.id), db: tx.db })) as SyncAnswer;
      await tx.audit({ action: 'outreach.sync', outcome: 'success', recordType: 'outreach_device', recordId: body.deviceId, fields: ['results'], details: { batchId: body.batchId, op: 'replay', changes: answer.results.length } });
      return answer;
    }
    // The batched way first; should the database refuse any of its statements, the batch is
    // applied again one change at a time, each under its own savepoint.
    const batched = deps.oneByOne ? ({ ok: false } as const) : await savepoint(tx, 'sync_batched', () => applyBatched(ctx, deps.access.auditContext, body.changes));
    const results = batched.ok ? batched.value : await applyOneByOne(ctx, body.changes);
    const answer: SyncAnswer = { batchId: body.batchId, results, serverTime: tx.now.toISOString() };
    const answerEnc = await deps.cipher.encrypt({ plaintext: JSON.stringify(answer), aad: batchAad(inserted.id), db: tx.db });
    await tx.db.updateTable('outreach_sync_batches').set({ answer_enc: answerEnc }).where('id', '=', inserted.id).execute();
    await tx.db.updateTable('outreach_devices').set({ last_sync_at: tx.now }).where('id', '=', body.deviceId).execute();
    return answer;
  });
}

function batchAad(rowId: string): string {
  return fieldAad({ table: outreachColumns.syncAnswer.table, column: outreachColumns.syncAnswer.column, rowId });
}

// --- download --------------------------------------------------------------------------------------

/** How far before `since` a download looks again, so a change committed late is not missed. */
const DOWNLOAD_OVERLAP_MS = 2 * 60 * 1000;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** GET /api/outreach/sync: outings of the last 30 days changed since `since`, with their contacts. */
export async function download(deps: OutreachDeps & { deviceId: string; since?: string }): Promise<{ records: SyncRecord[]; serverTime: string }> {
  deps.access.requireActor();
  await usableDevice(deps, deps.deviceId);
  return guarded(deps, { anyOf: ['outreach.write'], action: 'outreach.sync', recordType: 'outreach_device', recordId: deps.deviceId }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const from = addDays(italianToday(tx.now), -outreachLimits.downloadDays);
    const since = deps.since ? new Date(new Date(deps.since).getTime() - DOWNLOAD_OVERLAP_MS) : undefined;
    let q = tx.db.selectFrom('outreach_outings').selectAll().where('org_id', '=', orgId).where('outing_date', '>=', from);
    if (since) {
      q = q.where((eb) =>
        eb.or([
          eb('updated_at', '>', since),
          eb.exists(eb.selectFrom('outreach_contacts').select('outreach_contacts.id').whereRef('outreach_contacts.outing_id', '=', 'outreach_outings.id').where('outreach_contacts.updated_at', '>', since)),
        ]),
      );
    }
    const outings = await q.orderBy('outing_date', 'desc').orderBy('id').execute();
    const ids = outings.map((o) => o.id);
    const zones = await outingZones(tx.db, ids);
    const records: SyncRecord[] = [];
    for (const o of outings) records.push(await outingRecord(ctx, o, zones.get(o.id) ?? []));
    // Cancelled contacts are not sent: the staff cancelled them as recorded by mistake.
    const contacts = ids.length > 0 ? await tx.db.selectFrom('outreach_contacts').selectAll().where('outing_id', 'in', ids).where('cancelled_at', 'is', null).orderBy('created_at').orderBy('id').execute() : [];
    records.push(...(await contactRecords(ctx, contacts)));
    await tx.db.updateTable('outreach_devices').set({ last_sync_at: tx.now }).where('id', '=', deps.deviceId).execute();
    await tx.audit({
      action: 'outreach.sync',
      outcome: 'success',
      recordType: 'outreach_device',
      recordId: deps.deviceId,
      fields: [...outingFieldNames, ...contactFieldNames.filter((f) => f !== 'outingId')],
      details: { op: 'download', outings: outings.length, contacts: contacts.length },
    });
    return { records, serverTime: tx.now.toISOString() };
  });
}
