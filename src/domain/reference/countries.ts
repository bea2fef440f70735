/**
 * Countries (ISO 3166-1 alpha-2) for citizenships and document issuers, with Italian and English
 * names. The list is generated (countries-data.ts, see generate.ts).
 */
import { z } from 'zod';
import { issueMessages } from '../issue-messages.ts';
import { countryList } from './countries-data.ts';

export { countryList };
export type CountryCode = (typeof countryList)[number]['code'];

const byCode: ReadonlyMap<string, (typeof countryList)[number]> = new Map(countryList.map((c) => [c.code, c]));

export function isCountryCode(code: string): code is CountryCode {
  return byCode.has(code);
}

export function countryName(options: { code: string; locale: 'it' | 'en' }): string | undefined {
  return byCode.get(options.code)?.name[options.locale];
}

/** A country code; lower case is accepted and upper-cased. */
export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => isCountryCode(c), { message: issueMessages.unknownCountry.en });
