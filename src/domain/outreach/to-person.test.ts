import { describe, expect, it } from 'vitest';
import { validateBirthInfo } from '../cases/age.ts';
import { ageBands } from './lists.ts';
import { birthRangeOfAges, personDraftFromContact } from './to-person.ts';

describe('personDraftFromContact', () => {
  it('takes the nickname as alias, the sex, the age band as a birth range and a one-country group as citizenship', () => {
    const d = personDraftFromContact({ contact: { nickname: ' Stella ', sexGender: 'female', ageBand: '18_24', nationalityGroup: 'nigeria' }, today: '2026-12-06' });
    expect(d).toEqual({ alias: 'Stella', sex: 'Feminine', birthRange: { estimatedFrom: '2001-12-07', estimatedTo: '2008-12-06' }, citizenship: 'NG' });
  });

  it('gives nothing where the contact says nothing precise', () => {
    const d = personDraftFromContact({ contact: { nickname: null, sexGender: 'transgender', ageBand: 'unknown', nationalityGroup: 'other_africa' }, today: '2026-12-06' });
    expect(d).toEqual({ alias: null, sex: null, birthRange: null, citizenship: null });
  });

  it('every band gives a range the birth rules accept', () => {
    for (const ageBand of ageBands) {
      const d = personDraftFromContact({ contact: { nickname: 'x', sexGender: 'female', ageBand, nationalityGroup: 'china' }, today: '2024-02-29' });
      if (d.birthRange) expect(validateBirthInfo({ birth: d.birthRange, today: '2024-02-29' }), ageBand).toEqual({ ok: true });
    }
  });

  it('a person aged exactly the youngest or the oldest of the band falls in the range', () => {
    const r = birthRangeOfAges({ youngest: 18, oldest: 24, today: '2026-06-15' });
    expect(r.estimatedTo).toBe('2008-06-15'); // turned 18 today
    expect(r.estimatedFrom).toBe('2001-06-16'); // turns 25 tomorrow
  });
});
