import { describe, expect, it } from 'vitest';
import {
  addYears,
  ageOn,
  birthDateErrorCodes,
  birthDateErrors,
  birthInfoSchema,
  birthRangeFromAge,
  eighteenthBirthday,
  isIsoDate,
  isMinor,
  validateBirthInfo,
} from './index.ts';

describe('calendar dates', () => {
  it('accepts real YYYY-MM-DD dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-4-1')).toBe(false);
    expect(isIsoDate('2024-04-01T00:00:00Z')).toBe(false);
  });

  it('adds years, with 29 February on 28 February (default) or 1 March in common years', () => {
    expect(addYears({ date: '2008-02-29', years: 18 })).toBe('2026-02-28');
    expect(addYears({ date: '2008-02-29', years: 18, leapDay: 'march_1' })).toBe('2026-03-01');
    expect(addYears({ date: '2008-02-29', years: 16 })).toBe('2024-02-29');
    expect(addYears({ date: '2010-12-31', years: -3 })).toBe('2007-12-31');
    expect(() => addYears({ date: '2010-13-01', years: 1 })).toThrow();
  });
});

describe('age and the 18th birthday', () => {
  it('the 18th birthday', () => {
    expect(eighteenthBirthday({ birthDate: '2008-11-23' })).toBe('2026-11-23');
    expect(eighteenthBirthday({ birthDate: '2008-02-29' })).toBe('2026-02-28');
    expect(eighteenthBirthday({ birthDate: '2008-02-29', leapDay: 'march_1' })).toBe('2026-03-01');
  });

  it('age counts a birthday from its first day', () => {
    expect(ageOn({ birthDate: '2008-11-23', on: '2026-11-23' })).toBe(18);
    expect(ageOn({ birthDate: '2008-11-23', on: '2026-11-22' })).toBe(17);
    expect(ageOn({ birthDate: '2000-02-29', on: '2004-02-29' })).toBe(4);
    expect(ageOn({ birthDate: '2000-02-29', on: '2004-02-28' })).toBe(3);
    expect(ageOn({ birthDate: '2000-02-29', on: '2001-02-28' })).toBe(1);
    expect(ageOn({ birthDate: '2000-02-29', on: '2001-02-28', leapDay: 'march_1' })).toBe(0);
    expect(ageOn({ birthDate: '2000-01-01', on: '2000-01-01' })).toBe(0);
  });
});

describe('isMinor with an exact birth date', () => {
  it('18th birthday today: adult; the day before: minor', () => {
    expect(isMinor({ birth: { birthDate: '2008-11-23' }, on: '2026-11-23' })).toEqual({
      status: 'adult',
      isMinor: false,
      treatAsMinor: false,
      estimated: false,
      adultFrom: '2026-11-23',
      adultBy: '2026-11-23',
    });
    const dayBefore = isMinor({ birth: { birthDate: '2008-11-23' }, on: '2026-11-22' });
    expect([dayBefore.status, dayBefore.isMinor, dayBefore.treatAsMinor]).toEqual(['minor', true, true]);
  });

  it('born on 29 February', () => {
    expect(isMinor({ birth: { birthDate: '2008-02-29' }, on: '2026-02-27' }).status).toBe('minor');
    expect(isMinor({ birth: { birthDate: '2008-02-29' }, on: '2026-02-28' }).status).toBe('adult');
    expect(isMinor({ birth: { birthDate: '2008-02-29' }, on: '2026-02-28', leapDay: 'march_1' }).status).toBe('minor');
    expect(isMinor({ birth: { birthDate: '2008-02-29' }, on: '2026-03-01', leapDay: 'march_1' }).status).toBe('adult');
  });
});

describe('isMinor with an estimated birth', () => {
  it('an estimated year: minor before 1 January of the 18th year, adult from 31 December, possibly minor between', () => {
    const at = (on: string) => isMinor({ birth: { estimatedYear: 2008 }, on });
    expect(at('2025-12-31').status).toBe('minor');
    expect(at('2026-01-01').status).toBe('possibly_minor');
    expect(at('2026-06-15')).toEqual({
      status: 'possibly_minor',
      isMinor: false,
      treatAsMinor: true,
      estimated: true,
      adultFrom: '2026-01-01',
      adultBy: '2026-12-31',
    });
    expect(at('2026-12-30').status).toBe('possibly_minor');
    expect(at('2026-12-31').status).toBe('adult');
  });

  it('an estimated range', () => {
    const birth = { estimatedFrom: '2008-03-01', estimatedTo: '2008-09-30' };
    expect(isMinor({ birth, on: '2026-02-28' }).status).toBe('minor');
    expect(isMinor({ birth, on: '2026-03-01' }).status).toBe('possibly_minor');
    expect(isMinor({ birth, on: '2026-09-29' }).status).toBe('possibly_minor');
    expect(isMinor({ birth, on: '2026-09-30' }).status).toBe('adult');
    const oneDay = isMinor({ birth: { estimatedFrom: '2008-05-05', estimatedTo: '2008-05-05' }, on: '2026-05-05' });
    expect([oneDay.status, oneDay.estimated]).toEqual(['adult', true]);
    const leap = { estimatedFrom: '2008-02-29', estimatedTo: '2008-03-01' };
    expect(isMinor({ birth: leap, on: '2026-02-28' }).status).toBe('possibly_minor');
    expect(isMinor({ birth: leap, on: '2026-03-01' }).status).toBe('adult');
  });

  it('a stated age gives a birth range', () => {
    const range = birthRangeFromAge({ age: 17, on: '2026-11-23' });
    expect(range).toEqual({ estimatedFrom: '2008-11-24', estimatedTo: '2009-11-23' });
    expect(isMinor({ birth: range, on: '2026-11-23' }).status).toBe('minor');
    expect(isMinor({ birth: range, on: '2026-11-24' }).status).toBe('possibly_minor');
    expect(isMinor({ birth: range, on: '2027-11-23' }).status).toBe('adult');
    expect(birthRangeFromAge({ age: 0, on: '2024-02-29' })).toEqual({ estimatedFrom: '2023-03-01', estimatedTo: '2024-02-29' });
  });
});

describe('birth date validation', () => {
  const today = '2026-11-23';
  const codes = (r: ReturnType<typeof validateBirthInfo>) => (r.ok ? [] : r.errors.map((e) => e.code));

  it('exact dates: not after today, not implausibly old, real dates', () => {
    expect(validateBirthInfo({ birth: { birthDate: today }, today }).ok).toBe(true);
    expect(codes(validateBirthInfo({ birth: { birthDate: '2026-11-24' }, today }))).toEqual(['birth_date_in_future']);
    expect(validateBirthInfo({ birth: { birthDate: '1906-11-23' }, today }).ok).toBe(true);
    expect(codes(validateBirthInfo({ birth: { birthDate: '1906-11-22' }, today }))).toEqual(['birth_date_implausible']);
    expect(codes(validateBirthInfo({ birth: { birthDate: '2023-02-29' }, today }))).toEqual(['invalid_date']);
    expect(codes(validateBirthInfo({ birth: { birthDate: '1950-01-01' }, today, maxAgeYears: 70 }))).toEqual(['birth_date_implausible']);
  });

  it('estimated years', () => {
    expect(validateBirthInfo({ birth: { estimatedYear: 2026 }, today }).ok).toBe(true);
    expect(codes(validateBirthInfo({ birth: { estimatedYear: 2027 }, today }))).toEqual(['estimated_year_in_future']);
    expect(codes(validateBirthInfo({ birth: { estimatedYear: 1905 }, today }))).toEqual(['estimated_year_implausible']);
  });

  it('estimated ranges: not reversed, not in the future, not too wide', () => {
    expect(validateBirthInfo({ birth: { estimatedFrom: '2000-01-01', estimatedTo: '2002-12-31' }, today }).ok).toBe(true);
    expect(codes(validateBirthInfo({ birth: { estimatedFrom: '2003-01-01', estimatedTo: '2002-12-31' }, today }))).toEqual(['estimated_range_reversed']);
    expect(codes(validateBirthInfo({ birth: { estimatedFrom: '2025-01-01', estimatedTo: '2026-12-31' }, today }))).toEqual(['estimated_range_in_future']);
    expect(validateBirthInfo({ birth: { estimatedFrom: '1990-01-01', estimatedTo: '2000-01-01' }, today }).ok).toBe(true);
    expect(codes(validateBirthInfo({ birth: { estimatedFrom: '1990-01-01', estimatedTo: '2000-01-02' }, today }))).toEqual(['estimated_range_too_wide']);
    expect(codes(validateBirthInfo({ birth: { estimatedFrom: '1900-01-01', estimatedTo: '1905-01-01' }, today }))).toEqual(['estimated_range_implausible']);
    expect(validateBirthInfo({ birth: { estimatedFrom: '2024-02-30', estimatedTo: 'soon' }, today })).toEqual({
      ok: false,
      errors: [{ code: 'invalid_date', field: 'estimatedFrom' }, { code: 'invalid_date', field: 'estimatedTo' }],
    });
  });

  it('the schema takes one form of birth date at a time', () => {
    expect(birthInfoSchema.safeParse({ birthDate: '2001-05-06' }).success).toBe(true);
    expect(birthInfoSchema.safeParse({ estimatedYear: 2001 }).success).toBe(true);
    expect(birthInfoSchema.safeParse({ estimatedFrom: '2001-01-01', estimatedTo: '2001-06-30' }).success).toBe(true);
    expect(birthInfoSchema.safeParse({ birthDate: '2001-05-06', estimatedYear: 2001 }).success).toBe(false);
    expect(birthInfoSchema.safeParse({ birthDate: '2001-02-29' }).success).toBe(false);
    expect(birthInfoSchema.safeParse({ estimatedYear: 2001.5 }).success).toBe(false);
    expect(birthInfoSchema.safeParse({ estimatedFrom: '2001-01-01' }).success).toBe(false);
  });

  it('every error code has Italian and English messages', () => {
    for (const c of birthDateErrorCodes) expect(birthDateErrors[c].it && birthDateErrors[c].en).toBeTruthy();
  });
});
