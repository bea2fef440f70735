import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeIssue } from './validation-messages.ts';
import type { Locale } from './i18n.ts';

function messages(schema: z.ZodType, value: unknown, locale: Locale): string[] {
  const r = schema.safeParse(value);
  if (r.success) return [];
  return r.error.issues.map((issue) => {
    const { code, message, path: _path, ...params } = issue;
    return localizeIssue({ code, message, params: params, locale });
  });
}

describe('validation messages', () => {
  it('word sizes plainly in both languages', () => {
    expect(messages(z.string().max(300), 'x'.repeat(301), 'it')).toEqual(['al massimo 300 caratteri']);
    expect(messages(z.string().max(300), 'x'.repeat(301), 'en')).toEqual(['at most 300 characters']);
    expect(messages(z.string().min(1), '', 'it')).toEqual(['campo obbligatorio']);
    expect(messages(z.array(z.string()).max(2), ['a', 'b', 'c'], 'en')).toEqual(['at most 2 items']);
    expect(messages(z.number().min(0), -1, 'it')).toEqual(['almeno 0']);
  });
  it('never show a regular expression', () => {
    const phone = z.string().regex(/^\+?[0-9 ()./-]{3,40}$/);
    expect(messages(phone, 'abc', 'it')).toEqual(['formato non valido']);
    expect(messages(phone, 'abc', 'en')).toEqual(['invalid format']);
    expect(messages(z.email(), 'nope', 'it')).toEqual(['indirizzo e-mail non valido']);
  });
  it('use zod Italian for the rest, and the English message as written', () => {
    expect(messages(z.enum(['a', 'b']), 'c', 'it')[0]).toMatch(/Opzione non valida/);
    expect(messages(z.enum(['a', 'b']), 'c', 'en')[0]).toMatch(/Invalid option/);
  });
});
