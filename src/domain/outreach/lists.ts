/**
 * Value lists of outreach. Stored as these codes; labels live in the web app's i18n
 * (src/web/i18n/outreach-{it,en}.ts).
 */

/** Kinds of outreach unit. */
export const unitKinds = ['street', 'indoor', 'drop_in', 'desk_shift'] as const;
export type UnitKind = (typeof unitKinds)[number];

/**
 * Sex/gender as counted on the street, grouped on the HTCDS `prs_Gender` values: female, male,
 * transgender (TransgenderFeminine and TransgenderMasculine together) and other or unknown.
 */
export const sexGenders = ['female', 'male', 'transgender', 'other_unknown'] as const;
export type SexGender = (typeof sexGenders)[number];

/** Apparent age bands. */
export const ageBands = ['under_18', '18_24', '25_34', '35_44', '45_plus', 'unknown'] as const;
export type AgeBand = (typeof ageBands)[number];

/**
 * Apparent nationality groups: a deliberately short list, what a worker can tell on the street,
 * following the main groups met by Italian outreach units (Nigeria, Romania, Albania, China) and
 * broad areas for the rest. Not a citizenship: a person's citizenship is recorded on the person.
 */
export const nationalityGroups = ['nigeria', 'romania', 'albania', 'china', 'other_africa', 'other_europe', 'latin_america', 'other_unknown'] as const;
export type NationalityGroup = (typeof nationalityGroups)[number];

/** First contact with the unit, or a person the unit already knew. */
export const contactHistories = ['first_time', 'known'] as const;
export type ContactHistory = (typeof contactHistories)[number];

/** What an outing offered, with quantities (items given or people informed). */
export const offerKinds = ['materials', 'health_info', 'condoms', 'legal_orientation', 'other'] as const;
export type OfferKind = (typeof offerKinds)[number];

/** Accompaniments made during or after the outing. */
export const accompanimentKinds = ['health_services', 'desk'] as const;
export type AccompanimentKind = (typeof accompanimentKinds)[number];

/** Where a desk is held. */
export const deskKinds = ['asylum_commission', 'civil_court', 'womens_prison', 'juvenile_justice_centre', 'other'] as const;
export type DeskKind = (typeof deskKinds)[number];

/** What a desk session gave, counted. */
export const adviceKinds = ['orientation', 'legal_advice', 'health_orientation', 'referral_to_services', 'other'] as const;
export type AdviceKind = (typeof adviceKinds)[number];

/** Days of the week for opening hours, ISO numbering (1 Monday … 7 Sunday). */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** Limits. */
export const outreachLimits = {
  /** Most contacts one outing may count: more is refused as absurd. */
  contactsPerOuting: 500,
  /** Most items of one kind an outing may hand out (e.g. condoms). */
  offeredPerKind: 10_000,
  /** Most interviews in one desk session. */
  interviewsPerSession: 200,
  /** Team members per outing, zones per outing. */
  teamSize: 20,
  zonesPerOuting: 20,
  /** Opening-hour slots of a desk. */
  openingSlots: 28,
  /** Changes in one sync batch (more: 413). */
  changesPerBatch: 500,
  /** Days of outings a device downloads. */
  downloadDays: 30,
} as const;
