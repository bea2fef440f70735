/**
 * Response schemas of the network feature: they document the API (OpenAPI) and act as an
 * allow-list, since the serializer sends only the fields named here.
 */
import { z } from 'zod';

export const organisationResponse = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  registerSection: z.string().nullable(),
  provinces: z.array(z.string()),
  services: z.array(z.string()),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  website: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const projectSummaryResponse = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  edition: z.string().nullable(),
  periodStart: z.string(),
  periodEnd: z.string(),
  funder: z.string(),
  budgetTotal: z.string(),
  leadOrganisation: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const projectResponse = projectSummaryResponse.extend({
  description: z.string().nullable(),
  partners: z.array(z.object({ organisationId: z.string(), organisationCode: z.string(), organisationName: z.string(), provinces: z.array(z.string()) })),
  budgetLines: z.array(z.object({ code: z.string(), label: z.string(), amount: z.string() })),
  budgetLinesTotal: z.string(),
  complementary: z.array(z.object({ id: z.string(), name: z.string(), funder: z.string().nullable(), notes: z.string().nullable() })),
});

export const provincesResponse = z.object({
  items: z.array(z.object({ code: z.string(), abbreviation: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string(), kind: z.string() })),
});

export const organisationTypesResponse = z.object({
  items: z.array(z.object({ key: z.string(), nameIt: z.string(), nameEn: z.string(), htcds: z.string(), standard: z.boolean() })),
});

export const servicesResponse = z.object({
  items: z.array(z.object({ code: z.string(), nameIt: z.string(), nameEn: z.string() })),
});

export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
