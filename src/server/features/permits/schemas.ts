/** Request schemas of residence permits, legal status and criminal proceedings. Every object is strict. */
import { z } from 'zod';
import { isoDate, line, text, uuid } from '../../../domain/fields.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { conversionTargets, permitStatuses, permitTypeCodes, proposerKinds } from '../../../domain/permits/index.ts';

export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();

const nonEmpty = (v: object): boolean => Object.entries(v).some(([k, x]) => k !== 'version' && x !== undefined);

export const permitCreate = z
  .object({
    type: z.enum(permitTypeCodes),
    proposerKind: z.enum(proposerKinds).nullable().optional(),
    proposerOrganisationId: uuid.nullable().optional(),
    questuraOrganisationId: uuid.nullable().optional(),
    requestedOn: isoDate.optional(),
    permitNumber: line(60).nullable().optional(),
    note: text(5000).nullable().optional(),
  })
  .strict();
export type PermitCreate = z.infer<typeof permitCreate>;

export const permitUpdate = z
  .object({
    version: z.number().int().min(1),
    type: z.enum(permitTypeCodes).optional(),
    proposerKind: z.enum(proposerKinds).nullable().optional(),
    proposerOrganisationId: uuid.nullable().optional(),
    questuraOrganisationId: uuid.nullable().optional(),
    expiresOn: isoDate.nullable().optional(),
    permitNumber: line(60).nullable().optional(),
    note: text(5000).nullable().optional(),
  })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type PermitUpdate = z.infer<typeof permitUpdate>;

export const permitStepBody = z
  .object({
    version: z.number().int().min(1),
    to: z.enum(permitStatuses),
    on: isoDate,
    expiresOn: isoDate.nullable().optional(),
    convertedTo: z.enum(conversionTargets).nullable().optional(),
    permitNumber: line(60).nullable().optional(),
    note: text(5000).nullable().optional(),
  })
  .strict();
export type PermitStepBody = z.infer<typeof permitStepBody>;

export const criminalRoles = ['witness', 'injured_party', 'civil_party'] as const;
export const hearingKinds = ['preliminary', 'incidente_probatorio', 'trial', 'appeal', 'other'] as const;

export const criminalPut = z
  .object({
    version: z.number().int().min(0),
    complaintFiled: z.boolean(),
    complaintOn: isoDate.nullable().optional(),
    prosecutorOrganisationId: uuid.nullable().optional(),
    personRole: z.enum(criminalRoles).nullable().optional(),
    protectionMeasures: text(5000).nullable().optional(),
    note: text(5000).nullable().optional(),
  })
  .strict()
  .refine((c) => c.complaintFiled || !c.complaintOn, { message: issueMessages.complaintDateWithoutComplaint.en, path: ['complaintOn'] });
export type CriminalPut = z.infer<typeof criminalPut>;

export const hearingCreate = z.object({ heldOn: isoDate, kind: z.enum(hearingKinds), note: text(5000).nullable().optional() }).strict();
export type HearingCreate = z.infer<typeof hearingCreate>;

export const ageAssessmentOutcomes = ['minor', 'adult', 'inconclusive'] as const;

export const minorPut = z
  .object({
    ageAssessmentOutcome: z.enum(ageAssessmentOutcomes).nullable().optional(),
    ageAssessmentOutcomeOn: isoDate.nullable().optional(),
    continuesPast18: z.boolean(),
    continuesUntil: isoDate.nullable().optional(),
  })
  .strict()
  .refine((m) => m.continuesPast18 || !m.continuesUntil, { message: issueMessages.continuesUntilWithoutProgramme.en, path: ['continuesUntil'] });
export type MinorPut = z.infer<typeof minorPut>;
