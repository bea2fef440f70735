/**
 * Request and response schemas of the persons feature. Requests are strict; responses document
 * the API and act as an allow-list (the serializer sends only the fields named here).
 */
import { z } from 'zod';
import { searchText, uuid } from '../../../domain/fields.ts';
import { personInputSchema } from '../../../domain/persons/schema.ts';
import { birthInfoSchema, minorStatuses } from '../../../domain/cases/age.ts';

export const idParams = z.object({ id: uuid }).strict();

export const personCreate = personInputSchema;
export type PersonCreate = z.infer<typeof personCreate>;

/**
 * Any subset of the person's fields plus the version read. Lists given replace the stored list
 * whole; `birth`, `sex`, `notes` and `externalRef` may be null to clear them.
 */
const s = personInputSchema.shape;
export const personUpdate = z
  .object({
    names: s.names.optional(),
    birth: s.birth.unwrap().nullable().optional(),
    sex: s.sex.unwrap().nullable().optional(),
    citizenships: s.citizenships,
    languages: s.languages,
    documents: s.documents,
    phones: s.phones,
    vulnerabilities: s.vulnerabilities,
    children: s.children,
    notes: s.notes.unwrap().nullable().optional(),
    externalRef: s.externalRef.unwrap().nullable().optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type PersonUpdate = z.infer<typeof personUpdate>;

export const personQuery = z
  .object({
    q: searchText.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export type PersonQuery = z.infer<typeof personQuery>;

const nameResponse = z.object({
  kind: z.string(),
  given: z.string().optional(),
  family: z.string().optional(),
  full: z.string().optional(),
});

export const personResponse = z.object({
  id: z.string(),
  code: z.string(),
  organisation: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  names: z.array(nameResponse),
  birth: birthInfoSchema.nullable(),
  minor: z
    .object({
      status: z.enum(minorStatuses),
      isMinor: z.boolean(),
      treatAsMinor: z.boolean(),
      estimated: z.boolean(),
      adultFrom: z.string(),
      adultBy: z.string(),
    })
    .nullable(),
  sex: z.string().nullable(),
  citizenships: z.array(z.string()),
  languages: z.array(z.string()),
  documents: z.array(z.object({ type: z.string(), number: z.string(), country: z.string().optional(), expiresOn: z.string().optional() })),
  phones: z.array(z.string()),
  vulnerabilities: z.array(z.string()),
  children: z.array(z.object({ birthYear: z.number().optional(), sex: z.string().optional(), withPerson: z.boolean() })),
  notes: z.string().nullable(),
  externalRef: z.string().nullable(),
  mergedInto: z.object({ id: z.string(), code: z.string() }).nullable(),
  cases: z.array(z.object({ id: z.string(), code: z.string(), phase: z.string(), status: z.string(), organisationName: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type PersonDto = z.infer<typeof personResponse>;

const birthSummary = z.union([z.object({ year: z.number() }), z.object({ fromYear: z.number(), toYear: z.number() })]);

export const personListItem = z.object({
  id: z.string(),
  code: z.string(),
  /** the primary name, only for callers holding persons.write; null otherwise */
  displayName: z.string().nullable(),
  /** year of birth (or range of years), under the same rule as displayName */
  birthYear: birthSummary.nullable(),
  sex: z.string().nullable(),
  citizenships: z.array(z.string()),
  openCases: z.number(),
  /** search relevance 0..1 (searches only) */
  score: z.number().optional(),
});
export type PersonListItem = z.infer<typeof personListItem>;

export const personListResponse = z.object({
  items: z.array(personListItem),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});
