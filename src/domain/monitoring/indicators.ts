/**
 * The monitoring indicators (issue 6, point 1; domain.md §5): each defined once, here, with its
 * id, Italian and English name, written definition, unit and dimensions. The SQL that counts them
 * lives in src/server/features/monitoring/queries.ts, one function per source, keyed by the same
 * ids; the web app reads names and definitions from this file. Pure data and functions.
 *
 * Adding an indicator: one entry in `indicators` (and its dimensions in `dimensions` if new), one
 * source in the feature's queries. Indicators over records not yet in Ponte (outreach contacts,
 * trainings and internships, voluntary returns as services, budget) are added the same way once
 * those records exist.
 */
import { casePhaseLabels, casePhases, caseAgeBandLabels, caseAgeBands } from '../cases/index.ts';
import { htcdsLabel, htcdsValues } from '../htcds/index.ts';
import { callerTypes } from '../hotline/values.ts';
import { facilityTypeLabels, facilityTypes } from '../accommodation.ts';
import { permitTypeCodes, permitTypes } from '../permits/index.ts';
import { countryName } from '../reference/countries.ts';
import { expenseCategories, expenseCategoryLabels } from '../expenses/categories.ts';

export interface Localized {
  it: string;
  en: string;
}
export type MonitoringLocale = 'it' | 'en';

// --- dimensions ---------------------------------------------------------------------------------

export interface Dimension {
  id: string;
  name: Localized;
  /** The fixed list of values, in display order; null when the values come from the data (citizenship). */
  values: readonly string[] | null;
  label(value: string, locale: MonitoringLocale): string;
}

const fixed = (labels: Record<string, Localized>) => (value: string, locale: MonitoringLocale) => labels[value]?.[locale] ?? value;

/** HTCDS gender grouped as the funders ask (domain.md §5: female, male, transgender). */
export const sexGroups = ['female', 'male', 'transgender', 'other_unknown'] as const;
export type SexGroup = (typeof sexGroups)[number];
export function sexGroup(htcdsGender: string | null): SexGroup {
  if (htcdsGender === 'Feminine') return 'female';
  if (htcdsGender === 'Masculine') return 'male';
  if (htcdsGender === 'TransgenderFeminine' || htcdsGender === 'TransgenderMasculine') return 'transgender';
  return 'other_unknown';
}

export const ageGroups = ['minor', 'possibly_minor', 'adult', 'unknown'] as const;

/** The case's age band at opening (CTDC bands, src/domain/cases/age-band.ts), then "not recorded". */
export const ageBandValues = [...caseAgeBands, 'unknown'] as const;

/** Channels of first contact (outreach units by kind, desks, the hotline). */
export const contactChannels = ['street', 'indoor', 'drop_in', 'desk', 'hotline'] as const;

const exploitationValues = [...htcdsValues.vic_TypeOfExploitation.map((v) => v.value), 'multiple', 'unknown'];
const sectorValues = [...htcdsValues.vic_ForcedLabourIndustry.map((v) => v.value), 'multiple', 'unknown'];
const multi = { multiple: { it: 'Più di uno', en: 'More than one' }, unknown: { it: 'Non indicato', en: 'Not recorded' } };

/** A multi-valued case field reduced to one value per person, so that tables add up. */
export function singleOf(values: readonly string[]): string {
  if (values.length === 0) return 'unknown';
  if (values.length === 1) return values[0] ?? 'unknown';
  return 'multiple';
}

export const referralStatusLabels: Record<string, Localized> = {
  sent: { it: 'Inviata, in attesa di risposta', en: 'Sent, awaiting an answer' },
  accepted: { it: 'Accettata', en: 'Accepted' },
  declined: { it: 'Rifiutata', en: 'Declined' },
  in_progress: { it: 'In corso', en: 'In progress' },
  completed: { it: 'Conclusa', en: 'Completed' },
  revoked: { it: 'Revocata', en: 'Revoked' },
  expired: { it: 'Scaduta', en: 'Expired' },
};

export const dimensions = {
  sex: {
    id: 'sex',
    name: { it: 'Sesso / genere', en: 'Sex / gender' },
    values: sexGroups,
    label: fixed({
      female: { it: 'Femmine', en: 'Female' },
      male: { it: 'Maschi', en: 'Male' },
      transgender: { it: 'Transgender', en: 'Transgender' },
      other_unknown: { it: 'Altro o non indicato', en: 'Other or not recorded' },
    }),
  },
  age_group: {
    id: 'age_group',
    name: { it: 'Età', en: 'Age' },
    values: ageGroups,
    label: fixed({
      minor: { it: 'Minorenni', en: 'Minors' },
      possibly_minor: { it: 'Possibili minorenni (età da accertare)', en: 'Possibly minors (age to assess)' },
      adult: { it: 'Maggiorenni', en: 'Adults' },
      unknown: { it: 'Non indicata', en: 'Not recorded' },
    }),
  },
  age_band: {
    id: 'age_band',
    name: { it: 'Fascia d’età alla presa in carico', en: 'Age band when taken in charge' },
    values: ageBandValues,
    label: fixed({ ...caseAgeBandLabels, unknown: { it: 'Non indicata', en: 'Not recorded' } }),
  },
  citizenship: {
    id: 'citizenship',
    name: { it: 'Cittadinanza (la prima indicata)', en: 'Citizenship (the first recorded)' },
    values: null,
    label: (value: string, locale: MonitoringLocale) =>
      value === 'unknown' ? multi.unknown[locale] : (countryName({ code: value, locale }) ?? value),
  },
  exploitation: {
    id: 'exploitation',
    name: { it: 'Tipo di sfruttamento', en: 'Type of exploitation' },
    values: exploitationValues,
    label: (value: string, locale: MonitoringLocale) =>
      multi[value as keyof typeof multi]?.[locale] ?? htcdsLabel({ field: 'vic_TypeOfExploitation', value, locale }) ?? value,
  },
  sector: {
    id: 'sector',
    name: { it: 'Settore (sfruttamento lavorativo)', en: 'Sector (labour exploitation)' },
    values: sectorValues,
    label: (value: string, locale: MonitoringLocale) =>
      multi[value as keyof typeof multi]?.[locale] ?? htcdsLabel({ field: 'vic_ForcedLabourIndustry', value, locale }) ?? value,
  },
  phase: { id: 'phase', name: { it: 'Fase del percorso', en: 'Phase of the path' }, values: casePhases, label: fixed(casePhaseLabels) },
  intake: {
    id: 'intake',
    name: { it: 'Presa in carico', en: 'Taken in charge' },
    values: ['new', 'ongoing'],
    label: fixed({ new: { it: 'Nuove nel periodo', en: 'New in the period' }, ongoing: { it: 'Già in carico', en: 'Ongoing' } }),
  },
  screening_decision: {
    id: 'screening_decision',
    name: { it: 'Esito della valutazione', en: 'Screening decision' },
    values: ['possible_victim', 'not_a_victim', 'further_assessment'],
    label: fixed({
      possible_victim: { it: 'Possibile vittima', en: 'Possible victim' },
      not_a_victim: { it: 'Non vittima', en: 'Not a victim' },
      further_assessment: { it: 'Approfondimento', en: 'Further assessment' },
    }),
  },
  trafficking_status: {
    id: 'trafficking_status',
    name: { it: 'Stato di vittima', en: 'Trafficking status' },
    values: ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking'],
    label: (value: string, locale: MonitoringLocale) => htcdsLabel({ field: 'vic_TraffickingStatus', value, locale }) ?? value,
  },
  caller_type: {
    id: 'caller_type',
    name: { it: 'Chi chiama', en: 'Caller' },
    values: callerTypes.map((c) => c.key),
    label: fixed(Object.fromEntries(callerTypes.map((c) => [c.key, c.name]))),
  },
  permit_type: {
    id: 'permit_type',
    name: { it: 'Tipo di permesso', en: 'Permit type' },
    values: permitTypeCodes,
    label: fixed(Object.fromEntries(permitTypeCodes.map((c) => [c, permitTypes[c].label]))),
  },
  referral_status: {
    id: 'referral_status',
    name: { it: 'Stato della segnalazione', en: 'Referral status' },
    values: Object.keys(referralStatusLabels),
    label: fixed(referralStatusLabels),
  },
  referral_answer: {
    id: 'referral_answer',
    name: { it: 'Risposta', en: 'Answer' },
    values: ['accepted', 'declined', 'not_answered'],
    label: fixed({
      accepted: { it: 'Accettate', en: 'Accepted' },
      declined: { it: 'Rifiutate', en: 'Declined' },
      not_answered: { it: 'Senza risposta', en: 'Not answered' },
    }),
  },
  overdue: {
    id: 'overdue',
    name: { it: 'Ritardo', en: 'Lateness' },
    values: ['answered_late', 'unanswered_overdue'],
    label: fixed({
      answered_late: { it: 'Risposta oltre il termine', en: 'Answered after the deadline' },
      unanswered_overdue: { it: 'Termine scaduto senza risposta', en: 'Deadline passed, no answer' },
    }),
  },
  facility_type: { id: 'facility_type', name: { it: 'Tipo di struttura', en: 'Facility type' }, values: facilityTypes, label: fixed(facilityTypeLabels) },
  channel: {
    id: 'channel',
    name: { it: 'Canale', en: 'Channel' },
    values: contactChannels,
    label: fixed({
      street: { it: 'Unità di strada', en: 'Street outreach' },
      indoor: { it: 'Unità indoor', en: 'Indoor outreach' },
      drop_in: { it: 'Drop-in', en: 'Drop-in' },
      desk: { it: 'Sportelli (colloqui)', en: 'Desks (interviews)' },
      hotline: { it: 'Numero Verde (chiamate)', en: 'Hotline (calls)' },
    }),
  },
  course_kind: {
    id: 'course_kind',
    name: { it: 'Tipo di corso', en: 'Course type' },
    values: ['language', 'it', 'vocational', 'other'],
    label: fixed({
      language: { it: 'Lingua', en: 'Language' },
      it: { it: 'Informatica', en: 'IT' },
      vocational: { it: 'Formazione professionale', en: 'Vocational training' },
      other: { it: 'Altro', en: 'Other' },
    }),
  },
  contract_type: {
    id: 'contract_type',
    name: { it: 'Tipo di contratto', en: 'Contract type' },
    values: ['permanent', 'fixed_term', 'apprenticeship', 'agency', 'seasonal', 'domestic', 'other'],
    label: fixed({
      permanent: { it: 'Tempo indeterminato', en: 'Permanent' },
      fixed_term: { it: 'Tempo determinato', en: 'Fixed term' },
      apprenticeship: { it: 'Apprendistato', en: 'Apprenticeship' },
      agency: { it: 'Somministrazione', en: 'Agency work' },
      seasonal: { it: 'Stagionale', en: 'Seasonal' },
      domestic: { it: 'Lavoro domestico', en: 'Domestic work' },
      other: { it: 'Altro', en: 'Other' },
    }),
  },
  expense_category: {
    id: 'expense_category',
    name: { it: 'Categoria di spesa', en: 'Expense category' },
    values: expenseCategories,
    label: fixed(expenseCategoryLabels),
  },
} as const satisfies Record<string, Dimension>;

export type DimensionId = keyof typeof dimensions;

// --- indicators ---------------------------------------------------------------------------------

/** count: a table of counts (suppressed for the observatory when personal); median and rate: one figure. */
export type IndicatorKind = 'count' | 'median' | 'rate';
export type IndicatorUnit = 'persons' | 'calls' | 'permits' | 'referrals' | 'beds' | 'hours' | 'percent'
  | 'contacts' | 'enrolments' | 'internships' | 'placements' | 'euro';

/** Which records the indicator counts; the coordinator sees it only when they may read those records. */
export type IndicatorSource = 'cases' | 'hotline' | 'permits' | 'referrals_sent' | 'referrals_received' | 'beds'
  | 'outreach' | 'inclusion' | 'expenses';

export interface Indicator {
  id: string;
  name: Localized;
  definition: Localized;
  unit: IndicatorUnit;
  kind: IndicatorKind;
  source: IndicatorSource;
  /** Rows, then columns (0, 1 or 2 dimensions; a total is always given). */
  dimensions: readonly DimensionId[];
  /** Counts people or what happened to them: small cells are suppressed for the observatory. Beds are not. */
  personal: boolean;
  /**
   * Tables counting the same population (same total and the same column totals): a total hidden in
   * one is hidden in all of them, so that one table does not give away what another hides.
   */
  population?: string;
}

const inCharge: Localized = {
  it: 'Persone con almeno un caso (presa in carico) aperto in qualche giorno del periodo. Una persona con più casi conta una volta, con il caso aperto più di recente.',
  en: 'Persons with at least one case (taken in charge) open on some day of the period. A person with several cases counts once, with the most recently opened case.',
};

export const indicators = [
  {
    id: 'hotline_calls',
    name: { it: 'Chiamate al Numero Verde', en: 'Hotline calls' },
    definition: {
      it: 'Chiamate ricevute nel periodo, per tipo di chiamante. Territorio: la provincia a cui la chiamata si riferisce; progetto: chiamate dalle province dei partner o inoltrate a un ente del progetto.',
      en: 'Calls received in the period, by caller type. Territory: the province the call is about; project: calls from the partners’ provinces or routed to a body of the project.',
    },
    unit: 'calls', kind: 'count', source: 'hotline', dimensions: ['caller_type'], personal: true,
  },
  {
    id: 'persons_screened',
    name: { it: 'Persone valutate', en: 'Persons screened' },
    definition: {
      it: 'Persone con almeno una valutazione degli indicatori nel periodo, per esito dell’ultima valutazione del periodo.',
      en: 'Persons with at least one indicator screening in the period, by the decision of their last screening in the period.',
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['screening_decision'], personal: true,
  },
  {
    id: 'persons_identified',
    name: { it: 'Persone identificate', en: 'Persons identified' },
    definition: {
      it: 'Persone per cui nel periodo è stato deciso lo stato di possibile o effettiva vittima di tratta (HTCDS), per stato (l’ultima decisione del periodo).',
      en: 'Persons whose status as possible or actual victim of trafficking (HTCDS) was decided in the period, by status (the last decision in the period).',
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['trafficking_status'], personal: true,
  },
  {
    id: 'persons_in_charge_phase',
    name: { it: 'Persone in carico per fase e sesso', en: 'Persons in charge by phase and sex' },
    definition: {
      it: `${inCharge.it} Fase: quella del caso alla fine del periodo (dallo storico delle fasi).`,
      en: `${inCharge.en} Phase: the case’s phase at the end of the period (from the phase history).`,
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['phase', 'sex'], personal: true, population: 'in_charge',
  },
  {
    id: 'persons_in_charge_intake',
    name: { it: 'Persone in carico: nuove e già in carico', en: 'Persons in charge: new and ongoing' },
    definition: {
      it: `${inCharge.it} Nuove: il caso è stato aperto nel periodo; già in carico: prima.`,
      en: `${inCharge.en} New: the case was opened in the period; ongoing: before it.`,
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['intake', 'sex'], personal: true, population: 'in_charge',
  },
  {
    id: 'persons_in_charge_age',
    name: { it: 'Persone in carico per età', en: 'Persons in charge by age' },
    definition: {
      it: `${inCharge.it} Età: minore, possibile minore o adulto come registrato sul caso (dalla data di nascita o dall’accertamento dell’età).`,
      en: `${inCharge.en} Age: minor, possibly minor or adult as recorded on the case (from the birth date or the age assessment).`,
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['age_group', 'sex'], personal: true, population: 'in_charge',
  },
  {
    id: 'persons_in_charge_age_band',
    name: { it: 'Persone in carico per fascia d’età', en: 'Persons in charge by age band' },
    definition: {
      it: `${inCharge.it} Fascia d’età: l’età della persona il giorno in cui il caso è stato aperto, nelle fasce CTDC (0–8, 9–17, 18–20, 21–23, 24–26, 27–29, 30–38, 39–47, 48 e più), dalla data di nascita esatta o stimata (di una stima si prende il giorno a metà dell’intervallo); “non indicata” senza data di nascita. La data di nascita resta cifrata: sul caso è conservata solo la fascia.`,
      en: `${inCharge.en} Age band: the person’s age on the day the case was opened, in the CTDC bands (0–8, 9–17, 18–20, 21–23, 24–26, 27–29, 30–38, 39–47, 48 and over), from the exact or estimated birth date (for an estimate, the middle day of its range); “not recorded” without a birth date. The birth date stays encrypted: only the band is kept on the case.`,
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['age_band', 'sex'], personal: true, population: 'in_charge',
  },
  {
    id: 'persons_in_charge_citizenship',
    name: { it: 'Persone in carico per cittadinanza', en: 'Persons in charge by citizenship' },
    definition: { it: `${inCharge.it} Cittadinanza: la prima registrata.`, en: `${inCharge.en} Citizenship: the first recorded.` },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['citizenship', 'sex'], personal: true, population: 'in_charge',
  },
  {
    id: 'persons_in_charge_exploitation',
    name: { it: 'Persone in carico per tipo di sfruttamento', en: 'Persons in charge by type of exploitation' },
    definition: {
      it: `${inCharge.it} Tipo di sfruttamento (HTCDS) del caso; “più di uno” quando il caso ne registra più d’uno.`,
      en: `${inCharge.en} Type of exploitation (HTCDS) of the case; “more than one” when the case records several.`,
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['exploitation', 'sex'], personal: true, population: 'in_charge',
  },
  {
    id: 'persons_in_charge_sector',
    name: { it: 'Persone in carico per settore', en: 'Persons in charge by sector' },
    definition: {
      it: `${inCharge.it} Settore economico dello sfruttamento lavorativo (HTCDS, ISIC); “più di uno” quando il caso ne registra più d’uno.`,
      en: `${inCharge.en} Economic sector of labour exploitation (HTCDS, ISIC); “more than one” when the case records several.`,
    },
    unit: 'persons', kind: 'count', source: 'cases', dimensions: ['sector', 'sex'], personal: true, population: 'in_charge',
  },
  {
    id: 'permits_requested',
    name: { it: 'Permessi di soggiorno richiesti', en: 'Residence permits requested' },
    definition: { it: 'Richieste di permesso con data di richiesta nel periodo, per tipo.', en: 'Permit requests with their request date in the period, by type.' },
    unit: 'permits', kind: 'count', source: 'permits', dimensions: ['permit_type'], personal: true,
  },
  {
    id: 'permits_issued',
    name: { it: 'Permessi di soggiorno rilasciati', en: 'Residence permits issued' },
    definition: { it: 'Permessi con data di rilascio nel periodo, per tipo.', en: 'Permits with their issue date in the period, by type.' },
    unit: 'permits', kind: 'count', source: 'permits', dimensions: ['permit_type'], personal: true,
  },
  {
    id: 'referrals_sent',
    name: { it: 'Segnalazioni inviate', en: 'Referrals sent' },
    definition: {
      it: 'Segnalazioni inviate nel periodo da enti del territorio o del progetto, per stato attuale.',
      en: 'Referrals sent in the period by bodies of the territory or project, by current status.',
    },
    unit: 'referrals', kind: 'count', source: 'referrals_sent', dimensions: ['referral_status'], personal: true,
  },
  {
    id: 'referrals_received',
    name: { it: 'Segnalazioni ricevute', en: 'Referrals received' },
    definition: {
      it: 'Segnalazioni ricevute nel periodo da enti del territorio o del progetto, per stato attuale.',
      en: 'Referrals received in the period by bodies of the territory or project, by current status.',
    },
    unit: 'referrals', kind: 'count', source: 'referrals_received', dimensions: ['referral_status'], personal: true, population: 'referrals_received',
  },
  {
    id: 'referrals_answers',
    name: { it: 'Segnalazioni ricevute: accettate e rifiutate', en: 'Referrals received: accepted and declined' },
    definition: {
      it: 'Segnalazioni ricevute nel periodo, per prima risposta (accettata, rifiutata) o senza risposta.',
      en: 'Referrals received in the period, by first answer (accepted, declined) or not answered.',
    },
    unit: 'referrals', kind: 'count', source: 'referrals_received', dimensions: ['referral_answer'], personal: true, population: 'referrals_received',
  },
  {
    id: 'referrals_overdue',
    name: { it: 'Segnalazioni ricevute in ritardo', en: 'Referrals received: overdue' },
    definition: {
      it: 'Segnalazioni ricevute nel periodo a cui si è risposto dopo il termine, o ancora senza risposta a termine scaduto (al momento del calcolo).',
      en: 'Referrals received in the period answered after their deadline, or still unanswered after it (when computed).',
    },
    unit: 'referrals', kind: 'count', source: 'referrals_received', dimensions: ['overdue'], personal: true,
  },
  {
    id: 'referrals_answer_hours',
    name: { it: 'Tempo mediano di risposta', en: 'Median time to answer' },
    definition: {
      it: 'Mediana delle ore tra invio e prima risposta delle segnalazioni ricevute nel periodo e con risposta.',
      en: 'Median of the hours between sending and first answer of the referrals received in the period that were answered.',
    },
    unit: 'hours', kind: 'median', source: 'referrals_received', dimensions: [], personal: true,
  },
  {
    id: 'beds_total',
    name: { it: 'Posti letto', en: 'Beds' },
    definition: { it: 'Posti letto attivi nelle strutture attive, per tipo di struttura (provincia della struttura).', en: 'Active beds in active facilities, by facility type (the facility’s province).' },
    unit: 'beds', kind: 'count', source: 'beds', dimensions: ['facility_type'], personal: false,
  },
  {
    id: 'beds_occupied',
    name: { it: 'Posti letto occupati', en: 'Beds occupied' },
    definition: { it: 'Posti letto con un’accoglienza in corso l’ultimo giorno del periodo, per tipo di struttura.', en: 'Beds with a placement under way on the last day of the period, by facility type.' },
    unit: 'beds', kind: 'count', source: 'beds', dimensions: ['facility_type'], personal: true,
  },
  {
    id: 'bed_occupancy',
    name: { it: 'Tasso di occupazione', en: 'Occupancy rate' },
    definition: { it: 'Posti occupati sul totale dei posti attivi, l’ultimo giorno del periodo (percentuale, un decimale).', en: 'Beds occupied over active beds on the last day of the period (percent, one decimal).' },
    unit: 'percent', kind: 'rate', source: 'beds', dimensions: [], personal: true,
  },
  {
    id: 'contacts_by_channel',
    name: { it: 'Contatti per canale', en: 'Contacts by channel' },
    definition: {
      it: 'Contatti del periodo per canale: le persone contattate nelle uscite delle unità di strada, indoor e drop-in (il totale dell’uscita, data dell’uscita, provincia dell’uscita), i colloqui agli sportelli (provincia dello sportello) e le chiamate al Numero Verde (come “Chiamate al Numero Verde”). Una persona contattata più volte conta ogni volta.',
      en: 'Contacts in the period by channel: the persons contacted in the outings of street, indoor and drop-in units (the outing’s total, its date and province), the interviews at desks (the desk’s province) and the hotline calls (as “Hotline calls”). A person contacted several times counts each time.',
    },
    unit: 'contacts', kind: 'count', source: 'outreach', dimensions: ['channel'], personal: true,
  },
  {
    id: 'training_enrolments',
    name: { it: 'Iscrizioni a corsi', en: 'Training enrolments' },
    definition: {
      it: 'Iscrizioni di persone in carico a corsi (lingua, informatica, formazione professionale) con data di iscrizione nel periodo, per tipo di corso; territorio e progetto come per i casi.',
      en: 'Enrolments of persons in charge in courses (language, IT, vocational training) with their enrolment date in the period, by course type; territory and project as for cases.',
    },
    unit: 'enrolments', kind: 'count', source: 'inclusion', dimensions: ['course_kind'], personal: true,
  },
  {
    id: 'training_completions',
    name: { it: 'Corsi completati', en: 'Training completions' },
    definition: {
      it: 'Iscrizioni concluse con il completamento del corso (con o senza attestato) con data dell’esito nel periodo, per tipo di corso.',
      en: 'Enrolments ending with the course completed (with or without a certificate) with the outcome date in the period, by course type.',
    },
    unit: 'enrolments', kind: 'count', source: 'inclusion', dimensions: ['course_kind'], personal: true,
  },
  {
    id: 'internships_started',
    name: { it: 'Tirocini avviati', en: 'Internships started' },
    definition: { it: 'Tirocini con data di inizio nel periodo, per sesso della persona.', en: 'Internships with their start date in the period, by the person’s sex.' },
    unit: 'internships', kind: 'count', source: 'inclusion', dimensions: ['sex'], personal: true,
  },
  {
    id: 'internships_completed',
    name: { it: 'Tirocini conclusi', en: 'Internships completed' },
    definition: {
      it: 'Tirocini conclusi positivamente (completati, o con assunzione) con data di fine nel periodo, per sesso della persona. I tirocini interrotti non sono contati.',
      en: 'Internships ending well (completed, or with hiring) with their end date in the period, by the person’s sex. Interrupted internships are not counted.',
    },
    unit: 'internships', kind: 'count', source: 'inclusion', dimensions: ['sex'], personal: true,
  },
  {
    id: 'job_placements',
    name: { it: 'Inserimenti lavorativi', en: 'Job placements' },
    definition: { it: 'Inserimenti lavorativi con data di inizio nel periodo, per tipo di contratto.', en: 'Job placements with their start date in the period, by contract type.' },
    unit: 'placements', kind: 'count', source: 'inclusion', dimensions: ['contract_type'], personal: true,
  },
  {
    id: 'voluntary_returns',
    name: { it: 'Rimpatri volontari assistiti', en: 'Assisted voluntary returns' },
    definition: {
      it: 'Rimpatri volontari assistiti con partenza avvenuta nel periodo (data di partenza), per sesso della persona.',
      en: 'Assisted voluntary returns whose departure took place in the period (departure date), by the person’s sex.',
    },
    unit: 'persons', kind: 'count', source: 'inclusion', dimensions: ['sex'], personal: true,
  },
  {
    id: 'expenses_by_category',
    name: { it: 'Spese per categoria', en: 'Expenses by category' },
    definition: {
      it: 'Spese registrate con data nel periodo, per categoria, in euro arrotondati all’unità per categoria (il totale è la somma degli importi arrotondati; gli importi esatti sono nella pagina delle spese). Territorio: le province dell’ente che ha pagato; progetto: le spese del progetto.',
      en: 'Expenses recorded with their date in the period, by category, in euro rounded to the unit per category (the total is the sum of the rounded amounts; exact amounts are on the spending page). Territory: the provinces of the paying body; project: the project’s expenses.',
    },
    unit: 'euro', kind: 'count', source: 'expenses', dimensions: ['expense_category'], personal: false,
  },
] as const satisfies readonly Indicator[];

export type IndicatorId = (typeof indicators)[number]['id'];
export const indicatorIds = indicators.map((i) => i.id) as [IndicatorId, ...IndicatorId[]];

export function indicatorById(id: string): Indicator | undefined {
  return (indicators as readonly Indicator[]).find((i) => i.id === id);
}

// --- pure computations ---------------------------------------------------------------------------

/** A count over some dimension values, as grouped by the SQL. */
export interface CountRow {
  values: Readonly<Record<string, string>>;
  n: number;
}

/** Row keys of a dimension: its fixed values, or the values present in the data (sorted, 'unknown' last). */
export function dimensionKeys(dimension: DimensionId, rows: readonly CountRow[]): string[] {
  const fixedValues = dimensions[dimension].values;
  if (fixedValues) return [...fixedValues];
  const present = [...new Set(rows.map((r) => r.values[dimension] ?? 'unknown'))];
  return present.sort((a, b) => Number(a === 'unknown') - Number(b === 'unknown') || a.localeCompare(b));
}

export interface CountTable {
  rows: string[];
  /** null for a one-way table. */
  cols: string[] | null;
  /** rows × cols (one column for a one-way table). */
  cells: number[][];
}

/** Sums grouped counts into a one- or two-way table over `dims`. */
export function crossTab(rows: readonly CountRow[], dims: readonly DimensionId[]): CountTable {
  if (dims.length === 0 || dims.length > 2) throw new Error('crossTab: one or two dimensions');
  const [rd, cd] = dims as [DimensionId, DimensionId?];
  const rowKeys = dimensionKeys(rd, rows);
  const colKeys = cd ? dimensionKeys(cd, rows) : null;
  const cells = rowKeys.map(() => (colKeys ?? ['all']).map(() => 0));
  for (const r of rows) {
    const i = rowKeys.indexOf(r.values[rd] ?? 'unknown');
    const j = colKeys && cd ? colKeys.indexOf(r.values[cd] ?? 'unknown') : 0;
    const row = cells[i];
    if (!row || j < 0 || j >= row.length) throw new Error(`crossTab: value outside ${rd}${cd ? `/${cd}` : ''}`);
    row[j] = (row[j] ?? 0) + r.n;
  }
  return { rows: rowKeys, cols: colKeys, cells };
}

/** The occupancy rate as a percent with one decimal, in exact integer arithmetic (half up); null without beds. */
export function percentOneDecimal(part: number, whole: number): string | null {
  if (whole <= 0) return null;
  const tenths = Math.floor((part * 1000 * 2 + whole) / (2 * whole));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** The median of a list of numbers (mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? 0) + hi) / 2;
}
