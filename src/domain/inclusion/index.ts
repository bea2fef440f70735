/**
 * Social inclusion (domain.md §2, the inclusion phase). Pure: the value lists of courses,
 * internships (tirocini di inclusione sociale), job placements, housing autonomy and assisted
 * voluntary return, each with it/en labels; the 21 sections of ISIC Rev.4 (the economic sector of
 * an employer); the attendance rate of a course; and the date rules shared by server and web.
 */

export interface Localized {
  it: string;
  en: string;
}

// --- courses ------------------------------------------------------------------------------------

export const courseKindLabels = {
  language: { it: 'Lingua italiana L2 e alfabetizzazione', en: 'Italian L2 and literacy' },
  it: { it: 'Informatica', en: 'IT skills' },
  vocational: { it: 'Formazione professionale', en: 'Vocational training' },
  other: { it: 'Altro', en: 'Other' },
} as const satisfies Record<string, Localized>;
export const courseKinds = ['language', 'it', 'vocational', 'other'] as const;
export type CourseKind = (typeof courseKinds)[number];

export const enrolmentOutcomeLabels = {
  completed: { it: 'Completato', en: 'Completed' },
  dropped_out: { it: 'Ritirato/a', en: 'Dropped out' },
  certificate: { it: 'Attestato conseguito', en: 'Certificate obtained' },
} as const satisfies Record<string, Localized>;
export const enrolmentOutcomes = ['completed', 'dropped_out', 'certificate'] as const;
export type EnrolmentOutcome = (typeof enrolmentOutcomes)[number];

export const attendanceLabels = {
  present: { it: 'Presente', en: 'Present' },
  absent: { it: 'Assente', en: 'Absent' },
  excused: { it: 'Assente giustificato/a', en: 'Excused' },
} as const satisfies Record<string, Localized>;
export const attendanceStatuses = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

/**
 * Attendance rate: sessions attended over sessions counted. A session counts once it has a mark
 * (present or absent); an excused absence is left out of both, so it does not lower the rate.
 * Returns null when nothing counts yet (no rate rather than 0 %). The rate is a fraction in
 * [0, 1], rounded to 4 decimals.
 */
export function attendanceRate(marks: ReadonlyArray<AttendanceStatus>): number | null {
  const present = marks.filter((m) => m === 'present').length;
  const counted = present + marks.filter((m) => m === 'absent').length;
  if (counted === 0) return null;
  return Math.round((present / counted) * 10_000) / 10_000;
}

// --- sectors (ISIC Rev.4 sections) -------------------------------------------------------------

/** The 21 sections of ISIC Rev.4 (UN Statistics Division), with the Italian names of ATECO 2007, which follows them. */
export const isicSectionLabels = {
  A: { it: 'Agricoltura, silvicoltura e pesca', en: 'Agriculture, forestry and fishing' },
  B: { it: 'Estrazione di minerali da cave e miniere', en: 'Mining and quarrying' },
  C: { it: 'Attività manifatturiere', en: 'Manufacturing' },
  D: { it: 'Fornitura di energia elettrica, gas, vapore e aria condizionata', en: 'Electricity, gas, steam and air conditioning supply' },
  E: { it: 'Fornitura di acqua; reti fognarie, gestione dei rifiuti e risanamento', en: 'Water supply; sewerage, waste management and remediation activities' },
  F: { it: 'Costruzioni', en: 'Construction' },
  G: { it: 'Commercio all’ingrosso e al dettaglio; riparazione di autoveicoli e motocicli', en: 'Wholesale and retail trade; repair of motor vehicles and motorcycles' },
  H: { it: 'Trasporto e magazzinaggio', en: 'Transportation and storage' },
  I: { it: 'Attività dei servizi di alloggio e di ristorazione', en: 'Accommodation and food service activities' },
  J: { it: 'Servizi di informazione e comunicazione', en: 'Information and communication' },
  K: { it: 'Attività finanziarie e assicurative', en: 'Financial and insurance activities' },
  L: { it: 'Attività immobiliari', en: 'Real estate activities' },
  M: { it: 'Attività professionali, scientifiche e tecniche', en: 'Professional, scientific and technical activities' },
  N: { it: 'Attività amministrative e di servizi di supporto', en: 'Administrative and support service activities' },
  O: { it: 'Amministrazione pubblica e difesa; assicurazione sociale obbligatoria', en: 'Public administration and defence; compulsory social security' },
  P: { it: 'Istruzione', en: 'Education' },
  Q: { it: 'Sanità e assistenza sociale', en: 'Human health and social work activities' },
  R: { it: 'Attività artistiche, sportive, di intrattenimento e divertimento', en: 'Arts, entertainment and recreation' },
  S: { it: 'Altre attività di servizi', en: 'Other service activities' },
  T: {
    it: 'Attività di famiglie e convivenze come datori di lavoro per personale domestico; produzione di beni e servizi per uso proprio',
    en: 'Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use',
  },
  U: { it: 'Organizzazioni e organismi extraterritoriali', en: 'Activities of extraterritorial organizations and bodies' },
} as const satisfies Record<string, Localized>;
export const isicSections = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U'] as const;
export type IsicSection = (typeof isicSections)[number];

// --- internships ---------------------------------------------------------------------------------

export const internshipOutcomeLabels = {
  completed: { it: 'Concluso', en: 'Completed' },
  interrupted: { it: 'Interrotto', en: 'Interrupted' },
  hired: { it: 'Concluso con assunzione', en: 'Led to hiring' },
} as const satisfies Record<string, Localized>;
export const internshipOutcomes = ['completed', 'interrupted', 'hired'] as const;
export type InternshipOutcome = (typeof internshipOutcomes)[number];

// --- job placements ----------------------------------------------------------------------------

export const contractTypeLabels = {
  permanent: { it: 'Tempo indeterminato', en: 'Permanent (tempo indeterminato)' },
  fixed_term: { it: 'Tempo determinato', en: 'Fixed-term (tempo determinato)' },
  apprenticeship: { it: 'Apprendistato', en: 'Apprenticeship (apprendistato)' },
  agency: { it: 'Somministrazione', en: 'Agency work (somministrazione)' },
  seasonal: { it: 'Stagionale', en: 'Seasonal (stagionale)' },
  domestic: { it: 'Lavoro domestico', en: 'Domestic work (lavoro domestico)' },
  other: { it: 'Altro', en: 'Other' },
} as const satisfies Record<string, Localized>;
export const contractTypes = ['permanent', 'fixed_term', 'apprenticeship', 'agency', 'seasonal', 'domestic', 'other'] as const;
export type ContractType = (typeof contractTypes)[number];

export const placementOutcomeLabels = {
  ongoing: { it: 'In corso', en: 'Ongoing' },
  ended: { it: 'Contratto concluso', en: 'Contract ended' },
  renewed: { it: 'Rinnovato', en: 'Renewed' },
  made_permanent: { it: 'Trasformato a tempo indeterminato', en: 'Made permanent' },
  resigned: { it: 'Dimissioni', en: 'Resigned' },
  dismissed: { it: 'Licenziamento', en: 'Dismissed' },
} as const satisfies Record<string, Localized>;
export const placementOutcomes = ['ongoing', 'ended', 'renewed', 'made_permanent', 'resigned', 'dismissed'] as const;
export type PlacementOutcome = (typeof placementOutcomes)[number];

// --- housing autonomy --------------------------------------------------------------------------

export const housingKindLabels = {
  rented_alone: { it: 'Appartamento in affitto, da sola/o', en: 'Rented flat, alone' },
  rented_shared: { it: 'Appartamento in affitto, condiviso', en: 'Rented flat, shared' },
  with_family: { it: 'Con la famiglia', en: 'With family' },
  other: { it: 'Altro', en: 'Other' },
} as const satisfies Record<string, Localized>;
export const housingKinds = ['rented_alone', 'rented_shared', 'with_family', 'other'] as const;
export type HousingKind = (typeof housingKinds)[number];

export const housingSupportLabels = {
  deposit: { it: 'Deposito cauzionale', en: 'Deposit' },
  rent: { it: 'Contributo all’affitto', en: 'Rent contribution' },
  furniture: { it: 'Arredi e beni essenziali', en: 'Furniture and essentials' },
  utilities: { it: 'Utenze', en: 'Utilities' },
  landlord_mediation: { it: 'Mediazione con il proprietario', en: 'Mediation with the landlord' },
  other: { it: 'Altro', en: 'Other' },
} as const satisfies Record<string, Localized>;
export const housingSupports = ['deposit', 'rent', 'furniture', 'utilities', 'landlord_mediation', 'other'] as const;
export type HousingSupport = (typeof housingSupports)[number];

// --- assisted voluntary return -----------------------------------------------------------------

export const returnStatusLabels = {
  requested: { it: 'Richiesto', en: 'Requested' },
  approved: { it: 'Approvato', en: 'Approved' },
  departed: { it: 'Partita/o', en: 'Departed' },
  cancelled: { it: 'Annullato', en: 'Cancelled' },
} as const satisfies Record<string, Localized>;
export const returnStatuses = ['requested', 'approved', 'departed', 'cancelled'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export const reintegrationSupportLabels = {
  travel: { it: 'Viaggio e documenti', en: 'Travel and documents' },
  cash: { it: 'Contributo economico alla partenza', en: 'Cash grant on departure' },
  business: { it: 'Avvio di un’attività', en: 'Small business start-up' },
  training: { it: 'Formazione o istruzione', en: 'Training or education' },
  housing: { it: 'Alloggio', en: 'Housing' },
  medical: { it: 'Assistenza sanitaria', en: 'Medical care' },
  psychosocial: { it: 'Sostegno psicosociale', en: 'Psychosocial support' },
  other: { it: 'Altro', en: 'Other' },
} as const satisfies Record<string, Localized>;
export const reintegrationSupports = ['travel', 'cash', 'business', 'training', 'housing', 'medical', 'psychosocial', 'other'] as const;
export type ReintegrationSupport = (typeof reintegrationSupports)[number];

/**
 * The status steps of a voluntary return: requested → approved → departed; requested or approved
 * → cancelled. Departed and cancelled are final. Staying put is always allowed (an edit).
 */
const returnNext: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ['approved', 'cancelled'],
  approved: ['departed', 'cancelled'],
  departed: [],
  cancelled: [],
};

export function canMoveReturn(options: { from: ReturnStatus; to: ReturnStatus }): boolean {
  return options.from === options.to || returnNext[options.from].includes(options.to);
}

// --- rules shared by server and web -----------------------------------------------------------

export const inclusionMessages = {
  endsBeforeStart: { en: 'endsOn must not be before startsOn', it: 'la data di fine non può precedere quella di inizio' },
  reasonOnlyWhenInterrupted: { en: 'outcomeReason is only for an interrupted internship', it: 'il motivo si indica solo per un tirocinio interrotto' },
  reasonRequired: { en: 'give the reason of the interruption (outcomeReason)', it: 'indica il motivo dell’interruzione' },
  departedNeedsDate: { en: 'a departed return needs the departure date (departedOn), and only a departed one', it: 'la data di partenza si indica se e solo se la persona è partita' },
  returnStep: { en: 'this status change is not allowed', it: 'questo cambio di stato non è consentito' },
  outcomeNeedsDate: { en: 'an outcome needs its date (outcomeOn), and a date needs an outcome', it: 'l’esito richiede la sua data e la data richiede un esito' },
  notEnrolled: { en: 'not enrolled in this course', it: 'non è iscritta/o a questo corso' },
  sessionNotInCourse: { en: 'not a session of this course', it: 'non è una sessione di questo corso' },
  sessionOutsideCourse: { en: 'the session must fall within the course dates', it: 'la sessione deve cadere nelle date del corso' },
  alreadyEnrolled: { en: 'the case is already enrolled in this course', it: 'il caso è già iscritto a questo corso' },
  unknownCase: { en: 'no case of yours with this code', it: 'nessun vostro caso con questo codice' },
} as const satisfies Record<string, Localized>;

/** Whether an end date respects the start (missing dates pass). Dates are ISO `YYYY-MM-DD`. */
export function endsNotBeforeStart(options: { startsOn: string | null | undefined; endsOn: string | null | undefined }): boolean {
  return !options.startsOn || !options.endsOn || options.endsOn >= options.startsOn;
}
