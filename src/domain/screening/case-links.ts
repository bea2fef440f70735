/**
 * Where screening meets the case path: which list population applies to a person of uncertain
 * age, and which case move a screening decision suggests. Suggestions only: the move itself goes
 * through `validateTransition` (reason, approval) like any other.
 */
import type { CasePhase, ClosureReason, MinorAssessment } from '../cases/index.ts';
import type { ScreeningDecisionValue } from './answers.ts';
import type { ScreeningPopulation } from './dimensions.ts';

/** Child lists for minors and for possible minors (minority is presumed while age is in doubt). */
export function screeningPopulationFor({ minor }: { minor: Pick<MinorAssessment, 'treatAsMinor'> }): ScreeningPopulation {
  return minor.treatAsMinor ? 'child' : 'adult';
}

/** The case move a decision suggests from the screening phase; none while assessment goes on. */
export const decisionSuggestedMove = {
  possible_victim: { to: 'identification' },
  not_a_victim: { to: 'closed', closureReason: 'not_a_victim' },
  further_assessment: undefined,
} as const satisfies Record<ScreeningDecisionValue, { to: CasePhase; closureReason?: ClosureReason } | undefined>;
