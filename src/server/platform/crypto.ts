/**
 * Field encryption at rest: AES-256-GCM with data keys kept in table `encryption_keys`, each data
 * key wrapped (AES-256-GCM) by the master key, which never enters the database.
 *
 * A text value is stored as `v1:<keyId>:<iv b64>:<tag b64>:<ciphertext b64>`; a binary value
 * (documents) as `PNT1 | len(keyId) | keyId | iv | tag | ciphertext`. Every value is bound to
 * associated data (AAD) naming where it lives — table, column and row id, see `fieldAad` — so a
 * value copied to another row or column fails to decrypt instead of being silently accepted.
 *
 * Master key: config PONTE_MASTER_KEY (base64 of 32 bytes) or PONTE_MASTER_KEY_FILE; outside
 * production, when neither is set, a key file `<PONTE_DATA_DIR>/master.key` is created (mode 0600).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Config } from './config.ts';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const BUFFER_MAGIC = Buffer.from('PNT1', 'ascii');
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** How long a cached "active key" is trusted before asking the database again (after a rotation). */
const ACTIVE_KEY_TTL_MS = 60_000;

type Executor = Kysely<DB> | Transaction<DB>;

/** Decryption failed: wrong key, wrong AAD, or the stored value was altered. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`decryption failed: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/** The AAD convention for an encrypted column: where the value lives. */
export function fieldAad(options: { table: string; column: string; rowId: string }): string {
  return `${options.table}.${options.column}#${options.rowId}`;
}

function aadBytes(keyId: string, aad: string): Buffer {
  return Buffer.from(`${FORMAT}\u0000${keyId}\u0000${aad}`, 'utf8');
}

function gcmSeal(key: Buffer, aad: Buffer, plaintext: Buffer): { iv: Buffer; tag: Buffer; ct: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ct };
}

function gcmOpen(key: Buffer, aad: Buffer, parts: { iv: Buffer; tag: Buffer; ct: Buffer }): Buffer {
  if (parts.iv.length !== IV_BYTES || parts.tag.length !== TAG_BYTES) throw new DecryptionError('malformed value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.ct), decipher.final()]);
  } catch {
    throw new DecryptionError('authentication failed');
  }
}

// ---------------------------------------------------------------------------------------------
// Pure primitives (one known key): used by the key ring below and by tests.

export function sealText(options: { key: Buffer; keyId: string; plaintext: string; aad: string }): string {
  const { iv, tag, ct } = gcmSeal(options.key, aadBytes(options.keyId, options.aad), Buffer.from(options.plaintext, 'utf8'));
  return [FORMAT, options.keyId, iv.toString('base64'), tag.toString('base64'), ct.toString('base64')].join(':');
}

export interface ParsedText {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ct: Buffer;
}

/** Splits a stored text value; throws DecryptionError when it is not one. */
export function parseSealedText(value: string): ParsedText {
  const parts = value.split(':');
  const [format, keyId, iv, tag, ct] = parts;
  if (parts.length !== 5 || format !== FORMAT || !keyId || !KEY_ID.test(keyId) || iv === undefined || tag === undefined || ct === undefined) {
    throw new DecryptionError('not an encrypted value');
  }
  return { keyId, iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), ct: Buffer.from(ct, 'base64') };
}

export function openText(options: { key: Buffer; value: string; aad: string }): string {
  const parsed = parseSealedText(options.value);
  return gcmOpen(options.key, aadBytes(parsed.keyId, options.aad), parsed).toString('utf8');
}

export function sealBuffer(options: { key: Buffer; keyId: string; data: Buffer; aad: string }): Buffer {
  const id = Buffer.from(options.keyId, 'ascii');
  const { iv, tag, ct } = gcmSeal(options.key, aadBytes(options.keyId, options.aad), options.data);
  return Buffer.concat([BUFFER_MAGIC, Buffer.from([id.length]), id, iv, tag, ct]);
}

export function parseSealedBuffer(data: Buffer): ParsedText {
  const header = BUFFER_MAGIC.length;
  if (data.length < header + 1 || !data.subarray(0, header).equals(BUFFER_MAGIC)) throw new DecryptionError('not an encrypted value');
  const idLength = data[header] ?? 0;
  const idEnd = header + 1 + idLength;
  const keyId = data.subarray(header + 1, idEnd).toString('ascii');
  if (!KEY_ID.test(keyId) || data.length < idEnd + IV_BYTES + TAG_BYTES) throw new DecryptionError('not an encrypted value');
  return {
    keyId,
    iv: data.subarray(idEnd, idEnd + IV_BYTES),
    tag: data.subarray(idEnd + IV_BYTES, idEnd + IV_BYTES + TAG_BYTES),
    ct: data.subarray(idEnd + IV_BYTES + TAG_BYTES),
  };
}

export function openBuffer(options: { key: Buffer; data: Buffer; aad: string }): Buffer {
  const parsed = parseSealedBuffer(options.data);
  return gcmOpen(options.key, aadBytes(parsed.keyId, options.aad), parsed);
}

/** Which data key encrypted a stored value (text or binary), or null when it is not one. */
export function keyIdOf(value: string | Buffer): string | null {
  try {
    return typeof value === 'string' ? parseSealedText(value).keyId : parseSealedBuffer(value).keyId;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Wrapping data keys with the master key.

export function wrapDataKey(options: { masterKey: Buffer; keyId: string; dataKey: Buffer }): string {
  const { iv, tag, ct } = gcmSeal(options.masterKey, Buffer.from(`ponte-data-key\u0000${options.keyId}`, 'utf8'), options.dataKey);
  return Buffer.concat([iv, tag, ct]).toString('base64');
}

export function unwrapDataKey(options: { masterKey: Buffer; keyId: string; wrapped: string }): Buffer {
  const raw = Buffer.from(options.wrapped, 'base64');
  try {
    const key = gcmOpen(options.masterKey, Buffer.from(`ponte-data-key\u0000${options.keyId}`, 'utf8'), {
      iv: raw.subarray(0, IV_BYTES),
      tag: raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
      ct: raw.subarray(IV_BYTES + TAG_BYTES),
    });
    if (key.length !== KEY_BYTES) throw new DecryptionError('bad key length');
    return key;
  } catch {
    throw new DecryptionError(`data key ${options.keyId} cannot be unwrapped: the master key does not match this database`);
  }
}

function newKeyId(): string {
  return `k${randomBytes(8).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// The key ring: data keys from the database, unwrapped in memory.

/**
 * Encrypts and decrypts field values with the database's data keys. One instance per process
 * (app.services.cipher). Inside a transaction, pass its `db` so key look-ups use the same
 * connection (the embedded engine has only one).
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private active: { id: string; key: Buffer; checkedAt: number } | null = null;
  private readonly db: Kysely<DB>;
  private readonly masterKey: Buffer;
  private readonly now: () => number;

  constructor(options: { db: Kysely<DB>; masterKey: Buffer; now?: () => number }) {
    if (options.masterKey.length !== KEY_BYTES) throw new Error('the master key must be 32 bytes');
    this.db = options.db;
    this.masterKey = options.masterKey;
    this.now = options.now ?? Date.now;
  }

  async encrypt(options: { plaintext: string; aad: string; db?: Executor }): Promise<string> {
    const { id, key } = await this.activeKey(options.db);
    return sealText({ key, keyId: id, plaintext: options.plaintext, aad: options.aad });
  }

  async decrypt(options: { value: string; aad: string; db?: Executor }): Promise<string> {
    const key = await this.keyFor(parseSealedText(options.value).keyId, options.db);
    return openText({ key, value: options.value, aad: options.aad });
  }

  async encryptBuffer(options: { data: Buffer; aad: string; db?: Executor }): Promise<Buffer> {
    const { id, key } = await this.activeKey(options.db);
    return sealBuffer({ key, keyId: id, data: options.data, aad: options.aad });
  }

  async decryptBuffer(options: { data: Buffer; aad: string; db?: Executor }): Promise<Buffer> {
    const key = await this.keyFor(parseSealedBuffer(options.data).keyId, options.db);
    return openBuffer({ key, data: options.data, aad: options.aad });
  }

  /** The id of the key new values are encrypted with (creating the first key if there is none). */
  async activeKeyId(db?: Executor): Promise<string> {
    return (await this.activeKey(db)).id;
  }

  /** Forgets the cached active key (after a rotation in this process). */
  invalidate(): void {
    this.active = null;
  }

  /**
   * Makes a new active data key; the previous one stops being active but keeps decrypting.
   * System work (key rotation): call it inside the caller's transaction.
   */
  async systemCreateActiveKey(options: { db: Transaction<DB> }): Promise<{ keyId: string; previousKeyIds: string[] }> {
    const previous = await options.db
      .updateTable('encryption_keys')
      .set({ is_active: false })
      .where('is_active', '=', true)
      .returning('id')
      .execute();
    const keyId = newKeyId();
    const dataKey = randomBytes(KEY_BYTES);
    await options.db
      .insertInto('encryption_keys')
      .values({ id: keyId, wrapped_key: wrapDataKey({ masterKey: this.masterKey, keyId, dataKey }), is_active: true })
      .execute();
    this.keys.set(keyId, dataKey);
    this.active = null;
    return { keyId, previousKeyIds: previous.map((r) => r.id) };
  }

  private async activeKey(db?: Executor): Promise<{ id: string; key: Buffer }> {
    if (this.active && this.now() - this.active.checkedAt < ACTIVE_KEY_TTL_MS) return this.active;
    const executor = db ?? this.db;
    let row = await executor.selectFrom('encryption_keys').select(['id', 'wrapped_key']).where('is_active', '=', true).executeTakeFirst();
    let createdInCallerTransaction = false;
    if (!row) {
      createdInCallerTransaction = db !== undefined;
      // First use: make the first data key. Two processes racing here: the unique index on the
      // active flag lets one win; the other reads the winner's key.
      const id = newKeyId();
      const dataKey = randomBytes(KEY_BYTES);
      await executor
        .insertInto('encryption_keys')
        .values({ id, wrapped_key: wrapDataKey({ masterKey: this.masterKey, keyId: id, dataKey }), is_active: true })
        .onConflict((oc) => oc.column('is_active').where('is_active', '=', true).doNothing())
        .execute();
      row = await executor.selectFrom('encryption_keys').select(['id', 'wrapped_key']).where('is_active', '=', true).executeTakeFirstOrThrow();
    }
    const key = this.keys.get(row.id) ?? unwrapDataKey({ masterKey: this.masterKey, keyId: row.id, wrapped: row.wrapped_key });
    this.keys.set(row.id, key);
    const active = { id: row.id, key, checkedAt: this.now() };
    // A key made inside the caller's transaction is gone if that transaction rolls back: it is
    // not remembered as the active key until it is read back from the database.
    this.active = createdInCallerTransaction ? null : active;
    return active;
  }

  private async keyFor(keyId: string, db?: Executor): Promise<Buffer> {
    const cached = this.keys.get(keyId);
    if (cached) return cached;
    const row = await (db ?? this.db).selectFrom('encryption_keys').select(['id', 'wrapped_key']).where('id', '=', keyId).executeTakeFirst();
    if (!row) throw new DecryptionError(`unknown data key ${keyId}`);
    const key = unwrapDataKey({ masterKey: this.masterKey, keyId: row.id, wrapped: row.wrapped_key });
    this.keys.set(row.id, key);
    return key;
  }
}

// ---------------------------------------------------------------------------------------------
// The master key.

function decodeMasterKey(text: string, origin: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/]{43}=$/.test(text.trim())) {
    throw new Error(`${origin}: the master key must be 32 bytes in base64 (44 characters)`);
  }
  return key;
}

/**
 * Loads the master key from config. Outside production, with no key configured, creates the key
 * file `<PONTE_DATA_DIR>/master.key` (mode 0600) and warns: that file must be backed up, and
 * losing it makes every encrypted field unreadable.
 */
export function loadMasterKey(options: {
  config: Pick<Config, 'NODE_ENV' | 'PONTE_MASTER_KEY' | 'PONTE_MASTER_KEY_FILE' | 'PONTE_DATA_DIR'>;
  warn: (message: string) => void;
}): Buffer {
  const { config, warn } = options;
  if (config.PONTE_MASTER_KEY && config.PONTE_MASTER_KEY_FILE) {
    throw new Error('Set only one of PONTE_MASTER_KEY and PONTE_MASTER_KEY_FILE.');
  }
  if (config.PONTE_MASTER_KEY) return decodeMasterKey(config.PONTE_MASTER_KEY, 'PONTE_MASTER_KEY');
  if (config.PONTE_MASTER_KEY_FILE) return readKeyFile(config.PONTE_MASTER_KEY_FILE, warn, config.NODE_ENV === 'production');
  if (config.NODE_ENV === 'production') {
    throw new Error('No master key: set PONTE_MASTER_KEY or PONTE_MASTER_KEY_FILE (Ponte refuses to start in production without one).');
  }
  if (config.PONTE_DATA_DIR.startsWith('memory://')) {
    warn('No master key configured: using a temporary one for this in-memory database.');
    return randomBytes(KEY_BYTES);
  }
  const path = resolve(join(config.PONTE_DATA_DIR, 'master.key'));
  if (existsSync(path)) return readKeyFile(path, warn);
  mkdirSync(resolve(config.PONTE_DATA_DIR), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  warn(
    `No master key configured: created ${path} (mode 0600). Encrypted fields cannot be read without it: ` +
      'back it up apart from the database, and in production set PONTE_MASTER_KEY or PONTE_MASTER_KEY_FILE.',
  );
  return readKeyFile(path, warn);
}

function readKeyFile(path: string, warn: (message: string) => void, strict = false): Buffer {
  if (!existsSync(path)) throw new Error(`Master key file ${path} does not exist.`);
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const message = `Master key file ${path} is readable by other users (mode ${mode.toString(8)}): chmod 600 it.`;
    // In production a key others can read protects nothing: refuse to start.
    if (strict) throw new Error(message);
    warn(message);
  }
  return decodeMasterKey(readFileSync(path, 'utf8'), path);
}

/**
 * The linkage key (keyed encodings of persons for search and duplicate detection), derived from
 * the master key so that it is kept, backed up and withheld exactly like it. Changing it means
 * re-encoding every person.
 */
export function deriveLinkageKey(masterKey: Buffer): Buffer {
  if (masterKey.length !== KEY_BYTES) throw new Error('the master key must be 32 bytes');
  return createHmac('sha256', masterKey).update('ponte-linkage-key-v1').digest();
}

/**
 * A keyed blind index (HMAC-SHA256, base64url) of a value for exact look-ups of encrypted values
 * (e.g. an organisation's external reference), under a key derived from the master key per purpose.
 */
export function blindIndex(options: { masterKey: Buffer; purpose: string; value: string }): string {
  const key = createHmac('sha256', options.masterKey).update(`ponte-blind-index\u0000${options.purpose}`).digest();
  return createHmac('sha256', key).update(options.value, 'utf8').digest('base64url');
}
