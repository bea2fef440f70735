import { describe, expect, it } from 'vitest';
import { isMinor } from '../cases/index.ts';
import {
  decisionSuggestedMove,
  decisionTraffickingStatus,
  defaultScreeningRule,
  dimensionPrefixes,
  evaluateScreening,
  explainScreening,
  findIndicator,
  indicatorsByDimension,
  parseScreeningRule,
  type ScreeningAnswers,
  type ScreeningList,
  type ScreeningRule,
  screeningAnswersSchema,
  screeningDecisionSchema,
  screeningDimensions,
  screeningListFor,
  screeningLists,
  screeningPopulationFor,
  screeningRuleSchema,
  screeningSubmissionSchema,
} from './index.ts';

const rule = defaultScreeningRule;
const allLists = Object.values(screeningLists);

/** A list with one dimension only, to test each combination at its boundary. */
const probe: ScreeningList = {
  id: 'adult_labour',
  population: 'adult',
  exploitation: 'labour',
  label: { it: 'prova', en: 'probe' },
  indicators: [
    ...(['s1', 's2', 's3'] as const).map((id) => ({ id, strength: 'strong' as const })),
    ...(['m1', 'm2', 'm3'] as const).map((id) => ({ id, strength: 'medium' as const })),
    ...(['w1', 'w2', 'w3'] as const).map((id) => ({ id, strength: 'weak' as const })),
  ].map(({ id, strength }) => ({
    id,
    strength,
    subject: 'economic' as const,
    dimension: 'deceptive_recruitment' as const,
    text: { it: id, en: id },
  })),
};

const yes = (...ids: string[]): ScreeningAnswers => Object.fromEntries(ids.map((id) => [id, 'yes' as const]));
const dim = (answers: ScreeningAnswers, r: ScreeningRule = rule) =>
  evaluateScreening({ list: probe, answers, rule: r }).dimensions.deceptive_recruitment;

describe('indicator lists', () => {
  it('has the four lists, with the expected population and exploitation', () => {
    expect(Object.keys(screeningLists).sort()).toEqual(['adult_labour', 'adult_sexual', 'child_labour', 'child_sexual']);
    expect(screeningListFor({ population: 'child', exploitation: 'sexual' }).id).toBe('child_sexual');
    expect(screeningListFor({ population: 'adult', exploitation: 'labour' }).population).toBe('adult');
  });

  it.each(allLists)('$id: unique ids, prefix matching the dimension, texts in both languages, every dimension present', (list) => {
    const ids = list.indicators.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(50);
    for (const i of list.indicators) {
      expect(i.id).toBe(`${dimensionPrefixes[i.dimension]}.${i.subject}`);
      expect(i.text.it.trim()).not.toBe('');
      expect(i.text.en.trim()).not.toBe('');
    }
    for (const d of screeningDimensions) expect(list.indicators.some((i) => i.dimension === d)).toBe(true);
  });

  it('child lists have no weak indicators; adult lists have some', () => {
    for (const list of allLists) {
      const weak = list.indicators.filter((i) => i.strength === 'weak').length;
      if (list.population === 'child') expect(weak).toBe(0);
      else expect(weak).toBeGreaterThan(0);
    }
  });

  it('groups indicators by dimension, in order', () => {
    const groups = indicatorsByDimension({ list: screeningLists.child_labour });
    expect(groups.map((g) => g.dimension)).toEqual([...screeningDimensions]);
    expect(groups.reduce((n, g) => n + g.indicators.length, 0)).toBe(screeningLists.child_labour.indicators.length);
  });

  it('finds an indicator by id', () => {
    expect(findIndicator({ list: screeningLists.adult_labour, indicatorId: 'cd.documents' })?.strength).toBe('strong');
    expect(findIndicator({ list: screeningLists.adult_labour, indicatorId: 'nope' })).toBeUndefined();
  });
});

describe('dimension combinations at their boundaries (default rule)', () => {
  it('2 strong: positive; 1 strong alone: not', () => {
    expect(dim(yes('s1', 's2')).fired).toEqual(['two_strong']);
    expect(dim(yes('s1')).positive).toBe(false);
  });

  it('1 strong + 1 medium, or 1 strong + 1 weak: positive', () => {
    expect(dim(yes('s1', 'm1')).fired).toEqual(['strong_and_medium_or_weak']);
    expect(dim(yes('s1', 'w1')).fired).toEqual(['strong_and_medium_or_weak']);
  });

  it('3 medium: positive; 2 medium: not', () => {
    expect(dim(yes('m1', 'm2', 'm3')).fired).toEqual(['three_medium']);
    const two = dim(yes('m1', 'm2'));
    expect(two.positive).toBe(false);
    expect(two.combinations.find((c) => c.combinationId === 'three_medium')?.counts[0]).toEqual({
      strengths: ['medium'],
      atLeast: 3,
      found: 2,
      met: false,
    });
  });

  it('2 medium + 1 weak: positive; 1 medium + 2 weak, or 3 weak: not', () => {
    expect(dim(yes('m1', 'm2', 'w1')).fired).toEqual(['two_medium_and_weak']);
    expect(dim(yes('m1', 'w1', 'w2')).positive).toBe(false);
    expect(dim(yes('w1', 'w2', 'w3')).positive).toBe(false);
  });

  it('reports every combination that fired and the indicators counted', () => {
    const d = dim(yes('s1', 's2', 'm1'));
    expect(d.fired).toEqual(['two_strong', 'strong_and_medium_or_weak']);
    expect(d.counted).toEqual([
      { indicatorId: 's1', strength: 'strong' },
      { indicatorId: 's2', strength: 'strong' },
      { indicatorId: 'm1', strength: 'medium' },
    ]);
    expect(d.yes).toEqual({ strong: 2, medium: 1, weak: 0 });
  });

  it('only "yes" counts; unknown and unanswered indicators may still change the result', () => {
    const d = dim({ s1: 'yes', s2: 'no', m1: 'unknown' });
    expect(d.positive).toBe(false);
    expect(d.unknown).toEqual({ strong: 1, medium: 3, weak: 3 });
    expect(d.couldBecomePositive).toBe(true);
    const closed = dim({ s1: 'no', s2: 'no', s3: 'no', m1: 'yes', m2: 'no', m3: 'no', w1: 'no', w2: 'no', w3: 'no' });
    expect(closed.couldBecomePositive).toBe(false);
  });
});

describe('overall indicative result: adults and children', () => {
  const recruitmentAndExploitation: ScreeningAnswers = yes(
    'dr.nature_of_job', 'dr.working_conditions', 'ex.excessive_hours', 'ex.bad_living_conditions',
  );

  it('an adult needs coercion or abuse of vulnerability at destination as well', () => {
    const adult = evaluateScreening({ list: screeningLists.adult_sexual, answers: recruitmentAndExploitation, rule });
    expect(adult.dimensions.deceptive_recruitment.positive).toBe(true);
    expect(adult.dimensions.exploitative_conditions.positive).toBe(true);
    expect(adult.result).toBe('not_enough_indicators');
    expect(adult.requirements.map((r) => [r.requirementId, r.met])).toEqual([
      ['recruitment', true],
      ['exploitation', true],
      ['means_at_destination', false],
    ]);
    expect(adult.couldChangeWithUnknowns).toBe(true);

    const withMeans = evaluateScreening({
      list: screeningLists.adult_sexual,
      answers: { ...recruitmentAndExploitation, ...yes('cd.documents', 'cd.violence') },
      rule,
    });
    expect(withMeans.result).toBe('likely_victim');
    expect(withMeans.requirements[2]?.positiveDimensions).toEqual(['coercion_at_destination']);
  });

  it('a child needs recruitment and exploitation only', () => {
    const child = evaluateScreening({ list: screeningLists.child_sexual, answers: recruitmentAndExploitation, rule });
    expect(child.population).toBe('child');
    expect(child.result).toBe('likely_victim');
    expect(child.requirements.map((r) => r.requirementId)).toEqual(['recruitment', 'exploitation']);
  });

  it('without exploitation neither is a likely victim', () => {
    const answers = yes('dr.nature_of_job', 'dr.working_conditions', 'cd.documents', 'cd.violence');
    for (const list of allLists) expect(evaluateScreening({ list, answers, rule }).result).toBe('not_enough_indicators');
  });

  it('any recruitment dimension will do', () => {
    const answers = yes('vr.irregular_status_abused', 'vr.lack_of_information_abused', 'vr.false_info_law', 'ex.excessive_hours', 'ex.hazardous_work');
    const child = evaluateScreening({ list: screeningLists.child_labour, answers, rule });
    expect(child.requirements[0]?.positiveDimensions).toEqual(['recruitment_abuse_of_vulnerability']);
    expect(child.result).toBe('likely_victim');
  });

  it('is flagged as supporting the decision, names the rule, counts the answers', () => {
    const e = evaluateScreening({ list: screeningLists.adult_labour, answers: { 'dr.nature_of_job': 'yes', 'dr.wages': 'no', 'ex.wage_manipulation': 'unknown' }, rule });
    expect(e.supportsDecisionOnly).toBe(true);
    expect(e.notice.it).toMatch(/non sostituisce/);
    expect([e.ruleId, e.ruleVersion]).toEqual(['ilo-ec-2009-delphi', 1]);
    expect(e.answered).toEqual({ yes: 1, no: 1, unknown: 1, unanswered: screeningLists.adult_labour.indicators.length - 3 });
  });

  it('ignores answers for ids outside the list (validation is the schema’s job)', () => {
    const e = evaluateScreening({ list: probe, answers: { ...yes('s1', 's2'), constructor: 'yes' as const, other: 'yes' as const }, rule });
    expect(e.answered.yes).toBe(2);
  });
});

describe('the rule is data', () => {
  const clone = (): ScreeningRule => structuredClone(defaultScreeningRule);

  it('the default rule is valid', () => {
    expect(screeningRuleSchema.parse(defaultScreeningRule)).toEqual(defaultScreeningRule);
  });

  it('an edited combination changes a dimension', () => {
    const stricter = clone();
    stricter.version = 2;
    for (const d of screeningDimensions) {
      stricter.dimensions[d].combinations = stricter.dimensions[d].combinations.map((c) =>
        c.id === 'three_medium' ? { ...c, requires: [{ strengths: ['medium'], atLeast: 4 }] } : c,
      );
    }
    const parsed = parseScreeningRule({ rule: stricter });
    expect(dim(yes('m1', 'm2', 'm3')).positive).toBe(true);
    expect(dim(yes('m1', 'm2', 'm3'), parsed).positive).toBe(false);
  });

  it('an edited population requirement changes the overall result', () => {
    const answers = yes('dr.nature_of_job', 'dr.working_conditions', 'ex.excessive_hours', 'ex.bad_living_conditions');
    const relaxed = clone();
    relaxed.populations.adult.requirements = relaxed.populations.adult.requirements.filter((r) => r.id !== 'means_at_destination');
    expect(evaluateScreening({ list: screeningLists.adult_labour, answers, rule }).result).toBe('not_enough_indicators');
    expect(evaluateScreening({ list: screeningLists.adult_labour, answers, rule: parseScreeningRule({ rule: relaxed }) }).result).toBe('likely_victim');
  });

  it('rejects invalid rules', () => {
    const overlapping = clone();
    overlapping.dimensions.coercive_recruitment.combinations = [
      { id: 'x', label: { it: 'x', en: 'x' }, requires: [{ strengths: ['strong'], atLeast: 1 }, { strengths: ['strong', 'medium'], atLeast: 1 }] },
    ];
    expect(screeningRuleSchema.safeParse(overlapping).success).toBe(false);
    const missing: Record<string, unknown> = { ...clone(), dimensions: { ...clone().dimensions } };
    delete (missing.dimensions as Record<string, unknown>).coercion_at_destination;
    expect(screeningRuleSchema.safeParse(missing).success).toBe(false);
    const zero = clone();
    zero.dimensions.deceptive_recruitment.combinations = [{ id: 'z', label: { it: 'z', en: 'z' }, requires: [{ strengths: ['weak'], atLeast: 0 }] }];
    expect(screeningRuleSchema.safeParse(zero).success).toBe(false);
    expect(() => parseScreeningRule({ rule: { ...clone(), populations: { adult: { requirements: [] } } } })).toThrow();
  });
});

describe('schemas', () => {
  it('answers must name indicators of the list, with yes/no/unknown', () => {
    const schema = screeningAnswersSchema({ list: screeningLists.child_labour });
    expect(schema.safeParse({ 'cd.documents': 'yes', 'ex.no_education': 'unknown' }).success).toBe(true);
    const bad = schema.safeParse({ 'cd.documents': 'yes', 'xx.nope': 'no' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['xx.nope']);
    expect(schema.safeParse({ 'cd.documents': 'maybe' }).success).toBe(false);
    // marriage_or_adoption is in the sexual lists only
    expect(schema.safeParse({ 'dr.marriage_or_adoption': 'yes' }).success).toBe(false);
  });

  it('a submission is checked against the list it names', () => {
    expect(screeningSubmissionSchema.safeParse({ listId: 'adult_sexual', answers: { 'dr.marriage_or_adoption': 'yes' } }).success).toBe(true);
    const r = screeningSubmissionSchema.safeParse({ listId: 'adult_labour', answers: { 'dr.marriage_or_adoption': 'yes' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['answers', 'dr.marriage_or_adoption']);
    expect(screeningSubmissionSchema.safeParse({ listId: 'teen_labour', answers: {} }).success).toBe(false);
  });

  it('the professional’s decision needs a reason', () => {
    expect(screeningDecisionSchema.parse({ decision: 'possible_victim', reason: '  Racconto coerente, documenti trattenuti. ' })).toEqual({
      decision: 'possible_victim',
      reason: 'Racconto coerente, documenti trattenuti.',
    });
    expect(screeningDecisionSchema.safeParse({ decision: 'not_a_victim', reason: '   ' }).success).toBe(false);
    expect(screeningDecisionSchema.safeParse({ decision: 'not_a_victim' }).success).toBe(false);
    expect(screeningDecisionSchema.safeParse({ decision: 'likely_victim', reason: 'x' }).success).toBe(false);
    expect(decisionTraffickingStatus.not_a_victim).toBe('NotAVictimOfTrafficking');
  });
});

describe('explainScreening', () => {
  it('words the reasoning in Italian and English', () => {
    const list = screeningLists.adult_labour;
    const evaluation = evaluateScreening({
      list,
      answers: yes('dr.nature_of_job', 'dr.wages', 'ex.excessive_hours', 'ex.low_or_no_pay', 'cd.documents', 'cd.isolation'),
      rule,
    });
    expect(evaluation.result).toBe('likely_victim');
    const en = explainScreening({ evaluation, list, locale: 'en' });
    expect(en[0]).toMatch(/^Deceptive recruitment: positive by the combination 1 strong and 1 medium or weak indicator/);
    expect(en.at(-1)).toMatch(/^Likely victim of trafficking \(indicative\)\. Indicative result, for support only/);
    const itLines = explainScreening({ evaluation, list, locale: 'it' });
    expect(itLines.some((l) => l.startsWith('Reclutamento coercitivo: non positivo'))).toBe(true);
    expect(itLines.join('\n')).toMatch(/Requisito "Condizioni di sfruttamento": soddisfatto/);
  });
});

describe('links to the case path', () => {
  it('uses the child lists for minors and possible minors', () => {
    expect(screeningPopulationFor({ minor: isMinor({ birth: { estimatedYear: 2008 }, on: '2026-06-01' }) })).toBe('child');
    expect(screeningPopulationFor({ minor: isMinor({ birth: { birthDate: '2008-06-01' }, on: '2026-06-01' }) })).toBe('adult');
    expect(decisionSuggestedMove.not_a_victim).toEqual({ to: 'closed', closureReason: 'not_a_victim' });
  });
});
