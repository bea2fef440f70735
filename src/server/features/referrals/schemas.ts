/**
 * Request and response schemas of the referrals feature. Every request object is strict; the
 * response schemas document the API (OpenAPI) for the web app built on it.
 */
import { z } from 'zod';
import { isoDate, line, orEmpty, phone, text, uuid } from '../../../domain/fields.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { htcdsValueSchema } from '../../../domain/htcds/index.ts';
import { birthInfoSchema } from '../../../domain/cases/age.ts';
import { consentMethods } from '../../../domain/consent.ts';
import { countryCodeSchema } from '../../../domain/reference/countries.ts';
import { languageCodeSchema } from '../../../domain/reference/languages.ts';
import { serviceCodes } from '../../../domain/services.ts';
import { personNameInputSchema } from '../../../domain/persons/schema.ts';
import {
  consentBases,
  referralOutcomes,
  referralReasonKeys,
  referralSources,
  referralStatuses,
  referralUrgencies,
  shareFields,
} from '../../../domain/referrals/index.ts';

export const idParams = z.object({ id: uuid }).strict();
export const documentParams = z.object({ id: uuid, documentId: uuid }).strict();
export const noQuery = z.object({}).strict();

function unique<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .refine((v) => new Set(v as unknown[]).size === v.length, issueMessages.duplicateItem.en);
}

/** Longest message, reason or feedback (characters). */
export const maxReferralText = 4000;

/**
 * What an external agency passes on about a person it holds no case for (stored encrypted in
 * referrals.subject_enc): only what it chose to share, and how it obtained the person's consent.
 */
export const referralSubject = z
  .object({
    names: z.array(personNameInputSchema).min(1).max(10).optional(),
    birth: birthInfoSchema.optional(),
    sex: htcdsValueSchema({ field: 'prs_Gender' }).optional(),
    citizenships: unique(countryCodeSchema, 5).optional(),
    languages: unique(languageCodeSchema, 10).optional(),
    contactPhone: phone.optional(),
    /** The agency's own file reference (e.g. the commission's file number). */
    fileReference: line(100).optional(),
    consent: z.object({ method: z.enum(consentMethods), date: isoDate }).strict(),
  })
  .strict();
export type ReferralSubject = z.infer<typeof referralSubject>;

export const referralCreate = z
  .object({
    /** A referral from one of the caller's cases… */
    caseId: uuid.optional(),
    /** …or from an external agency that holds no case (the asylum commission): the person as it knows them. */
    subject: referralSubject.optional(),
    toOrgId: uuid,
    reason: z.enum(referralReasonKeys),
    urgency: z.enum(referralUrgencies),
    requestedService: z.enum(serviceCodes).optional(),
    message: text(maxReferralText).optional(),
    /** Share set (case referrals): keys of the catalogue; default: the reason's preset. */
    shareFields: unique(z.enum(shareFields), shareFields.length).optional(),
    /** Documents of the case the receiver may open while the referral is open. */
    shareDocumentIds: unique(uuid, 20).optional(),
    /** Sharing without consent (holders of referrals.override_consent only): why. */
    overrideReason: text(2000).min(10, issueMessages.overrideReasonShort.en).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.caseId === undefined) === (v.subject === undefined)) ctx.addIssue({ code: 'custom', path: ['caseId'], message: issueMessages.caseOrSubject.en });
  });
export type ReferralCreate = z.infer<typeof referralCreate>;

export const referralQuery = z
  .object({
    box: z.enum(['in', 'out']).default('in'),
    status: orEmpty(z.enum(referralStatuses)),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type ReferralQuery = z.infer<typeof referralQuery>;

export const transitionBody = z
  .object({
    to: z.enum(referralStatuses),
    version: z.number().int().min(1),
    /** Required to decline or revoke. */
    reason: text(maxReferralText).optional(),
    /** Required to complete, with feedback. */
    outcome: z.enum(referralOutcomes).optional(),
    feedback: text(maxReferralText).optional(),
  })
  .strict();
export type TransitionBody = z.infer<typeof transitionBody>;

export const messageBody = z.object({ text: text(maxReferralText) }).strict();
export type MessageBody = z.infer<typeof messageBody>;

export const linkCaseBody = z.object({ caseId: uuid }).strict();
export type LinkCaseBody = z.infer<typeof linkCaseBody>;

// --- responses -------------------------------------------------------------------------------

const organisationRef = z.object({ id: z.string(), code: z.string(), name: z.string() });
const userRef = z.object({ id: z.string(), displayName: z.string().nullable() });
const status = z.enum(referralStatuses);

export const referralListItemResponse = z.object({
  id: z.string(),
  code: z.string(),
  source: z.enum(referralSources),
  reason: z.string(),
  urgency: z.enum(referralUrgencies),
  status,
  /** The other side: the receiver in the out-box, the sender in the in-box. */
  otherOrganisation: organisationRef,
  /** Out-box: the sender's own person code; in-box: only when `person.code` is shared. */
  personCode: z.string().nullable(),
  /** Out-box only: the case the referral was made from. */
  caseCode: z.string().nullable(),
  sentAt: z.string(),
  answerDueAt: z.string(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  overdue: z.boolean(),
});

export const referralListResponse = z.object({ items: z.array(referralListItemResponse), total: z.number(), limit: z.number(), offset: z.number() });

const nameOut = z.object({ kind: z.string(), given: z.string().optional(), family: z.string().optional(), full: z.string().optional() });

/** The share set as the receiver sees it: only the keys of referrals.share_fields are present. */
export const sharedFieldsResponse = z.object({
  'person.code': z.string().optional(),
  'person.names': z.array(nameOut).optional(),
  'person.birth': z.record(z.string(), z.unknown()).nullable().optional(),
  'person.age': z.string().nullable().optional().describe('Age band: under_14, 14_17, 18_24, 25_34, 35_44, 45_54, 55_plus, or possibly_minor'),
  'person.sex': z.string().nullable().optional(),
  'person.citizenships': z.array(z.string()).optional(),
  'person.languages': z.array(z.string()).optional(),
  'person.documents': z.array(z.record(z.string(), z.unknown())).optional(),
  'person.phones': z.array(z.string()).optional(),
  'person.vulnerabilities': z.array(z.string()).optional(),
  'person.children': z.array(z.record(z.string(), z.unknown())).optional(),
  'case.phase': z.object({ phase: z.string(), status: z.string() }).optional(),
  'case.exploitation': z.record(z.string(), z.unknown()).optional(),
  'case.trafficking_status': z.object({ status: z.string().nullable(), decidedBy: z.string().nullable(), decidedOn: z.string().nullable() }).optional(),
  'case.minor': z.object({ status: z.string().nullable(), ageAssessment: z.string().nullable(), ageAssessmentOn: z.string().nullable(), juvenileCourt: z.string().nullable() }).optional(),
  'case.guardian': z.record(z.string(), z.unknown()).nullable().optional(),
  'case.plan': z.array(z.object({ title: z.string(), status: z.string(), actions: z.array(z.object({ what: z.string(), status: z.string(), dueOn: z.string().nullable() })) })).optional(),
  'case.services': z.array(z.object({ type: z.string(), status: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable() })).optional(),
});

export const sharedDocumentResponse = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  category: z.string().nullable(),
  sizeBytes: z.number(),
  uploadedAt: z.string(),
});

export const timelineEventResponse = z.object({
  id: z.string(),
  kind: z.enum(['status', 'message', 'access_ended']),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  /** The message, or the reason of a status change (decrypted for the two sides). */
  note: z.string().nullable(),
  /** Which side acted; `system` for Ponte itself (expiry). */
  side: z.enum(['sender', 'receiver', 'system']),
  user: userRef.nullable(),
  at: z.string(),
});

export const referralDetailResponse = z.object({
  id: z.string(),
  code: z.string(),
  source: z.enum(referralSources),
  /** The caller's side. */
  side: z.enum(['sender', 'receiver']),
  status,
  open: z.boolean(),
  reason: z.string(),
  urgency: z.enum(referralUrgencies),
  requestedService: z.string().nullable(),
  from: z.object({ organisation: organisationRef, user: userRef }),
  to: z.object({ organisation: organisationRef, user: userRef.nullable() }),
  /** The registered person concerned (an id, not personal data): to take them in charge (`POST /api/cases {personId, referralId}`). Receiver: while open. */
  personId: z.string().nullable(),
  /** Sender only: its case and person. */
  caseId: z.string().nullable(),
  caseCode: z.string().nullable(),
  personCode: z.string().nullable(),
  /** Receiver only: the case it opened on taking the person in charge. */
  receiverCaseId: z.string().nullable(),
  shareFields: z.array(z.string()),
  shareDocumentIds: z.array(z.string()),
  consentBasis: z.enum(consentBases),
  /** Sender only. */
  overrideReason: z.string().nullable(),
  message: z.string().nullable(),
  declineReason: z.string().nullable(),
  outcome: z.enum(referralOutcomes).nullable(),
  feedback: z.string().nullable(),
  /** Agency and hotline referrals: the person as the sender described them (receiver: while open). */
  subject: z.record(z.string(), z.unknown()).nullable(),
  /** Receiver, while open: the share set read live from the current records. Otherwise null. */
  shared: z.object({ fields: sharedFieldsResponse, documents: z.array(sharedDocumentResponse) }).nullable(),
  allowedMoves: z.array(status),
  answerDueAt: z.string(),
  warnedAt: z.string().nullable(),
  sentAt: z.string(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number(),
  timeline: z.array(timelineEventResponse),
});
export type ReferralDetail = z.infer<typeof referralDetailResponse>;
export type SharedFields = z.infer<typeof sharedFieldsResponse>;
export type SharedDocument = z.infer<typeof sharedDocumentResponse>;
export type TimelineEvent = z.infer<typeof timelineEventResponse>;
export type ReferralListItem = z.infer<typeof referralListItemResponse>;

export const referralCreatedResponse = z.object({ id: z.string(), code: z.string(), status, consentBasis: z.enum(consentBases), answerDueAt: z.string() });
