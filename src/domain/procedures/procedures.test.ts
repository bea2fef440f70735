import { describe, expect, it } from 'vitest';
import {
  actingOrgOf,
  appliesToReferral,
  builtinProcedures,
  canMove,
  mayAct,
  parseProcedure,
  percentile,
  procedureDefinitionSchema,
  slaBoard,
  slaFigures,
  validateProcedure,
  type ProcedureDefinition,
} from './index.ts';

const base = (): ProcedureDefinition => ({
  key: 'test_proc',
  name: { it: 'Prova', en: 'Test' },
  appliesTo: { subject: 'referral', reasons: ['health'] },
  steps: [
    { key: 'start', name: { it: 'Inizio', en: 'Start' }, actors: { side: 'receiver' }, next: ['middle', 'stop'], deadline: { amount: 3, unit: 'working_days' }, warnBefore: { amount: 1, unit: 'working_days' } },
    { key: 'middle', name: { it: 'Mezzo', en: 'Middle' }, actors: { orgTypes: ['ngo'] }, next: ['stop'] },
    { key: 'stop', name: { it: 'Fine', en: 'End' }, actors: {}, next: [] },
  ],
});

const codes = (d: ProcedureDefinition): string[] => validateProcedure(d).map((i) => `${i.path}:${i.code}`);

describe('procedure definitions', () => {
  it('every built-in procedure is valid', () => {
    for (const p of builtinProcedures) {
      expect(procedureDefinitionSchema.safeParse(p).success, p.key).toBe(true);
      expect(validateProcedure(p), p.key).toEqual([]);
    }
    expect(new Set(builtinProcedures.map((p) => p.key)).size).toBe(builtinProcedures.length);
  });

  it('a sound definition has no issues', () => {
    expect(parseProcedure(base())).toEqual({ ok: true, definition: base() });
  });

  it('reports an unknown next step where it is', () => {
    const d = base();
    d.steps[1]!.next = ['stop', 'nowhere'];
    expect(codes(d)).toEqual(['steps.1.next.1:unknown_next_step']);
  });

  it('reports an unreachable step', () => {
    const d = base();
    d.steps[0]!.next = ['stop'];
    expect(codes(d)).toEqual(['steps.1.key:unreachable_step']);
  });

  it('reports a procedure with no end step, and steps that never end', () => {
    const d = base();
    d.steps = [
      { ...d.steps[0]!, next: ['middle'] },
      { ...d.steps[1]!, next: ['start'] },
    ];
    expect(codes(d)).toEqual(['steps:no_terminal_step']);
    const loop = base();
    loop.steps.push({ key: 'loop_a', name: { it: 'A', en: 'A' }, actors: { side: 'sender' }, next: ['loop_b'] }, { key: 'loop_b', name: { it: 'B', en: 'B' }, actors: { side: 'sender' }, next: ['loop_a'] });
    loop.steps[0]!.next.push('loop_a');
    expect(codes(loop)).toEqual(['steps.3.next:no_way_to_end', 'steps.4.next:no_way_to_end']);
  });

  it('reports duplicates, self-loops, missing actors and deadline rules', () => {
    const d = base();
    d.steps[1] = { ...d.steps[1]!, actors: {}, next: ['stop', 'stop', 'middle'], warnBefore: { amount: 1, unit: 'hours' } };
    d.steps[2] = { ...d.steps[2]!, deadline: { amount: 1, unit: 'hours' } };
    d.steps[0] = { ...d.steps[0]!, warnBefore: { amount: 5, unit: 'working_days' } };
    d.steps.push({ key: 'stop', name: { it: 'X', en: 'X' }, actors: {}, next: [] });
    expect(codes(d).sort()).toEqual(
      [
        'steps.0.warnBefore:warn_too_long',
        'steps.1.actors:no_actor',
        'steps.1.next.1:duplicate_next',
        'steps.1.next.2:self_next',
        'steps.1.warnBefore:warn_without_deadline',
        'steps.2.deadline:deadline_on_end_step',
        'steps.3.key:duplicate_step',
      ].sort(),
    );
  });

  it('sides apply to referrals and hotline calls, not to cases', () => {
    const d = { ...base(), appliesTo: { subject: 'case' as const } };
    expect(codes(d)).toEqual(['steps.0.actors.side:side_not_applicable']);
  });

  it('shape errors carry paths too', () => {
    const r = parseProcedure({ ...base(), key: 'Bad Key', steps: [{ ...base().steps[0], deadline: { amount: 0, unit: 'weeks' } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['key', 'steps.0.deadline.amount', 'steps.0.deadline.unit']);
  });

  it('moves, actors and matching referrals', () => {
    const d = base();
    expect(canMove(d, 'start', 'middle')).toBe(true);
    expect(canMove(d, 'middle', 'start')).toBe(false);
    const orgs = [{ id: 'a', type: 'asylum_commission' }, { id: 'b', type: 'ngo' }];
    expect(actingOrgOf({ step: d.steps[0]!, orgs })).toBe('b');
    expect(actingOrgOf({ step: d.steps[1]!, orgs })).toBe('b');
    expect(mayAct({ step: d.steps[0]!, orgs, actor: orgs[0]! })).toBe(false);
    expect(mayAct({ step: d.steps[0]!, orgs, actor: orgs[1]! })).toBe(true);
    expect(mayAct({ step: d.steps[1]!, orgs, actor: { id: 'c', type: 'ngo' } })).toBe(false);
    const commission = builtinProcedures.find((p) => p.key === 'commission_protocol')!;
    const general = builtinProcedures.find((p) => p.key === 'referral_answer')!;
    expect(appliesToReferral(commission, { reason: 'identification', senderOrgType: 'asylum_commission' })).toBe(2);
    expect(appliesToReferral(commission, { reason: 'identification', senderOrgType: 'ngo' })).toBe(0);
    expect(appliesToReferral(general, { reason: 'identification', senderOrgType: 'asylum_commission' })).toBe(1);
  });
});

describe('SLA figures', () => {
  const h = (n: number): Date => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000);
  const row = (o: Partial<Parameters<typeof slaFigures>[0]['rows'][number]>) => ({
    procedureKey: 'p', stepKey: 's', orgId: 'o1', enteredAt: h(0), dueAt: null, warnAt: null, completedAt: null, runOpen: true, ...o,
  });

  it('percentile_cont', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });

  it('counts open, due soon, overdue; times completed steps in the period', () => {
    const now = h(100);
    const rows = [
      row({ dueAt: h(90) }), // overdue
      row({ dueAt: h(110), warnAt: h(95) }), // due soon
      row({ dueAt: h(200), warnAt: h(150) }), // on time
      row({ runOpen: false }), // cancelled run: nowhere
      row({ enteredAt: h(10), completedAt: h(20), dueAt: h(30) }), // 10 h
      row({ enteredAt: h(10), completedAt: h(40), dueAt: h(30) }), // 30 h, late
      row({ enteredAt: h(50), completedAt: h(54) }), // 4 h
      row({ enteredAt: h(0), completedAt: h(5) }), // before the period
    ];
    expect(slaFigures({ rows, now, from: h(6), to: h(100) })).toEqual({ open: 3, dueSoon: 1, overdue: 1, completed: 3, completedLate: 1, medianHours: 10, p90Hours: 26 });
  });

  it('groups by step and by organisation', () => {
    const rows = [row({ stepKey: 'b', orgId: 'o2' }), row({ stepKey: 'a' }), row({ stepKey: 'a', completedAt: h(2) })];
    const board = slaBoard({ rows, now: h(3), from: h(0), to: h(10), stepOrder: (_p, s) => (s === 'b' ? 0 : 1) });
    expect(board.steps.map((s) => [s.stepKey, s.open, s.completed])).toEqual([['b', 1, 0], ['a', 1, 1]]);
    expect(board.organisations.map((o) => [o.orgId, o.open, o.completed, o.medianHours])).toEqual([['o2', 1, 0, null], ['o1', 1, 1, 2]]);
    expect(board.total.open).toBe(2);
  });
});
