/**
 * Field messages of validation errors in the user's language. zod writes its issues in English;
 * built-in checks are translated with zod's own Italian error map, and the project's custom
 * messages through the catalogue in src/domain/issue-messages.ts.
 */
import itLocale from 'zod/v4/locales/it.js';
import type { Locale } from './i18n.ts';
import { italianIssueMessage } from '../../domain/issue-messages.ts';

const italian = itLocale();


const typeNames: Record<string, string> = {
  string: 'testo',
  number: 'numero',
  boolean: 'vero/falso',
  array: 'elenco',
  object: 'oggetto',
  int: 'numero intero',
  date: 'data',
};

const units: Record<string, { it: [string, string]; en: [string, string] }> = {
  string: { it: ['carattere', 'caratteri'], en: ['character', 'characters'] },
  array: { it: ['elemento', 'elementi'], en: ['item', 'items'] },
  set: { it: ['elemento', 'elementi'], en: ['item', 'items'] },
};

const formats: Record<string, { it: string; en: string }> = {
  email: { it: 'indirizzo e-mail non valido', en: 'not a valid e-mail address' },
  uuid: { it: 'identificativo non valido', en: 'not a valid identifier' },
  url: { it: 'indirizzo web non valido', en: 'not a valid web address' },
  date: { it: 'data non valida (AAAA-MM-GG)', en: 'not a valid date (YYYY-MM-DD)' },
  datetime: { it: 'data e ora non valide', en: 'not a valid date and time' },
};

/** Plain wording for size and format checks, which zod words technically in both languages. */
function plainMessage(code: string, params: Record<string, unknown>, locale: Locale): string | undefined {
  if (code === 'too_big' || code === 'too_small') {
    const limit = code === 'too_big' ? params.maximum : params.minimum;
    if (typeof limit !== 'number' && typeof limit !== 'bigint') return undefined;
    const n = Number(limit);
    const origin = typeof params.origin === 'string' ? params.origin : '';
    const unit = units[origin];
    if (code === 'too_small' && n === 1 && origin === 'string') return locale === 'it' ? 'campo obbligatorio' : 'required';
    if (unit) {
      const word = unit[locale][n === 1 ? 0 : 1];
      if (code === 'too_big') return locale === 'it' ? `al massimo ${n} ${word}` : `at most ${n} ${word}`;
      return locale === 'it' ? `almeno ${n} ${word}` : `at least ${n} ${word}`;
    }
    if (origin === 'number' || origin === 'bigint') {
      const inclusive = params.inclusive !== false;
      if (code === 'too_big') return locale === 'it' ? `${inclusive ? 'al massimo' : 'meno di'} ${n}` : `${inclusive ? 'at most' : 'less than'} ${n}`;
      return locale === 'it' ? `${inclusive ? 'almeno' : 'più di'} ${n}` : `${inclusive ? 'at least' : 'more than'} ${n}`;
    }
    return undefined;
  }
  if (code === 'invalid_format') {
    const format = typeof params.format === 'string' ? params.format : '';
    // Never show a raw regular expression to a user.
    return formats[format]?.[locale] ?? (locale === 'it' ? 'formato non valido' : 'invalid format');
  }
  return undefined;
}

export function localizeIssue(options: { code: string; message: string; params: Record<string, unknown>; locale: Locale }): string {
  const { code, message, params, locale } = options;
  const plain = plainMessage(code, params, locale);
  if (plain) return plain;
  if (locale === 'en') return message;
  if (code === 'custom') return italianIssueMessage(message) ?? message;
  if (code === 'invalid_type') {
    const expected = typeof params.expected === 'string' ? params.expected : '';
    return `Tipo non valido: atteso ${typeNames[expected] ?? expected}`;
  }
  const translated = italian.localeError({ code, ...params } as unknown as Parameters<typeof italian.localeError>[0]);
  if (typeof translated === 'string') return translated;
  if (translated && typeof translated.message === 'string') return translated.message;
  return message;
}
