/** Request schemas of the network feature (organisations, projects). Every object is strict. */
import { z } from 'zod';
import { organisationTypeKeys } from '../../../domain/organisations.ts';
import { serviceCodes } from '../../../domain/services.ts';
import { email, isoDate, line, money, orEmpty, searchText, phone, provinceCode, provinceList, shortCode, slugCode, text, uuid, webUrl } from '../../../domain/fields.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';

export const idParams = z.object({ id: uuid }).strict();

const serviceList = z
  .array(z.enum(serviceCodes))
  .max(serviceCodes.length)
  .refine((v) => new Set(v).size === v.length, 'duplicate service');

const organisationFields = {
  code: slugCode,
  name: line(300),
  type: z.enum(organisationTypeKeys),
  registerSection: line(100).nullable(),
  provinces: provinceList,
  services: serviceList,
  email: email.nullable(),
  phone: phone.nullable(),
  address: line(300).nullable(),
  website: webUrl.nullable(),
  isActive: z.boolean(),
};

export const organisationCreate = z
  .object({
    code: organisationFields.code,
    name: organisationFields.name,
    type: organisationFields.type,
    registerSection: organisationFields.registerSection.optional(),
    provinces: organisationFields.provinces.default([]),
    services: organisationFields.services.default([]),
    email: organisationFields.email.optional(),
    phone: organisationFields.phone.optional(),
    address: organisationFields.address.optional(),
    website: organisationFields.website.optional(),
    isActive: organisationFields.isActive.default(true),
  })
  .strict();
export type OrganisationCreate = z.infer<typeof organisationCreate>;

export const organisationUpdate = z
  .object({
    code: organisationFields.code.optional(),
    name: organisationFields.name.optional(),
    type: organisationFields.type.optional(),
    registerSection: organisationFields.registerSection.optional(),
    provinces: organisationFields.provinces.optional(),
    services: organisationFields.services.optional(),
    email: organisationFields.email.optional(),
    phone: organisationFields.phone.optional(),
    address: organisationFields.address.optional(),
    website: organisationFields.website.optional(),
    isActive: organisationFields.isActive.optional(),
  })
  .strict();
export type OrganisationUpdate = z.infer<typeof organisationUpdate>;

export const organisationQuery = z
  .object({
    q: searchText.optional(),
    type: orEmpty(z.enum(organisationTypeKeys)),
    province: orEmpty(provinceCode),
    active: orEmpty(z.enum(['true', 'false'])),
  })
  .strict();
export type OrganisationQuery = z.infer<typeof organisationQuery>;

const partner = z.object({ organisationId: uuid, provinces: provinceList.default([]) }).strict();
const budgetLine = z.object({ code: shortCode, label: line(200), amount: money }).strict();
const complementary = z
  .object({ name: line(300), funder: line(200).nullable().optional(), notes: text(2000).nullable().optional() })
  .strict();

const partnerList = z
  .array(partner)
  .max(200)
  .refine((v) => new Set(v.map((p) => p.organisationId)).size === v.length, 'the same organisation is listed twice');
const budgetLineList = z
  .array(budgetLine)
  .max(200)
  .refine((v) => new Set(v.map((l) => l.code)).size === v.length, 'duplicate budget line code');
const complementaryList = z.array(complementary).max(50);

export const projectCreate = z
  .object({
    code: slugCode,
    name: line(300),
    edition: line(50).nullable().optional(),
    periodStart: isoDate,
    periodEnd: isoDate,
    funder: line(200),
    budgetTotal: money,
    leadOrganisationId: uuid,
    description: text(10_000).nullable().optional(),
    partners: partnerList.default([]),
    budgetLines: budgetLineList.default([]),
    complementary: complementaryList.default([]),
  })
  .strict()
  .refine((p) => p.periodEnd >= p.periodStart, { message: issueMessages.periodOrder.en, path: ['periodEnd'] });
export type ProjectCreate = z.infer<typeof projectCreate>;

export const projectUpdate = z
  .object({
    code: slugCode.optional(),
    name: line(300).optional(),
    edition: line(50).nullable().optional(),
    periodStart: isoDate.optional(),
    periodEnd: isoDate.optional(),
    funder: line(200).optional(),
    budgetTotal: money.optional(),
    leadOrganisationId: uuid.optional(),
    description: text(10_000).nullable().optional(),
    partners: partnerList.optional(),
    budgetLines: budgetLineList.optional(),
    complementary: complementaryList.optional(),
  })
  .strict()
  .refine((p) => !p.periodStart || !p.periodEnd || p.periodEnd >= p.periodStart, {
    message: issueMessages.periodOrder.en,
    path: ['periodEnd'],
  });
export type ProjectUpdate = z.infer<typeof projectUpdate>;

export const projectQuery = z
  .object({
    q: searchText.optional(),
    organisationId: orEmpty(uuid),
  })
  .strict();
export type ProjectQuery = z.infer<typeof projectQuery>;
