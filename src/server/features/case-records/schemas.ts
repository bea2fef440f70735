/** Request schemas of the case records (plan, services, notes, documents, tasks, consents). Every object is strict. */
import { z } from 'zod';
import { isoDate, line, money, text, uuid } from '../../../domain/fields.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { caseServiceCodes, caseServiceStatuses } from '../../../domain/case-services.ts';
import { actionStatuses, documentCategoryCodes, goalStatuses, noteCategoryCodes } from '../../../domain/case-records.ts';
import { consentGivers, consentMethods, consentPurposes } from '../../../domain/consent.ts';

export const caseParams = z.object({ id: uuid }).strict();
export const goalParams = z.object({ id: uuid, goalId: uuid }).strict();
export const actionParams = z.object({ id: uuid, actionId: uuid }).strict();
export const serviceParams = z.object({ id: uuid, serviceId: uuid }).strict();
export const documentParams = z.object({ id: uuid, documentId: uuid }).strict();
export const taskParams = z.object({ id: uuid, taskId: uuid }).strict();
export const consentParams = z.object({ id: uuid, consentId: uuid }).strict();
export const noQuery = z.object({}).strict();

const nonEmpty = (v: object): boolean => Object.values(v).some((x) => x !== undefined);

// --- plan ------------------------------------------------------------------------------------
export const goalCreate = z
  .object({ title: line(300), description: text(10_000).nullable().optional(), status: z.enum(goalStatuses).default('open') })
  .strict();
export type GoalCreate = z.infer<typeof goalCreate>;

export const goalUpdate = z
  .object({ title: line(300).optional(), description: text(10_000).nullable().optional(), status: z.enum(goalStatuses).optional() })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type GoalUpdate = z.infer<typeof goalUpdate>;

export const actionCreate = z
  .object({
    what: text(2000),
    ownerUserId: uuid.nullable().optional(),
    dueOn: isoDate.nullable().optional(),
    reviewOn: isoDate.nullable().optional(),
    status: z.enum(actionStatuses).default('open'),
  })
  .strict();
export type ActionCreate = z.infer<typeof actionCreate>;

export const actionUpdate = z
  .object({
    what: text(2000).optional(),
    ownerUserId: uuid.nullable().optional(),
    dueOn: isoDate.nullable().optional(),
    reviewOn: isoDate.nullable().optional(),
    status: z.enum(actionStatuses).optional(),
  })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type ActionUpdate = z.infer<typeof actionUpdate>;

// --- services --------------------------------------------------------------------------------
const serviceFields = {
  type: z.enum(caseServiceCodes),
  providerOrganisationId: uuid.nullable().optional(),
  providerName: line(200).nullable().optional(),
  startsOn: isoDate.nullable().optional(),
  endsOn: isoDate.nullable().optional(),
  cost: money.nullable().optional(),
  notes: text(10_000).nullable().optional(),
};

export const serviceCreate = z
  .object({ ...serviceFields, status: z.enum(caseServiceStatuses).default('planned') })
  .strict()
  .refine((s) => !(s.providerOrganisationId && s.providerName), { message: issueMessages.oneProvider.en, path: ['providerName'] })
  .refine((s) => !s.startsOn || !s.endsOn || s.endsOn >= s.startsOn, { message: issueMessages.endsBeforeStart.en, path: ['endsOn'] });
export type ServiceCreate = z.infer<typeof serviceCreate>;

export const serviceUpdate = z
  .object({ ...serviceFields, type: serviceFields.type.optional(), status: z.enum(caseServiceStatuses).optional() })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en })
  .refine((s) => !(s.providerOrganisationId && s.providerName), { message: issueMessages.oneProvider.en, path: ['providerName'] })
  .refine((s) => !s.startsOn || !s.endsOn || s.endsOn >= s.startsOn, { message: issueMessages.endsBeforeStart.en, path: ['endsOn'] });
export type ServiceUpdate = z.infer<typeof serviceUpdate>;

// --- notes -----------------------------------------------------------------------------------
export const noteCreate = z.object({ text: text(20_000), category: z.enum(noteCategoryCodes).nullable().optional() }).strict();
export type NoteCreate = z.infer<typeof noteCreate>;

// --- documents -------------------------------------------------------------------------------
export const documentCreate = z
  .object({
    fileName: line(255),
    // Checked against the content by the service (415 for a format not accepted).
    mediaType: z.string().trim().toLowerCase().min(1).max(100),
    contentBase64: z.string().min(1).regex(/^[A-Za-z0-9+/]*={0,2}$/, issueMessages.notBase64.en),
    category: z.enum(documentCategoryCodes).nullable().optional(),
  })
  .strict();
export type DocumentCreate = z.infer<typeof documentCreate>;

// --- tasks -----------------------------------------------------------------------------------
export const taskCreate = z.object({ title: line(300), assigneeId: uuid, dueOn: isoDate.nullable().optional() }).strict();
export type TaskCreate = z.infer<typeof taskCreate>;

export const taskUpdate = z
  .object({ done: z.boolean().optional(), assigneeId: uuid.optional(), dueOn: isoDate.nullable().optional(), title: line(300).optional() })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type TaskUpdate = z.infer<typeof taskUpdate>;

// --- consents --------------------------------------------------------------------------------
const interpreterLanguage = z.string().regex(/^[a-z]{2,3}$/, 'ISO 639 language code').nullable().optional();

const decisionFields = {
  date: isoDate.optional(),
  method: z.enum(consentMethods),
  interpreterLanguage,
  givenBy: z.enum(consentGivers),
  guardianName: line(200).nullable().optional(),
  note: text(5000).nullable().optional(),
};

function guardianRules<T extends z.ZodType<{ givenBy: string; guardianName?: string | null | undefined }>>(schema: T) {
  return schema
    .refine((c) => c.givenBy !== 'guardian' || !!c.guardianName, { message: issueMessages.guardianNameRequired.en, path: ['guardianName'] })
    .refine((c) => c.givenBy === 'guardian' || !c.guardianName, { message: issueMessages.guardianNameOnlyForGuardian.en, path: ['guardianName'] });
}

export const consentCreate = guardianRules(
  z
    .object({
      purpose: z.enum(consentPurposes),
      organisationId: uuid.nullable().optional(),
      status: z.enum(['given', 'refused']),
      ...decisionFields,
    })
    .strict()
    .refine((c) => c.purpose !== 'sharing' || !!c.organisationId, { message: issueMessages.sharingNeedsOrganisation.en, path: ['organisationId'] })
    .refine((c) => c.purpose === 'sharing' || !c.organisationId, { message: issueMessages.organisationOnlyForSharing.en, path: ['organisationId'] }),
);
export type ConsentCreate = z.infer<typeof consentCreate>;

export const consentWithdraw = guardianRules(z.object(decisionFields).strict());
export type ConsentWithdraw = z.infer<typeof consentWithdraw>;
