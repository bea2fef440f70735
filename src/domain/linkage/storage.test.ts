import { describe, expect, it } from 'vitest';
import { createEncoder } from './encode.ts';
import { comparePersons } from './compare.ts';
import { blockingKeyBytes, blockingKeyFromBytes, fromStoredEncoding, toStoredEncoding } from './storage.ts';

describe('stored encoding', () => {
  const encoder = createEncoder({ key: new Uint8Array(32).fill(9) });
  const person = encoder.encodePerson({
    names: [{ given: 'Blessing', family: 'Okafor' }, { full: 'Blessy' }],
    birthDate: { kind: 'exact', year: 1998, month: 12, day: 1 },
    sex: 'female',
    citizenships: ['NGA'],
    documents: [{ number: 'A01234567' }],
    phones: ['+234 803 111 2222'],
  });

  it('round-trips and compares the same after storage', () => {
    const text = toStoredEncoding(person);
    const back = fromStoredEncoding(text);
    expect(back).toEqual(person);
    expect(comparePersons(back, person)).toEqual(comparePersons(person, person));
    expect(text).not.toMatch(/blessing|okafor|1998|A01234567/i);
  });

  it('round-trips records without birth date or names', () => {
    const empty = encoder.encodePerson({ names: [] });
    expect(fromStoredEncoding(toStoredEncoding(empty))).toEqual(empty);
  });

  it('rejects corrupt or unknown input', () => {
    expect(() => fromStoredEncoding('{"v":2}')).toThrow();
    const broken = JSON.parse(toStoredEncoding(person)) as Record<string, unknown>;
    broken.fp = 'AAA=';
    expect(() => fromStoredEncoding(JSON.stringify(broken))).toThrow();
  });

  it('stores blocking keys as 8 bytes', () => {
    for (const k of person.blockingKeys) {
      const bytes = blockingKeyBytes(k);
      expect(bytes.length).toBe(8);
      expect(blockingKeyFromBytes(bytes)).toBe(k);
    }
  });
});
