/** Request schemas of the hotline feature: calls, their list filters, the routing preview, the roster. Every object is strict. */
import { z } from 'zod';
import { isoDate, line, orEmpty, phone, provinceCode, text, uuid } from '../../../domain/fields.ts';
import { isProvinceCode } from '../../../domain/provinces.ts';
import { htcdsValueSchema } from '../../../domain/htcds/index.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { languageCodeSchema } from '../../../domain/reference/languages.ts';
import { callOutcomeKeys, callSubjectAges, callUrgencyKeys, callerTypeKeys, hotlineLimits } from '../../../domain/hotline/index.ts';
import { nationalityGroups, sexGenders } from '../../../domain/outreach/lists.ts';

export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();

/** An instant with its offset, e.g. 2026-03-10T21:15:00+01:00 or …Z. */
export const instant = z.iso.datetime({ offset: true });

/** ISTAT province code, or `unknown`, or `abroad`. */
export const callProvince = z.string().refine((v) => v === 'unknown' || v === 'abroad' || isProvinceCode(v), issueMessages.unknownProvinceOrPlace.en);

export const callerSchema = z
  .object({
    name: line(200),
    phone: phone.optional(),
    bestTime: line(200).optional(),
    /** The caller agreed to be contacted by the body the report is routed to. */
    contactAgreed: z.boolean().default(false),
  })
  .strict();
export type Caller = z.infer<typeof callerSchema>;

export const routingInput = z
  .object({
    /** The body chosen by the operator; when it is not the proposed one, `overrideReason` is required. */
    orgId: uuid.optional(),
    overrideReason: text(hotlineLimits.overrideReason).optional(),
    /** What the operator tells the receiving body (encrypted on the referral). */
    message: text(hotlineLimits.message).optional(),
  })
  .strict();
export type RoutingInput = z.infer<typeof routingInput>;

const exploitationTypes = z
  .array(htcdsValueSchema({ field: 'vic_TypeOfExploitation' }))
  .max(20)
  .refine((v) => new Set(v).size === v.length, issueMessages.duplicateItem.en);

const municipality = z.string().regex(/^[0-9]{6}$/, issueMessages.municipalityOutsideProvince.en);

const callFields = {
  receivedAt: instant,
  durationSeconds: z.number().int().min(0).max(86_400),
  language: languageCodeSchema,
  callerType: z.enum(callerTypeKeys),
  province: callProvince,
  municipality,
  exploitationTypes,
  urgency: z.enum(callUrgencyKeys),
  anonymous: z.boolean(),
  caller: callerSchema,
  summary: text(hotlineLimits.summary),
  outcome: z.enum(callOutcomeKeys),
  routing: routingInput,
  /** The person the call is about, coarse values only (the outreach lists; age: under 18, adult, unknown). */
  subjectSex: z.enum(sexGenders),
  subjectAge: z.enum(callSubjectAges),
  subjectNationality: z.enum(nationalityGroups),
};

export const callCreate = z
  .object({
    receivedAt: callFields.receivedAt.optional(),
    durationSeconds: callFields.durationSeconds.optional(),
    language: callFields.language,
    callerType: callFields.callerType,
    province: callFields.province,
    municipality: callFields.municipality.optional(),
    exploitationTypes: callFields.exploitationTypes.default([]),
    urgency: callFields.urgency.default('routine'),
    anonymous: callFields.anonymous,
    caller: callFields.caller.optional(),
    summary: callFields.summary.optional(),
    outcome: callFields.outcome,
    routing: callFields.routing.optional(),
    subjectSex: callFields.subjectSex.nullable().optional(),
    subjectAge: callFields.subjectAge.nullable().optional(),
    subjectNationality: callFields.subjectNationality.nullable().optional(),
  })
  .strict();
export type CallCreate = z.infer<typeof callCreate>;

export const callUpdate = z
  .object({
    version: z.number().int().min(1),
    receivedAt: callFields.receivedAt.optional(),
    durationSeconds: callFields.durationSeconds.nullable().optional(),
    language: callFields.language.optional(),
    callerType: callFields.callerType.optional(),
    province: callFields.province.optional(),
    municipality: callFields.municipality.nullable().optional(),
    exploitationTypes: callFields.exploitationTypes.optional(),
    urgency: callFields.urgency.optional(),
    anonymous: callFields.anonymous.optional(),
    caller: callFields.caller.nullable().optional(),
    summary: callFields.summary.nullable().optional(),
    outcome: callFields.outcome.optional(),
    routing: callFields.routing.optional(),
    subjectSex: callFields.subjectSex.nullable().optional(),
    subjectAge: callFields.subjectAge.nullable().optional(),
    subjectNationality: callFields.subjectNationality.nullable().optional(),
  })
  .strict();
export type CallUpdate = z.infer<typeof callUpdate>;

export const callQuery = z
  .object({
    from: orEmpty(isoDate),
    to: orEmpty(isoDate),
    province: orEmpty(callProvince),
    outcome: orEmpty(z.enum(callOutcomeKeys)),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type CallQuery = z.infer<typeof callQuery>;

export const routingQuery = z.object({ province: callProvince }).strict();

export const rosterShift = z
  .object({
    orgId: uuid,
    allProvinces: z.boolean().default(false),
    provinces: z
      .array(provinceCode)
      .max(107)
      .refine((v) => new Set(v).size === v.length, issueMessages.duplicateItem.en)
      .default([]),
    startsAt: instant,
    endsAt: instant,
    note: line(hotlineLimits.rosterNote).optional(),
  })
  .strict()
  .refine((s) => new Date(s.endsAt) > new Date(s.startsAt), { message: issueMessages.rosterEndsBeforeStart.en, path: ['endsAt'] })
  .refine((s) => s.allProvinces !== s.provinces.length > 0, { message: issueMessages.rosterProvincesOrAll.en, path: ['provinces'] });
export type RosterShiftInput = z.infer<typeof rosterShift>;

export const rosterPut = z.object({ shifts: z.array(rosterShift).max(hotlineLimits.rosterEntries) }).strict();
export type RosterPut = z.infer<typeof rosterPut>;
