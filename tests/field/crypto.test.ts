/** Key derivation and sealing of the field app's store (Web Crypto, as in the browser). */
import { describe, expect, it } from 'vitest';
import { deriveKey, makeCheck, newSalt, open, PBKDF2_ITERATIONS, seal, verifyCheck } from '../../src/web/offline/crypto.ts';

describe('field store crypto', () => {
  it('derives the same key from the same password and salt, and a wrong password fails the check', async () => {
    const salt = newSalt();
    const key = await deriveKey('prova-Ponte-2026!', salt);
    const check = await makeCheck(key);
    expect(await verifyCheck(await deriveKey('prova-Ponte-2026!', salt), check)).toBe(true);
    expect(await verifyCheck(await deriveKey('prova-Ponte-2026?', salt), check)).toBe(false);
    // Same password, another device's salt: another key.
    expect(await verifyCheck(await deriveKey('prova-Ponte-2026!', newSalt()), check)).toBe(false);
  });

  it('refuses fewer than 310 000 iterations and makes keys that cannot be exported', async () => {
    await expect(deriveKey('x', newSalt(), PBKDF2_ITERATIONS - 1)).rejects.toThrow(/310000/);
    const key = await deriveKey('x', newSalt());
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('seals values that do not show in clear, with a fresh IV, bound to their place', async () => {
    const key = await deriveKey('pw', newSalt());
    const value = { nickname: 'Stella del Nord', notes: 'via Roma' };
    const a = await seal(key, value, 'record:contact:1');
    const b = await seal(key, value, 'record:contact:1');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
    const raw = JSON.stringify(a) + atob(a.ct);
    expect(raw).not.toContain('Stella');
    expect(await open(key, a, 'record:contact:1')).toEqual(value);
    // Moved to another record: refused.
    await expect(open(key, a, 'record:contact:2')).rejects.toThrow();
    // Another key: refused.
    await expect(open(await deriveKey('other', newSalt()), a, 'record:contact:1')).rejects.toThrow();
    // One flipped bit: refused.
    const bytes = Uint8Array.from(atob(a.ct), (c) => c.charCodeAt(0));
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await expect(open(key, { iv: a.iv, ct: btoa(String.fromCharCode(...bytes)) }, 'record:contact:1')).rejects.toThrow();
  });
});
