/**
 * Referral reasons: the HTCDS v2.0 cas_ReasonForOutgoingReferral values extended with the reasons
 * of the Italian network (seeds 001–003). Each reason has a default share set (data minimisation:
 * the least the receiver needs) and a default answer deadline; the sender may narrow or widen the
 * share set within the catalogue. Pure data.
 */
import type { ShareField } from './share-set.ts';

export interface ReferralReason {
  key: string;
  /** HTCDS value this reason is exported as. */
  htcds: 'AdditionalServicesRequired' | 'MigrationOrChangeOfLocation' | 'Other';
  name: { it: string; en: string };
  preset: readonly ShareField[];
  /** Default time for the receiver to answer (accept or decline), in hours. */
  answerWithinHours: number;
}

const minimal = ['person.code', 'person.sex', 'person.age', 'person.citizenships', 'person.languages'] as const satisfies readonly ShareField[];

export const referralReasons = [
  { key: 'additional_services', htcds: 'AdditionalServicesRequired', name: { it: 'Servizi aggiuntivi necessari', en: 'Additional services required' }, preset: [...minimal, 'case.phase', 'case.services'], answerWithinHours: 72 },
  { key: 'change_of_location', htcds: 'MigrationOrChangeOfLocation', name: { it: 'Trasferimento o cambio di territorio', en: 'Migration or change of location' }, preset: [...minimal, 'person.names', 'person.birth', 'case.phase', 'case.minor'], answerWithinHours: 72 },
  { key: 'identification', htcds: 'AdditionalServicesRequired', name: { it: 'Emersione e identificazione', en: 'Emersion and identification' }, preset: [...minimal, 'person.names', 'person.birth', 'person.phones', 'case.exploitation', 'case.minor'], answerWithinHours: 72 },
  { key: 'shelter', htcds: 'AdditionalServicesRequired', name: { it: 'Accoglienza (posto letto)', en: 'Shelter (a bed)' }, preset: [...minimal, 'person.children', 'person.vulnerabilities', 'case.minor'], answerWithinHours: 24 },
  { key: 'health', htcds: 'AdditionalServicesRequired', name: { it: 'Assistenza sanitaria', en: 'Health care' }, preset: [...minimal, 'person.names', 'person.birth', 'person.vulnerabilities'], answerWithinHours: 48 },
  { key: 'legal', htcds: 'AdditionalServicesRequired', name: { it: 'Consulenza legale', en: 'Legal advice' }, preset: [...minimal, 'person.names', 'person.birth', 'person.documents', 'case.exploitation'], answerWithinHours: 120 },
  { key: 'residence_permit', htcds: 'Other', name: { it: 'Permesso di soggiorno (art. 18 / 18-ter)', en: 'Residence permit (art. 18 / 18-ter)' }, preset: [...minimal, 'person.names', 'person.birth', 'person.documents', 'case.exploitation', 'case.trafficking_status'], answerWithinHours: 240 },
  { key: 'asylum_procedure', htcds: 'Other', name: { it: 'Procedura di protezione internazionale', en: 'International protection procedure' }, preset: [...minimal, 'person.names', 'person.birth', 'person.documents'], answerWithinHours: 240 },
  { key: 'judicial_cooperation', htcds: 'Other', name: { it: 'Collaborazione con l’autorità giudiziaria', en: 'Cooperation with the judicial authority' }, preset: [...minimal, 'person.names', 'person.birth', 'case.exploitation'], answerWithinHours: 240 },
  { key: 'labour_exploitation', htcds: 'Other', name: { it: 'Sfruttamento lavorativo (ispettorato)', en: 'Labour exploitation (inspectorate)' }, preset: [...minimal, 'case.exploitation'], answerWithinHours: 120 },
  { key: 'minor_protection', htcds: 'AdditionalServicesRequired', name: { it: 'Tutela di minore straniero non accompagnato', en: 'Protection of an unaccompanied minor' }, preset: [...minimal, 'person.names', 'person.birth', 'case.minor', 'case.guardian'], answerWithinHours: 24 },
  { key: 'voluntary_return', htcds: 'MigrationOrChangeOfLocation', name: { it: 'Rimpatrio volontario assistito', en: 'Assisted voluntary return' }, preset: [...minimal, 'person.names', 'person.birth', 'person.documents'], answerWithinHours: 240 },
  { key: 'hotline_report', htcds: 'Other', name: { it: 'Segnalazione dal Numero Verde', en: 'Hotline report' }, preset: [], answerWithinHours: 24 },
  { key: 'other', htcds: 'Other', name: { it: 'Altro', en: 'Other' }, preset: minimal, answerWithinHours: 120 },
] as const satisfies readonly ReferralReason[];

export type ReferralReasonKey = (typeof referralReasons)[number]['key'];
export const referralReasonKeys = referralReasons.map((r) => r.key) as [ReferralReasonKey, ...ReferralReasonKey[]];

export function referralReason(key: string): ReferralReason | undefined {
  return referralReasons.find((r) => r.key === key);
}
