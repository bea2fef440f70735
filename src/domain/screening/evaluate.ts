/**
 * Evaluates a screening: per dimension, which indicators were answered yes and which combination
 * of the rule fired (or why none did); then whether the population's requirements are met. The
 * result is indicative: it supports, and never replaces, the professional's decision.
 */
import type { IndicatorStrength, Localized, ScreeningDimension, ScreeningPopulation } from './dimensions.ts';
import { screeningDimensions } from './dimensions.ts';
import type { ScreeningAnswers } from './answers.ts';
import type { ScreeningList } from './indicator-lists.ts';
import type { ScreeningRule } from './rule.ts';

export type StrengthCounts = Record<IndicatorStrength, number>;

export interface CombinationCheck {
  combinationId: string;
  label: Localized;
  /** Per count of the combination: what was needed and what was found. */
  counts: { strengths: IndicatorStrength[]; atLeast: number; found: number; met: boolean }[];
  met: boolean;
  /** Whether it would be met if every unknown or unanswered indicator were a yes. */
  metIfUnknownsWereYes: boolean;
}

export interface DimensionResult {
  dimension: ScreeningDimension;
  positive: boolean;
  /** Indicators answered yes, by id, with their strength. */
  counted: { indicatorId: string; strength: IndicatorStrength }[];
  yes: StrengthCounts;
  unknown: StrengthCounts;
  /** The combinations that fired (empty when not positive). */
  fired: string[];
  combinations: CombinationCheck[];
  /** Not positive now, but would be if unknown or unanswered indicators turned out yes. */
  couldBecomePositive: boolean;
  /** The list has no indicator for this dimension. */
  noIndicators: boolean;
}

export interface RequirementResult {
  requirementId: string;
  label: Localized;
  anyOf: ScreeningDimension[];
  met: boolean;
  positiveDimensions: ScreeningDimension[];
}

export const indicativeResults = ['likely_victim', 'not_enough_indicators'] as const;
export type IndicativeResult = (typeof indicativeResults)[number];

export const supportingNotice = {
  it: 'Esito indicativo, di supporto: non sostituisce la valutazione e la decisione dell’operatrice o operatore, che vanno registrate a parte con la loro motivazione.',
  en: 'Indicative result, for support only: it does not replace the professional’s assessment and decision, which are recorded separately with their reason.',
} as const satisfies Localized;

export interface ScreeningEvaluation {
  listId: ScreeningList['id'];
  population: ScreeningPopulation;
  ruleId: string;
  ruleVersion: number;
  dimensions: Record<ScreeningDimension, DimensionResult>;
  requirements: RequirementResult[];
  result: IndicativeResult;
  /** Not a likely victim now, but unknown answers could change that. */
  couldChangeWithUnknowns: boolean;
  answered: { yes: number; no: number; unknown: number; unanswered: number };
  /** Always true: this result supports the professional's decision and never replaces it. */
  supportsDecisionOnly: true;
  notice: Localized;
}

const zero = (): StrengthCounts => ({ strong: 0, medium: 0, weak: 0 });

function checkCombinations(rule: ScreeningRule, dimension: ScreeningDimension, yes: StrengthCounts, unknown: StrengthCounts): CombinationCheck[] {
  return rule.dimensions[dimension].combinations.map((c) => {
    const counts = c.requires.map((r) => {
      const found = r.strengths.reduce((n, s) => n + yes[s], 0);
      const possible = found + r.strengths.reduce((n, s) => n + unknown[s], 0);
      return { strengths: [...r.strengths], atLeast: r.atLeast, found, met: found >= r.atLeast, possible };
    });
    return {
      combinationId: c.id,
      label: c.label,
      counts: counts.map(({ possible: _possible, ...rest }) => rest),
      met: counts.every((x) => x.met),
      metIfUnknownsWereYes: counts.every((x) => x.possible >= x.atLeast),
    };
  });
}

/**
 * Evaluates `answers` against `list` with `rule`. Only "yes" counts towards a dimension; "no" and
 * "unknown" do not, and unknown or unanswered indicators are reported as what could change the
 * result. Answers naming indicators outside the list are ignored here: validate them first with
 * `screeningAnswersSchema` or `screeningSubmissionSchema`.
 */
export function evaluateScreening({
  list,
  answers,
  rule,
}: {
  list: ScreeningList;
  answers: ScreeningAnswers;
  rule: ScreeningRule;
}): ScreeningEvaluation {
  const answered = { yes: 0, no: 0, unknown: 0, unanswered: 0 };
  const perDimension = {} as Record<ScreeningDimension, DimensionResult>;
  for (const dimension of screeningDimensions) {
    const indicators = list.indicators.filter((i) => i.dimension === dimension);
    const yes = zero();
    const unknown = zero();
    const counted: DimensionResult['counted'] = [];
    for (const indicator of indicators) {
      const answer = Object.hasOwn(answers, indicator.id) ? answers[indicator.id] : undefined;
      if (answer === 'yes') {
        yes[indicator.strength]++;
        counted.push({ indicatorId: indicator.id, strength: indicator.strength });
        answered.yes++;
      } else if (answer === 'no') {
        answered.no++;
      } else {
        unknown[indicator.strength]++;
        if (answer === 'unknown') answered.unknown++;
        else answered.unanswered++;
      }
    }
    const combinations = checkCombinations(rule, dimension, yes, unknown);
    const fired = combinations.filter((c) => c.met).map((c) => c.combinationId);
    const positive = fired.length > 0;
    perDimension[dimension] = {
      dimension,
      positive,
      counted,
      yes,
      unknown,
      fired,
      combinations,
      couldBecomePositive: !positive && combinations.some((c) => c.metIfUnknownsWereYes),
      noIndicators: indicators.length === 0,
    };
  }

  const requirements = rule.populations[list.population].requirements.map((r): RequirementResult => {
    const positiveDimensions = r.anyOf.filter((d) => perDimension[d].positive);
    return { requirementId: r.id, label: r.label, anyOf: [...r.anyOf], met: positiveDimensions.length > 0, positiveDimensions };
  });
  const likely = requirements.every((r) => r.met);
  const couldChangeWithUnknowns =
    !likely && requirements.every((r) => r.met || r.anyOf.some((d) => perDimension[d].couldBecomePositive));

  return {
    listId: list.id,
    population: list.population,
    ruleId: rule.id,
    ruleVersion: rule.version,
    dimensions: perDimension,
    requirements,
    result: likely ? 'likely_victim' : 'not_enough_indicators',
    couldChangeWithUnknowns,
    answered,
    supportsDecisionOnly: true,
    notice: supportingNotice,
  };
}

export const indicativeResultLabels = {
  likely_victim: { it: 'Probabile vittima di tratta (esito indicativo)', en: 'Likely victim of trafficking (indicative)' },
  not_enough_indicators: { it: 'Indicatori insufficienti (esito indicativo)', en: 'Not enough indicators (indicative)' },
} as const satisfies Record<IndicativeResult, Localized>;
