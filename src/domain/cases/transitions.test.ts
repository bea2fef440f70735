import { describe, expect, it } from 'vitest';
import {
  canTransition,
  caseTransitions,
  casePhaseLabels,
  casePhases,
  closureReasonLabels,
  closureReasons,
  findTransition,
  htcdsCaseStatus,
  nextPhases,
  type TransitionRule,
  transitionErrorCodes,
  transitionErrorMessage,
  transitionErrors,
  validateTransition,
} from './index.ts';

const approval = { approvedBy: 'coordinator-1' };
const pairs = caseTransitions.map((t) => `${t.from} -> ${t.to}`);

/** A complete, valid request for a rule of the table. */
function validRequest(rule: TransitionRule) {
  return {
    from: rule.from,
    to: rule.to,
    reason: 'Motivazione registrata',
    actorId: 'worker-1',
    ...(rule.closureReasons ? { closureReason: rule.closureReasons[0] } : {}),
    ...(rule.reopenAfter ? { previousClosureReason: rule.reopenAfter[0] } : {}),
    ...(rule.approvalRequired ? { approval } : {}),
  };
}

describe('the transition table', () => {
  it('lists exactly these moves', () => {
    expect(pairs).toEqual([
      'contact -> screening',
      'contact -> closed',
      'screening -> identification',
      'screening -> first_assistance',
      'screening -> closed',
      'identification -> first_assistance',
      'identification -> protection_territorial',
      'identification -> closed',
      'first_assistance -> protection_residential',
      'first_assistance -> protection_territorial',
      'first_assistance -> closed',
      'protection_residential -> protection_territorial',
      'protection_residential -> first_assistance',
      'protection_residential -> inclusion',
      'protection_residential -> closed',
      'protection_territorial -> protection_residential',
      'protection_territorial -> first_assistance',
      'protection_territorial -> inclusion',
      'protection_territorial -> closed',
      'inclusion -> protection_residential',
      'inclusion -> protection_territorial',
      'inclusion -> closed',
      'closed -> screening',
      'closed -> identification',
      'closed -> first_assistance',
      'closed -> protection_residential',
      'closed -> protection_territorial',
      'closed -> inclusion',
    ]);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('every closure and every reopening needs a reason and an approval; other moves need no approval', () => {
    for (const t of caseTransitions) {
      const closingOrReopening = t.to === 'closed' || t.from === 'closed';
      expect(t.approvalRequired).toBe(closingOrReopening);
      if (closingOrReopening) expect(t.reasonRequired).toBe(true);
      expect(t.kind === 'close').toBe(t.to === 'closed');
      expect(t.kind === 'reopen').toBe(t.from === 'closed');
      if (t.kind === 'back') expect(t.reasonRequired).toBe(true);
    }
  });

  it('every open phase can close, and the closure reasons fit the phase', () => {
    for (const phase of casePhases.filter((p) => p !== 'closed')) {
      const rule = findTransition({ from: phase, to: 'closed' });
      expect(rule?.closureReasons?.length).toBeGreaterThan(0);
      expect(rule?.closureReasons).toContain('lost_contact');
    }
    const reasonsFrom = (from: (typeof casePhases)[number]) => findTransition({ from, to: 'closed' })?.closureReasons;
    expect(reasonsFrom('identification')).toContain('not_a_victim');
    expect(reasonsFrom('screening')).toContain('not_a_victim');
    expect(reasonsFrom('inclusion')).not.toContain('not_a_victim');
    expect(reasonsFrom('inclusion')).toContain('autonomy');
    expect(reasonsFrom('contact')).not.toContain('autonomy');
    expect(reasonsFrom('screening')).not.toContain('voluntary_return');
  });

  it.each(caseTransitions.map((t) => [`${t.from} -> ${t.to}`, t] as const))('allows %s with a complete request', (_name, rule) => {
    const result = validateTransition(validRequest(rule));
    expect(result).toEqual(
      rule.kind === 'close' ? { ok: true, rule, closureReason: rule.closureReasons?.[0] } : { ok: true, rule },
    );
    expect(canTransition({ from: rule.from, to: rule.to })).toBe(true);
  });

  it('refuses every move not in the table', () => {
    let refused = 0;
    for (const from of casePhases) {
      for (const to of casePhases) {
        if (pairs.includes(`${from} -> ${to}`)) continue;
        refused++;
        expect(canTransition({ from, to })).toBe(false);
        const r = validateTransition({ from, to, reason: 'x', closureReason: 'interrupted', approval });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors[0]?.code).toBe(from === to ? 'same_phase' : 'transition_not_allowed');
      }
    }
    expect(refused).toBe(casePhases.length ** 2 - pairs.length);
  });

  it.each([
    ['contact', 'identification'],
    ['contact', 'first_assistance'],
    ['screening', 'inclusion'],
    ['identification', 'inclusion'],
    ['identification', 'screening'],
    ['first_assistance', 'inclusion'],
    ['inclusion', 'first_assistance'],
    ['closed', 'contact'],
  ] as const)('forbids %s -> %s', (from, to) => {
    expect(validateTransition({ from, to, reason: 'x', approval })).toEqual({ ok: false, errors: [{ code: 'transition_not_allowed', field: 'to' }] });
  });

  it('rejects unknown phases and staying in place', () => {
    expect(validateTransition({ from: 'limbo', to: 'heaven' })).toEqual({
      ok: false,
      errors: [{ code: 'invalid_phase', field: 'from' }, { code: 'invalid_phase', field: 'to' }],
    });
    expect(validateTransition({ from: 'inclusion', to: 'inclusion' })).toEqual({ ok: false, errors: [{ code: 'same_phase', field: 'to' }] });
  });
});

describe('reasons, closure reasons and approvals', () => {
  it('a forward move needs nothing more; a step back needs a reason', () => {
    expect(validateTransition({ from: 'contact', to: 'screening' }).ok).toBe(true);
    expect(validateTransition({ from: 'inclusion', to: 'protection_territorial', reason: '  ' })).toEqual({
      ok: false,
      errors: [{ code: 'reason_required', field: 'reason' }],
    });
    expect(validateTransition({ from: 'screening', to: 'first_assistance' })).toEqual({
      ok: false,
      errors: [{ code: 'reason_required', field: 'reason' }],
    });
  });

  it('closing needs a reason, an allowed closure reason and an approval', () => {
    expect(validateTransition({ from: 'identification', to: 'closed' })).toEqual({
      ok: false,
      errors: [
        { code: 'reason_required', field: 'reason' },
        { code: 'closure_reason_required', field: 'closureReason' },
        { code: 'approval_required', field: 'approval' },
      ],
    });
    const notAVictim = validateTransition({ from: 'identification', to: 'closed', reason: 'Colloquio di identificazione', closureReason: 'not_a_victim', approval });
    expect(notAVictim.ok && notAVictim.closureReason).toBe('not_a_victim');
    expect(validateTransition({ from: 'inclusion', to: 'closed', reason: 'r', closureReason: 'not_a_victim', approval })).toEqual({
      ok: false,
      errors: [{ code: 'closure_reason_not_allowed', field: 'closureReason' }],
    });
    expect(validateTransition({ from: 'inclusion', to: 'closed', reason: 'r', closureReason: 'graduated', approval })).toEqual({
      ok: false,
      errors: [{ code: 'closure_reason_invalid', field: 'closureReason' }],
    });
  });

  it('a closure reason on a move that does not close is an error', () => {
    expect(validateTransition({ from: 'contact', to: 'screening', closureReason: 'autonomy' })).toEqual({
      ok: false,
      errors: [{ code: 'closure_reason_unexpected', field: 'closureReason' }],
    });
  });

  it('the requester cannot approve their own closure', () => {
    expect(
      validateTransition({ from: 'inclusion', to: 'closed', reason: 'r', closureReason: 'autonomy', approval: { approvedBy: 'u1' }, actorId: 'u1' }),
    ).toEqual({ ok: false, errors: [{ code: 'self_approval', field: 'approval' }] });
    expect(
      validateTransition({ from: 'inclusion', to: 'closed', reason: 'r', closureReason: 'autonomy', approval: { approvedBy: ' ' } }),
    ).toEqual({ ok: false, errors: [{ code: 'approval_required', field: 'approval' }] });
  });

  it('reopening needs a reason and an approval, and depends on why the case was closed', () => {
    expect(validateTransition({ from: 'closed', to: 'screening', reason: 'Nuovi elementi', approval }).ok).toBe(true);
    expect(validateTransition({ from: 'closed', to: 'screening', reason: 'Nuovi elementi' })).toEqual({
      ok: false,
      errors: [{ code: 'approval_required', field: 'approval' }],
    });
    expect(validateTransition({ from: 'closed', to: 'first_assistance', reason: 'r', approval })).toEqual({
      ok: false,
      errors: [{ code: 'previous_closure_reason_required', field: 'previousClosureReason' }],
    });
    expect(validateTransition({ from: 'closed', to: 'first_assistance', reason: 'r', approval, previousClosureReason: 'not_a_victim' })).toEqual({
      ok: false,
      errors: [{ code: 'reopen_not_allowed', field: 'to' }],
    });
    expect(validateTransition({ from: 'closed', to: 'protection_residential', reason: 'r', approval, previousClosureReason: 'interrupted' }).ok).toBe(true);
    expect(validateTransition({ from: 'closed', to: 'inclusion', reason: 'r', approval, previousClosureReason: 'autonomy' }).ok).toBe(false);
  });

  it('nextPhases follows the table, and for a closed case the closure reason', () => {
    expect(nextPhases({ from: 'contact' })).toEqual(['screening', 'closed']);
    expect(nextPhases({ from: 'protection_residential' })).toEqual(['protection_territorial', 'first_assistance', 'inclusion', 'closed']);
    expect(nextPhases({ from: 'closed', closureReason: 'not_a_victim' })).toEqual(['screening', 'identification']);
    expect(nextPhases({ from: 'closed', closureReason: 'autonomy' })).toEqual(['screening', 'first_assistance']);
    expect(nextPhases({ from: 'closed', closureReason: 'lost_contact' })).toHaveLength(6);
    for (const reason of closureReasons) expect(nextPhases({ from: 'closed', closureReason: reason })).toContain('screening');
  });
});

describe('HTCDS case status', () => {
  it('is Active in every open phase', () => {
    for (const phase of casePhases.filter((p) => p !== 'closed')) expect(htcdsCaseStatus({ phase })).toBe('Active');
  });
  it('distinguishes closed, closed-referred and follow-up', () => {
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'interrupted' })).toBe('Closed');
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'transferred' })).toBe('ClosedReferred');
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'not_a_victim' })).toBe('Closed');
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'not_a_victim', referredOnClosure: true })).toBe('ClosedReferred');
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'autonomy', inFollowUp: true })).toBe('FollowUp');
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'lost_contact', inFollowUp: true })).toBe('Closed');
    expect(htcdsCaseStatus({ phase: 'closed' })).toBe('Closed');
    expect(htcdsCaseStatus({ phase: 'inclusion', closureReason: 'autonomy', inFollowUp: true })).toBe('Active');
  });
});

describe('labels', () => {
  it('phases, closure reasons and errors have Italian and English labels', () => {
    for (const p of casePhases) expect(casePhaseLabels[p].it && casePhaseLabels[p].en).toBeTruthy();
    for (const r of closureReasons) expect(closureReasonLabels[r].it && closureReasonLabels[r].en).toBeTruthy();
    for (const c of transitionErrorCodes) {
      expect(transitionErrors[c].it).not.toBe(transitionErrors[c].en);
      expect(['validation', 'conflict']).toContain(transitionErrors[c].kind);
    }
    expect(transitionErrorMessage({ code: 'approval_required', locale: 'it' })).toMatch(/coordinatore/);
  });
});
