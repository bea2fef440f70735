/**
 * Zod schemas of outreach records. `outingFieldsSchema` and `contactFieldsSchema` describe the
 * full set of fields of a record as the online API and the sync protocol carry them
 * (docs/outreach-sync.md): the server validates a creation, an online edit and every synced change
 * by merging it onto the record and parsing the result with these. Cross-record rules (zones and
 * team members that exist, individual contacts within the total) are checked by the server.
 */
import { z } from 'zod';
import { isoDate, line, provinceCode, text, uuid } from '../fields.ts';
import { personCodePattern } from '../persons/codes.ts';
import {
  accompanimentKinds,
  adviceKinds,
  ageBands,
  contactHistories,
  deskKinds,
  nationalityGroups,
  offerKinds,
  outreachLimits,
  sexGenders,
  unitKinds,
  weekdays,
} from './lists.ts';
import { outreachIssueMessages as m } from './messages.ts';

/** A whole, non-negative count up to `cap` (rules as refinements, so the messages say why). */
function countUpTo(cap: number, capMessage: string) {
  return z
    .number({ message: m.countNotNegative.en })
    .int({ message: m.countNotNegative.en })
    .refine((v) => v >= 0, { message: m.countNotNegative.en })
    .refine((v) => v <= cap, { message: capMessage });
}

/** A count of people in one outing: a whole number from 0 to the per-outing cap. */
export const contactCount = countUpTo(outreachLimits.contactsPerOuting, m.contactsCap.en);
const offeredCount = countUpTo(outreachLimits.offeredPerKind, m.offeredCap.en);
type Count = typeof contactCount;

/** Counts keyed by every value of a list (all keys required). */
function countsOf<const K extends readonly string[]>(keys: K, count: Count = contactCount) {
  const shape = Object.fromEntries(keys.map((k) => [k, count])) as { [P in K[number]]: Count };
  return z.object(shape).strict();
}

export const bySexSchema = countsOf(sexGenders);
export const byAgeSchema = countsOf(ageBands);
export const byNationalitySchema = countsOf(nationalityGroups);
export const byHistorySchema = countsOf(contactHistories);
export const offeredSchema = countsOf(offerKinds, offeredCount);
export const accompanimentsSchema = countsOf(accompanimentKinds);

/** HH:MM, 00:00 to 23:59. */
export const timeOfDay = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: m.time.en });

export const zoneVisit = z.object({ zoneId: uuid, contacts: contactCount }).strict();

/** Sum of the values of a counts object. */
export function sumOf(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Zeroed counts for a list (for forms). */
export function zeroCounts<const K extends readonly string[]>(keys: K): { [P in K[number]]: number } {
  return Object.fromEntries(keys.map((k) => [k, 0])) as { [P in K[number]]: number };
}

/** The fields of an outing, in the order forms show them. */
export const outingFieldNames = [
  'unitKind', 'unitName', 'teamUserIds', 'date', 'startTime', 'endTime', 'provinceCode', 'municipality', 'zones',
  'totalContacts', 'bySex', 'byAge', 'byNationality', 'byHistory', 'offered', 'accompaniments', 'notes',
] as const;
export type OutingFieldName = (typeof outingFieldNames)[number];

/** The outing's fields without the consistency rules (for partial edits; the full record is checked with outingFieldsSchema). */
export const outingShape = z
  .object({
    unitKind: z.enum(unitKinds),
    /** The unit's name as the organisation calls it (e.g. "Unità di strada Roma Est"). */
    unitName: line(100),
    teamUserIds: z
      .array(uuid)
      .max(outreachLimits.teamSize)
      .refine((v) => new Set(v).size === v.length, { message: m.duplicateUser.en }),
    date: isoDate,
    startTime: timeOfDay,
    /** May be earlier than startTime: the outing went past midnight. */
    endTime: timeOfDay,
    provinceCode,
    /** The municipality's name within the province (Ponte has no municipality list). */
    municipality: line(100),
    zones: z
      .array(zoneVisit)
      .max(outreachLimits.zonesPerOuting)
      .refine((v) => new Set(v.map((x) => x.zoneId)).size === v.length, { message: m.duplicateZone.en }),
    totalContacts: contactCount,
    bySex: bySexSchema,
    byAge: byAgeSchema,
    byNationality: byNationalitySchema,
    byHistory: byHistorySchema,
    offered: offeredSchema,
    accompaniments: accompanimentsSchema,
    notes: text(2000).nullable(),
  })
  .strict();

/** Every field of an outing, with the consistency rules: breakdowns add up to the total. */
export const outingFieldsSchema = outingShape.superRefine((o, ctx) => {
  const total = o.totalContacts;
  const sums: Array<[keyof typeof o, number, string]> = [
    ['bySex', sumOf(o.bySex), m.bySexSum.en],
    ['byAge', sumOf(o.byAge), m.byAgeSum.en],
    ['byNationality', sumOf(o.byNationality), m.byNationalitySum.en],
    ['byHistory', sumOf(o.byHistory), m.byHistorySum.en],
  ];
  for (const [field, sum, message] of sums) if (sum !== total) ctx.addIssue({ code: 'custom', path: [field], message });
  if (o.zones.length > 0 && o.zones.reduce((a, z) => a + z.contacts, 0) !== total) ctx.addIssue({ code: 'custom', path: ['zones'], message: m.zonesSum.en });
  for (const k of accompanimentKinds) {
    if (o.accompaniments[k] > total) ctx.addIssue({ code: 'custom', path: ['accompaniments', k], message: m.accompanimentsOverTotal.en });
  }
});
export type OutingFields = z.infer<typeof outingFieldsSchema>;

/** The fields of an individual contact. */
export const contactFieldNames = [
  'outingId', 'nickname', 'traits', 'sexGender', 'ageBand', 'nationalityGroup', 'history', 'possibleVictim', 'consentToFollowUp', 'personCode',
] as const;
export type ContactFieldName = (typeof contactFieldNames)[number];

export const personCode = z.string().trim().toUpperCase().regex(personCodePattern, { message: m.personCodeFormat.en });

/** The contact's fields without the cross-field rules (see contactFieldsSchema). */
export const contactShape = z
  .object({
    outingId: uuid,
    /** A nickname the person gave or the team uses (encrypted at rest). */
    nickname: line(60).nullable(),
    /** Traits to recognise the person again (encrypted at rest). */
    traits: text(1000).nullable(),
    sexGender: z.enum(sexGenders),
    ageBand: z.enum(ageBands),
    nationalityGroup: z.enum(nationalityGroups),
    history: z.enum(contactHistories),
    /** The worker thinks the person may be a victim of trafficking or exploitation. */
    possibleVictim: z.boolean(),
    /** The person agreed to be followed up (a screening, a link to their record). */
    consentToFollowUp: z.boolean(),
    /** The person's code when they are already known to the network (needs the two flags above). */
    personCode: personCode.nullable(),
  })
  .strict();

export const contactFieldsSchema = contactShape.superRefine((c, ctx) => {
  if (c.consentToFollowUp && !c.possibleVictim) ctx.addIssue({ code: 'custom', path: ['consentToFollowUp'], message: m.consentNeedsFlag.en });
  if (c.personCode && !(c.possibleVictim && c.consentToFollowUp)) ctx.addIssue({ code: 'custom', path: ['personCode'], message: m.personNeedsConsent.en });
});
export type ContactFields = z.infer<typeof contactFieldsSchema>;

// --- zones, desks, desk sessions ----------------------------------------------------------------

export const zoneFieldsSchema = z
  .object({ name: line(100), provinceCode, municipality: line(100) })
  .strict();
export type ZoneFields = z.infer<typeof zoneFieldsSchema>;

export const openingSlot = z
  .object({ weekday: z.union(weekdays.map((d) => z.literal(d))), from: timeOfDay, to: timeOfDay })
  .strict()
  .refine((s) => s.to > s.from, { message: m.slotOrder.en, path: ['to'] });
export type OpeningSlot = z.infer<typeof openingSlot>;

export const deskFieldsSchema = z
  .object({
    name: line(100),
    kind: z.enum(deskKinds),
    provinceCode,
    municipality: line(100),
    openingHours: z.array(openingSlot).max(outreachLimits.openingSlots).superRefine((slots, ctx) => {
      slots.forEach((a, i) => {
        const j = slots.findIndex((b, k) => k < i && b.weekday === a.weekday && b.from < a.to && a.from < b.to);
        if (j >= 0) ctx.addIssue({ code: 'custom', path: [i, 'from'], message: m.slotsOverlap.en });
      });
    }),
  })
  .strict();
export type DeskFields = z.infer<typeof deskFieldsSchema>;

export const interviewCount = countUpTo(outreachLimits.interviewsPerSession, m.interviewsCap.en);

export const adviceSchema = countsOf(adviceKinds, interviewCount);

/** The fields of a desk session, in the order forms show them. */
export const deskSessionFieldNames = ['date', 'startTime', 'endTime', 'workerUserId', 'interviews', 'advice', 'bySex', 'byAge', 'byNationality', 'personCodes'] as const;
export type DeskSessionFieldName = (typeof deskSessionFieldNames)[number];

/** The session's fields without the cross-field rules (for partial corrections; the whole record is checked with deskSessionFieldsSchema). */
export const deskSessionShape = z
  .object({
    date: isoDate,
    startTime: timeOfDay,
    endTime: timeOfDay,
    /** The desk worker who held the session (a user of the organisation). */
    workerUserId: uuid,
    interviews: interviewCount,
    advice: adviceSchema,
    /**
     * Optional breakdowns of the interviews, with the outing's lists and shape (every key of the
     * list); null or absent: not recorded. When given, each adds up to the interviews.
     */
    bySex: bySexSchema.nullable().optional(),
    byAge: byAgeSchema.nullable().optional(),
    byNationality: byNationalitySchema.nullable().optional(),
    /** Persons met who are known by code (at most one per interview). */
    personCodes: z.array(personCode).max(outreachLimits.interviewsPerSession).refine((v) => new Set(v).size === v.length, { message: m.duplicateUser.en }),
  })
  .strict();

/**
 * Every field of a desk session, with the rules across fields: ends after it starts, no more
 * persons than interviews, advice within the interviews, and a breakdown given adds up to the
 * interviews (the outing's rule for its counts against its total).
 */
export const deskSessionFieldsSchema = deskSessionShape
  .superRefine((s, ctx) => {
    if (s.endTime <= s.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: m.slotOrder.en });
    if (s.personCodes.length > s.interviews) ctx.addIssue({ code: 'custom', path: ['personCodes'], message: m.personCodesOverInterviews.en });
    for (const k of adviceKinds) {
      if (s.advice[k] > s.interviews) ctx.addIssue({ code: 'custom', path: ['advice', k], message: m.adviceOverInterviews.en });
    }
    const breakdowns: Array<[string, Readonly<Record<string, number>> | null | undefined, string]> = [
      ['bySex', s.bySex, m.deskBySexSum.en],
      ['byAge', s.byAge, m.deskByAgeSum.en],
      ['byNationality', s.byNationality, m.deskByNationalitySum.en],
    ];
    for (const [field, counts, message] of breakdowns) {
      if (counts && sumOf(counts) !== s.interviews) ctx.addIssue({ code: 'custom', path: [field], message });
    }
  });
export type DeskSessionFields = z.infer<typeof deskSessionFieldsSchema>;

// --- sync (docs/outreach-sync.md) ------------------------------------------------------------------

export const syncRecordKinds = ['outing', 'contact'] as const;
export type SyncRecordKind = (typeof syncRecordKinds)[number];

/** One change of an upload batch. `fields` and `base` are checked per kind by the server. */
export const syncChangeSchema = z
  .object({
    kind: z.enum(syncRecordKinds),
    id: uuid,
    baseVersion: z.number().int().min(1).nullable(),
    fields: z.record(z.string().max(40), z.unknown()),
    base: z.record(z.string().max(40), z.unknown()).optional(),
  })
  .strict();
export type SyncChange = z.infer<typeof syncChangeSchema>;

export const syncUploadSchema = z
  .object({
    deviceId: uuid,
    batchId: uuid,
    /** At most outreachLimits.changesPerBatch: the server answers 413 beyond it. */
    changes: z.array(syncChangeSchema),
  })
  .strict();
export type SyncUpload = z.infer<typeof syncUploadSchema>;

export const syncStatuses = ['applied', 'unchanged', 'conflict', 'rejected'] as const;
export type SyncStatus = (typeof syncStatuses)[number];

/** A record as the server holds it: kind, id, version, last change, and its fields. */
export type OutingRecord = { kind: 'outing'; id: string; version: number; updatedAt: string } & OutingFields;
export type ContactRecord = { kind: 'contact'; id: string; version: number; updatedAt: string } & ContactFields;
export type SyncRecord = OutingRecord | ContactRecord;

export interface SyncConflict {
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface SyncResult {
  id: string;
  kind: SyncRecordKind;
  status: SyncStatus;
  version?: number;
  record?: SyncRecord;
  conflicts?: SyncConflict[];
  error?: { code: string; message: string; fields?: Record<string, string> };
}

export interface SyncAnswer {
  batchId: string;
  results: SyncResult[];
  serverTime: string;
}

/** Deep equality of JSON values (records' fields): what "the same value" means in sync. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** How the person gave their agreement to be registered and linked (outreach_contacts.link_consent_method). */
export const linkConsentMethods = ['oral', 'oral_with_witness', 'written'] as const;
export type LinkConsentMethod = (typeof linkConsentMethods)[number];

/**
 * Linking a contact to a person (PATCH /api/contacts/:id/person): the version read, the person's
 * code, and the worker's confirmation that the person agreed, with how.
 */
export const contactLinkSchema = z
  .object({
    version: z.number().int().min(1),
    personCode,
    consentConfirmed: z.boolean().refine((v) => v, { message: m.linkConsentRequired.en }),
    consentMethod: z.enum(linkConsentMethods),
  })
  .strict();
export type ContactLink = z.infer<typeof contactLinkSchema>;

/** Cancelling a contact recorded by mistake (POST /api/contacts/:id/cancel). */
export const contactCancelSchema = z
  .object({
    version: z.number().int().min(1),
    reason: z.string().trim().min(1, { message: m.cancelReasonRequired.en }).max(500),
  })
  .strict();
export type ContactCancel = z.infer<typeof contactCancelSchema>;
