/** Request schemas of the inclusion feature. Every object is strict; dates are ISO, money exact. */
import { z } from 'zod';
import { isoDate, line, money, text, uuid } from '../../../domain/fields.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { caseCodePattern } from '../../../domain/persons/codes.ts';
import { countryCodeSchema } from '../../../domain/reference/countries.ts';
import {
  attendanceStatuses,
  contractTypes,
  courseKinds,
  enrolmentOutcomes,
  housingKinds,
  housingSupports,
  internshipOutcomes,
  isicSections,
  placementOutcomes,
  reintegrationSupports,
  returnStatuses,
} from '../../../domain/inclusion/index.ts';

export const idParams = z.object({ id: uuid }).strict();
export const enrolmentParams = z.object({ id: uuid, enrolmentId: uuid }).strict();
export const noQuery = z.object({}).strict();
export const summaryQuery = z.object({ orgId: uuid.optional() }).strict();

const version = z.number().int().min(1);
const nonEmpty = (v: object): boolean => Object.entries(v).some(([k, x]) => k !== 'version' && x !== undefined);
const ordered = (v: { startsOn?: string | null | undefined; endsOn?: string | null | undefined }): boolean => !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn;
const orderIssue = { message: issueMessages.endsBeforeStart.en, path: ['endsOn'] };
/** Hours with at most one decimal (e.g. 7.5), as a number or a string. */
const hours = (max: number) =>
  z
    .union([z.string().trim(), z.number()])
    .transform((v, ctx) => {
      const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
      if (!/^(0|[1-9][0-9]{0,3})(\.[0-9])?$/.test(s) || Number(s) <= 0 || Number(s) > max) {
        ctx.addIssue({ code: 'custom', message: issueMessages.hours.en });
        return z.NEVER;
      }
      return s;
    });
const codes = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).max(values.length).refine((v) => new Set(v).size === v.length, { message: issueMessages.duplicateItem.en });

// --- courses ----------------------------------------------------------------------------------

export const courseCreate = z
  .object({
    title: line(200).min(1),
    kind: z.enum(courseKinds),
    providerName: line(200).nullable().optional(),
    place: line(200).nullable().optional(),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
    plannedHours: hours(5000).nullable().optional(),
  })
  .strict()
  .refine(ordered, orderIssue);
export type CourseCreate = z.infer<typeof courseCreate>;

export const courseUpdate = z
  .object({
    version,
    title: line(200).min(1).optional(),
    kind: z.enum(courseKinds).optional(),
    providerName: line(200).nullable().optional(),
    place: line(200).nullable().optional(),
    startsOn: isoDate.optional(),
    endsOn: isoDate.nullable().optional(),
    plannedHours: hours(5000).nullable().optional(),
  })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en })
  .refine(ordered, orderIssue);
export type CourseUpdate = z.infer<typeof courseUpdate>;

export const sessionCreate = z.object({ heldOn: isoDate, hours: hours(24) }).strict();
export type SessionCreate = z.infer<typeof sessionCreate>;

export const enrolmentCreate = z
  .object({ caseId: uuid.optional(), caseCode: z.string().trim().toUpperCase().regex(caseCodePattern).optional(), enrolledOn: isoDate.optional() })
  .strict()
  .refine((v) => (v.caseId === undefined) !== (v.caseCode === undefined), { message: issueMessages.caseIdOrCode.en, path: ['caseCode'] });
export type EnrolmentCreate = z.infer<typeof enrolmentCreate>;

export const enrolmentUpdate = z
  .object({ version, outcome: z.enum(enrolmentOutcomes).nullable(), outcomeOn: isoDate.nullable() })
  .strict()
  .refine((v) => (v.outcome === null) === (v.outcomeOn === null), { message: issueMessages.outcomeNeedsDate.en, path: ['outcomeOn'] });
export type EnrolmentUpdate = z.infer<typeof enrolmentUpdate>;

export const attendancePut = z
  .object({
    marks: z
      .array(z.object({ sessionId: uuid, enrolmentId: uuid, status: z.enum(attendanceStatuses).nullable() }).strict())
      .min(1)
      .max(2000)
      .refine((v) => new Set(v.map((m) => `${m.sessionId}/${m.enrolmentId}`)).size === v.length, { message: issueMessages.duplicateItem.en }),
  })
  .strict();
export type AttendancePut = z.infer<typeof attendancePut>;

// --- internships -------------------------------------------------------------------------------

const internshipFields = {
  employerName: line(200).min(1),
  sector: z.enum(isicSections).nullable().optional(),
  tutorName: line(200).nullable().optional(),
  hoursPerWeek: hours(60).nullable().optional(),
  monthlyStipend: money.nullable().optional(),
  startsOn: isoDate,
  endsOn: isoDate.nullable().optional(),
  outcome: z.enum(internshipOutcomes).nullable().optional(),
  outcomeReason: text(2000).nullable().optional(),
};
export const internshipCreate = z.object(internshipFields).strict().refine(ordered, orderIssue);
export type InternshipCreate = z.infer<typeof internshipCreate>;
export const internshipUpdate = z
  .object({ version, ...internshipFields, employerName: internshipFields.employerName.optional(), startsOn: isoDate.optional() })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en })
  .refine(ordered, orderIssue);
export type InternshipUpdate = z.infer<typeof internshipUpdate>;

// --- job placements ----------------------------------------------------------------------------

const placementFields = {
  employerName: line(200).min(1),
  sector: z.enum(isicSections).nullable().optional(),
  contractType: z.enum(contractTypes),
  hoursPerWeek: hours(60).nullable().optional(),
  startsOn: isoDate,
  endsOn: isoDate.nullable().optional(),
  outcome: z.enum(placementOutcomes).nullable().optional(),
  note: text(2000).nullable().optional(),
};
export const placementCreate = z.object(placementFields).strict().refine(ordered, orderIssue);
export type PlacementCreate = z.infer<typeof placementCreate>;
export const placementUpdate = z
  .object({ version, ...placementFields, employerName: placementFields.employerName.optional(), contractType: placementFields.contractType.optional(), startsOn: isoDate.optional() })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en })
  .refine(ordered, orderIssue);
export type PlacementUpdate = z.infer<typeof placementUpdate>;

// --- housing -----------------------------------------------------------------------------------

const housingFields = { movedOn: isoDate, kind: z.enum(housingKinds), support: codes(housingSupports).optional(), note: text(2000).nullable().optional() };
export const housingCreate = z.object(housingFields).strict();
export type HousingCreate = z.infer<typeof housingCreate>;
export const housingUpdate = z
  .object({ version, movedOn: isoDate.optional(), kind: housingFields.kind.optional(), support: housingFields.support, note: housingFields.note })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type HousingUpdate = z.infer<typeof housingUpdate>;

// --- voluntary return --------------------------------------------------------------------------

const returnFields = {
  country: countryCodeSchema,
  partnerName: line(200).nullable().optional(),
  status: z.enum(returnStatuses),
  plannedOn: isoDate.nullable().optional(),
  departedOn: isoDate.nullable().optional(),
  support: codes(reintegrationSupports).optional(),
  supportNote: text(2000).nullable().optional(),
};
export const returnCreate = z.object({ ...returnFields, status: returnFields.status.optional() }).strict();
export type ReturnCreate = z.infer<typeof returnCreate>;
export const returnUpdate = z
  .object({ version, ...returnFields, country: returnFields.country.optional(), status: returnFields.status.optional() })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type ReturnUpdate = z.infer<typeof returnUpdate>;
