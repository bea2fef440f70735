import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { engineCases, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';
import { FieldCipher, fieldAad, keyIdOf, DecryptionError } from '../../src/server/platform/crypto.ts';
import { encryptedColumns, keyUsage, systemRotateKeys } from '../../src/server/platform/encrypted-columns.ts';
import '../../src/server/features/index.ts';

const system = { userId: null, orgId: null, ip: null, requestId: 'test' };

describe.each(await engineCases())('field encryption keys on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  const master = randomBytes(32);
  beforeAll(async () => {
    if (!skip) t = await openTestDatabase(engine);
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  it.skipIf(skip)('registers the TOTP secret columns', () => {
    expect(encryptedColumns().map((c) => `${c.table}.${c.column}`)).toEqual(expect.arrayContaining(['users.totp_secret_enc', 'users.totp_pending_enc']));
  });

  it.skipIf(skip)('a first key made in a transaction that rolls back is not used afterwards', async () => {
    const cipher = new FieldCipher({ db: t.database.db, masterKey: master });
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await cipher.encrypt({ plaintext: 'lost', aad: 'x', db: trx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await t.database.db.selectFrom('encryption_keys').selectAll().execute()).toHaveLength(0);
    const value = await cipher.encrypt({ plaintext: 'kept', aad: 'x' });
    const keys = await t.database.db.selectFrom('encryption_keys').select('id').execute();
    expect(keys.map((k) => k.id)).toEqual([keyIdOf(value)]);
    await t.database.db.deleteFrom('encryption_keys').execute();
  });

  it.skipIf(skip)('creates one active data key on first use, wrapped, shared by two ciphers', async () => {
    const a = new FieldCipher({ db: t.database.db, masterKey: master });
    const b = new FieldCipher({ db: t.database.db, masterKey: master });
    const [x, y] = await Promise.all([a.encrypt({ plaintext: 'one', aad: 'x' }), b.encrypt({ plaintext: 'two', aad: 'y' })]);
    expect(keyIdOf(x)).toBe(keyIdOf(y));
    const keys = await t.database.db.selectFrom('encryption_keys').selectAll().execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.is_active).toBe(true);
    expect(keys[0]!.wrapped_key).not.toContain(master.toString('base64'));
    expect(await b.decrypt({ value: x, aad: 'x' })).toBe('one');
    // Another master key cannot read the data keys.
    const stranger = new FieldCipher({ db: t.database.db, masterKey: randomBytes(32) });
    await expect(stranger.decrypt({ value: x, aad: 'x' })).rejects.toThrow(DecryptionError);
  });

  it.skipIf(skip)('rotation: old values stay readable, then are re-encrypted under the new key and the old key retires', async () => {
    const cipher = new FieldCipher({ db: t.database.db, masterKey: master });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const u = await t.database.db.insertInto('users').values({ email: `rot${i}@example.org`, display_name: `R ${i}` }).returning('id').executeTakeFirstOrThrow();
      const value = await cipher.encrypt({ plaintext: `SECRET${i}`, aad: fieldAad({ table: 'users', column: 'totp_secret_enc', rowId: u.id }) });
      await t.database.db.updateTable('users').set({ totp_secret_enc: value }).where('id', '=', u.id).execute();
      ids.push(u.id);
    }
    const oldKey = await cipher.activeKeyId();
    const before = await t.database.db.selectFrom('users').select(['id', 'totp_secret_enc']).where('id', 'in', ids).execute();

    const progress: string[] = [];
    const report = await systemRotateKeys({ db: t.database.db, cipher, batch: 3, audit: system, onProgress: (m) => progress.push(m) });
    expect(report.newKeyId).not.toBe(oldKey);
    expect(report.reencrypted).toBeGreaterThanOrEqual(7);
    expect(report.retired).toContain(oldKey);
    expect(report.stillInUse).toEqual([]);
    expect(progress.some((m) => /users\.totp_secret_enc: \d+\/\d+ checked/.test(m))).toBe(true);

    const after = await t.database.db.selectFrom('users').select(['id', 'totp_secret_enc']).where('id', 'in', ids).execute();
    for (const row of after) {
      expect(keyIdOf(row.totp_secret_enc!)).toBe(report.newKeyId);
      const aad = fieldAad({ table: 'users', column: 'totp_secret_enc', rowId: row.id });
      expect(await cipher.decrypt({ value: row.totp_secret_enc!, aad })).toBe(`SECRET${ids.indexOf(row.id)}`);
    }
    // A value saved before rotation (e.g. in a backup) is still readable with the retired key.
    const old = before[0]!;
    expect(keyIdOf(old.totp_secret_enc!)).toBe(oldKey);
    const fresh = new FieldCipher({ db: t.database.db, masterKey: master });
    expect(await fresh.decrypt({ value: old.totp_secret_enc!, aad: fieldAad({ table: 'users', column: 'totp_secret_enc', rowId: old.id }) })).toBe(`SECRET${ids.indexOf(old.id)}`);

    const keys = await t.database.db.selectFrom('encryption_keys').selectAll().execute();
    expect(keys.filter((k) => k.is_active).map((k) => k.id)).toEqual([report.newKeyId]);
    expect(keys.find((k) => k.id === oldKey)?.retired_at).not.toBeNull();
    const usage = await keyUsage({ db: t.database.db });
    expect(usage.find((u) => u.keyId === report.newKeyId)?.values).toBe(7);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'keys.rotate').execute();
    expect(audit.length).toBe(2);
  });

  it.skipIf(skip)('a value copied to another row does not decrypt there', async () => {
    const cipher = new FieldCipher({ db: t.database.db, masterKey: master });
    const rows = await t.database.db.selectFrom('users').select(['id', 'totp_secret_enc']).where('totp_secret_enc', 'is not', null).limit(2).execute();
    const [a, b] = rows;
    await expect(cipher.decrypt({ value: a!.totp_secret_enc!, aad: fieldAad({ table: 'users', column: 'totp_secret_enc', rowId: b!.id }) })).rejects.toThrow(DecryptionError);
  });
});
