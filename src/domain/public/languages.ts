/**
 * Languages of the public site: Italian (the default and the fallback), English, and languages of
 * the people the network serves. Arabic is written right to left. Pure: server and web.
 */
export const publicLanguages = ['it', 'en', 'fr', 'es', 'ro', 'sq', 'ar', 'zh'] as const;
export type PublicLanguage = (typeof publicLanguages)[number];

export function isPublicLanguage(value: string): value is PublicLanguage {
  return (publicLanguages as readonly string[]).includes(value);
}

export const languageInfo: Record<PublicLanguage, { name: string; nameIt: string; nameEn: string; dir: 'ltr' | 'rtl'; intl: string }> = {
  it: { name: 'Italiano', nameIt: 'Italiano', nameEn: 'Italian', dir: 'ltr', intl: 'it-IT' },
  en: { name: 'English', nameIt: 'Inglese', nameEn: 'English', dir: 'ltr', intl: 'en-GB' },
  fr: { name: 'Français', nameIt: 'Francese', nameEn: 'French', dir: 'ltr', intl: 'fr-FR' },
  es: { name: 'Español', nameIt: 'Spagnolo', nameEn: 'Spanish', dir: 'ltr', intl: 'es-ES' },
  ro: { name: 'Română', nameIt: 'Rumeno', nameEn: 'Romanian', dir: 'ltr', intl: 'ro-RO' },
  sq: { name: 'Shqip', nameIt: 'Albanese', nameEn: 'Albanian', dir: 'ltr', intl: 'sq-AL' },
  ar: { name: 'العربية', nameIt: 'Arabo', nameEn: 'Arabic', dir: 'rtl', intl: 'ar-u-nu-latn' },
  zh: { name: '中文', nameIt: 'Cinese', nameEn: 'Chinese', dir: 'ltr', intl: 'zh-CN' },
};

/** Kinds of public page: the home page of the plan, the help page, a project's page, any other. */
export const publicPageKinds = ['home', 'help', 'project', 'page'] as const;
export type PublicPageKind = (typeof publicPageKinds)[number];

/** The national anti-trafficking hotline, shown on every public page. */
export const hotline = { display: '800 290 290', tel: '+39800290290' } as const;

/** The best public language for an Accept-Language header (Italian when none fits). */
export function pickPublicLanguage(acceptLanguage: string | undefined): PublicLanguage {
  if (!acceptLanguage) return 'it';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().slice(0, 2), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (isPublicLanguage(lang)) return lang;
  return 'it';
}
