/** Request schemas of the accommodation feature. Every object is strict. */
import { z } from 'zod';
import { isoDate, line, orEmpty, provinceCode, text, uuid } from '../../../domain/fields.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { bedKinds, facilityTypes, leavingReasons, targetGroups, waitlistNeeds } from '../../../domain/accommodation.ts';

export const noQuery = z.object({}).strict();
export const facilityParams = z.object({ id: uuid }).strict();
export const bedParams = z.object({ id: uuid, bedId: uuid }).strict();
export const placementParams = z.object({ id: uuid, placementId: uuid }).strict();
export const waitlistParams = z.object({ id: uuid }).strict();
export const caseParams = z.object({ id: uuid }).strict();

const nonEmpty = (v: object): boolean => Object.values(v).some((x) => x !== undefined);
const distinct = (v: readonly unknown[]): boolean => new Set(v).size === v.length;

/** ISTAT municipality code: 6 digits, the first 3 being the province code. */
const municipalityCode = z.string().regex(/^[0-9]{6}$/, 'ISTAT municipality code, 6 digits');

const bedInput = z.object({ label: line(60), kind: z.enum(bedKinds).default('single') }).strict();
export type BedInput = z.infer<typeof bedInput>;

const facilityFields = {
  type: z.enum(facilityTypes),
  name: line(120),
  address: text(500).nullable().optional(),
  province: provinceCode,
  municipality: municipalityCode.nullable().optional(),
  targetGroups: z.array(z.enum(targetGroups)).max(targetGroups.length).refine(distinct, issueMessages.duplicateItem.en).default([]),
};

const municipalityInProvince = (f: { province?: string | undefined; municipality?: string | null | undefined }): boolean =>
  !f.municipality || !f.province || f.municipality.startsWith(f.province);

export const facilityCreate = z
  .object({
    ...facilityFields,
    beds: z.array(bedInput).max(200).refine((b) => distinct(b.map((x) => x.label)), issueMessages.duplicateItem.en).default([]),
  })
  .strict()
  .refine(municipalityInProvince, { message: issueMessages.municipalityInProvince.en, path: ['municipality'] });
export type FacilityCreate = z.infer<typeof facilityCreate>;

export const facilityUpdate = z
  .object({
    type: facilityFields.type.optional(),
    name: facilityFields.name.optional(),
    address: facilityFields.address,
    province: provinceCode.optional(),
    municipality: facilityFields.municipality,
    targetGroups: z.array(z.enum(targetGroups)).max(targetGroups.length).refine(distinct, issueMessages.duplicateItem.en).optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en })
  .refine(municipalityInProvince, { message: issueMessages.municipalityInProvince.en, path: ['municipality'] });
export type FacilityUpdate = z.infer<typeof facilityUpdate>;

export const bedCreate = bedInput;
export const bedUpdate = z
  .object({ label: line(60).optional(), kind: z.enum(bedKinds).optional(), active: z.boolean().optional() })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type BedUpdate = z.infer<typeof bedUpdate>;

export const placementCreate = z
  .object({
    bedId: uuid,
    personId: uuid,
    caseId: uuid.nullable().optional(),
    startsOn: isoDate,
    note: text(5000).nullable().optional(),
    waitlistId: uuid.nullable().optional(),
  })
  .strict();
export type PlacementCreate = z.infer<typeof placementCreate>;

export const placementEnd = z
  .object({ endsOn: isoDate, reason: z.enum(leavingReasons), note: text(5000).nullable().optional() })
  .strict();
export type PlacementEnd = z.infer<typeof placementEnd>;

export const placementQuery = z.object({ current: z.enum(['true', 'false']).optional() }).strict();

const monthKey = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'month as YYYY-MM');
export const occupancyQuery = z
  .object({ from: monthKey.optional(), to: monthKey.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: issueMessages.monthOrder.en, path: ['to'] });

export const waitlistCreate = z
  .object({
    personId: uuid,
    caseId: uuid.nullable().optional(),
    facilityId: uuid.nullable().optional(),
    facilityType: z.enum(facilityTypes).nullable().optional(),
    priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    requestedOn: isoDate,
    needs: z.array(z.enum(waitlistNeeds)).max(waitlistNeeds.length).refine(distinct, issueMessages.duplicateItem.en).default([]),
    note: text(5000).nullable().optional(),
  })
  .strict()
  .refine((w) => !!w.facilityId || !!w.facilityType, { message: issueMessages.facilityOrType.en, path: ['facilityType'] });
export type WaitlistCreate = z.infer<typeof waitlistCreate>;

export const waitlistUpdate = z
  .object({
    priority: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    needs: z.array(z.enum(waitlistNeeds)).max(waitlistNeeds.length).refine(distinct, issueMessages.duplicateItem.en).optional(),
    status: z.enum(['waiting', 'withdrawn']).optional(),
    note: text(5000).nullable().optional(),
  })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type WaitlistUpdate = z.infer<typeof waitlistUpdate>;

export const waitlistQuery = z.object({ status: orEmpty(z.enum(['waiting', 'placed', 'withdrawn'])) }).strict();
export const availabilityQuery = z.object({ targetGroup: orEmpty(z.enum(targetGroups)) }).strict();
