/**
 * The person record as the API takes it: names in any script, birth date exact or estimated,
 * HTCDS sex/gender and vulnerabilities, citizenships (ISO 3166-1 alpha-2), languages (ISO 639),
 * identity documents, phones, children. Shared by server and web. Identity fields (names, birth,
 * documents, phones, children, notes, external reference) are stored encrypted; see
 * src/server/features/persons.
 */
import { z } from 'zod';
import { line, text } from '../fields.ts';
import { birthInfoSchema } from '../cases/age.ts';
import { htcdsValueSchema } from '../htcds/index.ts';
import { issueMessages } from '../issue-messages.ts';
import { countryCodeSchema } from '../reference/countries.ts';
import { languageCodeSchema } from '../reference/languages.ts';

/** No value twice (after normalisation: `tir` and `ti` are the same language). */
function noDuplicates(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

export const personNameKinds = ['primary', 'alias', 'nickname'] as const;
export type PersonNameKind = (typeof personNameKinds)[number];

/**
 * One name of the person. `given` + `family` when the parts are known; `full` for a name written
 * as one string (order unknown: an alias, a nickname, a name heard on the street).
 */
export const personNameInputSchema = z
  .object({
    kind: z.enum(personNameKinds),
    given: line(200).optional(),
    family: line(200).optional(),
    full: line(400).optional(),
  })
  .strict()
  .refine((n) => n.given !== undefined || n.family !== undefined || n.full !== undefined, {
    message: issueMessages.nameNeedsPart.en,
  });
export type PersonNameInput = z.infer<typeof personNameInputSchema>;

export const identityDocumentTypes = ['passport', 'identity_card', 'residence_permit', 'asylum_request', 'driving_licence', 'birth_certificate', 'other'] as const;
export type IdentityDocumentType = (typeof identityDocumentTypes)[number];

export const identityDocumentSchema = z
  .object({
    type: z.enum(identityDocumentTypes),
    number: z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N} ./-]+$/u, 'letters, digits, spaces, dots, slashes and hyphens only'),
    /** issuing country, ISO 3166-1 alpha-2 */
    country: countryCodeSchema.optional(),
    expiresOn: z.iso.date().optional(),
  })
  .strict();
export type IdentityDocument = z.infer<typeof identityDocumentSchema>;

export const childSchema = z
  .object({
    birthYear: z.number().int().min(1900).max(2200).optional(),
    sex: htcdsValueSchema({ field: 'prs_Gender' }).optional(),
    /** whether the child is with the person (e.g. in the same shelter) */
    withPerson: z.boolean(),
  })
  .strict();
export type Child = z.infer<typeof childSchema>;

export const personInputSchema = z
  .object({
    names: z.array(personNameInputSchema).min(1).max(20),
    birth: birthInfoSchema.optional(),
    sex: htcdsValueSchema({ field: 'prs_Gender' }).optional(),
    citizenships: z.array(countryCodeSchema).max(5).refine(noDuplicates, { message: issueMessages.duplicateCode.en }).optional(),
    /** the first is the primary language */
    languages: z.array(languageCodeSchema).max(10).refine(noDuplicates, { message: issueMessages.duplicateCode.en }).optional(),
    documents: z.array(identityDocumentSchema).max(20).optional(),
    phones: z.array(z.string().trim().regex(/^\+?[0-9 ()./-]{3,40}$/)).max(20).optional(),
    vulnerabilities: z.array(htcdsValueSchema({ field: 'vic_Vulnerabilities' })).max(30).optional(),
    children: z.array(childSchema).max(20).optional(),
    notes: text(10_000).optional(),
    /** identifier of the person in the registering body's own system (imports) */
    externalRef: line(100).optional(),
  })
  .strict();
export type PersonInput = z.infer<typeof personInputSchema>;

/** What is encrypted together in persons.identity_enc. */
export interface StoredIdentity {
  names: PersonNameInput[];
  birth?: PersonInput['birth'];
  documents: IdentityDocument[];
  phones: string[];
  children: Child[];
}
