import { describe, expect, it } from 'vitest';
import { ageBandOfAge, ageBandOnDay, ageOnDay, birthMidpoint, caseAgeBands } from './age-band.ts';
import { isMinor } from './age.ts';

describe('age band at the opening of a case', () => {
  it('CTDC bands, at their limits', () => {
    expect([0, 8, 9, 17, 18, 20, 21, 23, 24, 26, 27, 29, 30, 38, 39, 47, 48, 99].map(ageBandOfAge)).toEqual([
      '0-8', '0-8', '9-17', '9-17', '18-20', '18-20', '21-23', '21-23', '24-26', '24-26', '27-29', '27-29', '30-38', '30-38', '39-47', '39-47', '48+', '48+',
    ]);
    expect(caseAgeBands).toHaveLength(9);
  });

  it('an exact birth date: the age on the day of opening (the 18th birthday counts from its first day)', () => {
    expect(ageBandOnDay({ birth: { birthDate: '2008-03-10' }, on: '2026-03-10' })).toBe('18-20');
    expect(ageBandOnDay({ birth: { birthDate: '2008-03-11' }, on: '2026-03-10' })).toBe('9-17');
    expect(ageOnDay({ birth: { birthDate: '1978-03-10' }, on: '2026-03-10' })).toBe(48);
  });

  it('an estimated year: the middle day of the year (1990: 2 July)', () => {
    expect(birthMidpoint({ estimatedYear: 1990 })).toBe('1990-07-02');
    expect(ageOnDay({ birth: { estimatedYear: 1990 }, on: '2026-03-10' })).toBe(35);
    expect(ageBandOnDay({ birth: { estimatedYear: 1990 }, on: '2026-03-10' })).toBe('30-38');
  });

  it('an estimated range straddling bands: the band of its middle day; the minor status stays "possibly a minor"', () => {
    // 2007-01-01 .. 2009-12-31: 1095 days, middle 547 days on = 2008-07-01; on 2026-03-10 aged 17.
    const birth = { estimatedFrom: '2007-01-01', estimatedTo: '2009-12-31' };
    expect(birthMidpoint(birth)).toBe('2008-07-01');
    expect(ageBandOnDay({ birth, on: '2026-03-10' })).toBe('9-17');
    expect(isMinor({ birth, on: '2026-03-10' }).status).toBe('possibly_minor');
    // A two-day range: the earlier day (rounded down).
    expect(birthMidpoint({ estimatedFrom: '2000-01-01', estimatedTo: '2000-01-02' })).toBe('2000-01-01');
    // A reversed range is read as the range between its dates.
    expect(birthMidpoint({ estimatedFrom: '2000-01-03', estimatedTo: '2000-01-01' })).toBe('2000-01-02');
  });

  it('unknown: no birth, a birth after the opening, an implausible age', () => {
    expect(ageBandOnDay({ birth: undefined, on: '2026-03-10' })).toBeNull();
    expect(ageBandOnDay({ birth: null, on: '2026-03-10' })).toBeNull();
    expect(ageBandOnDay({ birth: { birthDate: '2026-04-01' }, on: '2026-03-10' })).toBeNull();
    expect(ageBandOnDay({ birth: { birthDate: '1890-01-01' }, on: '2026-03-10' })).toBeNull();
  });
});
