/** Request schemas of the cases feature: cases, transitions, approvals. Every object is strict. */
import { z } from 'zod';
import { isoDate, line, orEmpty, provinceCode, searchText, text, uuid } from '../../../domain/fields.ts';
import { htcdsValueSchema, type HtcdsField } from '../../../domain/htcds/index.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { casePhaseSchema, closureReasonSchema } from '../../../domain/cases/index.ts';

export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();
/** A body that carries nothing: `{}` or none at all. */
export const emptyBody = z.strictObject({}).nullish();

function uniqueList<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .refine((v) => new Set(v as unknown[]).size === v.length, issueMessages.duplicateItem.en);
}
const htcdsList = (field: HtcdsField, max = 30) => uniqueList(htcdsValueSchema({ field }), max);

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. NG');

/** Exploitation fields, as the API names them; each maps to one column of `cases`. */
export const exploitationFields = {
  exploitationTypes: htcdsList('vic_TypeOfExploitation'),
  sexExploitationTypes: htcdsList('vic_TypeOfSexExploitation'),
  labourSectors: htcdsList('vic_ForcedLabourIndustry'),
  exploitationCountries: uniqueList(countryCode, 30),
  exploitationProvinces: uniqueList(provinceCode, 110),
  exploitationFrom: isoDate.nullable(),
  exploitationTo: isoDate.nullable(),
  meansOfControl: htcdsList('vic_MethodsOfControl'),
  recruitmentMethods: htcdsList('vic_MethodOfRecruitment'),
  recruiterRelations: htcdsList('vic_RelationshipToTrafficker'),
};

const traffickingFields = {
  traffickingStatus: htcdsValueSchema({ field: 'vic_TraffickingStatus' }).nullable(),
  traffickingStatusDecidedBy: htcdsValueSchema({ field: 'vic_TraffickingStatusDecisionMakingOrg' }).nullable(),
  traffickingStatusDecidedOn: isoDate.nullable(),
};

export const guardianSchema = z
  .object({
    name: line(200),
    contact: line(300).optional(),
    appointedOn: isoDate.optional(),
  })
  .strict();
export type Guardian = z.infer<typeof guardianSchema>;

export const ageAssessments = ['not_needed', 'requested', 'done'] as const;

const minorFields = {
  guardian: guardianSchema.nullable(),
  juvenileCourt: line(200).nullable(),
  ageAssessment: z.enum(ageAssessments).nullable(),
  ageAssessmentOn: isoDate.nullable(),
};

export const teamMemberSchema = z.object({ userId: uuid, teamRole: line(60) }).strict();
const teamSchema = z
  .array(teamMemberSchema)
  .max(30)
  .refine((v) => new Set(v.map((m) => m.userId)).size === v.length, issueMessages.duplicateItem.en);

const optionalAll = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };

/** Phases a case may be opened in. */
export const openingPhases = ['contact', 'screening', 'identification'] as const;

export const caseCreate = z
  .object({
    personId: uuid,
    /** Taking in charge from an open referral received by the caller's organisation for this person. */
    referralId: uuid.optional(),
    caseWorkerId: uuid.optional(),
    phase: z.enum(openingPhases).default('contact'),
    team: teamSchema.optional(),
    ...optionalAll(exploitationFields),
    ...optionalAll(traffickingFields),
    ...optionalAll(minorFields),
  })
  .strict();
export type CaseCreate = z.infer<typeof caseCreate>;

export const caseUpdate = z
  .object({
    version: z.number().int().min(1),
    caseWorkerId: uuid.nullable().optional(),
    team: teamSchema.optional(),
    ...optionalAll(exploitationFields),
    ...optionalAll(traffickingFields),
    ...optionalAll(minorFields),
  })
  .strict();
export type CaseUpdate = z.infer<typeof caseUpdate>;

const booleanText = z.enum(['true', 'false']);

export const caseQuery = z
  .object({
    phase: orEmpty(casePhaseSchema),
    status: orEmpty(htcdsValueSchema({ field: 'cas_Status' })),
    worker: orEmpty(uuid),
    mine: orEmpty(booleanText),
    minor: orEmpty(z.enum(['minor', 'adult', 'possibly_minor'])),
    q: searchText.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type CaseQuery = z.infer<typeof caseQuery>;

export const transitionBody = z
  .object({
    to: casePhaseSchema,
    reason: text(5000).optional(),
    closureReason: closureReasonSchema.optional(),
  })
  .strict();
export type TransitionBody = z.infer<typeof transitionBody>;

export const approvalQuery = z
  .object({
    status: orEmpty(z.enum(['pending', 'approved', 'rejected', 'withdrawn'])),
  })
  .strict();

export const decisionBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    note: text(5000).optional(),
  })
  .strict();
export type DecisionBody = z.infer<typeof decisionBody>;
