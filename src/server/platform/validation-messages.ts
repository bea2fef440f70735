/**
 * Field messages of validation errors in the user's language. zod writes its issues in English;
 * built-in checks are translated with zod's own Italian error map, and the project's custom
 * messages (refinements in src/domain and the features) through the catalogue below.
 */
import itLocale from 'zod/v4/locales/it.js';
import type { Locale } from './i18n.ts';

const italian = itLocale();

/** Custom refinement messages, as written in English in the schemas, with their Italian. */
const customMessages: Record<string, string> = {
  'control characters are not allowed': 'caratteri di controllo non ammessi',
  'invalid Unicode (lone surrogate)': 'Unicode non valido (surrogato isolato)',
  'amount in euro with at most 2 decimals, e.g. "1700256.47"': 'importo in euro con al massimo 2 decimali, ad es. "1700256.47"',
  'periodEnd must not be before periodStart': 'la fine del periodo non può precedere l’inizio',
  'invalid date': 'data non valida',
  invalid_date: 'data non valida',
};

const typeNames: Record<string, string> = {
  string: 'testo',
  number: 'numero',
  boolean: 'vero/falso',
  array: 'elenco',
  object: 'oggetto',
  int: 'numero intero',
  date: 'data',
};

export function localizeIssue(options: { code: string; message: string; params: Record<string, unknown>; locale: Locale }): string {
  const { code, message, params, locale } = options;
  if (locale === 'en') return message;
  if (code === 'custom') return customMessages[message] ?? message;
  if (code === 'invalid_type') {
    const expected = typeof params.expected === 'string' ? params.expected : '';
    return `Tipo non valido: atteso ${typeNames[expected] ?? expected}`;
  }
  const translated = italian.localeError({ code, ...params } as unknown as Parameters<typeof italian.localeError>[0]);
  if (typeof translated === 'string') return translated;
  if (translated && typeof translated.message === 'string') return translated.message;
  return message;
}
