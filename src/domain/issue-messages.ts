/**
 * Messages of the project's own validation rules (zod refinements and rule checks), in English
 * and Italian. Schemas use the English text as the zod message (`issueMessages.x.en`); the server
 * shows it in the user's language by looking the English text up here. One place for both, so a
 * reworded rule cannot lose its translation.
 */
export const issueMessages = {
  controlChars: { en: 'control characters are not allowed', it: 'caratteri di controllo non ammessi' },
  loneSurrogate: { en: 'invalid Unicode (lone surrogate)', it: 'Unicode non valido (surrogato isolato)' },
  money: { en: 'amount in euro with at most 2 decimals, e.g. "1700256.47"', it: 'importo in euro con al massimo 2 decimali, ad es. "1700256.47"' },
  periodOrder: { en: 'periodEnd must not be before periodStart', it: 'la fine del periodo non può precedere l’inizio' },
  invalidDate: { en: 'invalid date', it: 'data non valida' },
  codeOrPassword: { en: 'code or password, not both', it: 'il codice o la password, non entrambi' },
  unknownCountry: { en: 'unknown country code (ISO 3166-1 alpha-2, e.g. NG)', it: 'codice paese sconosciuto (ISO 3166-1 alpha-2, ad es. NG)' },
  unknownLanguage: { en: 'unknown language code (ISO 639, e.g. en, ti, edo)', it: 'codice lingua sconosciuto (ISO 639, ad es. en, ti, edo)' },
  duplicateCode: { en: 'listed twice', it: 'indicato due volte' },
  nameNeedsPart: { en: 'a name needs a given name, a family name or a full name', it: 'un nome richiede il nome, il cognome o il nome completo' },
} as const satisfies Record<string, { en: string; it: string }>;

const italianByEnglish = new Map<string, string>(Object.values(issueMessages).map((m) => [m.en, m.it]));

/** The Italian of a rule message given in English, if it is one of ours. */
export function italianIssueMessage(english: string): string | undefined {
  return italianByEnglish.get(english);
}
