/** Service codes an organisation may offer (the service types of the domain model), with labels. */
import type { Locale } from './i18n/index.tsx';
import type { Option } from './components/Field.tsx';

export const serviceCodes = [
  { code: 'outreach', it: 'Unità di strada', en: 'Outreach' },
  { code: 'drop_in', it: 'Drop-in', en: 'Drop-in' },
  { code: 'desk', it: 'Sportello', en: 'Desk' },
  { code: 'hotline', it: 'Numero Verde', en: 'Helpline' },
  { code: 'identification', it: 'Identificazione', en: 'Identification' },
  { code: 'shelter', it: 'Accoglienza residenziale', en: 'Shelter' },
  { code: 'health', it: 'Sanitario', en: 'Health' },
  { code: 'legal', it: 'Legale', en: 'Legal' },
  { code: 'psychological', it: 'Psicologico', en: 'Psychological' },
  { code: 'mediation', it: 'Mediazione culturale', en: 'Cultural mediation' },
  { code: 'education', it: 'Istruzione', en: 'Education' },
  { code: 'language_course', it: 'Corso di lingua', en: 'Language course' },
  { code: 'vocational_training', it: 'Formazione professionale', en: 'Vocational training' },
  { code: 'internship', it: 'Tirocinio', en: 'Internship' },
  { code: 'job_placement', it: 'Inserimento lavorativo', en: 'Job placement' },
  { code: 'housing', it: 'Abitazione', en: 'Housing' },
  { code: 'economic_support', it: 'Sostegno economico', en: 'Economic support' },
  { code: 'voluntary_return', it: 'Rimpatrio volontario assistito', en: 'Assisted voluntary return' },
] as const;

export function serviceOptions(locale: Locale, extra: readonly string[] = []): Option[] {
  const known = serviceCodes.map((s) => ({ value: s.code, label: s[locale] }));
  const unknown = extra.filter((c) => !known.some((k) => k.value === c)).map((c) => ({ value: c, label: c }));
  return [...known, ...unknown];
}
