/**
 * Residence permits and legal status (domain.md §2, the residence-permit track). Pure: permit
 * types as data (labels, who may propose them, usual validity and renewal, what they convert to),
 * the step machine of a permit request, and the renewal-reminder rule. The law changes: keep types,
 * durations and the reminder window here as data, not in code paths.
 *
 * Step machine: prepared → submitted (to the Questura) → issued | refused; issued →
 * renewal_requested → renewed; issued | renewed → converted (to work or study) | expired | revoked.
 * Each step carries its date; anything not in the table is refused.
 */
import { addYears } from '../cases/age.ts';

export interface Localized {
  it: string;
  en: string;
}

/** Who proposed an art. 18 / 18-ter permit. */
export const proposerKinds = ['body', 'social_services', 'prosecutor'] as const;
export type ProposerKind = (typeof proposerKinds)[number];

export const proposerKindLabels = {
  body: { it: 'Ente iscritto (ente attuatore)', en: 'Registered body (implementing body)' },
  social_services: { it: 'Servizi sociali dell’ente locale', en: 'Local social services' },
  prosecutor: { it: 'Procura della Repubblica', en: 'Prosecutor’s office' },
} as const satisfies Record<ProposerKind, Localized>;

/** A validity period: months (the usual unit of permits). */
export interface Validity {
  months: number;
}

export interface PermitTypeDef {
  code: string;
  label: Localized;
  /** Legal basis, for display. */
  basis: string;
  /** Proposers accepted for this type; empty: no proposal needed. */
  proposers: readonly ProposerKind[];
  /** A proposer is required (art. 18 and 18-ter). */
  proposerRequired: boolean;
  /** Usual validity of the first permit (null: set case by case). */
  validity: Validity | null;
  /** Usual validity of a renewal (null: set case by case). */
  renewal: Validity | null;
  /** What it may be converted to. */
  convertibleTo: readonly ConversionTarget[];
}

export const conversionTargets = ['work', 'study'] as const;
export type ConversionTarget = (typeof conversionTargets)[number];

export const conversionTargetLabels = {
  work: { it: 'Lavoro', en: 'Work' },
  study: { it: 'Studio', en: 'Study' },
} as const satisfies Record<ConversionTarget, Localized>;

export const permitTypeCodes = [
  'art18_social',
  'art18_judicial',
  'art18ter',
  'international_protection',
  'subsidiary_protection',
  'special_protection',
  'minor_age',
  'work',
  'study',
  'other',
] as const;
export type PermitType = (typeof permitTypeCodes)[number];

const both = conversionTargets;

/** The permit types, as data. Durations follow the law as in force (art. 18 D.lgs. 286/1998: 6 months, renewable for 1 year). */
export const permitTypes = {
  art18_social: {
    code: 'art18_social',
    label: { it: 'Art. 18 – casi speciali, percorso sociale', en: 'Art. 18 – special cases, social path' },
    basis: 'art. 18 D.lgs. 286/1998',
    proposers: ['body', 'social_services'],
    proposerRequired: true,
    validity: { months: 6 },
    renewal: { months: 12 },
    convertibleTo: both,
  },
  art18_judicial: {
    code: 'art18_judicial',
    label: { it: 'Art. 18 – casi speciali, percorso giudiziario', en: 'Art. 18 – special cases, judicial path' },
    basis: 'art. 18 D.lgs. 286/1998',
    proposers: ['prosecutor'],
    proposerRequired: true,
    validity: { months: 6 },
    renewal: { months: 12 },
    convertibleTo: both,
  },
  art18ter: {
    code: 'art18ter',
    label: { it: 'Art. 18-ter – sfruttamento lavorativo (art. 603-bis c.p.)', en: 'Art. 18-ter – labour exploitation (art. 603-bis c.p.)' },
    basis: 'art. 18-ter D.lgs. 286/1998',
    proposers: ['prosecutor'],
    proposerRequired: true,
    validity: { months: 6 },
    renewal: { months: 12 },
    convertibleTo: both,
  },
  international_protection: {
    code: 'international_protection',
    label: { it: 'Protezione internazionale (status di rifugiato)', en: 'International protection (refugee status)' },
    basis: 'D.lgs. 251/2007',
    proposers: [],
    proposerRequired: false,
    validity: { months: 60 },
    renewal: { months: 60 },
    convertibleTo: both,
  },
  subsidiary_protection: {
    code: 'subsidiary_protection',
    label: { it: 'Protezione sussidiaria', en: 'Subsidiary protection' },
    basis: 'D.lgs. 251/2007',
    proposers: [],
    proposerRequired: false,
    validity: { months: 60 },
    renewal: { months: 60 },
    convertibleTo: both,
  },
  special_protection: {
    code: 'special_protection',
    label: { it: 'Protezione speciale', en: 'Special protection' },
    basis: 'art. 19 D.lgs. 286/1998',
    proposers: [],
    proposerRequired: false,
    validity: { months: 24 },
    renewal: { months: 24 },
    convertibleTo: both,
  },
  minor_age: {
    code: 'minor_age',
    label: { it: 'Minore età', en: 'Minor age' },
    basis: 'art. 10 L. 47/2017',
    proposers: [],
    proposerRequired: false,
    validity: null,
    renewal: null,
    convertibleTo: both,
  },
  work: {
    code: 'work',
    label: { it: 'Lavoro', en: 'Work' },
    basis: 'D.lgs. 286/1998',
    proposers: [],
    proposerRequired: false,
    validity: { months: 24 },
    renewal: { months: 24 },
    convertibleTo: [],
  },
  study: {
    code: 'study',
    label: { it: 'Studio', en: 'Study' },
    basis: 'D.lgs. 286/1998',
    proposers: [],
    proposerRequired: false,
    validity: { months: 12 },
    renewal: { months: 12 },
    convertibleTo: ['work'],
  },
  other: {
    code: 'other',
    label: { it: 'Altro titolo di soggiorno', en: 'Other residence status' },
    basis: '',
    proposers: [],
    proposerRequired: false,
    validity: null,
    renewal: null,
    convertibleTo: both,
  },
} as const satisfies Record<PermitType, PermitTypeDef>;

export function permitTypeDef(type: PermitType): PermitTypeDef {
  return permitTypes[type];
}

// --- the step machine ----------------------------------------------------------------------

export const permitStatuses = ['prepared', 'submitted', 'issued', 'refused', 'renewal_requested', 'renewed', 'converted', 'expired', 'revoked'] as const;
export type PermitStatus = (typeof permitStatuses)[number];

export const permitStatusLabels = {
  prepared: { it: 'In preparazione', en: 'Prepared' },
  submitted: { it: 'Presentato in Questura', en: 'Submitted to the Questura' },
  issued: { it: 'Rilasciato', en: 'Issued' },
  refused: { it: 'Rifiutato', en: 'Refused' },
  renewal_requested: { it: 'Rinnovo richiesto', en: 'Renewal requested' },
  renewed: { it: 'Rinnovato', en: 'Renewed' },
  converted: { it: 'Convertito', en: 'Converted' },
  expired: { it: 'Scaduto', en: 'Expired' },
  revoked: { it: 'Revocato', en: 'Revoked' },
} as const satisfies Record<PermitStatus, Localized>;

/** Statuses in which a permit is in force (it has an expiry date to watch). */
export const permitsInForce = ['issued', 'renewal_requested', 'renewed'] as const satisfies readonly PermitStatus[];
/** Statuses that end the track. */
export const finalPermitStatuses = ['refused', 'converted', 'expired', 'revoked'] as const satisfies readonly PermitStatus[];

export type StepRequirement = 'expiresOn' | 'permitNumber' | 'convertedTo';

export interface PermitStep {
  from: PermitStatus;
  to: PermitStatus;
  /** Ponte makes this step itself when the date comes (expiry); a person may record it too. */
  system: boolean;
  /** Fields the step must carry besides its date. */
  requires: readonly StepRequirement[];
}

const step = (from: PermitStatus, to: PermitStatus, requires: readonly StepRequirement[] = [], system = false): PermitStep => ({ from, to, system, requires });

export const permitSteps: readonly PermitStep[] = [
  step('prepared', 'submitted'),
  step('submitted', 'issued', ['expiresOn']),
  step('submitted', 'refused'),
  step('issued', 'renewal_requested'),
  step('renewal_requested', 'renewed', ['expiresOn']),
  step('issued', 'converted', ['convertedTo']),
  step('renewed', 'converted', ['convertedTo']),
  step('issued', 'expired', [], true),
  step('renewed', 'expired', [], true),
  step('issued', 'revoked'),
  step('renewed', 'revoked'),
];

export function findPermitStep(from: PermitStatus, to: PermitStatus): PermitStep | undefined {
  return permitSteps.find((s) => s.from === from && s.to === to);
}

/** The steps a person may take from a status (for buttons and validation). */
export function nextPermitSteps(from: PermitStatus): PermitStatus[] {
  return permitSteps.filter((s) => s.from === from).map((s) => s.to);
}

export type PermitStepError =
  | 'step_not_allowed'
  | 'date_required'
  | 'date_before_previous'
  | 'expires_on_required'
  | 'expires_before_step'
  | 'converted_to_required'
  | 'conversion_not_allowed';

export const permitStepErrors = {
  step_not_allowed: { it: 'Questo passaggio non è consentito dallo stato attuale del permesso.', en: 'This step is not allowed from the permit’s current status.' },
  date_required: { it: 'Indica la data del passaggio.', en: 'Give the date of the step.' },
  date_before_previous: { it: 'La data non può precedere quella del passaggio precedente.', en: 'The date cannot be before the previous step’s date.' },
  expires_on_required: { it: 'Indica la data di scadenza del permesso.', en: 'Give the permit’s expiry date.' },
  expires_before_step: { it: 'La scadenza deve essere successiva alla data del passaggio.', en: 'The expiry date must be after the step’s date.' },
  converted_to_required: { it: 'Indica in quale permesso è stato convertito (lavoro o studio).', en: 'Say what the permit was converted to (work or study).' },
  conversion_not_allowed: { it: 'Questo tipo di permesso non si converte nel tipo indicato.', en: 'This permit type does not convert to the type given.' },
} as const satisfies Record<PermitStepError, Localized>;

export interface StepInput {
  type: PermitType;
  from: PermitStatus;
  to: PermitStatus;
  /** Date of the step (YYYY-MM-DD). */
  on: string;
  /** Date of the latest step so far (the new step may not be earlier). */
  lastStepOn: string | null;
  expiresOn?: string | null | undefined;
  convertedTo?: ConversionTarget | null | undefined;
}

/** Checks a step against the machine; returns the first problem with the field it concerns. */
export function validatePermitStep(input: StepInput): { ok: true; step: PermitStep } | { ok: false; error: PermitStepError; field: string } {
  const s = findPermitStep(input.from, input.to);
  if (!s) return { ok: false, error: 'step_not_allowed', field: 'to' };
  if (!input.on) return { ok: false, error: 'date_required', field: 'on' };
  if (input.lastStepOn && input.on < input.lastStepOn) return { ok: false, error: 'date_before_previous', field: 'on' };
  if (s.requires.includes('expiresOn')) {
    if (!input.expiresOn) return { ok: false, error: 'expires_on_required', field: 'expiresOn' };
    if (input.expiresOn <= input.on) return { ok: false, error: 'expires_before_step', field: 'expiresOn' };
  }
  if (s.requires.includes('convertedTo')) {
    if (!input.convertedTo) return { ok: false, error: 'converted_to_required', field: 'convertedTo' };
    if (!(permitTypes[input.type].convertibleTo as readonly string[]).includes(input.convertedTo)) return { ok: false, error: 'conversion_not_allowed', field: 'convertedTo' };
  }
  return { ok: true, step: s };
}

export type ProposerError = 'proposer_required' | 'proposer_not_allowed';

export const proposerErrors = {
  proposer_required: { it: 'Per questo tipo di permesso indica chi ha fatto la proposta.', en: 'For this permit type, say who made the proposal.' },
  proposer_not_allowed: { it: 'Questo proponente non è previsto per questo tipo di permesso.', en: 'This proposer is not provided for this permit type.' },
} as const satisfies Record<ProposerError, Localized>;

/** Art. 18 and 18-ter need a proposer of the kinds their path allows; other types take none. */
export function validateProposer(options: { type: PermitType; proposerKind: ProposerKind | null | undefined }): { ok: true } | { ok: false; error: ProposerError } {
  const def: PermitTypeDef = permitTypes[options.type];
  if (!options.proposerKind) return def.proposerRequired ? { ok: false, error: 'proposer_required' } : { ok: true };
  if (!def.proposers.includes(options.proposerKind)) return { ok: false, error: 'proposer_not_allowed' };
  return { ok: true };
}

/** The usual expiry of a permit issued (or renewed) on `on`, from the type's data; null when set case by case. */
export function usualExpiry(options: { type: PermitType; on: string; renewal?: boolean }): string | null {
  const def: PermitTypeDef = permitTypes[options.type];
  const v = options.renewal ? def.renewal : def.validity;
  if (!v) return null;
  return addMonths(options.on, v.months);
}

function addMonths(date: string, months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  let d = addYears({ date, years });
  if (rest === 0) return d;
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = (m - 1) + rest;
  const ny = y + Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  d = `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
  return d;
}

// --- reminders -------------------------------------------------------------------------------

/** Days before expiry when a renewal reminder is due (PONTE_PERMIT_RENEWAL_WINDOW_DAYS overrides). */
export const defaultRenewalWindowDays = 60;
/** Days before a minor's 18th birthday when the case worker is warned. */
export const majorityWarningDays = 30;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type PermitReminder = 'none' | 'renewal' | 'expired';

/**
 * What a permit needs on `today`: `expired` when in force (issued or renewed) and its expiry date
 * has passed; `renewal` when issued or renewed and expiring within the window (a renewal already
 * requested needs no reminder); otherwise `none`.
 */
export function permitReminder(options: { status: PermitStatus; expiresOn: string | null; today: string; windowDays?: number }): PermitReminder {
  const { status, expiresOn, today } = options;
  const windowDays = options.windowDays ?? defaultRenewalWindowDays;
  if (!expiresOn) return 'none';
  if (status !== 'issued' && status !== 'renewed') return 'none';
  if (expiresOn < today) return 'expired';
  return daysBetween(today, expiresOn) <= windowDays ? 'renewal' : 'none';
}
