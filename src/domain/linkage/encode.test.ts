import { describe, expect, it } from 'vitest';
import { createEncoder, normaliseDocument, normaliseNameTokens, normalisePhone, popcount32 } from './encode.ts';
import { dice } from './compare.ts';
import type { LinkageIdentity } from './types.ts';

const key = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const olena: LinkageIdentity = {
  names: [{ given: 'Olena', family: 'Shevchenko' }, { full: 'Lena' }],
  birthDate: { kind: 'exact', year: 1994, month: 3, day: 7 },
  sex: 'female',
  citizenships: ['UKR'],
  documents: [{ number: 'FE 123456' }],
  phones: ['+39 333 123 4567'],
};

describe('normalisation', () => {
  it('normalises name tokens, joining Arabic particles and dropping Romance ones', () => {
    expect(normaliseNameTokens({ given: 'Abd Allah', family: 'El Amrani' })).toEqual(['abdallah', 'amrani']);
    expect(normaliseNameTokens({ given: 'Ana', family: 'de Souza' })).toEqual(['ana', 'souza']);
    expect(normaliseNameTokens({ full: 'عبد الله' })).toEqual(['abdallah']);
  });
  it('normalises documents and phones', () => {
    expect(normaliseDocument(' fe-123 456 ')).toBe('FE123456');
    expect(normalisePhone('+39 333 123 4567')).toBe('393331234567');
    expect(normalisePhone('0039 333 1234567')).toBe('393331234567');
    expect(normalisePhone('333 1234567')).toBe('393331234567');
    expect(normalisePhone('+234 803 000 0000')).toBe('2348030000000');
  });
  it('counts bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
  });
});

describe('createEncoder', () => {
  it('rejects keys that are not 32 bytes', () => {
    expect(() => createEncoder({ key: new Uint8Array(16) })).toThrow();
  });

  it('is deterministic for one key', () => {
    const a = createEncoder({ key: key(1) }).encodePerson(olena);
    const b = createEncoder({ key: key(1), cacheSize: 0 }).encodePerson(olena);
    expect(b).toEqual(a);
  });

  it('differs across keys: no filter, tag, index or blocking key in common', () => {
    const a = createEncoder({ key: key(1) }).encodePerson(olena);
    const b = createEncoder({ key: key(2) }).encodePerson(olena);
    expect(dice(a.filters.subarray(0, 32), b.filters.subarray(0, 32))).toBeLessThan(0.4);
    expect([...a.phonetic].some((t) => b.phonetic.includes(t))).toBe(false);
    expect(a.documents[0]).not.toBe(b.documents[0]);
    expect(a.names.some((n) => b.names.includes(n))).toBe(false);
    expect(a.blockingKeys.some((k) => b.blockingKeys.includes(k))).toBe(false);
    expect(a.birth?.date).not.toBe(b.birth?.date);
  });

  it('contains nothing of the plaintext', () => {
    const e = createEncoder({ key: key(3) }).encodePerson(olena);
    const dump = JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint32Array || v instanceof Uint16Array || v instanceof Uint8Array ? Buffer.from(v.buffer).toString('base64') : v));
    for (const s of ['olena', 'Olena', 'shevchenko', 'Shevchenko', 'lena', '1994', 'FE123456', '123456', '3331234567', 'Aln']) expect(dump).not.toContain(s);
  });

  it('encodes one filter per name token with the alias marked', () => {
    const e = createEncoder({ key: key(1), bits: 512 }).encodePerson(olena);
    expect(e.bits).toBe(512);
    expect(e.filters.length).toBe(3 * 16);
    expect([...e.nameOf]).toEqual([0, 0, 1]);
    expect(e.filterPop[0]).toBeGreaterThan(20);
  });

  it('encodes birth dates: exact with swap tag, year ranges as year tags', () => {
    const enc = createEncoder({ key: key(1) });
    const exact = enc.encodePerson({ names: [{ full: 'x' }], birthDate: { kind: 'exact', year: 1990, month: 4, day: 5 } }).birth;
    const swapped = enc.encodePerson({ names: [{ full: 'x' }], birthDate: { kind: 'exact', year: 1990, month: 5, day: 4 } }).birth;
    expect(exact?.swapped).toBe(swapped?.date);
    const range = enc.encodePerson({ names: [{ full: 'x' }], birthDate: { kind: 'range', fromYear: 1988, toYear: 1992 } }).birth;
    expect(range?.years.length).toBe(5);
    expect(range?.years).toContain(exact?.years[0]);
    expect(range?.yearsNear.length).toBe(9);
  });

  it('exposes blind indexes for exact search that agree with the encoded record', () => {
    const enc = createEncoder({ key: key(1) });
    const e = enc.encodePerson(olena);
    expect(e.documents).toContain(enc.documentIndex('fe123456'));
    expect(e.phones).toContain(enc.phoneIndex('0039 3331234567'));
    expect(e.names).toContain(enc.nameIndex({ full: 'SHEVCHENKO Olena' }));
  });

  it('shares blocking keys between transliteration variants and swapped names', () => {
    const enc = createEncoder({ key: key(1) });
    const a = enc.encodePerson({ names: [{ given: 'Olena', family: 'Shevchenko' }], birthDate: { kind: 'year', year: 1994 } });
    const b = enc.encodePerson({ names: [{ given: 'Шевченко', family: 'Елена' }] });
    expect(a.blockingKeys.filter((k) => b.blockingKeys.includes(k)).length).toBeGreaterThanOrEqual(2);
  });

  it('shares a blocking key on the full birth date (or its day/month swap) when every name token has an error', () => {
    const enc = createEncoder({ key: key(1) });
    const a = enc.encodePerson({ names: [{ given: 'Jessica', family: 'Almeida' }], birthDate: { kind: 'exact', year: 1995, month: 1, day: 13 } });
    const b = enc.encodePerson({ names: [{ given: 'Jvessica', family: 'lAmeida' }], birthDate: { kind: 'exact', year: 1995, month: 1, day: 13 } });
    const c = enc.encodePerson({ names: [{ given: 'Jvessica', family: 'lAmeida' }], birthDate: { kind: 'exact', year: 1995, month: 3, day: 1 } });
    const e = enc.encodePerson({ names: [{ given: 'Jvessica', family: 'lAmeida' }], birthDate: { kind: 'exact', year: 1995, month: 1, day: 14 } });
    const sharedWith = (x: typeof a): number => a.blockingKeys.filter((k) => x.blockingKeys.includes(k)).length;
    expect(sharedWith(b)).toBeGreaterThanOrEqual(1);
    const swapA = enc.encodePerson({ names: [{ given: 'Jessica', family: 'Almeida' }], birthDate: { kind: 'exact', year: 1995, month: 1, day: 3 } });
    expect(swapA.blockingKeys.filter((k) => c.blockingKeys.includes(k)).length).toBeGreaterThanOrEqual(1);
    expect(sharedWith(e)).toBe(0);
  });
});
