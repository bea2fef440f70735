import { describe, expect, it } from 'vitest';
import {
  ageBand,
  allowedReferralMoves,
  findReferralTransition,
  identifyingShareFields,
  isReferralOpen,
  isShareField,
  openReferralStatuses,
  referralAnswerDueAt,
  referralReason,
  referralReasons,
  referralStatuses,
  referralTransitions,
  referralWarnAt,
  shareFieldLabels,
  shareFields,
} from './index.ts';

describe('referral status machine', () => {
  it('sent → accepted | declined by the receiver; in_progress; completed with outcome; revoked by the sender while open; expired by Ponte', () => {
    expect(allowedReferralMoves('sent', 'receiver').sort()).toEqual(['accepted', 'declined']);
    expect(allowedReferralMoves('sent', 'sender')).toEqual(['revoked']);
    expect(allowedReferralMoves('sent', 'system')).toEqual(['expired']);
    expect(allowedReferralMoves('accepted', 'receiver')).toEqual(['in_progress']);
    expect(allowedReferralMoves('accepted', 'sender')).toEqual(['revoked']);
    expect(allowedReferralMoves('in_progress', 'receiver')).toEqual(['completed']);
    expect(allowedReferralMoves('in_progress', 'sender')).toEqual(['revoked']);
    expect(findReferralTransition('sent', 'declined')?.reasonRequired).toBe(true);
    expect(findReferralTransition('accepted', 'revoked')?.reasonRequired).toBe(true);
    expect(findReferralTransition('in_progress', 'completed')?.outcomeRequired).toBe(true);
    expect(findReferralTransition('sent', 'accepted')).toMatchObject({ reasonRequired: false, outcomeRequired: false });
  });

  it('closed statuses are final: no move leaves them; nothing skips acceptance', () => {
    for (const closed of ['declined', 'completed', 'revoked', 'expired'] as const) {
      expect(isReferralOpen(closed)).toBe(false);
      for (const side of ['sender', 'receiver', 'system'] as const) expect(allowedReferralMoves(closed, side)).toEqual([]);
    }
    expect(findReferralTransition('sent', 'in_progress')).toBeUndefined();
    expect(findReferralTransition('sent', 'completed')).toBeUndefined();
    expect(findReferralTransition('accepted', 'expired')).toBeUndefined();
    expect(openReferralStatuses.every((s) => isReferralOpen(s))).toBe(true);
  });

  it('every transition joins known statuses, once', () => {
    const keys = referralTransitions.map((t) => `${t.from}>${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of referralTransitions) {
      expect(referralStatuses).toContain(t.from);
      expect(referralStatuses).toContain(t.to);
    }
  });
});

describe('referral reasons and share sets', () => {
  it('every reason has it/en names, a positive deadline and a preset within the catalogue', () => {
    const keys = referralReasons.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of referralReasons) {
      expect(r.name.it.length).toBeGreaterThan(0);
      expect(r.name.en.length).toBeGreaterThan(0);
      expect(r.answerWithinHours).toBeGreaterThan(0);
      for (const f of r.preset) expect(isShareField(f)).toBe(true);
      expect(new Set(r.preset).size).toBe(r.preset.length);
    }
    expect(referralReason('shelter')?.answerWithinHours).toBe(24);
    expect(referralReason('nope')).toBeUndefined();
  });

  it('the catalogue: labels for every field, identifying fields inside it, unknown keys refused', () => {
    expect(Object.keys(shareFieldLabels).sort()).toEqual([...shareFields].sort());
    for (const f of identifyingShareFields) expect(isShareField(f)).toBe(true);
    expect(isShareField('person.notes')).toBe(false);
    expect(isShareField('case.notes')).toBe(false);
    // The minimal preset of most reasons identifies nobody (it may go without consent).
    const other = referralReason('other');
    expect(other?.preset.some((f) => (identifyingShareFields as readonly string[]).includes(f))).toBe(false);
  });
});

describe('deadlines and age bands', () => {
  it('answer due = sent + the reason’s hours; the warning a quarter of the window before, at least 2 hours', () => {
    const sentAt = new Date('2026-03-02T10:00:00Z');
    const due = referralAnswerDueAt({ reason: 'shelter', sentAt });
    expect(due.toISOString()).toBe('2026-03-03T10:00:00.000Z');
    expect(referralWarnAt({ sentAt, answerDueAt: due }).toISOString()).toBe('2026-03-03T04:00:00.000Z');
    const short = new Date(sentAt.getTime() + 4 * 3_600_000);
    expect(referralWarnAt({ sentAt, answerDueAt: short }).toISOString()).toBe('2026-03-02T12:00:00.000Z');
  });

  it('age band from an exact or estimated birth; possibly_minor when 18 is not certain', () => {
    expect(ageBand({ birth: undefined, on: '2026-01-01' })).toBeNull();
    expect(ageBand({ birth: { birthDate: '2000-06-01' }, on: '2026-01-01' })).toBe('25_34');
    expect(ageBand({ birth: { birthDate: '2010-06-01' }, on: '2026-01-01' })).toBe('14_17');
    expect(ageBand({ birth: { birthDate: '2015-06-01' }, on: '2026-01-01' })).toBe('under_14');
    expect(ageBand({ birth: { birthDate: '1960-06-01' }, on: '2026-01-01' })).toBe('55_plus');
    expect(ageBand({ birth: { estimatedYear: 2008 }, on: '2026-03-01' })).toBe('possibly_minor');
    expect(ageBand({ birth: { estimatedYear: 1990 }, on: '2026-03-01' })).toBe('35_44');
  });
});
