/**
 * Generated persons (src/domain/linkage/generate.ts) as person records of the persons feature:
 * the stored identity, sex and citizenships, and the encrypted external reference. Used by the
 * duplicates benchmark's fast loader (duplicates-fast-load.ts) and by the duplicates tests.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import type { GeneratedPerson } from '../src/domain/linkage/index.ts';
import type { StoredIdentity } from '../src/domain/persons/index.ts';
import { identityDocumentTypes, type IdentityDocument } from '../src/domain/persons/schema.ts';
import { fieldAad, type FieldCipher } from '../src/server/platform/crypto.ts';
import { populations } from '../src/domain/linkage/names.ts';

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
