/**
 * The four lists of screening indicators (adult/child × labour/sexual exploitation), after the
 * ILO/EC operational indicators of trafficking in human beings (Delphi survey, 2009). Texts are
 * Ponte's own (indicator-texts.ts); the placement of each indicator in a dimension and its
 * strength follow the published lists as closely as Ponte's authors could establish them: they are
 * data, to be reviewed against the source before production use and corrected here if needed.
 *
 * An indicator id is `<dimension prefix>.<subject>` (e.g. `cd.documents`: confiscation of
 * documents as coercion at destination), stable and unique within a list. Stored answers name the
 * list id and the indicator ids.
 */
import {
  dimensionPrefixes,
  type ExploitationForm,
  type IndicatorStrength,
  type Localized,
  type ScreeningDimension,
  type ScreeningListId,
  type ScreeningPopulation,
  screeningDimensions,
} from './dimensions.ts';
import { type IndicatorSubject, indicatorTexts } from './indicator-texts.ts';

export interface ScreeningIndicator {
  id: string;
  subject: IndicatorSubject;
  dimension: ScreeningDimension;
  strength: IndicatorStrength;
  text: Localized;
}

export interface ScreeningList {
  id: ScreeningListId;
  population: ScreeningPopulation;
  exploitation: ExploitationForm;
  label: Localized;
  indicators: readonly ScreeningIndicator[];
}

interface DimensionSpec {
  strong: readonly IndicatorSubject[];
  medium: readonly IndicatorSubject[];
  weak?: readonly IndicatorSubject[];
}
type AdultSpec = Record<ScreeningDimension, DimensionSpec>;
/** Child lists have no weak indicators. */
type ChildSpec = Record<ScreeningDimension, Omit<DimensionSpec, 'weak'> & { weak?: never }>;

// Shared parts: where adult and child lists, or labour and sexual lists, agree.
const coercionAtRecruitment = [
  'documents', 'debt_bondage', 'isolation', 'threat_denunciation', 'threat_violence', 'threat_inform',
  'family_violence', 'withholding_money',
] as const satisfies readonly IndicatorSubject[];

const vulnerabilityAbused = [
  'difficult_family_abused', 'irregular_status_abused', 'lack_of_education_abused', 'lack_of_information_abused',
  'beliefs_abused', 'control_by_exploiters', 'false_info_law', 'false_info_migration', 'emotional_dependency',
  'relationship_with_authorities',
] as const satisfies readonly IndicatorSubject[];

/** Circumstances (rather than someone abusing them): weak for adults, medium for children. */
const vulnerabilityCircumstances = [
  'economic', 'family_situation', 'general_context', 'personal_situation',
] as const satisfies readonly IndicatorSubject[];

const coercionAtDestinationMedium = [
  'illicit_activities', 'act_against_peers', 'lie_to_others', 'threat_denunciation', 'threat_worse_conditions',
  'threat_violence', 'threat_inform', 'strong_influence', 'family_violence', 'withholding_wages',
] as const satisfies readonly IndicatorSubject[];

const deceptionMedium = [
  'working_conditions', 'contract', 'family_reunification', 'housing', 'legal_status', 'travel', 'wages',
] as const satisfies readonly IndicatorSubject[];

const exploitationMedium = [
  'bad_living_conditions', 'hazardous_work', 'low_or_no_pay', 'labour_law_breached', 'no_social_protection',
  'very_bad_working_conditions', 'wage_manipulation',
] as const satisfies readonly IndicatorSubject[];

const adultLabour: AdultSpec = {
  deceptive_recruitment: { strong: ['nature_of_job'], medium: deceptionMedium, weak: ['education'] },
  coercive_recruitment: { strong: ['violence'], medium: ['abduction', ...coercionAtRecruitment] },
  recruitment_abuse_of_vulnerability: { strong: [], medium: vulnerabilityAbused, weak: vulnerabilityCircumstances },
  exploitative_conditions: { strong: ['excessive_hours'], medium: exploitationMedium, weak: ['no_education'] },
  coercion_at_destination: {
    strong: ['documents', 'debt_bondage', 'isolation', 'violence'],
    medium: ['forced_tasks', ...coercionAtDestinationMedium],
  },
  abuse_of_vulnerability_at_destination: {
    strong: [],
    medium: ['dependency_on_exploiters', 'relationship_with_authorities'],
    weak: ['past_difficulties', 'unknown_area', 'economic', 'family_situation', 'personal_characteristics'],
  },
};

const adultSexual: AdultSpec = {
  deceptive_recruitment: {
    strong: ['nature_of_job'],
    medium: [...deceptionMedium, 'marriage_or_adoption'],
    weak: ['education'],
  },
  coercive_recruitment: { strong: ['violence', 'abduction'], medium: coercionAtRecruitment },
  recruitment_abuse_of_vulnerability: { strong: [], medium: vulnerabilityAbused, weak: vulnerabilityCircumstances },
  exploitative_conditions: {
    strong: ['excessive_hours'],
    medium: exploitationMedium.filter((s) => s !== 'labour_law_breached'),
    weak: [],
  },
  coercion_at_destination: {
    strong: ['documents', 'debt_bondage', 'isolation', 'violence', 'forced_tasks'],
    medium: coercionAtDestinationMedium,
  },
  abuse_of_vulnerability_at_destination: {
    strong: [],
    medium: ['dependency_on_exploiters', 'exit_difficulty', 'relationship_with_authorities'],
    weak: ['past_difficulties', 'unknown_area', 'economic', 'family_situation', 'personal_characteristics'],
  },
};

const childLabour: ChildSpec = {
  deceptive_recruitment: { strong: ['nature_of_job'], medium: [...deceptionMedium, 'education'] },
  coercive_recruitment: { strong: ['violence', 'abduction'], medium: coercionAtRecruitment },
  recruitment_abuse_of_vulnerability: { strong: [], medium: [...vulnerabilityAbused, ...vulnerabilityCircumstances] },
  exploitative_conditions: {
    strong: ['excessive_hours', 'hazardous_work'],
    medium: [...exploitationMedium.filter((s) => s !== 'hazardous_work'), 'no_education'],
  },
  coercion_at_destination: {
    strong: ['documents', 'debt_bondage', 'isolation', 'violence'],
    medium: ['forced_tasks', ...coercionAtDestinationMedium],
  },
  abuse_of_vulnerability_at_destination: {
    strong: [],
    medium: [
      'dependency_on_exploiters', 'relationship_with_authorities', 'past_difficulties', 'unknown_area', 'economic',
      'family_situation', 'personal_characteristics',
    ],
  },
};

const childSexual: ChildSpec = {
  deceptive_recruitment: { strong: ['nature_of_job'], medium: [...deceptionMedium, 'education', 'marriage_or_adoption'] },
  coercive_recruitment: { strong: ['violence', 'abduction'], medium: coercionAtRecruitment },
  recruitment_abuse_of_vulnerability: { strong: [], medium: [...vulnerabilityAbused, ...vulnerabilityCircumstances] },
  exploitative_conditions: {
    strong: ['excessive_hours', 'hazardous_work'],
    medium: ['bad_living_conditions', 'low_or_no_pay', 'no_social_protection', 'very_bad_working_conditions', 'wage_manipulation', 'no_education'],
  },
  coercion_at_destination: {
    strong: ['documents', 'debt_bondage', 'isolation', 'violence', 'forced_tasks'],
    medium: coercionAtDestinationMedium,
  },
  abuse_of_vulnerability_at_destination: {
    strong: [],
    medium: [
      'dependency_on_exploiters', 'exit_difficulty', 'relationship_with_authorities', 'past_difficulties', 'unknown_area',
      'economic', 'family_situation', 'personal_characteristics',
    ],
  },
};

function build(spec: AdultSpec | ChildSpec): ScreeningIndicator[] {
  const out: ScreeningIndicator[] = [];
  for (const dimension of screeningDimensions) {
    const d: DimensionSpec = spec[dimension];
    const byStrength: [IndicatorStrength, readonly IndicatorSubject[]][] = [
      ['strong', d.strong],
      ['medium', d.medium],
      ['weak', d.weak ?? []],
    ];
    for (const [strength, subjects] of byStrength) {
      for (const subject of subjects) {
        out.push({ id: `${dimensionPrefixes[dimension]}.${subject}`, subject, dimension, strength, text: indicatorTexts[subject] });
      }
    }
  }
  return out;
}

export const screeningLists: Record<ScreeningListId, ScreeningList> = {
  adult_labour: {
    id: 'adult_labour',
    population: 'adult',
    exploitation: 'labour',
    label: { it: 'Adulti – sfruttamento lavorativo', en: 'Adults – labour exploitation' },
    indicators: build(adultLabour),
  },
  adult_sexual: {
    id: 'adult_sexual',
    population: 'adult',
    exploitation: 'sexual',
    label: { it: 'Adulti – sfruttamento sessuale', en: 'Adults – sexual exploitation' },
    indicators: build(adultSexual),
  },
  child_labour: {
    id: 'child_labour',
    population: 'child',
    exploitation: 'labour',
    label: { it: 'Minori – sfruttamento lavorativo', en: 'Children – labour exploitation' },
    indicators: build(childLabour),
  },
  child_sexual: {
    id: 'child_sexual',
    population: 'child',
    exploitation: 'sexual',
    label: { it: 'Minori – sfruttamento sessuale', en: 'Children – sexual exploitation' },
    indicators: build(childSexual),
  },
};

/** The list for a population and a form of exploitation. */
export function screeningListFor({
  population,
  exploitation,
}: {
  population: ScreeningPopulation;
  exploitation: ExploitationForm;
}): ScreeningList {
  return screeningLists[`${population}_${exploitation}`];
}

export function findIndicator({ list, indicatorId }: { list: ScreeningList; indicatorId: string }): ScreeningIndicator | undefined {
  return list.indicators.find((i) => i.id === indicatorId);
}

/** The list's indicators grouped by dimension, in dimension order (for forms and reports). */
export function indicatorsByDimension({ list }: { list: ScreeningList }): { dimension: ScreeningDimension; indicators: ScreeningIndicator[] }[] {
  return screeningDimensions.map((dimension) => ({ dimension, indicators: list.indicators.filter((i) => i.dimension === dimension) }));
}
