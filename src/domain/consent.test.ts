import { describe, expect, it } from 'vitest';
import { consentFor, needsGuardian, type ConsentRecordLike } from './consent.ts';

const rec = (sequence: number, purpose: ConsentRecordLike['purpose'], status: ConsentRecordLike['status'], organisationId: string | null = null) => ({ sequence, purpose, status, organisationId });

describe('consentFor', () => {
  it('is none when nothing was recorded for the purpose', () => {
    expect(consentFor({ consents: [rec(1, 'statistics', 'given')], purpose: 'services' })).toEqual({ status: 'none', allowed: false, record: null });
  });

  it('takes the latest record by recording order, not by list order', () => {
    const consents = [rec(3, 'services', 'withdrawn'), rec(1, 'services', 'given'), rec(2, 'services', 'given')];
    expect(consentFor({ consents, purpose: 'services' })).toMatchObject({ status: 'withdrawn', allowed: false, record: { sequence: 3 } });
    expect(consentFor({ consents: consents.slice(1), purpose: 'services' })).toMatchObject({ status: 'given', allowed: true, record: { sequence: 2 } });
  });

  it('for sharing counts only the records naming the organisation, and requires one', () => {
    const consents = [rec(1, 'sharing', 'given', 'org-a'), rec(2, 'sharing', 'refused', 'org-b')];
    expect(consentFor({ consents, purpose: 'sharing', organisationId: 'org-a' }).allowed).toBe(true);
    expect(consentFor({ consents, purpose: 'sharing', organisationId: 'org-b' }).status).toBe('refused');
    expect(consentFor({ consents, purpose: 'sharing', organisationId: 'org-c' }).status).toBe('none');
    expect(() => consentFor({ consents, purpose: 'sharing' })).toThrow(/organisation/);
  });

  it('a refusal after consent given stops it', () => {
    expect(consentFor({ consents: [rec(1, 'statistics', 'given'), rec(2, 'statistics', 'refused')], purpose: 'statistics' }).allowed).toBe(false);
  });
});

describe('needsGuardian', () => {
  it('for minors and possible minors only', () => {
    expect(needsGuardian('minor')).toBe(true);
    expect(needsGuardian('possibly_minor')).toBe(true);
    expect(needsGuardian('adult')).toBe(false);
    expect(needsGuardian(null)).toBe(false);
  });
});
