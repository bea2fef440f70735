import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  DecryptionError,
  fieldAad,
  keyIdOf,
  loadMasterKey,
  openBuffer,
  openText,
  parseSealedText,
  sealBuffer,
  sealText,
  unwrapDataKey,
  wrapDataKey,
} from './crypto.ts';

const key = randomBytes(32);
const aad = fieldAad({ table: 'persons', column: 'name_enc', rowId: 'a1' });

describe('field encryption primitives', () => {
  it('round-trips text and carries the key id', () => {
    const sealed = sealText({ key, keyId: 'k1', plaintext: 'Joy Èze 李', aad });
    expect(sealed).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(sealed).not.toContain('Joy');
    expect(keyIdOf(sealed)).toBe('k1');
    expect(openText({ key, value: sealed, aad })).toBe('Joy Èze 李');
  });

  it('uses a fresh IV each time', () => {
    const a = sealText({ key, keyId: 'k1', plaintext: 'same', aad });
    const b = sealText({ key, keyId: 'k1', plaintext: 'same', aad });
    expect(a).not.toBe(b);
  });

  it('fails when the ciphertext, tag or key id is tampered with', () => {
    const sealed = sealText({ key, keyId: 'k1', plaintext: 'secret value', aad });
    const p = parseSealedText(sealed);
    const flip = (b: Buffer): string => {
      const c = Buffer.from(b);
      c[0] = (c[0] ?? 0) ^ 1;
      return c.toString('base64');
    };
    const badCt = ['v1', 'k1', p.iv.toString('base64'), p.tag.toString('base64'), flip(p.ct)].join(':');
    const badTag = ['v1', 'k1', p.iv.toString('base64'), flip(p.tag), p.ct.toString('base64')].join(':');
    const badId = sealed.replace('v1:k1:', 'v1:k2:');
    for (const bad of [badCt, badTag, badId]) expect(() => openText({ key, value: bad, aad })).toThrow(DecryptionError);
    expect(() => openText({ key, value: 'plain text', aad })).toThrow(DecryptionError);
  });

  it('fails with the wrong AAD (a value moved to another row or column)', () => {
    const sealed = sealText({ key, keyId: 'k1', plaintext: 'secret', aad });
    expect(() => openText({ key, value: sealed, aad: fieldAad({ table: 'persons', column: 'name_enc', rowId: 'a2' }) })).toThrow(DecryptionError);
    expect(() => openText({ key, value: sealed, aad: fieldAad({ table: 'persons', column: 'notes_enc', rowId: 'a1' }) })).toThrow(DecryptionError);
  });

  it('fails with the wrong key', () => {
    const sealed = sealText({ key, keyId: 'k1', plaintext: 'secret', aad });
    expect(() => openText({ key: randomBytes(32), value: sealed, aad })).toThrow(DecryptionError);
  });

  it('round-trips binary documents and detects tampering', () => {
    const doc = randomBytes(100_000);
    const sealed = sealBuffer({ key, keyId: 'kdoc', data: doc, aad });
    expect(keyIdOf(sealed)).toBe('kdoc');
    expect(openBuffer({ key, data: sealed, aad }).equals(doc)).toBe(true);
    const bad = Buffer.from(sealed);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
    expect(() => openBuffer({ key, data: bad, aad })).toThrow(DecryptionError);
    expect(() => openBuffer({ key, data: sealed, aad: 'other' })).toThrow(DecryptionError);
  });

  it('wraps data keys bound to their id', () => {
    const master = randomBytes(32);
    const dataKey = randomBytes(32);
    const wrapped = wrapDataKey({ masterKey: master, keyId: 'ka', dataKey });
    expect(unwrapDataKey({ masterKey: master, keyId: 'ka', wrapped }).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey({ masterKey: master, keyId: 'kb', wrapped })).toThrow(DecryptionError);
    expect(() => unwrapDataKey({ masterKey: randomBytes(32), keyId: 'ka', wrapped })).toThrow(/master key does not match/);
  });
});

describe('master key', () => {
  const base = { NODE_ENV: 'development' as const, PONTE_MASTER_KEY: undefined, PONTE_MASTER_KEY_FILE: undefined };

  it('reads PONTE_MASTER_KEY', () => {
    const k = randomBytes(32);
    expect(loadMasterKey({ config: { ...base, PONTE_DATA_DIR: './x', PONTE_MASTER_KEY: k.toString('base64') }, warn: () => undefined }).equals(k)).toBe(true);
  });

  it('creates a 0600 key file in development, with a warning, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-key-'));
    try {
      const warnings: string[] = [];
      const first = loadMasterKey({ config: { ...base, PONTE_DATA_DIR: dir }, warn: (m) => warnings.push(m) });
      const path = join(dir, 'master.key');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(warnings.join()).toMatch(/created/);
      expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').equals(first)).toBe(true);
      const again = loadMasterKey({ config: { ...base, PONTE_DATA_DIR: dir }, warn: () => undefined });
      expect(again.equals(first)).toBe(true);
      const viaFile = loadMasterKey({ config: { ...base, PONTE_DATA_DIR: '/nonexistent', PONTE_MASTER_KEY_FILE: path }, warn: () => undefined });
      expect(viaFile.equals(first)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses, in production, a key file other users can read (development only warns)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-key-'));
    try {
      const path = join(dir, 'master.key');
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o644 });
      chmodSync(path, 0o644);
      const warnings: string[] = [];
      loadMasterKey({ config: { ...base, PONTE_DATA_DIR: dir, PONTE_MASTER_KEY_FILE: path }, warn: (m) => warnings.push(m) });
      expect(warnings.join()).toMatch(/readable by other users/);
      expect(() => loadMasterKey({ config: { ...base, NODE_ENV: 'production', PONTE_DATA_DIR: dir, PONTE_MASTER_KEY_FILE: path }, warn: () => undefined })).toThrow(/readable by other users/);
      chmodSync(path, 0o600);
      expect(loadMasterKey({ config: { ...base, NODE_ENV: 'production', PONTE_DATA_DIR: dir, PONTE_MASTER_KEY_FILE: path }, warn: () => undefined })).toHaveLength(32);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run in production without a key', () => {
    expect(() => loadMasterKey({ config: { ...base, NODE_ENV: 'production', PONTE_DATA_DIR: './x' }, warn: () => undefined })).toThrow(/production/);
  });
});
