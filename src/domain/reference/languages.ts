/**
 * Languages (ISO 639-1, plus ISO 639-2/3 codes of languages without a two-letter code that many
 * people met by Italian anti-trafficking projects speak: Edo, Nigerian Pidgin, Tigre, Mandinka…),
 * with Italian and English names. Generated data in languages-data.ts (see generate.ts).
 * A three-letter code of a language that has a two-letter one (tir, amh, eng) is accepted and
 * stored as the two-letter code, so the same language is never stored under two codes.
 */
import { z } from 'zod';
import { issueMessages } from '../issue-messages.ts';
import { languageAliases, languageList } from './languages-data.ts';

export { languageList, languageAliases };
export type LanguageCode = (typeof languageList)[number]['code'];

const byCode: ReadonlyMap<string, (typeof languageList)[number]> = new Map(languageList.map((l) => [l.code, l]));

/** The stored code of a language code or alias (lower case), or undefined when unknown. */
export function canonicalLanguage(code: string): LanguageCode | undefined {
  const c = code.toLowerCase();
  if (byCode.has(c)) return c as LanguageCode;
  const alias = languageAliases[c];
  return alias !== undefined && byCode.has(alias) ? (alias as LanguageCode) : undefined;
}

export function languageName(options: { code: string; locale: 'it' | 'en' }): string | undefined {
  const c = canonicalLanguage(options.code);
  return c ? byCode.get(c)?.name[options.locale] : undefined;
}

/** A language code, stored in its canonical form (`tir` → `ti`). */
export const languageCodeSchema = z
  .string()
  .trim()
  .refine((c) => canonicalLanguage(c) !== undefined, { message: issueMessages.unknownLanguage.en })
  .transform((c) => canonicalLanguage(c) ?? c);
