/** Service codes an organisation may offer, with labels (the list lives in the shared domain code). */
import { serviceTypes } from '../domain/services.ts';
import type { Locale } from './i18n/index.tsx';
import type { Option } from './components/Field.tsx';

export function serviceOptions(locale: Locale, extra: readonly string[] = []): Option[] {
  const known: Option[] = serviceTypes.map((s) => ({ value: s.code, label: s.name[locale] }));
  const unknown = extra.filter((c) => !known.some((k) => k.value === c)).map((c) => ({ value: c, label: c }));
  return [...known, ...unknown];
}
