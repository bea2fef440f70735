/**
 * Server-side messages in Italian (first) and English. The locale of a request comes from the
 * user's profile when logged in, otherwise from Accept-Language; Italian is the default.
 */
export const locales = ['it', 'en'] as const;
export type Locale = (typeof locales)[number];

export function pickLocale(acceptLanguage: string | undefined, preferred?: string | null): Locale {
  if (preferred === 'it' || preferred === 'en') return preferred;
  if (!acceptLanguage) return 'it';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().slice(0, 2), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (lang === 'it' || lang === 'en') return lang;
  return 'it';
}
