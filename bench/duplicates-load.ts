/**
 * Generated persons (src/domain/linkage/generate.ts) in the stored form of the persons feature:
 * the identity encrypted and bound to its row, the external reference encrypted, the linkage
 * encoding and blocking keys indexed. Used by the duplicates benchmark (bulk, multi-row inserts)
 * and by tests/duplicates/pairs.db.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { blockingKeyBytes, toStoredEncoding, type Encoder, type GeneratedPerson } from '../src/domain/linkage/index.ts';
import { newPersonCode, type StoredIdentity } from '../src/domain/persons/index.ts';
import { identityDocumentTypes, type IdentityDocument } from '../src/domain/persons/schema.ts';
import { fieldAad, type FieldCipher } from '../src/server/platform/crypto.ts';
import { populations } from '../src/domain/linkage/names.ts';
import { linkageIdentity } from '../src/server/features/persons/linkage-store.ts';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
/** The generator writes citizenships as ISO alpha-3; persons hold alpha-2. */
const alpha2 = new Map(populations.map((p) => [p.citizenship, p.code]));

/** The person record a generated identity stands for: stored identity, HTCDS sex, citizenships. */
export function personOf(g: GeneratedPerson): { identity: StoredIdentity; sex: string | null; citizenships: string[] } {
  const id = g.identity;
  const b = id.birthDate;
  const birth: StoredIdentity['birth'] = !b
    ? undefined
    : b.kind === 'exact'
      ? { birthDate: `${pad(b.year, 4)}-${pad(b.month)}-${pad(b.day)}` }
      : b.kind === 'year'
        ? { estimatedYear: b.year }
        : { estimatedFrom: `${pad(b.fromYear, 4)}-01-01`, estimatedTo: `${pad(b.toYear, 4)}-12-31` };
  const docType = (t: string | undefined): IdentityDocument['type'] => ((identityDocumentTypes as readonly string[]).includes(t ?? '') ? (t as IdentityDocument['type']) : 'other');
  return {
    identity: {
      names: id.names.map((n, i) => ({ kind: i === 0 ? 'primary' : 'alias', ...n })),
      ...(birth ? { birth } : {}),
      documents: (id.documents ?? []).map((d) => ({ type: docType(d.type), number: d.number })),
      phones: [...(id.phones ?? [])],
      children: [],
    },
    sex: id.sex === 'female' ? 'Feminine' : id.sex === 'male' ? 'Masculine' : null,
    citizenships: (id.citizenships ?? []).map((c) => alpha2.get(c) ?? c),
  };
}

export async function encryptExternalRef(options: { cipher: FieldCipher; db: Kysely<DB>; personId: string; externalRef: string }): Promise<string> {
  return options.cipher.encrypt({ plaintext: options.externalRef, aad: fieldAad({ table: 'persons', column: 'external_ref_enc', rowId: options.personId }), db: options.db });
}

/**
 * Loads generated persons in one transaction per call, with multi-row inserts: persons (identity
 * and external reference encrypted), person_linkage, person_blocking_keys. Returns the new ids
 * in the order of `records`.
 */
export async function systemBulkLoad(options: { db: Kysely<DB>; cipher: FieldCipher; encoder: Encoder; orgIds: readonly string[]; records: readonly GeneratedPerson[]; offset?: number }): Promise<{ ids: string[]; keys: number }> {
  const { db, cipher, encoder, orgIds, records } = options;
  const persons: Insertable<DB['persons']>[] = [];
  const linkage: { person_id: string; encoding: string }[] = [];
  const keys: { key: Uint8Array; person_id: string }[] = [];
  const ids: string[] = [];
  for (const [i, g] of records.entries()) {
    const id = randomUUID();
    ids.push(id);
    const p = personOf(g);
    const identityEnc = await cipher.encrypt({ plaintext: JSON.stringify(p.identity), aad: fieldAad({ table: 'persons', column: 'identity_enc', rowId: id }), db });
    const externalRefEnc = await encryptExternalRef({ cipher, db, personId: id, externalRef: g.externalRef });
    persons.push({
      id,
      code: newPersonCode(),
      owner_org_id: orgIds[((options.offset ?? 0) + i) % orgIds.length] ?? '',
      identity_enc: identityEnc,
      external_ref_enc: externalRefEnc,
      sex: p.sex,
      citizenships: p.citizenships,
    });
    const encoded = encoder.encodePerson(linkageIdentity({ identity: p.identity, sex: p.sex, citizenships: p.citizenships }));
    linkage.push({ person_id: id, encoding: toStoredEncoding(encoded) });
    for (const k of new Set(encoded.blockingKeys)) keys.push({ key: blockingKeyBytes(k), person_id: id });
  }
  await db.transaction().execute(async (trx) => {
    // PostgreSQL takes at most 65535 parameters per statement
    for (let i = 0; i < persons.length; i += 5000) await trx.insertInto('persons').values(persons.slice(i, i + 5000)).execute();
    for (let i = 0; i < linkage.length; i += 20_000) await trx.insertInto('person_linkage').values(linkage.slice(i, i + 20_000)).execute();
    for (let i = 0; i < keys.length; i += 30_000) await trx.insertInto('person_blocking_keys').values(keys.slice(i, i + 30_000)).execute();
  });
  return { ids, keys: keys.length };
}
