/**
 * The share set catalogue: every piece of a person or case a referral can show its receiver.
 * A referral stores the keys chosen by the sender (`referrals.share_fields`) plus the ids of the
 * case documents shared; the receiver's view of the referral is built from exactly these, read
 * from the current record while the referral is open. Anything not listed is never shown to the
 * receiver. Pure data.
 */

export const shareFields = [
  'person.code', // pseudonymous code (always safe)
  'person.names', // names and aliases (encrypted identity)
  'person.birth', // birth date, exact or estimated
  'person.age', // age band only (derived from birth)
  'person.sex', // sex/gender
  'person.citizenships',
  'person.languages',
  'person.documents', // identity documents
  'person.phones',
  'person.vulnerabilities',
  'person.children',
  'case.phase', // phase and HTCDS status
  'case.exploitation', // types, sectors, places, period, means of control, recruitment
  'case.trafficking_status',
  'case.minor', // minor status, age assessment
  'case.guardian', // guardian of a minor (encrypted)
  'case.plan', // individual plan goals and actions
  'case.services', // services received
] as const;
export type ShareField = (typeof shareFields)[number];

export function isShareField(value: string): value is ShareField {
  return (shareFields as readonly string[]).includes(value);
}

/** Fields whose sharing reveals who the person is (need a consent basis other than no_personal_data). */
export const identifyingShareFields = ['person.names', 'person.birth', 'person.documents', 'person.phones', 'person.children', 'case.guardian'] as const satisfies readonly ShareField[];

export const shareFieldLabels: Record<ShareField, { it: string; en: string }> = {
  'person.code': { it: 'Codice della persona', en: 'Person code' },
  'person.names': { it: 'Nomi e alias', en: 'Names and aliases' },
  'person.birth': { it: 'Data di nascita', en: 'Birth date' },
  'person.age': { it: 'Fascia d’età', en: 'Age band' },
  'person.sex': { it: 'Sesso/genere', en: 'Sex/gender' },
  'person.citizenships': { it: 'Cittadinanze', en: 'Citizenships' },
  'person.languages': { it: 'Lingue', en: 'Languages' },
  'person.documents': { it: 'Documenti d’identità', en: 'Identity documents' },
  'person.phones': { it: 'Telefoni', en: 'Phone numbers' },
  'person.vulnerabilities': { it: 'Vulnerabilità', en: 'Vulnerabilities' },
  'person.children': { it: 'Figli', en: 'Children' },
  'case.phase': { it: 'Fase del percorso', en: 'Phase of the path' },
  'case.exploitation': { it: 'Sfruttamento', en: 'Exploitation' },
  'case.trafficking_status': { it: 'Stato di vittima di tratta', en: 'Trafficking status' },
  'case.minor': { it: 'Minore età e accertamento', en: 'Minor status and age assessment' },
  'case.guardian': { it: 'Tutore', en: 'Guardian' },
  'case.plan': { it: 'Progetto individualizzato', en: 'Individual plan' },
  'case.services': { it: 'Servizi ricevuti', en: 'Services received' },
};
