/**
 * Screening for indicators of trafficking (ILO/EC operational indicators, Delphi survey 2009):
 * the four indicator lists, the scoring rule as data, the evaluation with its reasoning, and the
 * schemas for answers and for the professional's decision. Pure: imported by server and web.
 */
export * from './dimensions.ts';
export { indicatorTexts, type IndicatorSubject } from './indicator-texts.ts';
export * from './indicator-lists.ts';
export * from './rule.ts';
export * from './answers.ts';
export * from './evaluate.ts';
export * from './explain.ts';
export * from './case-links.ts';
