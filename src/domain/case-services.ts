/**
 * Types of service a case receives: the HTCDS v2.0 support-plan types (spl_Type, codes as in the
 * standard) and the Italian services of the anti-trafficking programmes. Each Italian type names
 * the HTCDS type it is reported as. Codes are stable; extend by appending, never rename. Pure data.
 */
import { htcdsValues } from './htcds/values.ts';
import { htcdsLabel } from './htcds/index.ts';

type HtcdsSupportType = (typeof htcdsValues.spl_Type)[number]['value'];

export interface CaseServiceType {
  code: string;
  name: { it: string; en: string };
  /** The HTCDS spl_Type the service is reported as. */
  htcds: HtcdsSupportType;
  /** Where the code comes from. */
  standard: 'htcds' | 'italy';
}

const fromHtcds: CaseServiceType[] = htcdsValues.spl_Type.map((v) => ({
  code: v.value,
  name: { it: htcdsLabel({ field: 'spl_Type', value: v.value, locale: 'it' }) ?? v.label, en: v.label },
  htcds: v.value,
  standard: 'htcds' as const,
}));

const italian: CaseServiceType[] = [
  { code: 'language_course', name: { it: 'Corso di lingua italiana', en: 'Language course' }, htcds: 'Education', standard: 'italy' },
  { code: 'vocational_training', name: { it: 'Formazione professionale', en: 'Vocational training' }, htcds: 'Livelihood', standard: 'italy' },
  { code: 'internship', name: { it: 'Tirocinio', en: 'Internship' }, htcds: 'Livelihood', standard: 'italy' },
  { code: 'job_placement', name: { it: 'Inserimento lavorativo', en: 'Job placement' }, htcds: 'Livelihood', standard: 'italy' },
  { code: 'housing', name: { it: 'Autonomia abitativa', en: 'Housing' }, htcds: 'SocialCare', standard: 'italy' },
  { code: 'economic_support', name: { it: 'Sostegno economico', en: 'Economic support' }, htcds: 'Financial', standard: 'italy' },
  { code: 'cultural_mediation', name: { it: 'Mediazione culturale', en: 'Cultural mediation' }, htcds: 'SocialCare', standard: 'italy' },
  { code: 'voluntary_return', name: { it: 'Rimpatrio volontario assistito', en: 'Assisted voluntary return' }, htcds: 'SocialCare', standard: 'italy' },
  { code: 'psychological', name: { it: 'Sostegno psicologico', en: 'Psychological support' }, htcds: 'Health', standard: 'italy' },
];

export const caseServiceTypes: readonly CaseServiceType[] = [...fromHtcds, ...italian];

export const caseServiceCodes = caseServiceTypes.map((s) => s.code) as [string, ...string[]];

export function isCaseServiceCode(value: string): boolean {
  return caseServiceCodes.includes(value);
}

export const caseServiceStatuses = ['planned', 'active', 'completed', 'cancelled'] as const;
export type CaseServiceStatus = (typeof caseServiceStatuses)[number];
