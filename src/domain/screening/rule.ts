/**
 * The scoring rule as data: when a dimension is positive, and which dimensions a population needs
 * for an indicative "likely victim" result. The default follows the rule commonly described for
 * the ILO/EC operational indicators (a secondary source): administrators may store an edited
 * rule, validated by `screeningRuleSchema`, and every evaluation names the rule and version used.
 */
import { z } from 'zod';
import { indicatorStrengthSchema, type ScreeningDimension, screeningDimensions, screeningDimensionSchema } from './dimensions.ts';

const localizedSchema = z.object({ it: z.string().min(1), en: z.string().min(1) });

/** At least `atLeast` answered-yes indicators whose strength is one of `strengths`. */
export const strengthCountSchema = z.object({
  strengths: z.array(indicatorStrengthSchema).min(1),
  atLeast: z.number().int().min(1),
});

/**
 * One combination that makes a dimension positive: all its counts must hold. The strengths of
 * the counts in one combination must not overlap, so no indicator is counted twice.
 */
export const combinationSchema = z
  .object({
    id: z.string().min(1),
    label: localizedSchema,
    requires: z.array(strengthCountSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    for (const r of c.requires) {
      for (const s of r.strengths) {
        if (seen.has(s)) ctx.addIssue({ code: 'custom', message: `strength ${s} appears twice in combination ${c.id}`, path: ['requires'] });
        seen.add(s);
      }
    }
  });

export const populationRequirementSchema = z.object({
  id: z.string().min(1),
  label: localizedSchema,
  /** Met when at least one of these dimensions is positive. */
  anyOf: z.array(screeningDimensionSchema).min(1),
});

const dimensionRuleSchema = z.object({ combinations: z.array(combinationSchema).min(1) });

export const screeningRuleSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().min(1),
  source: z.string().min(1),
  dimensions: z.object(
    Object.fromEntries(screeningDimensions.map((d) => [d, dimensionRuleSchema])) as Record<
      ScreeningDimension,
      typeof dimensionRuleSchema
    >,
  ),
  populations: z.object({
    adult: z.object({ requirements: z.array(populationRequirementSchema).min(1) }),
    child: z.object({ requirements: z.array(populationRequirementSchema).min(1) }),
  }),
});

export type ScreeningRule = z.infer<typeof screeningRuleSchema>;
export type ScreeningCombination = z.infer<typeof combinationSchema>;
export type PopulationRequirement = z.infer<typeof populationRequirementSchema>;

/** Validates a rule read from storage or edited by an administrator; throws a ZodError. */
export function parseScreeningRule({ rule }: { rule: unknown }): ScreeningRule {
  return screeningRuleSchema.parse(rule);
}

const defaultCombinations: ScreeningCombination[] = [
  {
    id: 'two_strong',
    label: { it: '2 indicatori forti', en: '2 strong indicators' },
    requires: [{ strengths: ['strong'], atLeast: 2 }],
  },
  {
    id: 'strong_and_medium_or_weak',
    label: { it: '1 indicatore forte e 1 medio o debole', en: '1 strong and 1 medium or weak indicator' },
    requires: [
      { strengths: ['strong'], atLeast: 1 },
      { strengths: ['medium', 'weak'], atLeast: 1 },
    ],
  },
  {
    id: 'three_medium',
    label: { it: '3 indicatori medi', en: '3 medium indicators' },
    requires: [{ strengths: ['medium'], atLeast: 3 }],
  },
  {
    id: 'two_medium_and_weak',
    label: { it: '2 indicatori medi e 1 debole', en: '2 medium indicators and 1 weak' },
    requires: [
      { strengths: ['medium'], atLeast: 2 },
      { strengths: ['weak'], atLeast: 1 },
    ],
  },
];

const recruitment = {
  id: 'recruitment',
  label: { it: 'Reclutamento (ingannevole, coercitivo o con abuso di vulnerabilità)', en: 'Recruitment (deceptive, coercive or by abuse of vulnerability)' },
  anyOf: ['deceptive_recruitment', 'coercive_recruitment', 'recruitment_abuse_of_vulnerability'],
} as const satisfies PopulationRequirement;

const exploitation = {
  id: 'exploitation',
  label: { it: 'Condizioni di sfruttamento', en: 'Exploitative conditions' },
  anyOf: ['exploitative_conditions'],
} as const satisfies PopulationRequirement;

const meansAtDestination = {
  id: 'means_at_destination',
  label: { it: 'Coercizione o abuso di vulnerabilità a destinazione', en: 'Coercion or abuse of vulnerability at destination' },
  anyOf: ['coercion_at_destination', 'abuse_of_vulnerability_at_destination'],
} as const satisfies PopulationRequirement;

export const defaultScreeningRule: ScreeningRule = {
  id: 'ilo-ec-2009-delphi',
  version: 1,
  source:
    'ILO/EC operational indicators of trafficking in human beings (Delphi survey, 2009), combination rule as ' +
    'described in secondary sources; to be confirmed against the published methodology.',
  dimensions: {
    deceptive_recruitment: { combinations: defaultCombinations },
    coercive_recruitment: { combinations: defaultCombinations },
    recruitment_abuse_of_vulnerability: { combinations: defaultCombinations },
    exploitative_conditions: { combinations: defaultCombinations },
    coercion_at_destination: { combinations: defaultCombinations },
    abuse_of_vulnerability_at_destination: { combinations: defaultCombinations },
  },
  populations: {
    adult: { requirements: [recruitment, exploitation, meansAtDestination] },
    child: { requirements: [recruitment, exploitation] },
  },
};
