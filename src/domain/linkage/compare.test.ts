import { describe, expect, it } from 'vitest';
import { createEncoder } from './encode.ts';
import { addFrequencies, compareBirth, comparePersons, dice, defaultScoringConfig, evidenceOf, scoreEvidence } from './compare.ts';
import { createMemoryIndex } from './memory-index.ts';
import type { EncodedPerson, LinkageIdentity } from './types.ts';

const encoder = createEncoder({ key: new Uint8Array(32).fill(7) });
const enc = (identity: LinkageIdentity): EncodedPerson => encoder.encodePerson(identity);
const codes = (identity: LinkageIdentity, other: LinkageIdentity): string[] => comparePersons(enc(identity), enc(other)).reasons.map((r) => r.code);

describe('dice', () => {
  it('is 1 on identical filters, 0 on disjoint ones, symmetric and within 0..1', () => {
    const a = Uint32Array.from([0b1011, 0, 7]);
    const b = Uint32Array.from([0b0100, 8, 0]);
    const c = Uint32Array.from([0b0011, 0, 1]);
    expect(dice(a, a)).toBe(1);
    expect(dice(a, b)).toBe(0);
    expect(dice(a, c)).toBeCloseTo(dice(c, a));
    expect(dice(a, c)).toBeCloseTo((2 * 3) / (6 + 3));
    expect(dice(new Uint32Array(3), new Uint32Array(3))).toBe(0);
  });

  it('orders name similarity: same > typo > other name', () => {
    const f = (name: string): Uint32Array => enc({ names: [{ full: name }] }).filters;
    const same = dice(f('Chukwuemeka'), f('Chukwuemeka'));
    const typo = dice(f('Chukwuemeka'), f('Chukwuemkea'));
    const other = dice(f('Chukwuemeka'), f('Oluwaseun'));
    expect(same).toBe(1);
    expect(typo).toBeGreaterThan(0.6);
    expect(typo).toBeLessThan(1);
    expect(other).toBeLessThan(0.35);
  });
});

describe('compareBirth', () => {
  const b = (birthDate: LinkageIdentity['birthDate']): EncodedPerson['birth'] => enc({ names: [{ full: 'x' }], birthDate }).birth;
  it('recognises each kind of agreement', () => {
    const exact = b({ kind: 'exact', year: 1995, month: 3, day: 8 });
    expect(compareBirth(exact, b({ kind: 'exact', year: 1995, month: 3, day: 8 }))).toBe('birth_date_exact');
    expect(compareBirth(exact, b({ kind: 'exact', year: 1995, month: 8, day: 3 }))).toBe('birth_date_day_month_swap');
    expect(compareBirth(exact, b({ kind: 'exact', year: 1995, month: 3, day: 18 }))).toBe('birth_date_day_differs');
    expect(compareBirth(exact, b({ kind: 'exact', year: 1996, month: 3, day: 8 }))).toBe('birth_date_year_differs');
    expect(compareBirth(exact, b({ kind: 'exact', year: 1980, month: 3, day: 8 }))).toBe('birth_date_mismatch');
    expect(compareBirth(exact, b({ kind: 'year', year: 1995 }))).toBe('birth_year_equal');
    expect(compareBirth(exact, b({ kind: 'range', fromYear: 1993, toYear: 1997 }))).toBe('birth_year_compatible');
    expect(compareBirth(exact, b({ kind: 'range', fromYear: 1996, toYear: 1999 }))).toBe('birth_year_near');
    expect(compareBirth(exact, b({ kind: 'range', fromYear: 2003, toYear: 2006 }))).toBe('birth_year_mismatch');
    expect(compareBirth(exact, undefined)).toBeUndefined();
  });
});

describe('comparePersons', () => {
  const base: LinkageIdentity = {
    names: [{ given: 'Olena', family: 'Shevchenko' }],
    birthDate: { kind: 'exact', year: 1994, month: 3, day: 7 },
    sex: 'female',
    citizenships: ['UKR'],
  };

  it('scores an identical record as a match, symmetric', () => {
    const a = enc(base);
    const c = comparePersons(a, a);
    expect(c.decision).toBe('match');
    expect(c.score).toBeGreaterThan(0.95);
    const other = enc({ ...base, names: [{ given: 'Olha', family: 'Shevchuk' }] });
    expect(comparePersons(a, other).score).toBe(comparePersons(other, a).score);
  });

  it('matches each variant type with its reason', () => {
    expect(comparePersons(enc(base), enc({ ...base, names: [{ given: 'Елена', family: 'Шевченко' }] })).decision).toBe('match');
    expect(comparePersons(enc(base), enc({ ...base, names: [{ given: 'Olena', family: 'Shevhcenko' }] })).decision).toBe('match');
    expect(codes(base, { ...base, names: [{ given: 'Shevchenko', family: 'Olena' }] })).toContain('names_swapped');
    expect(comparePersons(enc(base), enc({ ...base, names: [{ given: 'Shevchenko', family: 'Olena' }] })).decision).toBe('match');
    expect(codes(base, { ...base, birthDate: { kind: 'exact', year: 1994, month: 7, day: 3 } })).toContain('birth_date_day_month_swap');
    expect(comparePersons(enc(base), enc({ ...base, birthDate: { kind: 'exact', year: 1994, month: 7, day: 3 } })).decision).toBe('match');
    expect(codes(base, { ...base, birthDate: { kind: 'range', fromYear: 1992, toYear: 1996 } })).toContain('birth_year_compatible');
    expect(codes(base, { ...base, names: [{ given: 'Lena', family: 'S.' }, { given: 'Olena', family: 'Shevchenko' }] })).toContain('alias_match');
  });

  it('uses documents and phones as strong evidence', () => {
    const a = { ...base, documents: [{ number: 'FE123456' }] };
    const b = { ...base, names: [{ full: 'O. Shevchenko' }], birthDate: undefined, documents: [{ number: 'fe 123456' }] };
    const c = comparePersons(enc(a), enc(b));
    expect(c.reasons.map((r) => r.code)).toContain('document_match');
    expect(c.decision).toBe('match');
  });

  it('keeps a namesake with another birth date apart, and a namesake without one as possible at most', () => {
    expect(comparePersons(enc(base), enc({ ...base, birthDate: { kind: 'exact', year: 1979, month: 11, day: 23 } })).decision).toBe('none');
    expect(comparePersons(enc(base), enc({ ...base, birthDate: undefined })).decision).not.toBe('match');
    expect(comparePersons(enc(base), enc({ ...base, names: [{ given: 'Oksana', family: 'Bondarenko' }] })).decision).toBe('none');
  });

  it('reads a low similarity of a short name token as a typo, of a long one as another name', () => {
    const ali = { ...base, names: [{ given: 'Ali', family: 'Benali' }], citizenships: ['MAR'], sex: 'male' };
    expect(comparePersons(enc(ali), enc({ ...ali, names: [{ given: 'Ahi', family: 'Benali' }] })).decision).toBe('match');
    expect(comparePersons(enc(ali), enc({ ...ali, names: [{ given: 'Ali', family: 'Bneali' }] })).decision).toBe('match');
    // same given name, same birth date, another long family name: never more than possible
    const other = comparePersons(enc(base), enc({ ...base, names: [{ given: 'Olena', family: 'Bondarenko' }] }));
    expect(other.decision).not.toBe('match');
    const off = { ...defaultScoringConfig, shortTokenPop: 0, differentTokenMinPop: 0 };
    expect(comparePersons(enc(ali), enc({ ...ali, names: [{ given: 'Ahi', family: 'Benali' }] }), off).decision).not.toBe('match');
  });

  it('respects configurable thresholds', () => {
    const strict = { ...defaultScoringConfig, matchThreshold: 0.99999, possibleThreshold: 0.99998 };
    expect(comparePersons(enc(base), enc({ ...base, birthDate: { kind: 'year', year: 1994 } }), strict).decision).toBe('none');
  });
});

describe('addFrequencies', () => {
  const query = enc({ names: [{ given: 'Amina', family: 'Zerouali' }], sex: 'female', citizenships: ['MAR'] });
  const other = enc({ names: [{ given: 'Zerouali', family: 'Amina' }], sex: 'female', citizenships: ['MAR'] });
  const stranger = enc({ names: [{ given: 'Chiara', family: 'Rossi' }], sex: 'female', citizenships: ['ITA'] });

  it('counts the rarest shared name key, and raises the score of a rare name over a common one', () => {
    const rare = evidenceOf(query, other);
    addFrequencies(rare, query, other, () => 1, 20_000);
    expect(rare.nameFrequency).toEqual({ count: 1, population: 20_000 });
    const common = evidenceOf(query, other);
    addFrequencies(common, query, other, () => 900, 20_000);
    expect(common.nameFrequency).toEqual({ count: 900, population: 20_000 });
    expect(scoreEvidence(rare)).toBeGreaterThan(scoreEvidence(common));
    const sizes = new Map(query.nameKeys.map((k, i) => [k, 50 - i]));
    const mixed = evidenceOf(query, other);
    addFrequencies(mixed, query, other, (k) => sizes.get(k) ?? 5000, 20_000);
    expect(mixed.nameFrequency?.count).toBe(Math.min(...query.nameKeys.filter((k) => other.nameKeys.includes(k)).map((k) => sizes.get(k) ?? 5000)));
  });

  it('adds nothing when no name key is shared', () => {
    const e = evidenceOf(query, stranger);
    addFrequencies(e, query, stranger, () => 1, 20_000);
    expect(e.nameFrequency).toBeUndefined();
  });
});

describe('ranking with the in-memory index (the issue examples)', () => {
  const registry: LinkageIdentity[] = [
    { names: [{ given: 'Olena', family: 'Kovalenko' }], birthDate: { kind: 'exact', year: 1996, month: 5, day: 2 }, sex: 'female', citizenships: ['UKR'] },
    { names: [{ given: 'Oksana', family: 'Kovalenko' }], birthDate: { kind: 'exact', year: 1996, month: 5, day: 2 }, sex: 'female', citizenships: ['UKR'] },
    { names: [{ given: 'Olga', family: 'Kovalchuk' }], birthDate: { kind: 'exact', year: 1990, month: 1, day: 1 }, sex: 'female', citizenships: ['UKR'] },
    { names: [{ given: 'Mohamed', family: 'Benali' }], birthDate: { kind: 'exact', year: 1999, month: 11, day: 4 }, sex: 'male', citizenships: ['MAR'] },
    { names: [{ given: 'Mahmoud', family: 'Benali' }], birthDate: { kind: 'exact', year: 1985, month: 2, day: 20 }, sex: 'male', citizenships: ['MAR'] },
    { names: [{ given: 'Ahmed', family: 'Benali' }], birthDate: { kind: 'exact', year: 1999, month: 6, day: 14 }, sex: 'male', citizenships: ['MAR'] },
    { names: [{ given: 'Tesfaye', family: 'Gebremedhin' }], birthDate: { kind: 'range', fromYear: 1997, toYear: 2001 }, sex: 'male', citizenships: ['ERI'] },
    { names: [{ given: 'Wei', family: 'Wang' }], birthDate: { kind: 'exact', year: 2000, month: 8, day: 8 }, sex: 'male', citizenships: ['CHN'] },
  ];
  const index = createMemoryIndex();
  for (const r of registry) index.add(enc(r));
  const top = (q: LinkageIdentity): number | undefined => index.findCandidates({ person: enc(q) })[0]?.id;

  it('finds Olena as Елена / Yelena, with a day/month swap', () => {
    expect(top({ names: [{ given: 'Елена', family: 'Коваленко' }], birthDate: { kind: 'exact', year: 1996, month: 2, day: 5 } })).toBe(0);
    expect(top({ names: [{ given: 'Yelena', family: 'Kovalenko' }], birthDate: { kind: 'year', year: 1996 } })).toBe(0);
  });

  it('finds Mohamed as Muhammad / محمد, with swapped names', () => {
    expect(top({ names: [{ given: 'Muhammad', family: 'Ben Ali' }], birthDate: { kind: 'exact', year: 1999, month: 11, day: 4 } })).toBe(3);
    expect(top({ names: [{ given: 'بن علي', family: 'محمد' }], birthDate: { kind: 'exact', year: 1999, month: 11, day: 4 } })).toBe(3);
  });

  it('finds an Eritrean in Ge\u02bcez script with an estimated age, and a Chinese name in Han characters', () => {
    expect(top({ names: [{ given: 'ተስፋዬ', family: 'ገብረመድህን' }], birthDate: { kind: 'exact', year: 1999, month: 3, day: 3 }, sex: 'male', citizenships: ['ERI'] })).toBe(6);
    expect(top({ names: [{ family: '王', given: '伟' }], birthDate: { kind: 'exact', year: 2000, month: 8, day: 8 } })).toBe(7);
  });

  it('returns nothing for a stranger', () => {
    expect(index.findCandidates({ person: enc({ names: [{ given: 'Chiara', family: 'Rossi' }], birthDate: { kind: 'exact', year: 1970, month: 1, day: 9 } }) })).toEqual([]);
  });
});
