import { describe, expect, it } from 'vitest';
import {
  nextPermitSteps,
  permitReminder,
  permitStatuses,
  permitTypeCodes,
  permitTypes,
  usualExpiry,
  validatePermitStep,
  validateProposer,
} from './index.ts';

describe('permit types', () => {
  it('every type has Italian and English labels', () => {
    for (const code of permitTypeCodes) {
      expect(permitTypes[code].code).toBe(code);
      expect(permitTypes[code].label.it.length).toBeGreaterThan(0);
      expect(permitTypes[code].label.en.length).toBeGreaterThan(0);
    }
  });

  it('art. 18: 6 months, renewable for 1 year, convertible to work or study', () => {
    expect(usualExpiry({ type: 'art18_social', on: '2026-01-31' })).toBe('2026-07-31');
    expect(usualExpiry({ type: 'art18_social', on: '2026-08-31' })).toBe('2027-02-28');
    expect(usualExpiry({ type: 'art18_judicial', on: '2026-03-10', renewal: true })).toBe('2027-03-10');
    expect(permitTypes.art18ter.convertibleTo).toEqual(['work', 'study']);
    expect(usualExpiry({ type: 'minor_age', on: '2026-03-10' })).toBeNull();
  });

  it('art. 18 needs a proposer of its path; other types take none', () => {
    expect(validateProposer({ type: 'art18_social', proposerKind: null })).toEqual({ ok: false, error: 'proposer_required' });
    expect(validateProposer({ type: 'art18_social', proposerKind: 'social_services' })).toEqual({ ok: true });
    expect(validateProposer({ type: 'art18_social', proposerKind: 'prosecutor' })).toEqual({ ok: false, error: 'proposer_not_allowed' });
    expect(validateProposer({ type: 'art18_judicial', proposerKind: 'prosecutor' })).toEqual({ ok: true });
    expect(validateProposer({ type: 'art18ter', proposerKind: 'body' })).toEqual({ ok: false, error: 'proposer_not_allowed' });
    expect(validateProposer({ type: 'international_protection', proposerKind: null })).toEqual({ ok: true });
    expect(validateProposer({ type: 'work', proposerKind: 'body' })).toEqual({ ok: false, error: 'proposer_not_allowed' });
  });
});

describe('the step machine', () => {
  it('follows prepared → submitted → issued | refused, renewal, conversion, expiry, revocation', () => {
    expect(nextPermitSteps('prepared')).toEqual(['submitted']);
    expect(nextPermitSteps('submitted').sort()).toEqual(['issued', 'refused']);
    expect(nextPermitSteps('issued').sort()).toEqual(['converted', 'expired', 'renewal_requested', 'revoked']);
    expect(nextPermitSteps('renewal_requested')).toEqual(['renewed']);
    expect(nextPermitSteps('renewed').sort()).toEqual(['converted', 'expired', 'revoked']);
    for (const s of ['refused', 'converted', 'expired', 'revoked'] as const) expect(nextPermitSteps(s)).toEqual([]);
    expect(permitStatuses).toHaveLength(9);
  });

  it('refuses steps not in the table', () => {
    expect(validatePermitStep({ type: 'art18_social', from: 'prepared', to: 'issued', on: '2026-01-01', lastStepOn: null, expiresOn: '2026-07-01' })).toMatchObject({ ok: false, error: 'step_not_allowed' });
    expect(validatePermitStep({ type: 'art18_social', from: 'refused', to: 'submitted', on: '2026-01-01', lastStepOn: null })).toMatchObject({ ok: false, error: 'step_not_allowed' });
  });

  it('needs dates in order, an expiry on issue and renewal, a target on conversion', () => {
    const base = { type: 'art18_social' as const, lastStepOn: '2026-02-01' };
    expect(validatePermitStep({ ...base, from: 'submitted', to: 'issued', on: '2026-01-15', expiresOn: '2026-07-15' })).toMatchObject({ ok: false, error: 'date_before_previous' });
    expect(validatePermitStep({ ...base, from: 'submitted', to: 'issued', on: '2026-02-15' })).toMatchObject({ ok: false, error: 'expires_on_required' });
    expect(validatePermitStep({ ...base, from: 'submitted', to: 'issued', on: '2026-02-15', expiresOn: '2026-02-15' })).toMatchObject({ ok: false, error: 'expires_before_step' });
    expect(validatePermitStep({ ...base, from: 'submitted', to: 'issued', on: '2026-02-15', expiresOn: '2026-08-15' })).toMatchObject({ ok: true });
    expect(validatePermitStep({ ...base, from: 'issued', to: 'converted', on: '2026-03-01' })).toMatchObject({ ok: false, error: 'converted_to_required' });
    expect(validatePermitStep({ ...base, type: 'work', from: 'issued', to: 'converted', on: '2026-03-01', convertedTo: 'study' })).toMatchObject({ ok: false, error: 'conversion_not_allowed' });
    expect(validatePermitStep({ ...base, from: 'renewed', to: 'converted', on: '2026-03-01', convertedTo: 'work' })).toMatchObject({ ok: true });
  });
});

describe('the reminder rule', () => {
  it('asks for renewal inside the window, marks expiry once past, ignores what is not in force', () => {
    expect(permitReminder({ status: 'issued', expiresOn: '2026-06-30', today: '2026-04-30' })).toBe('none');
    expect(permitReminder({ status: 'issued', expiresOn: '2026-06-30', today: '2026-05-01' })).toBe('renewal');
    expect(permitReminder({ status: 'renewed', expiresOn: '2026-06-30', today: '2026-06-30' })).toBe('renewal');
    expect(permitReminder({ status: 'issued', expiresOn: '2026-06-30', today: '2026-07-01' })).toBe('expired');
    expect(permitReminder({ status: 'renewal_requested', expiresOn: '2026-06-30', today: '2026-07-01' })).toBe('none');
    expect(permitReminder({ status: 'submitted', expiresOn: null, today: '2026-07-01' })).toBe('none');
    expect(permitReminder({ status: 'issued', expiresOn: '2026-06-30', today: '2026-06-01', windowDays: 20 })).toBe('none');
  });
});
