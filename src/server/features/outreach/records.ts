/**
 * Outings and individual contacts: read, validate and write one record. Shared by the online
 * endpoints (service.ts) and the sync upload (sync.ts), so a change is checked the same way
 * whichever door it comes through: the zod schemas of src/domain/outreach on the whole merged
 * record, then the rules that need the database (team members and zones of the organisation,
 * individual contacts within the outing's total, a person code the caller can see).
 *
 * Everything here runs inside the caller's transaction and scope (the acting organisation);
 * auditing is the caller's job.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import type { OutreachContactsTable, OutreachOutingZonesTable, OutreachOutingsTable } from '../../../db/schema-outreach.ts';
import type { ScopedTx } from '../../platform/access.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import type { Locale } from '../../platform/i18n.ts';
import { localizeIssue } from '../../platform/validation-messages.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import {
  contactFieldNames,
  contactFieldsSchema,
  outingFieldNames,
  outingFieldsSchema,
  outreachIssueMessages as msg,
  sameValue,
  type ContactFields,
  type ContactRecord,
  type OutingFields,
  type OutingRecord,
} from '../../../domain/outreach/index.ts';
import { personVisibleTo } from '../persons/scope.ts';
import { outreachColumns } from './encrypted.ts';

type Db = Kysely<DB> | Transaction<DB>;
type Column = { table: string; column: string };
export type OutingRow = Selectable<OutreachOutingsTable>;
export type ContactRow = Selectable<OutreachContactsTable>;

export interface RecordCtx {
  tx: ScopedTx;
  cipher: FieldCipher;
  orgId: string;
  locale: Locale;
}

/** Field errors of a refused record: path → message in the user's language. */
export type FieldErrors = Record<string, string>;

export type Checked<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors };

export async function seal(ctx: RecordCtx, column: Column, rowId: string, plaintext: string | null | undefined): Promise<string | null> {
  if (!plaintext) return null;
  return ctx.cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: ctx.tx.db });
}

export async function open(ctx: RecordCtx, column: Column, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return ctx.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: ctx.tx.db });
}

function message(ctx: RecordCtx, m: { it: string; en: string }): string {
  return m[ctx.locale];
}

export function zodErrors(ctx: RecordCtx, error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (out[path]) continue;
    const { code, message: text, ...params } = issue as unknown as { code: string; message: string } & Record<string, unknown>;
    out[path] = localizeIssue({ code, message: text, params, locale: ctx.locale });
  }
  return out;
}

/** Zones in a stable order (plain code-unit order of the ids). */
export function byZoneId(a: { zoneId: string }, b: { zoneId: string }): number {
  return a.zoneId < b.zoneId ? -1 : a.zoneId > b.zoneId ? 1 : 0;
}

// --- outings ---------------------------------------------------------------------------------------

export async function findOuting(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<OutingRow | undefined> {
  const q = db.selectFrom('outreach_outings').selectAll().where('id', '=', id);
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function outingZones(db: Db, outingIds: readonly string[]): Promise<Map<string, Array<{ zoneId: string; contacts: number }>>> {
  const out = new Map<string, Array<{ zoneId: string; contacts: number }>>();
  if (outingIds.length === 0) return out;
  const rows = await db.selectFrom('outreach_outing_zones').select(['outing_id', 'zone_id', 'contacts']).where('outing_id', 'in', [...outingIds]).orderBy('outing_id').orderBy('zone_id').execute();
  for (const r of rows) {
    const list = out.get(r.outing_id) ?? [];
    list.push({ zoneId: r.zone_id, contacts: r.contacts });
    out.set(r.outing_id, list);
  }
  return out;
}

/** The outing as the API and the sync protocol carry it (notes decrypted). */
export async function outingRecord(ctx: RecordCtx, row: OutingRow, zones: Array<{ zoneId: string; contacts: number }>): Promise<OutingRecord> {
  return {
    kind: 'outing',
    id: row.id,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    unitKind: row.unit_kind,
    unitName: row.unit_name,
    teamUserIds: [...row.team_user_ids],
    date: row.outing_date,
    startTime: row.start_time,
    endTime: row.end_time,
    provinceCode: row.province_code,
    municipality: row.municipality,
    zones: [...zones].sort(byZoneId),
    totalContacts: row.total_contacts,
    bySex: row.by_sex as OutingFields['bySex'],
    byAge: row.by_age as OutingFields['byAge'],
    byNationality: row.by_nationality as OutingFields['byNationality'],
    byHistory: row.by_history as OutingFields['byHistory'],
    offered: row.offered as OutingFields['offered'],
    accompaniments: row.accompaniments as OutingFields['accompaniments'],
    notes: await open(ctx, outreachColumns.outingNotes, row.id, row.notes_enc),
  };
}

export async function readOuting(ctx: RecordCtx, id: string): Promise<OutingRecord | undefined> {
  const row = await findOuting(ctx.tx.db, id);
  if (!row || row.org_id !== ctx.orgId) return undefined;
  return outingRecord(ctx, row, (await outingZones(ctx.tx.db, [id])).get(id) ?? []);
}

/** Only the fields of a record (no kind, id, version, updatedAt). */
export function outingFieldsOf(record: OutingRecord): OutingFields {
  return Object.fromEntries(outingFieldNames.map((k) => [k, record[k]])) as OutingFields;
}

export function contactFieldsOf(record: ContactRecord): ContactFields {
  return Object.fromEntries(contactFieldNames.map((k) => [k, record[k]])) as ContactFields;
}

/**
 * Validates the full fields of an outing (a creation, or the current record with the changes
 * merged in). `existingId` is the outing being changed, if any.
 */
export async function checkOuting(ctx: RecordCtx, input: unknown, existingId?: string, lookups: RecordLookups = dbLookups(ctx)): Promise<Checked<OutingFields>> {
  const parsed = outingFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: zodErrors(ctx, parsed.error) };
  // Zones in a stable order, so that the same content compares equal whatever order it came in.
  const o = { ...parsed.data, zones: [...parsed.data.zones].sort(byZoneId) };
  const fields: FieldErrors = {};
  if (o.date > italianToday(ctx.tx.now)) fields.date = message(ctx, issueMessages.dateInFuture);
  if (o.teamUserIds.length > 0) {
    const known = await lookups.members(o.teamUserIds);
    const i = o.teamUserIds.findIndex((u) => !known.has(u));
    if (i >= 0) fields[`teamUserIds.${i}`] = message(ctx, msg.notATeamMember);
  }
  if (o.zones.length > 0) {
    const zones = await lookups.zones(o.zones.map((z) => z.zoneId));
    const same = (a: string, b: string): boolean => a.trim().toLocaleLowerCase('it') === b.trim().toLocaleLowerCase('it');
    const ok = new Set(zones.filter((z) => z.province_code === o.provinceCode && same(z.municipality, o.municipality)).map((z) => z.id));
    const i = o.zones.findIndex((z) => !ok.has(z.zoneId));
    if (i >= 0) fields[`zones.${i}.zoneId`] = message(ctx, msg.unknownZone);
  }
  if (existingId) {
    const n = await lookups.individuals(existingId);
    if (o.totalContacts < n) fields.totalContacts = message(ctx, msg.totalBelowIndividuals);
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: o };
}

/**
 * What the checks need from the database. The online endpoints ask it one record at a time
 * (dbLookups); the sync upload answers from what it loaded for the whole batch.
 */
export interface RecordLookups {
  /** Which of these users are members of the organisation. */
  members(userIds: readonly string[]): Promise<Set<string>>;
  /** The organisation's zones among these ids. */
  zones(zoneIds: readonly string[]): Promise<Array<{ id: string; province_code: string; municipality: string }>>;
  /** How many individual contacts the outing holds (leaving one out, when it is being changed). */
  individuals(outingId: string, exceptId?: string): Promise<number>;
  /** The outing a contact belongs to, locked until the end of the transaction. */
  outing(outingId: string): Promise<{ id: string; org_id: string; total_contacts: number } | undefined>;
  /** The id of the person with this code, when the caller can see them. */
  personId(code: string): Promise<string | undefined>;
}

export function dbLookups(ctx: RecordCtx): RecordLookups {
  const db = ctx.tx.db;
  return {
    async members(userIds) {
      const rows = await db.selectFrom('memberships').select('user_id').where('organisation_id', '=', ctx.orgId).where('user_id', 'in', [...userIds]).execute();
      return new Set(rows.map((r) => r.user_id));
    },
    zones: (zoneIds) => db.selectFrom('outreach_zones').select(['id', 'province_code', 'municipality']).where('org_id', '=', ctx.orgId).where('id', 'in', [...zoneIds]).execute(),
    individuals: (outingId, exceptId) => countContacts(db, outingId, exceptId),
    outing: (outingId) => findOuting(db, outingId, { forUpdate: true }),
    async personId(code) {
      if (!ctx.tx.actor.permissions.has('persons.read')) return undefined;
      const person = await db.selectFrom('persons').select('persons.id').where('persons.code', '=', code).where((eb) => personVisibleTo(eb, ctx.orgId)).executeTakeFirst();
      return person?.id;
    },
  };
}

async function countContacts(db: Db, outingId: string, exceptId?: string): Promise<number> {
  // Cancelled contacts (recorded by mistake) do not count.
  let q = db.selectFrom('outreach_contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('outing_id', '=', outingId).where('cancelled_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

async function outingValues(ctx: RecordCtx, id: string, o: OutingFields) {
  const { tx } = ctx;
  return {
    unit_kind: o.unitKind,
    unit_name: o.unitName,
    team_user_ids: o.teamUserIds,
    outing_date: o.date,
    start_time: o.startTime,
    end_time: o.endTime,
    province_code: o.provinceCode,
    municipality: o.municipality,
    total_contacts: o.totalContacts,
    by_sex: JSON.stringify(o.bySex),
    by_age: JSON.stringify(o.byAge),
    by_nationality: JSON.stringify(o.byNationality),
    by_history: JSON.stringify(o.byHistory),
    offered: JSON.stringify(o.offered),
    accompaniments: JSON.stringify(o.accompaniments),
    notes_enc: await seal(ctx, outreachColumns.outingNotes, id, o.notes),
    updated_by: tx.actor.userId,
    updated_at: tx.now,
  };
}

/** The rows that create an outing (version 1) with its zones, for the caller to insert. */
export async function newOutingRows(ctx: RecordCtx, id: string, o: OutingFields): Promise<{ outing: Insertable<OutreachOutingsTable>; zones: Array<Insertable<OutreachOutingZonesTable>> }> {
  const { tx } = ctx;
  return {
    outing: { ...(await outingValues(ctx, id, o)), id, org_id: ctx.orgId, created_by: tx.actor.userId, created_at: tx.now, version: 1 },
    zones: o.zones.map((z) => ({ outing_id: id, zone_id: z.zoneId, org_id: ctx.orgId, outing_date: o.date, contacts: z.contacts })),
  };
}

/** The record of a newly created outing, as readOuting would return it. */
export function newOutingRecord(ctx: RecordCtx, id: string, o: OutingFields): OutingRecord {
  return { kind: 'outing', id, version: 1, updatedAt: ctx.tx.now.toISOString(), ...o, teamUserIds: [...o.teamUserIds], zones: [...o.zones].sort(byZoneId), notes: o.notes || null };
}

/** Inserts (existing undefined) or updates an outing with checked fields; returns the new version. */
export async function writeOuting(ctx: RecordCtx, id: string, o: OutingFields, existing?: OutingRow): Promise<number> {
  const { tx } = ctx;
  if (!existing) {
    const rows = await newOutingRows(ctx, id, o);
    await tx.db.insertInto('outreach_outings').values(rows.outing).execute();
    if (rows.zones.length > 0) await tx.db.insertInto('outreach_outing_zones').values(rows.zones).execute();
    return 1;
  }
  const version = existing.version + 1;
  await tx.db.updateTable('outreach_outings').set({ ...(await outingValues(ctx, id, o)), version }).where('id', '=', id).execute();
  await tx.db.deleteFrom('outreach_outing_zones').where('outing_id', '=', id).execute();
  if (o.zones.length > 0) {
    await tx.db
      .insertInto('outreach_outing_zones')
      .values(o.zones.map((z) => ({ outing_id: id, zone_id: z.zoneId, org_id: ctx.orgId, outing_date: o.date, contacts: z.contacts })))
      .execute();
  }
  return version;
}

// --- contacts ------------------------------------------------------------------------------------

export async function findContact(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<ContactRow | undefined> {
  const q = db.selectFrom('outreach_contacts').selectAll().where('id', '=', id);
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function contactRecord(ctx: RecordCtx, row: ContactRow, personCodes?: Map<string, string>): Promise<ContactRecord> {
  let personCode: string | null = null;
  if (row.person_id) {
    personCode =
      personCodes?.get(row.person_id) ??
      (await ctx.tx.db.selectFrom('persons').select('code').where('id', '=', row.person_id).executeTakeFirst())?.code ??
      null;
  }
  return {
    kind: 'contact',
    id: row.id,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    outingId: row.outing_id,
    nickname: await open(ctx, outreachColumns.contactNickname, row.id, row.nickname_enc),
    traits: await open(ctx, outreachColumns.contactTraits, row.id, row.traits_enc),
    sexGender: row.sex_gender as ContactFields['sexGender'],
    ageBand: row.age_band as ContactFields['ageBand'],
    nationalityGroup: row.nationality_group as ContactFields['nationalityGroup'],
    history: row.history as ContactFields['history'],
    possibleVictim: row.possible_victim,
    consentToFollowUp: row.consent_follow_up,
    personCode,
  };
}

export async function contactRecords(ctx: RecordCtx, rows: readonly ContactRow[]): Promise<ContactRecord[]> {
  const ids = [...new Set(rows.map((r) => r.person_id).filter((x): x is string => !!x))];
  const codes = new Map<string, string>();
  if (ids.length > 0) for (const p of await ctx.tx.db.selectFrom('persons').select(['id', 'code']).where('id', 'in', ids).execute()) codes.set(p.id, p.code);
  const out: ContactRecord[] = [];
  for (const r of rows) out.push(await contactRecord(ctx, r, codes));
  return out;
}

export async function readContact(ctx: RecordCtx, id: string): Promise<ContactRecord | undefined> {
  const row = await findContact(ctx.tx.db, id);
  if (!row || row.org_id !== ctx.orgId) return undefined;
  return contactRecord(ctx, row);
}

export interface CheckedContact {
  fields: ContactFields;
  personId: string | null;
}

/**
 * Validates the full fields of a contact: the outing must be one of the organisation's, the
 * individual contacts of the outing (this one included) within its total, and a person code one
 * the caller can see (persons.read and the person visible to the organisation).
 * The outing row is locked so that two contacts added at once cannot pass the total together.
 */
export async function checkContact(ctx: RecordCtx, input: unknown, existingId?: string, lookups: RecordLookups = dbLookups(ctx)): Promise<Checked<CheckedContact>> {
  const parsed = contactFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: zodErrors(ctx, parsed.error) };
  const c = parsed.data;
  const fields: FieldErrors = {};
  const outing = await lookups.outing(c.outingId);
  if (!outing || outing.org_id !== ctx.orgId) {
    fields.outingId = message(ctx, msg.unknownOuting);
  } else if ((await lookups.individuals(outing.id, existingId)) + 1 > outing.total_contacts) {
    fields.outingId = message(ctx, msg.individualsOverTotal);
  }
  let personId: string | null = null;
  if (c.personCode) {
    const found = await lookups.personId(c.personCode);
    if (found) personId = found;
    else fields.personCode = message(ctx, msg.unknownPersonCode);
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: { fields: c, personId } };
}

async function contactValues(ctx: RecordCtx, id: string, checked: CheckedContact) {
  const { tx } = ctx;
  const c = checked.fields;
  return {
    outing_id: c.outingId,
    nickname_enc: await seal(ctx, outreachColumns.contactNickname, id, c.nickname),
    traits_enc: await seal(ctx, outreachColumns.contactTraits, id, c.traits),
    sex_gender: c.sexGender,
    age_band: c.ageBand,
    nationality_group: c.nationalityGroup,
    history: c.history,
    possible_victim: c.possibleVictim,
    consent_follow_up: c.consentToFollowUp,
    person_id: checked.personId,
    updated_by: tx.actor.userId,
    updated_at: tx.now,
  };
}

/** The row that creates a contact (version 1), for the caller to insert. */
export async function newContactRow(ctx: RecordCtx, id: string, checked: CheckedContact): Promise<Insertable<OutreachContactsTable>> {
  const { tx } = ctx;
  return { ...(await contactValues(ctx, id, checked)), id, org_id: ctx.orgId, created_by: tx.actor.userId, created_at: tx.now, version: 1 };
}

/** The record of a newly created contact, as readContact would return it. */
export function newContactRecord(ctx: RecordCtx, id: string, checked: CheckedContact): ContactRecord {
  const c = checked.fields;
  return {
    kind: 'contact', id, version: 1, updatedAt: ctx.tx.now.toISOString(), outingId: c.outingId, nickname: c.nickname || null, traits: c.traits || null,
    sexGender: c.sexGender, ageBand: c.ageBand, nationalityGroup: c.nationalityGroup, history: c.history, possibleVictim: c.possibleVictim,
    consentToFollowUp: c.consentToFollowUp, personCode: checked.personId ? c.personCode : null,
  };
}

export async function writeContact(ctx: RecordCtx, id: string, checked: CheckedContact, existing?: ContactRow): Promise<number> {
  const { tx } = ctx;
  if (existing) {
    const version = existing.version + 1;
    await tx.db.updateTable('outreach_contacts').set({ ...(await contactValues(ctx, id, checked)), version }).where('id', '=', id).execute();
    return version;
  }
  await tx.db.insertInto('outreach_contacts').values(await newContactRow(ctx, id, checked)).execute();
  return 1;
}

/** Field names that differ between two field sets (for audit entries: names, never values). */
export function changedFieldNames(before: Record<string, unknown> | undefined, after: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((k) => !before || !sameValue(before[k], after[k]));
}
