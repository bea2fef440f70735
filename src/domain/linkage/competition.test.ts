import { describe, expect, it } from 'vitest';
import { createEncoder } from './encode.ts';
import { comparePersons, defaultScoringConfig, evidenceOf, evidenceWeight } from './compare.ts';
import { resolveCompetition } from './competition.ts';
import { createMemoryIndex } from './memory-index.ts';
import type { EncodedPerson, LinkageIdentity } from './types.ts';

const encoder = createEncoder({ key: new Uint8Array(32).fill(11) });
const enc = (identity: LinkageIdentity): EncodedPerson => encoder.encodePerson(identity);

const person = (birthDate: LinkageIdentity['birthDate'], extra: Partial<LinkageIdentity> = {}): LinkageIdentity => ({
  names: [{ given: 'Amina', family: 'Okonkwo' }],
  sex: 'female',
  citizenships: ['NGA'],
  ...(birthDate ? { birthDate } : {}),
  ...extra,
});

describe('document and phone disagreement', () => {
  it('counts two different documents (or phones) against, and nothing when one side has none', () => {
    const a = person({ kind: 'year', year: 1995 }, { documents: [{ number: 'AB1234567' }], phones: ['+39 333 1234567'] });
    const same = evidenceOf(enc(a), enc(a));
    expect(same.document).toBe(true);
    expect(same.documentDiffers).toBeUndefined();
    const other = evidenceOf(enc(a), enc({ ...a, documents: [{ number: 'ZZ7654321' }], phones: ['+39 347 7654321'] }));
    expect(other.documentDiffers).toBe(true);
    expect(other.phoneDiffers).toBe(true);
    const none = evidenceOf(enc(a), enc({ ...a, documents: undefined, phones: undefined }));
    expect(none.documentDiffers).toBeUndefined();
    expect(none.phoneDiffers).toBeUndefined();
    expect(evidenceWeight(other)).toBeLessThan(evidenceWeight(none));
    expect(comparePersons(enc(a), enc({ ...a, documents: [{ number: 'ZZ7654321' }] })).reasons.map((r) => r.code)).toContain('document_differs');
  });
});

describe('estimated ages: the narrower the common range, the stronger the evidence', () => {
  it('reports the overlap, and weighs a one-year overlap more than a five-year one when configured', () => {
    // the default penalty is 0 (tuning found no gain: namesakes are often born in the same year)
    const config = { ...defaultScoringConfig, rangeOverlapPenalty: 1 };
    const exact = enc(person({ kind: 'exact', year: 1995, month: 4, day: 9 }));
    const narrow = evidenceOf(exact, enc(person({ kind: 'range', fromYear: 1993, toYear: 1996 })));
    const wideA = enc(person({ kind: 'range', fromYear: 1990, toYear: 1996 }));
    const wide = evidenceOf(wideA, enc(person({ kind: 'range', fromYear: 1992, toYear: 1998 })));
    expect(narrow.birth).toBe('birth_year_compatible');
    expect(narrow.birthOverlap).toBe(1);
    expect(wide.birthOverlap).toBe(5);
    expect(evidenceWeight(narrow, config)).toBeGreaterThan(evidenceWeight(wide, config));
    expect(evidenceWeight(wide, config)).toBeCloseTo(evidenceWeight(wide) - Math.log(5));
    expect(comparePersons(exact, enc(person({ kind: 'range', fromYear: 1993, toYear: 1996 }))).reasons).toContainEqual({ code: 'birth_year_compatible', value: 1 });
  });

  it('still matches the same name with an estimated age that contains the birth year', () => {
    const c = comparePersons(enc(person({ kind: 'exact', year: 1995, month: 4, day: 9 })), enc(person({ kind: 'range', fromYear: 1994, toYear: 1997 })));
    expect(c.decision).toBe('match');
  });
});

describe('name tokens', () => {
  it('does not match a different family name on the same birth date', () => {
    const a = person({ kind: 'exact', year: 1994, month: 3, day: 7 }, { names: [{ given: 'Olena', family: 'Shevchenko' }] });
    expect(comparePersons(enc(a), enc({ ...a, names: [{ given: 'Olena', family: 'Bondarenko' }] })).decision).not.toBe('match');
    expect(comparePersons(enc(a), enc({ ...a, names: [{ given: 'Oksana', family: 'Bondarenko' }] })).decision).toBe('none');
  });

  it('keeps a pair with a clearly different name part below match unless a document is shared', () => {
    const a = person({ kind: 'exact', year: 1994, month: 3, day: 7 }, { names: [{ given: 'Olena', family: 'Shevchenko' }], documents: [{ number: 'FE1234567' }] });
    const b = { ...a, names: [{ given: 'Olena', family: 'Bondarenko' }] };
    const lenient = { ...defaultScoringConfig, differentToken: 0 };
    const withoutDocs = (x: LinkageIdentity): LinkageIdentity => ({ ...x, documents: undefined });
    expect(comparePersons(enc(withoutDocs(a)), enc(withoutDocs(b)), lenient).decision).toBe('match');
    expect(comparePersons(enc(withoutDocs(a)), enc(withoutDocs(b))).decision).toBe('possible');
    expect(comparePersons(enc(a), enc(b)).decision).toBe('match');
  });

  it('matches a typo, a transliteration from Cyrillic and a dropped second given name on the same birth date', () => {
    const a = person({ kind: 'exact', year: 1994, month: 3, day: 7 }, { names: [{ given: 'Olena Maria', family: 'Shevchenko' }] });
    for (const names of [[{ given: 'Olena Maria', family: 'Shevhcenko' }], [{ given: 'Елена Мария', family: 'Шевченко' }], [{ given: 'Olena', family: 'Shevchenko' }]]) {
      expect(comparePersons(enc(a), enc({ ...a, names })).decision).toBe('match');
    }
  });
});

describe('candidate competition (namesakes)', () => {
  const original = person({ kind: 'exact', year: 1995, month: 4, day: 9 });
  const namesake = person({ kind: 'exact', year: 1995, month: 11, day: 23 });

  it('two namesakes of the same year are different persons to each other', () => {
    expect(comparePersons(enc(original), enc(namesake)).decision).toBe('none');
  });

  it('a record with only a birth year that fits two namesakes is at most possible with each', () => {
    const query = enc(person({ kind: 'year', year: 1995 }));
    const alone = comparePersons(query, enc(original));
    expect(alone.decision).toBe('match');
    const r = resolveCompetition([
      { key: 'o', person: enc(original), score: alone.score },
      { key: 'n', person: enc(namesake), score: comparePersons(query, enc(namesake)).score },
    ]);
    expect(r.get('o')?.competitors).toBe(1);
    expect(r.get('o')?.decision).toBe('possible');
    expect(r.get('n')?.decision).toBe('possible');
    expect(r.get('o')!.score).toBeLessThan(alone.score);
  });

  it('leaves the match when the evidence separates the namesakes (exact birth date)', () => {
    const query = enc(person({ kind: 'exact', year: 1995, month: 4, day: 9 }, { names: [{ given: 'Amina', family: 'Okonkow' }] }));
    const withOriginal = comparePersons(query, enc(original));
    const withNamesake = comparePersons(query, enc(namesake));
    const r = resolveCompetition([
      { key: 'o', person: enc(original), score: withOriginal.score },
      { key: 'n', person: enc(namesake), score: withNamesake.score },
    ]);
    expect(withOriginal.decision).toBe('match');
    // the namesake is not even a contender: nothing changes
    expect(r.size === 0 || r.get('o')?.decision === 'match').toBe(true);
  });

  it('does not split two records of the same person (they could be one another)', () => {
    const query = enc(person({ kind: 'year', year: 1995 }));
    const copy = person({ kind: 'exact', year: 1995, month: 4, day: 9 }, { names: [{ given: 'Amina', family: 'Okonkwo' }], documents: [{ number: 'AB1234567' }] });
    const r = resolveCompetition([
      { key: 'o', person: enc(original), score: comparePersons(query, enc(original)).score },
      { key: 'c', person: enc(copy), score: comparePersons(query, enc(copy)).score },
    ]);
    expect(r.size).toBe(0);
  });

  it('is applied by the memory index, with the competing_candidates reason, and can be turned off', () => {
    for (const competition of [true, false]) {
      const index = createMemoryIndex({ competition });
      index.add(enc(original));
      index.add(enc(namesake));
      const found = index.findCandidates({ person: enc(person({ kind: 'year', year: 1995 })) });
      expect(found).toHaveLength(2);
      if (competition) {
        expect(found.every((c) => c.decision === 'possible')).toBe(true);
        expect(found[0]?.reasons).toContainEqual({ code: 'competing_candidates', value: 1 });
      } else {
        expect(found.every((c) => c.decision === 'match')).toBe(true);
      }
    }
  });
});
