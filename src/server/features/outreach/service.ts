/**
 * Rules of outreach online (the staff pages): outings and their individual contacts, zones, desks
 * and desk sessions, and the contacts-by-zone-and-month counts.
 *
 * - Recording needs outreach.write; everything belongs to the acting organisation and is seen only
 *   by its outreach.write holders. Another organisation's record answers 404 like a missing one.
 * - Coordinators (stats.aggregate) read counts only: the contacts-by-zone view, across the network.
 * - Outings and contacts are checked by records.ts, the same code the sync upload uses: the zod
 *   schemas of src/domain/outreach on the whole record, then team members and zones of the
 *   organisation, individual contacts within the total, a person code the caller can see.
 * - Edits carry the version they were made on; a stale one is a 409 and changes nothing.
 *
 * Every read and write is audited in the same transaction, with field names, never values.
 * Nicknames, traits and notes are encrypted, bound to their row.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { suppress2D } from '../../../domain/monitoring/suppression.ts';
import { PonteError, conflictError, notFound } from '../../platform/errors.ts';
import type { ScopedTx } from '../../platform/access.ts';
import {
  contactFieldNames,
  deskSessionFieldNames,
  deskSessionFieldsSchema,
  outingFieldNames,
  outreachIssueMessages,
  type ContactRecord,
  type DeskFields,
  type DeskSessionFields,
  type OutingFields,
  type OutingRecord,
  type ZoneFields,
  type OpeningSlot,
  type AdviceKind,
  type AgeBand,
  type NationalityGroup,
  type SexGender,
  type DeskKind,
  type UnitKind,
} from '../../../domain/outreach/index.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { personVisibleTo } from '../persons/scope.ts';
import { OutOfReach, guarded, recordCtx, validationError, type OutreachDeps } from './common.ts';
import { contactCancelled, contactDtos, type ContactDto } from './contacts.ts';
import {
  changedFieldNames,
  type Checked,
  type RecordCtx,
  zodErrors,
  checkContact,
  checkOuting,
  contactFieldsOf,
  contactRecords,
  findContact,
  findOuting,
  outingFieldsOf,
  outingRecord,
  outingZones,
  readOuting,
  writeContact,
  writeOuting,
} from './records.ts';

const staleVersion = (): PonteError =>
  conflictError({ it: 'Il record è stato modificato nel frattempo: ricarica e riprova.', en: 'The record was changed meanwhile: reload and try again.', detail: 'stale version' });

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

// =============================================================================================
// Outings

export interface OutingSummary {
  id: string;
  version: number;
  unitKind: OutingRecord['unitKind'];
  unitName: string;
  date: string;
  startTime: string;
  endTime: string;
  provinceCode: string;
  municipality: string;
  totalContacts: number;
  individualContacts: number;
  possibleVictims: number;
  updatedAt: string;
}

export async function listOutings(deps: OutreachDeps & { from?: string; to?: string; unitKind?: UnitKind; unit?: string; zoneId?: string; limit: number }): Promise<{ items: OutingSummary[] }> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'outing.list', recordType: 'outing' }, async (tx, orgId) => {
    let q = tx.db
      .selectFrom('outreach_outings as o')
      .select([
        'o.id', 'o.version', 'o.unit_kind', 'o.unit_name', 'o.outing_date', 'o.start_time', 'o.end_time', 'o.province_code', 'o.municipality', 'o.total_contacts', 'o.updated_at',
        (eb) => eb.selectFrom('outreach_contacts as c').select((e) => e.fn.countAll<string>().as('n')).whereRef('c.outing_id', '=', 'o.id').where('c.cancelled_at', 'is', null).as('individuals'),
        (eb) => eb.selectFrom('outreach_contacts as c').select((e) => e.fn.countAll<string>().as('n')).whereRef('c.outing_id', '=', 'o.id').where('c.cancelled_at', 'is', null).where('c.possible_victim', '=', true).as('victims'),
      ])
      .where('o.org_id', '=', orgId);
    if (deps.from) q = q.where('o.outing_date', '>=', deps.from);
    if (deps.to) q = q.where('o.outing_date', '<=', deps.to);
    if (deps.unitKind) q = q.where('o.unit_kind', '=', deps.unitKind);
    if (deps.unit) q = q.where(sql<boolean>`strpos(lower(o.unit_name), ${deps.unit.toLowerCase()}) > 0`);
    const zoneId = deps.zoneId;
    if (zoneId) q = q.where((eb) => eb.exists(eb.selectFrom('outreach_outing_zones as oz').select('oz.zone_id').whereRef('oz.outing_id', '=', 'o.id').where('oz.zone_id', '=', zoneId)));
    const rows = await q.orderBy('o.outing_date', 'desc').orderBy('o.start_time', 'desc').orderBy('o.id').limit(deps.limit).execute();
    await tx.audit({ action: 'outing.list', outcome: 'success', recordType: 'outing', fields: ['unit', 'date', 'place', 'totalContacts'], details: { count: rows.length, filtered: !!(deps.unitKind || deps.unit || deps.zoneId) } });
    return {
      items: rows.map((r) => ({
        id: r.id,
        version: r.version,
        unitKind: r.unit_kind,
        unitName: r.unit_name,
        date: r.outing_date,
        startTime: r.start_time,
        endTime: r.end_time,
        provinceCode: r.province_code,
        municipality: r.municipality,
        totalContacts: r.total_contacts,
        individualContacts: Number(r.individuals ?? 0),
        possibleVictims: Number(r.victims ?? 0),
        updatedAt: iso(r.updated_at),
      })),
    };
  });
}

export interface OutingDetail extends OutingRecord {
  /** Every contact of the outing, cancelled ones included (marked). */
  contacts: ContactDto[];
}

async function outingDetail(deps: OutreachDeps, tx: ScopedTx, orgId: string, id: string): Promise<OutingDetail> {
  const ctx = recordCtx(deps, tx, orgId);
  const outing = await readOuting(ctx, id);
  if (!outing) throw new OutOfReach('outing not found');
  const rows = await tx.db.selectFrom('outreach_contacts').selectAll().where('outing_id', '=', id).orderBy('created_at').orderBy('id').execute();
  const contacts = await contactDtos(ctx, rows);
  return { ...outing, contacts };
}

export async function getOuting(deps: OutreachDeps & { outingId: string }): Promise<OutingDetail> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'outing.read', recordType: 'outing', recordId: deps.outingId }, async (tx, orgId) => {
    const dto = await outingDetail(deps, tx, orgId, deps.outingId);
    await tx.audit({ action: 'outing.read', outcome: 'success', recordType: 'outing', recordId: dto.id, fields: [...outingFieldNames, 'contacts'], details: { contacts: dto.contacts.length } });
    return dto;
  });
}

export async function createOuting(deps: OutreachDeps & { input: OutingFields }): Promise<OutingDetail> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'outing.write', recordType: 'outing' }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const checked = await checkOuting(ctx, deps.input);
    if (!checked.ok) throw validationError(checked.fields);
    const id = randomUUID();
    await writeOuting(ctx, id, checked.value);
    await tx.audit({ action: 'outing.write', outcome: 'success', recordType: 'outing', recordId: id, fields: [...outingFieldNames], details: { op: 'create' } });
    return outingDetail(deps, tx, orgId, id);
  });
}

export async function updateOuting(deps: OutreachDeps & { outingId: string; input: Partial<OutingFields> & { version: number } }): Promise<OutingDetail> {
  const { outingId } = deps;
  return guarded(deps, { anyOf: ['outreach.write'], action: 'outing.write', recordType: 'outing', recordId: outingId }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const row = await findOuting(tx.db, outingId, { forUpdate: true });
    if (!row || row.org_id !== orgId) throw new OutOfReach('outing not found');
    if (row.version !== deps.input.version) throw staleVersion();
    const current = outingFieldsOf(await outingRecord(ctx, row, (await outingZones(tx.db, [outingId])).get(outingId) ?? []));
    const { version: _version, ...changes } = deps.input;
    const checked = await checkOuting(ctx, { ...current, ...changes }, outingId);
    if (!checked.ok) throw validationError(checked.fields);
    const changed = changedFieldNames(current, checked.value, outingFieldNames);
    if (changed.length > 0) {
      await writeOuting(ctx, outingId, checked.value, row);
      await tx.audit({ action: 'outing.write', outcome: 'success', recordType: 'outing', recordId: outingId, fields: changed, details: { op: 'update' } });
    }
    return outingDetail(deps, tx, orgId, outingId);
  });
}

// =============================================================================================
// Individual contacts

async function contactDto(ctx: ReturnType<typeof recordCtx>, id: string): Promise<ContactDto> {
  const row = await findContact(ctx.tx.db, id);
  if (!row) throw notFound('contact');
  return (await contactDtos(ctx, [row]))[0] as ContactDto;
}

type ContactInput = Omit<ContactRecord, 'kind' | 'id' | 'version' | 'updatedAt' | 'outingId'>;

export async function createContact(deps: OutreachDeps & { outingId: string; input: ContactInput }): Promise<ContactDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'contact.write', recordType: 'outing', recordId: deps.outingId }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const outing = await findOuting(tx.db, deps.outingId);
    if (!outing || outing.org_id !== orgId) throw new OutOfReach('outing not found');
    const checked = await checkContact(ctx, { ...deps.input, outingId: deps.outingId });
    if (!checked.ok) throw validationError(checked.fields);
    const id = randomUUID();
    await writeContact(ctx, id, checked.value);
    await tx.audit({
      action: 'contact.write', outcome: 'success', recordType: 'outreach_contact', recordId: id, fields: [...contactFieldNames],
      details: { op: 'create', outingId: deps.outingId, linkedPerson: !!checked.value.personId },
    });
    return contactDto(ctx, id);
  });
}

export async function updateContact(deps: OutreachDeps & { contactId: string; input: Partial<ContactInput> & { version: number } }): Promise<ContactDto> {
  const { contactId } = deps;
  return guarded(deps, { anyOf: ['outreach.write'], action: 'contact.write', recordType: 'outreach_contact', recordId: contactId }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const row = await findContact(tx.db, contactId, { forUpdate: true });
    if (!row || row.org_id !== orgId) throw new OutOfReach('contact not found');
    if (row.cancelled_at) throw contactCancelled();
    if (row.version !== deps.input.version) throw staleVersion();
    const current = contactFieldsOf((await contactRecords(ctx, [row]))[0] as ContactRecord);
    const { version: _version, ...changes } = deps.input;
    const checked = await checkContact(ctx, { ...current, ...changes }, contactId);
    if (!checked.ok) throw validationError(checked.fields);
    const changed = changedFieldNames(current, checked.value.fields, contactFieldNames);
    if (changed.length > 0) {
      await writeContact(ctx, contactId, checked.value, row);
      await tx.audit({
        action: 'contact.write', outcome: 'success', recordType: 'outreach_contact', recordId: contactId, fields: changed,
        details: { op: 'update', outingId: row.outing_id, linkedPerson: !!checked.value.personId },
      });
    }
    return contactDto(ctx, contactId);
  });
}

// =============================================================================================
// Zones

export interface ZoneDto extends ZoneFields {
  id: string;
  version: number;
}

function zoneExists(): PonteError {
  const m = outreachIssueMessages.zoneExists;
  return new PonteError({ code: 'conflict', detail: 'zone exists', message: { it: m.it, en: m.en } });
}

async function sameZoneName(tx: ScopedTx, orgId: string, z: ZoneFields, exceptId?: string): Promise<boolean> {
  let q = tx.db
    .selectFrom('outreach_zones')
    .select('id')
    .where('org_id', '=', orgId)
    .where('province_code', '=', z.provinceCode)
    .where(sql<string>`lower(municipality)`, '=', z.municipality.toLowerCase())
    .where(sql<string>`lower(name)`, '=', z.name.toLowerCase());
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function listZones(deps: OutreachDeps): Promise<{ items: ZoneDto[] }> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'zone.list', recordType: 'outreach_zone' }, async (tx, orgId) => {
    const rows = await tx.db.selectFrom('outreach_zones').selectAll().where('org_id', '=', orgId).orderBy('province_code').orderBy('municipality').orderBy('name').execute();
    await tx.audit({ action: 'zone.list', outcome: 'success', recordType: 'outreach_zone', fields: ['name', 'provinceCode', 'municipality'], details: { count: rows.length } });
    return { items: rows.map((r) => ({ id: r.id, version: r.version, name: r.name, provinceCode: r.province_code, municipality: r.municipality })) };
  });
}

export async function createZone(deps: OutreachDeps & { input: ZoneFields }): Promise<ZoneDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'zone.write', recordType: 'outreach_zone' }, async (tx, orgId) => {
    const z = deps.input;
    if (await sameZoneName(tx, orgId, z)) throw zoneExists();
    const row = await tx.db
      .insertInto('outreach_zones')
      .values({ org_id: orgId, name: z.name, province_code: z.provinceCode, municipality: z.municipality, created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'zone.write', outcome: 'success', recordType: 'outreach_zone', recordId: row.id, fields: ['name', 'provinceCode', 'municipality'], details: { op: 'create' } });
    return { id: row.id, version: row.version, name: row.name, provinceCode: row.province_code, municipality: row.municipality };
  });
}

export async function updateZone(deps: OutreachDeps & { zoneId: string; input: Partial<ZoneFields> & { version: number } }): Promise<ZoneDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'zone.write', recordType: 'outreach_zone', recordId: deps.zoneId }, async (tx, orgId) => {
    const row = await tx.db.selectFrom('outreach_zones').selectAll().where('id', '=', deps.zoneId).forUpdate().executeTakeFirst();
    if (!row || row.org_id !== orgId) throw new OutOfReach('zone not found');
    if (row.version !== deps.input.version) throw staleVersion();
    const next: ZoneFields = {
      name: deps.input.name ?? row.name,
      provinceCode: deps.input.provinceCode ?? row.province_code,
      municipality: deps.input.municipality ?? row.municipality,
    };
    if (await sameZoneName(tx, orgId, next, row.id)) throw zoneExists();
    const used = next.provinceCode !== row.province_code || next.municipality.toLowerCase() !== row.municipality.toLowerCase();
    if (used && (await tx.db.selectFrom('outreach_outing_zones').select('zone_id').where('zone_id', '=', row.id).executeTakeFirst())) {
      throw conflictError({
        it: 'La zona è già usata in alcune uscite: non si può spostare in un altro comune.',
        en: 'The zone is already used by outings: it cannot move to another municipality.',
        detail: 'zone in use',
      });
    }
    const done = await tx.db
      .updateTable('outreach_zones')
      .set({ name: next.name, province_code: next.provinceCode, municipality: next.municipality, updated_at: tx.now, version: row.version + 1 })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'zone.write', outcome: 'success', recordType: 'outreach_zone', recordId: row.id, fields: Object.keys(deps.input).filter((k) => k !== 'version').sort(), details: { op: 'update' } });
    return { id: done.id, version: done.version, name: done.name, provinceCode: done.province_code, municipality: done.municipality };
  });
}

// =============================================================================================
// Desks and sessions

export interface DeskDto {
  id: string;
  version: number;
  name: string;
  kind: DeskKind;
  provinceCode: string;
  municipality: string;
  openingHours: OpeningSlot[];
  sessions: number;
  interviews: number;
}

function deskDto(r: { id: string; version: number; name: string; kind: DeskKind; province_code: string; municipality: string; opening_hours: Array<{ weekday: number; from: string; to: string }> }, totals?: { sessions: number; interviews: number }): DeskDto {
  return {
    id: r.id, version: r.version, name: r.name, kind: r.kind, provinceCode: r.province_code, municipality: r.municipality,
    openingHours: r.opening_hours as OpeningSlot[], sessions: totals?.sessions ?? 0, interviews: totals?.interviews ?? 0,
  };
}

function sortSlots(slots: readonly OpeningSlot[]): OpeningSlot[] {
  return [...slots].sort((a, b) => a.weekday - b.weekday || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** Sessions held and interviews counted per desk of the organisation; cancelled sessions count nowhere. */
async function deskTotals(tx: ScopedTx, orgId: string, deskId?: string): Promise<Map<string, { sessions: number; interviews: number }>> {
  let q = tx.db
    .selectFrom('outreach_desk_sessions')
    .select(['desk_id', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('interviews').as('i')])
    .where('org_id', '=', orgId)
    .where('cancelled_at', 'is', null);
  if (deskId) q = q.where('desk_id', '=', deskId);
  const totals = await q.groupBy('desk_id').execute();
  return new Map(totals.map((t) => [t.desk_id, { sessions: Number(t.n), interviews: Number(t.i ?? 0) }]));
}

export async function listDesks(deps: OutreachDeps): Promise<{ items: DeskDto[] }> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk.list', recordType: 'outreach_desk' }, async (tx, orgId) => {
    const rows = await tx.db.selectFrom('outreach_desks').selectAll().where('org_id', '=', orgId).orderBy('name').execute();
    const byDesk = await deskTotals(tx, orgId);
    await tx.audit({ action: 'desk.list', outcome: 'success', recordType: 'outreach_desk', fields: ['name', 'kind', 'place', 'openingHours'], details: { count: rows.length } });
    return { items: rows.map((r) => deskDto(r, byDesk.get(r.id))) };
  });
}

/** One desk of the organisation with its totals (outreach.write). */
export async function getDesk(deps: OutreachDeps & { deskId: string }): Promise<DeskDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk.read', recordType: 'outreach_desk', recordId: deps.deskId }, async (tx, orgId) => {
    const row = await tx.db.selectFrom('outreach_desks').selectAll().where('id', '=', deps.deskId).executeTakeFirst();
    if (!row || row.org_id !== orgId) throw new OutOfReach('desk not found');
    const totals = await deskTotals(tx, orgId, row.id);
    await tx.audit({ action: 'desk.read', outcome: 'success', recordType: 'outreach_desk', recordId: row.id, fields: ['name', 'kind', 'place', 'openingHours'] });
    return deskDto(row, totals.get(row.id));
  });
}

export async function createDesk(deps: OutreachDeps & { input: DeskFields }): Promise<DeskDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk.write', recordType: 'outreach_desk' }, async (tx, orgId) => {
    const d = deps.input;
    const row = await tx.db
      .insertInto('outreach_desks')
      .values({
        org_id: orgId, name: d.name, kind: d.kind, province_code: d.provinceCode, municipality: d.municipality,
        opening_hours: JSON.stringify(sortSlots(d.openingHours)), created_by: tx.actor.userId, created_at: tx.now, updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'desk.write', outcome: 'success', recordType: 'outreach_desk', recordId: row.id, fields: ['name', 'kind', 'provinceCode', 'municipality', 'openingHours'], details: { op: 'create' } });
    return deskDto(row);
  });
}

export async function updateDesk(deps: OutreachDeps & { deskId: string; input: Partial<DeskFields> & { version: number } }): Promise<DeskDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk.write', recordType: 'outreach_desk', recordId: deps.deskId }, async (tx, orgId) => {
    const row = await tx.db.selectFrom('outreach_desks').selectAll().where('id', '=', deps.deskId).forUpdate().executeTakeFirst();
    if (!row || row.org_id !== orgId) throw new OutOfReach('desk not found');
    if (row.version !== deps.input.version) throw staleVersion();
    const i = deps.input;
    const done = await tx.db
      .updateTable('outreach_desks')
      .set({
        ...(i.name !== undefined ? { name: i.name } : {}),
        ...(i.kind !== undefined ? { kind: i.kind } : {}),
        ...(i.provinceCode !== undefined ? { province_code: i.provinceCode } : {}),
        ...(i.municipality !== undefined ? { municipality: i.municipality } : {}),
        ...(i.openingHours !== undefined ? { opening_hours: JSON.stringify(sortSlots(i.openingHours)) } : {}),
        updated_at: tx.now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'desk.write', outcome: 'success', recordType: 'outreach_desk', recordId: row.id, fields: Object.keys(i).filter((k) => k !== 'version').sort(), details: { op: 'update' } });
    return deskDto(done, (await deskTotals(tx, orgId, row.id)).get(row.id));
  });
}

export interface DeskSessionDto {
  id: string;
  version: number;
  deskId: string;
  date: string;
  startTime: string;
  endTime: string;
  workerUserId: string;
  workerName: string | null;
  interviews: number;
  advice: Record<AdviceKind, number>;
  /** Breakdowns of the interviews, null when not recorded (same lists and shape as an outing's). */
  bySex: Record<SexGender, number> | null;
  byAge: Record<AgeBand, number> | null;
  byNationality: Record<NationalityGroup, number> | null;
  personCodes: string[];
  createdAt: string;
  /** Set when the session was cancelled as recorded by mistake: it then counts nowhere. */
  cancelledAt: string | null;
}

async function sessionDtos(tx: ScopedTx, ids: readonly string[]): Promise<DeskSessionDto[]> {
  if (ids.length === 0) return [];
  const rows = await tx.db
    .selectFrom('outreach_desk_sessions as s')
    .leftJoin('users as u', 'u.id', 's.worker_user_id')
    .selectAll('s')
    .select('u.display_name')
    .where('s.id', 'in', [...ids])
    .orderBy('s.session_date', 'desc')
    .orderBy('s.start_time', 'desc')
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
  const persons = await tx.db
    .selectFrom('outreach_desk_session_persons as sp')
    .innerJoin('persons as p', 'p.id', 'sp.person_id')
    .select(['sp.session_id', 'p.code'])
    .where('sp.session_id', 'in', [...ids])
    .orderBy('p.code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    deskId: r.desk_id,
    date: r.session_date,
    startTime: r.start_time,
    endTime: r.end_time,
    workerUserId: r.worker_user_id,
    workerName: r.display_name,
    interviews: r.interviews,
    advice: r.advice,
    bySex: (r.by_sex as Record<SexGender, number> | null) ?? null,
    byAge: (r.by_age as Record<AgeBand, number> | null) ?? null,
    byNationality: (r.by_nationality as Record<NationalityGroup, number> | null) ?? null,
    personCodes: persons.filter((p) => p.session_id === r.id).map((p) => p.code),
    createdAt: iso(r.created_at),
    cancelledAt: r.cancelled_at ? iso(r.cancelled_at) : null,
  }));
}

const breakdownNames = ['bySex', 'byAge', 'byNationality'] as const;

/** The session's breakdown columns as stored: the outing's JSON shape, or NULL when not recorded. */
function breakdownColumns(s: DeskSessionFields): { by_sex: string | null; by_age: string | null; by_nationality: string | null } {
  const json = (v: Readonly<Record<string, number>> | null | undefined) => (v ? JSON.stringify(v) : null);
  return { by_sex: json(s.bySex), by_age: json(s.byAge), by_nationality: json(s.byNationality) };
}

async function ownDesk(tx: ScopedTx, orgId: string, deskId: string): Promise<void> {
  const desk = await tx.db.selectFrom('outreach_desks').select(['id', 'org_id']).where('id', '=', deskId).executeTakeFirst();
  if (!desk || desk.org_id !== orgId) throw new OutOfReach('desk not found');
}

/**
 * A desk's sessions, newest first (date, start, recording time, id: a total order), one page at a
 * time: `before` is the last session of the page already shown, and must be one of this desk's
 * sessions (otherwise 404, as for a desk out of reach).
 */
export async function listDeskSessions(deps: OutreachDeps & { deskId: string; limit: number; before?: string }): Promise<{ items: DeskSessionDto[]; hasMore: boolean }> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk_session.list', recordType: 'outreach_desk', recordId: deps.deskId }, async (tx, orgId) => {
    await ownDesk(tx, orgId, deps.deskId);
    let q = tx.db.selectFrom('outreach_desk_sessions').select('id').where('desk_id', '=', deps.deskId);
    if (deps.before) {
      const last = await tx.db.selectFrom('outreach_desk_sessions').select('id').where('id', '=', deps.before).where('desk_id', '=', deps.deskId).executeTakeFirst();
      if (!last) throw new OutOfReach('session not found');
      // Compared in SQL, not through JavaScript values: timestamps keep their microseconds.
      q = q.where(
        sql<boolean>`(session_date, start_time, created_at, id) < (select b.session_date, b.start_time, b.created_at, b.id from outreach_desk_sessions b where b.id = ${last.id})`,
      );
    }
    const ids = await q
      .orderBy('session_date', 'desc')
      .orderBy('start_time', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(deps.limit + 1)
      .execute();
    const hasMore = ids.length > deps.limit;
    const items = await sessionDtos(tx, ids.slice(0, deps.limit).map((r) => r.id));
    await tx.audit({
      action: 'desk_session.list', outcome: 'success', recordType: 'outreach_desk', recordId: deps.deskId,
      fields: ['date', 'hours', 'worker', 'interviews', 'advice', 'bySex', 'byAge', 'byNationality', 'personCodes'], details: { count: items.length, ...(deps.before ? { before: deps.before } : {}) },
    });
    return { items, hasMore };
  });
}

/**
 * A whole session checked: the schema's rules, then what needs the database — not in the future
 * (Italian calendar), the worker a member of the organisation, every person code one the caller
 * may see (persons.read, scope of persons/scope.ts). Field errors in the caller's language.
 */
async function checkSession(ctx: RecordCtx, input: unknown): Promise<Checked<{ fields: DeskSessionFields; personIds: string[] }>> {
  const parsed = deskSessionFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: zodErrors(ctx, parsed.error) };
  const s = parsed.data;
  const { tx, orgId, locale } = ctx;
  const m = outreachIssueMessages;
  const fields: Record<string, string> = {};
  if (s.date > italianToday(tx.now)) fields.date = issueMessages.dateInFuture[locale];
  const member = await tx.db.selectFrom('memberships').select('user_id').where('organisation_id', '=', orgId).where('user_id', '=', s.workerUserId).executeTakeFirst();
  if (!member) fields.workerUserId = m.notATeamMember[locale];
  const personIds: string[] = [];
  if (s.personCodes.length > 0) {
    const found = tx.actor.permissions.has('persons.read')
      ? await tx.db.selectFrom('persons').select(['persons.id', 'persons.code']).where('persons.code', 'in', s.personCodes).where((eb) => personVisibleTo(eb, orgId)).execute()
      : [];
    const byCode = new Map(found.map((p) => [p.code, p.id]));
    s.personCodes.forEach((code, i) => {
      const id = byCode.get(code);
      if (id) personIds.push(id);
      else fields[`personCodes.${i}`] ??= m.unknownPersonCode[locale];
    });
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: { fields: s, personIds } };
}

export async function createDeskSession(deps: OutreachDeps & { deskId: string; input: DeskSessionFields }): Promise<DeskSessionDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk_session.write', recordType: 'outreach_desk', recordId: deps.deskId }, async (tx, orgId) => {
    await ownDesk(tx, orgId, deps.deskId);
    const checked = await checkSession(recordCtx(deps, tx, orgId), deps.input);
    if (!checked.ok) throw validationError(checked.fields);
    const { fields: s, personIds } = checked.value;
    const row = await tx.db
      .insertInto('outreach_desk_sessions')
      .values({
        desk_id: deps.deskId, org_id: orgId, session_date: s.date, start_time: s.startTime, end_time: s.endTime, worker_user_id: s.workerUserId,
        interviews: s.interviews, advice: JSON.stringify(s.advice), ...breakdownColumns(s), created_by: tx.actor.userId, created_at: tx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (personIds.length > 0) await tx.db.insertInto('outreach_desk_session_persons').values(personIds.map((person_id) => ({ session_id: row.id, person_id }))).execute();
    await tx.audit({
      action: 'desk_session.write', outcome: 'success', recordType: 'outreach_desk_session', recordId: row.id,
      fields: ['date', 'startTime', 'endTime', 'workerUserId', 'interviews', 'advice', ...breakdownNames.filter((k) => s[k]), ...(personIds.length > 0 ? ['personCodes'] : [])],
      details: { op: 'create', deskId: deps.deskId, linkedPersons: personIds.length },
    });
    const [dto] = await sessionDtos(tx, [row.id]);
    if (!dto) throw notFound('session');
    return dto;
  });
}

/** The session row, locked, if it belongs to the organisation; a stale version is a 409, a cancelled session cannot change. */
async function lockedSession(tx: ScopedTx, orgId: string, sessionId: string, version: number) {
  const row = await tx.db.selectFrom('outreach_desk_sessions').selectAll().where('id', '=', sessionId).forUpdate().executeTakeFirst();
  if (!row || row.org_id !== orgId) throw new OutOfReach('session not found');
  if (row.cancelled_at) {
    const m = outreachIssueMessages.sessionCancelled;
    throw conflictError({ it: m.it, en: m.en, detail: 'session cancelled' });
  }
  if (row.version !== version) throw staleVersion();
  return row;
}

/** Correct a session recorded wrongly (outreach.write; version required): the whole session is checked again. */
export async function updateDeskSession(deps: OutreachDeps & { sessionId: string; input: Partial<DeskSessionFields> & { version: number } }): Promise<DeskSessionDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk_session.write', recordType: 'outreach_desk_session', recordId: deps.sessionId }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const row = await lockedSession(tx, orgId, deps.sessionId, deps.input.version);
    const [current] = await sessionDtos(tx, [row.id]);
    if (!current) throw new OutOfReach('session not found');
    const before: DeskSessionFields = {
      date: current.date, startTime: current.startTime, endTime: current.endTime, workerUserId: current.workerUserId,
      interviews: current.interviews, advice: current.advice, bySex: current.bySex, byAge: current.byAge, byNationality: current.byNationality,
      personCodes: current.personCodes,
    };
    const { version: _version, ...changes } = deps.input;
    const checked = await checkSession(ctx, { ...before, ...changes });
    if (!checked.ok) throw validationError(checked.fields);
    const { fields: s, personIds } = checked.value;
    const after: DeskSessionFields = { ...s, bySex: s.bySex ?? null, byAge: s.byAge ?? null, byNationality: s.byNationality ?? null, personCodes: [...s.personCodes].sort() };
    const changed = changedFieldNames({ ...before, personCodes: [...before.personCodes].sort() }, after, deskSessionFieldNames);
    if (changed.length > 0) {
      await tx.db
        .updateTable('outreach_desk_sessions')
        .set({
          session_date: s.date, start_time: s.startTime, end_time: s.endTime, worker_user_id: s.workerUserId, interviews: s.interviews,
          advice: JSON.stringify(s.advice), ...breakdownColumns(s), version: row.version + 1, updated_by: tx.actor.userId, updated_at: tx.now,
        })
        .where('id', '=', row.id)
        .execute();
      if (changed.includes('personCodes')) {
        await tx.db.deleteFrom('outreach_desk_session_persons').where('session_id', '=', row.id).execute();
        if (personIds.length > 0) await tx.db.insertInto('outreach_desk_session_persons').values(personIds.map((person_id) => ({ session_id: row.id, person_id }))).execute();
      }
      await tx.audit({
        action: 'desk_session.write', outcome: 'success', recordType: 'outreach_desk_session', recordId: row.id, fields: changed,
        details: { op: 'update', deskId: row.desk_id, linkedPersons: personIds.length },
      });
    }
    const [dto] = await sessionDtos(tx, [row.id]);
    if (!dto) throw notFound('session');
    return dto;
  });
}

/** Cancel a session recorded by mistake (outreach.write; version required). Kept, marked, and counted nowhere. */
export async function cancelDeskSession(deps: OutreachDeps & { sessionId: string; version: number }): Promise<DeskSessionDto> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'desk_session.write', recordType: 'outreach_desk_session', recordId: deps.sessionId }, async (tx, orgId) => {
    const row = await lockedSession(tx, orgId, deps.sessionId, deps.version);
    await tx.db
      .updateTable('outreach_desk_sessions')
      .set({ cancelled_at: tx.now, cancelled_by: tx.actor.userId, version: row.version + 1, updated_by: tx.actor.userId, updated_at: tx.now })
      .where('id', '=', row.id)
      .execute();
    await tx.audit({ action: 'desk_session.write', outcome: 'success', recordType: 'outreach_desk_session', recordId: row.id, fields: ['cancelledAt'], details: { op: 'cancel', deskId: row.desk_id } });
    const [dto] = await sessionDtos(tx, [row.id]);
    if (!dto) throw notFound('session');
    return dto;
  });
}

// =============================================================================================
// Contacts by zone and by month (counts)

export interface ZoneMonthRow {
  zoneId: string | null;
  zoneName: string | null;
  provinceCode: string;
  municipality: string;
  organisationName: string | null;
  /** null: hidden by small-cell protection (network scope only) */
  months: Record<string, number | null>;
  total: number | null;
}

export interface ContactsByZone {
  months: string[];
  rows: ZoneMonthRow[];
  totals: Record<string, number | null>;
  total: number | null;
  scope: 'organisation' | 'network';
  /** the k of small-cell protection, when the figures were protected (network scope) */
  k: number | null;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while ((y < ty || (y === ty && m <= tm)) && out.length < 120) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * Contacts by zone and month over [from, to] (YYYY-MM): the organisation's for outreach.write
 * holders; the whole network's for stats.aggregate holders (counts only, named by organisation).
 * Contacts of outings with no zone are counted under their municipality.
 */
export async function contactsByZone(deps: OutreachDeps & { from: string; to: string; k: number }): Promise<ContactsByZone> {
  return guarded(deps, { anyOf: ['outreach.write', 'stats.aggregate'], action: 'outreach.stats', recordType: 'outreach_zone' }, async (tx, orgId) => {
    const network = tx.actor.permissions.has('stats.aggregate');
    const months = monthsBetween(deps.from, deps.to);
    const start = `${deps.from}-01`;
    const [ly, lm] = deps.to.split('-').map(Number) as [number, number];
    const end = lm === 12 ? `${ly + 1}-01-01` : `${ly}-${String(lm + 1).padStart(2, '0')}-01`;
    const orgFilter = network ? sql`` : sql`and oz.org_id = ${orgId}`;
    const orgFilterO = network ? sql`` : sql`and o.org_id = ${orgId}`;
    const zoned = await sql<{ zone_id: string; month: string; contacts: string }>`
      select oz.zone_id, to_char(oz.outing_date, 'YYYY-MM') as month, sum(oz.contacts)::text as contacts
      from outreach_outing_zones oz
      where oz.outing_date >= ${start}::date and oz.outing_date < ${end}::date ${orgFilter}
      group by oz.zone_id, to_char(oz.outing_date, 'YYYY-MM')`.execute(tx.db);
    const unzoned = await sql<{ org_id: string; province_code: string; municipality: string; month: string; contacts: string }>`
      select o.org_id, o.province_code, min(o.municipality) as municipality, to_char(o.outing_date, 'YYYY-MM') as month, sum(o.total_contacts)::text as contacts
      from outreach_outings o
      where o.outing_date >= ${start}::date and o.outing_date < ${end}::date ${orgFilterO}
        and not exists (select 1 from outreach_outing_zones oz where oz.outing_id = o.id)
      group by o.org_id, o.province_code, lower(o.municipality), to_char(o.outing_date, 'YYYY-MM')`.execute(tx.db);
    const zoneIds = [...new Set(zoned.rows.map((r) => r.zone_id))];
    const zones = zoneIds.length > 0 ? await tx.db.selectFrom('outreach_zones').select(['id', 'name', 'province_code', 'municipality', 'org_id']).where('id', 'in', zoneIds).execute() : [];
    const orgIds = [...new Set([...zones.map((z) => z.org_id), ...unzoned.rows.map((r) => r.org_id)])];
    const orgNames = new Map(
      (orgIds.length > 0 ? await tx.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute() : []).map((o) => [o.id, o.name]),
    );
    type CountRow = Omit<ZoneMonthRow, 'months' | 'total'> & { months: Record<string, number>; total: number };
    const rows = new Map<string, CountRow>();
    const totals: Record<string, number> = Object.fromEntries(months.map((mo) => [mo, 0]));
    let total = 0;
    const add = (key: string, base: Omit<ZoneMonthRow, 'months' | 'total'>, month: string, n: number): void => {
      const row = rows.get(key) ?? { ...base, months: Object.fromEntries(months.map((mo) => [mo, 0])), total: 0 };
      row.months[month] = (row.months[month] ?? 0) + n;
      row.total += n;
      totals[month] = (totals[month] ?? 0) + n;
      total += n;
      rows.set(key, row);
    };
    const zoneById = new Map(zones.map((z) => [z.id, z]));
    for (const r of zoned.rows) {
      const z = zoneById.get(r.zone_id);
      if (!z) continue;
      add(`z:${z.id}`, { zoneId: z.id, zoneName: z.name, provinceCode: z.province_code, municipality: z.municipality, organisationName: network ? (orgNames.get(z.org_id) ?? null) : null }, r.month, Number(r.contacts));
    }
    for (const r of unzoned.rows) {
      add(`m:${r.org_id}:${r.province_code}:${r.municipality.toLowerCase()}`, { zoneId: null, zoneName: null, provinceCode: r.province_code, municipality: r.municipality, organisationName: network ? (orgNames.get(r.org_id) ?? null) : null }, r.month, Number(r.contacts));
    }
    const sorted = [...rows.values()].sort((a, b) => b.total - a.total || (a.municipality + (a.zoneName ?? '')).localeCompare(b.municipality + (b.zoneName ?? ''), 'it'));
    await tx.audit({ action: 'outreach.stats', outcome: 'success', recordType: 'outreach_zone', fields: ['contacts'], details: { from: deps.from, to: deps.to, scope: network ? 'network' : 'organisation', rows: sorted.length } });
    if (!network || sorted.length === 0) return { months, rows: sorted, totals, total, scope: network ? 'network' : 'organisation', k: null };
    // Across the network the caller reads no outing of the other bodies: the zone × month table
    // leaves with small-cell protection (cells, row and column totals, grand total), as the
    // observatory's figures do (src/domain/monitoring/suppression.ts).
    const safe = suppress2D({ cells: sorted.map((r) => months.map((m) => r.months[m] ?? 0)), k: deps.k });
    return {
      months,
      rows: sorted.map((r, i) => ({
        ...r,
        months: Object.fromEntries(months.map((m, j) => [m, safe.cells[i]?.[j] ?? null])),
        total: safe.rowTotals[i] ?? null,
      })),
      totals: Object.fromEntries(months.map((m, j) => [m, safe.colTotals[j] ?? null])),
      total: safe.total,
      scope: 'network',
      k: deps.k,
    };
  });
}

// =============================================================================================
// The team an outing may name: active users of the organisation (names only)

export interface TeamMemberDto {
  userId: string;
  displayName: string;
}

/** Active members of the organisation, to choose an outing's team from (outreach.write). */
export async function listTeam(deps: OutreachDeps): Promise<{ items: TeamMemberDto[] }> {
  return guarded(deps, { anyOf: ['outreach.write'], action: 'user.list', recordType: 'outreach_team' }, async (tx, orgId) => {
    const rows = await tx.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.display_name'])
      .where('memberships.organisation_id', '=', orgId)
      .where('users.is_active', '=', true)
      .distinct()
      .orderBy('users.display_name')
      .orderBy('users.id')
      .execute();
    await tx.audit({ action: 'user.list', outcome: 'success', recordType: 'outreach_team', fields: ['displayName'], details: { count: rows.length } });
    return { items: rows.map((r) => ({ userId: r.id, displayName: r.display_name })) };
  });
}
