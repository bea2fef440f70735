/**
 * Second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of tolerance each way, no code
 * accepted twice) and single-use recovery codes (random, stored as SHA-256).
 */
import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';

registerEncryptedColumn({ table: 'users', column: 'totp_secret_enc' });
registerEncryptedColumn({ table: 'users', column: 'totp_pending_enc' });

export const TOTP_ISSUER = 'Ponte';
const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
/** No 0/O, 1/I/L: codes are typed from paper. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function totpSetupMaterial(options: { secret: string; accountName: string }): Promise<{ otpauthUrl: string; qrSvg: string }> {
  const otpauthUrl = generateURI({ issuer: TOTP_ISSUER, label: options.accountName, secret: options.secret });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUrl, qrSvg };
}

/**
 * Checks a TOTP code at `now`. Returns the time step it matched (to store, so that it is never
 * accepted again) or null.
 */
export async function checkTotp(options: { secret: string; code: string; now: Date; lastStep: number | null }): Promise<number | null> {
  try {
    const result = await verify({
      secret: options.secret,
      token: options.code,
      epoch: Math.floor(options.now.getTime() / 1000),
      period: PERIOD_SECONDS,
      epochTolerance: PERIOD_SECONDS,
      ...(options.lastStep !== null ? { afterTimeStep: options.lastStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

type Executor = Kysely<DB> | Transaction<DB>;

function totpAad(userId: string, column: 'totp_secret_enc' | 'totp_pending_enc'): string {
  return fieldAad({ table: 'users', column, rowId: userId });
}

export function encryptTotpSecret(options: { cipher: FieldCipher; userId: string; secret: string; column: 'totp_secret_enc' | 'totp_pending_enc'; db: Executor }): Promise<string> {
  return options.cipher.encrypt({ plaintext: options.secret, aad: totpAad(options.userId, options.column), db: options.db });
}

export function decryptTotpSecret(options: { cipher: FieldCipher; userId: string; value: string; column: 'totp_secret_enc' | 'totp_pending_enc'; db: Executor }): Promise<string> {
  return options.cipher.decrypt({ value: options.value, aad: totpAad(options.userId, options.column), db: options.db });
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let raw = '';
    for (let i = 0; i < 10; i++) raw += RECOVERY_ALPHABET.charAt(randomInt(RECOVERY_ALPHABET.length));
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** Case, spaces and hyphens do not matter when a recovery code is typed. */
export function hashRecoveryCode(code: string): string {
  const normalised = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return createHash('sha256').update(`ponte-recovery\u0000${normalised}`).digest('hex');
}

/** Replaces the user's recovery codes with a new set; returns the codes (shown once). */
export async function replaceRecoveryCodes(options: { db: Transaction<DB>; userId: string; now: Date }): Promise<string[]> {
  const codes = newRecoveryCodes();
  await options.db.deleteFrom('recovery_codes').where('user_id', '=', options.userId).execute();
  await options.db
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ user_id: options.userId, code_hash: hashRecoveryCode(c), created_at: options.now })))
    .execute();
  return codes;
}

/** Uses up a recovery code; true when it existed and had not been used. */
export async function consumeRecoveryCode(options: { db: Transaction<DB>; userId: string; code: string; now: Date }): Promise<boolean> {
  const used = await options.db
    .updateTable('recovery_codes')
    .set({ used_at: options.now })
    .where('user_id', '=', options.userId)
    .where('code_hash', '=', hashRecoveryCode(options.code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) > 0;
}
