import { describe, expect, it } from 'vitest';
import { ContainerError, isContainer, openContainer, sealContainer } from '../../src/domain/exports/container.ts';

// logN 10 keeps the tests fast; exports use 15.
const password = 'una password lunga abbastanza';

describe('export container (AES-256-GCM, scrypt)', () => {
  it('round-trips and never holds the plaintext in clear', () => {
    const plaintext = Buffer.from('prs_FirstName\r\nAmina Test\r\n');
    const sealed = sealContainer({ plaintext, password, logN: 10 });
    expect(isContainer(sealed)).toBe(true);
    expect(sealed.subarray(0, 8).toString('ascii')).toBe('PONTEXP1');
    expect(sealed.includes(Buffer.from('Amina'))).toBe(false);
    expect(sealed.length).toBe(41 + plaintext.length + 16);
    expect(openContainer({ bytes: sealed, password }).toString()).toBe(plaintext.toString());
  });

  it('uses a fresh salt and IV every time', () => {
    const a = sealContainer({ plaintext: Buffer.from('x'), password, logN: 10 });
    const b = sealContainer({ plaintext: Buffer.from('x'), password, logN: 10 });
    expect(a.subarray(13, 41).equals(b.subarray(13, 41))).toBe(false);
  });

  it('refuses a wrong password, an altered byte anywhere and a foreign file', () => {
    const sealed = sealContainer({ plaintext: Buffer.from('dati personali'), password, logN: 10 });
    expect(() => openContainer({ bytes: sealed, password: `${password}!` })).toThrow(ContainerError);
    for (const at of [12, 20, 35, 45, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at] = (altered[at] ?? 0) ^ 1;
      expect(() => openContainer({ bytes: altered, password })).toThrow(ContainerError);
    }
    expect(() => openContainer({ bytes: Buffer.from('prs_FirstName,prs_SecondName\r\n'), password })).toThrow(/not a Ponte export/);
  });
});
