/**
 * Reading and writing a person's stored identity (persons.identity_enc: the StoredIdentity JSON, encrypted and
 * bound to persons.identity_enc#<id>). Shared by every feature that needs a name or a birth date;
 * callers audit the read with the field names they used.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { StoredIdentity } from '../../../domain/persons/schema.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { personColumns } from './encrypted.ts';

export async function readStoredIdentity(options: {
  cipher: FieldCipher;
  personId: string;
  identityEnc: string;
  db?: Kysely<DB> | Transaction<DB>;
}): Promise<StoredIdentity> {
  const plaintext = await options.cipher.decrypt({
    value: options.identityEnc,
    aad: fieldAad({ ...personColumns.identity, rowId: options.personId }),
    ...(options.db ? { db: options.db } : {}),
  });
  return JSON.parse(plaintext) as StoredIdentity;
}

/** Encrypts a person's identity for persons.identity_enc, bound to the person's row. */
export function sealStoredIdentity(options: {
  cipher: FieldCipher;
  personId: string;
  identity: StoredIdentity;
  db?: Kysely<DB> | Transaction<DB>;
}): Promise<string> {
  return options.cipher.encrypt({
    plaintext: JSON.stringify(options.identity),
    aad: fieldAad({ ...personColumns.identity, rowId: options.personId }),
    ...(options.db ? { db: options.db } : {}),
  });
}

/** The name to show for a person: the primary name (given family, or full), else the first name given. */
export function personDisplayName(identity: Pick<StoredIdentity, 'names'>): string | null {
  const primary = identity.names.find((n) => n.kind === 'primary') ?? identity.names[0];
  if (!primary) return null;
  const parts = [primary.given, primary.family].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(' ') : (primary.full ?? null);
}
