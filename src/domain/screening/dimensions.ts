/**
 * The six dimensions of the trafficking definition used by the ILO/EC operational indicators
 * (Delphi survey, 2009) and the three strengths of an indicator. Pure data.
 */
import { z } from 'zod';

export interface Localized {
  it: string;
  en: string;
}

export const screeningDimensions = [
  'deceptive_recruitment',
  'coercive_recruitment',
  'recruitment_abuse_of_vulnerability',
  'exploitative_conditions',
  'coercion_at_destination',
  'abuse_of_vulnerability_at_destination',
] as const;
export type ScreeningDimension = (typeof screeningDimensions)[number];
export const screeningDimensionSchema = z.enum(screeningDimensions);

/** Short prefix of indicator ids, e.g. `dr.nature_of_job` is a deceptive-recruitment indicator. */
export const dimensionPrefixes = {
  deceptive_recruitment: 'dr',
  coercive_recruitment: 'cr',
  recruitment_abuse_of_vulnerability: 'vr',
  exploitative_conditions: 'ex',
  coercion_at_destination: 'cd',
  abuse_of_vulnerability_at_destination: 'vd',
} as const satisfies Record<ScreeningDimension, string>;

export const dimensionLabels = {
  deceptive_recruitment: { it: 'Reclutamento ingannevole', en: 'Deceptive recruitment' },
  coercive_recruitment: { it: 'Reclutamento coercitivo', en: 'Coercive recruitment' },
  recruitment_abuse_of_vulnerability: {
    it: 'Reclutamento con abuso di una situazione di vulnerabilità',
    en: 'Recruitment by abuse of vulnerability',
  },
  exploitative_conditions: { it: 'Condizioni di sfruttamento', en: 'Exploitative conditions' },
  coercion_at_destination: { it: 'Coercizione a destinazione', en: 'Coercion at destination' },
  abuse_of_vulnerability_at_destination: {
    it: 'Abuso di vulnerabilità a destinazione',
    en: 'Abuse of vulnerability at destination',
  },
} as const satisfies Record<ScreeningDimension, Localized>;

export const indicatorStrengths = ['strong', 'medium', 'weak'] as const;
export type IndicatorStrength = (typeof indicatorStrengths)[number];
export const indicatorStrengthSchema = z.enum(indicatorStrengths);

export const strengthLabels = {
  strong: { it: 'forte', en: 'strong' },
  medium: { it: 'medio', en: 'medium' },
  weak: { it: 'debole', en: 'weak' },
} as const satisfies Record<IndicatorStrength, Localized>;

export const screeningPopulations = ['adult', 'child'] as const;
export type ScreeningPopulation = (typeof screeningPopulations)[number];

export const exploitationForms = ['labour', 'sexual'] as const;
export type ExploitationForm = (typeof exploitationForms)[number];

export const screeningListIds = ['adult_labour', 'adult_sexual', 'child_labour', 'child_sexual'] as const;
export type ScreeningListId = (typeof screeningListIds)[number];
export const screeningListIdSchema = z.enum(screeningListIds);
