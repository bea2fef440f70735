/**
 * Services a body of the network offers (organisations.services) and that cases receive. Codes are
 * stable; labels in Italian and English. Extend by appending, never rename a code. Pure data.
 */

export interface ServiceType {
  code: string;
  name: { it: string; en: string };
}

export const serviceTypes = [
  { code: 'outreach', name: { it: 'Unità di strada', en: 'Street outreach' } },
  { code: 'indoor_outreach', name: { it: 'Contatto indoor', en: 'Indoor outreach' } },
  { code: 'drop_in', name: { it: 'Drop-in', en: 'Drop-in centre' } },
  { code: 'desk', name: { it: 'Sportello', en: 'Desk' } },
  { code: 'hotline', name: { it: 'Numero Verde', en: 'Hotline' } },
  { code: 'identification', name: { it: 'Emersione e identificazione', en: 'Emersion and identification' } },
  { code: 'first_assistance', name: { it: 'Pronta accoglienza e prima assistenza', en: 'First assistance' } },
  { code: 'shelter', name: { it: 'Casa di fuga', en: 'Escape house / shelter' } },
  { code: 'residential', name: { it: 'Accoglienza residenziale', en: 'Residential accommodation' } },
  { code: 'semi_autonomy', name: { it: 'Semi-autonomia', en: 'Semi-autonomy accommodation' } },
  { code: 'territorial_care', name: { it: 'Presa in carico territoriale (non residenziale)', en: 'Territorial (non-residential) care' } },
  { code: 'health', name: { it: 'Assistenza sanitaria', en: 'Health care' } },
  { code: 'legal', name: { it: 'Consulenza legale', en: 'Legal advice' } },
  { code: 'psychological', name: { it: 'Sostegno psicologico', en: 'Psychological support' } },
  { code: 'cultural_mediation', name: { it: 'Mediazione culturale', en: 'Cultural mediation' } },
  { code: 'language_course', name: { it: 'Corso di lingua italiana', en: 'Language course' } },
  { code: 'education', name: { it: 'Istruzione', en: 'Education' } },
  { code: 'vocational_training', name: { it: 'Formazione professionale', en: 'Vocational training' } },
  { code: 'internship', name: { it: 'Tirocinio', en: 'Internship' } },
  { code: 'job_placement', name: { it: 'Inserimento lavorativo', en: 'Job placement' } },
  { code: 'housing', name: { it: 'Autonomia abitativa', en: 'Housing' } },
  { code: 'economic_support', name: { it: 'Sostegno economico', en: 'Economic support' } },
  { code: 'voluntary_return', name: { it: 'Rimpatrio volontario assistito', en: 'Assisted voluntary return' } },
  { code: 'staff_training', name: { it: 'Formazione degli operatori', en: 'Training for professionals' } },
  { code: 'awareness', name: { it: 'Sensibilizzazione', en: 'Awareness raising' } },
] as const satisfies readonly ServiceType[];

export type ServiceCode = (typeof serviceTypes)[number]['code'];

export const serviceCodes = serviceTypes.map((s) => s.code) as [ServiceCode, ...ServiceCode[]];

export function isServiceCode(value: string): value is ServiceCode {
  return (serviceCodes as readonly string[]).includes(value);
}
