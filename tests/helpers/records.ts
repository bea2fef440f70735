/**
 * Test fixtures for persons and cases written straight to the database in the stored form the
 * persons and cases features use (identity encrypted with the app's cipher and bound to its row,
 * linkage encoding indexed), for tests that need a record to act on without going through the API.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { FieldCipher } from '../../src/server/platform/crypto.ts';
import type { Encoder } from '../../src/domain/linkage/index.ts';
import { newCaseCode, newPersonCode, type StoredIdentity } from '../../src/domain/persons/index.ts';
import { indexPerson, linkageIdentity } from '../../src/server/features/persons/linkage-store.ts';
import { sealStoredIdentity } from '../../src/server/features/persons/identity.ts';
import type { CasePhase } from '../../src/domain/cases/index.ts';

export interface RecordServices {
  db: Kysely<DB>;
  cipher: FieldCipher;
  linkage: Encoder;
}

export async function insertPerson(options: RecordServices & { orgId: string; identity?: Partial<StoredIdentity>; sex?: string; citizenships?: string[] }): Promise<{ id: string; code: string }> {
  const id = randomUUID();
  const code = newPersonCode();
  const identity: StoredIdentity = {
    names: [{ kind: 'primary', given: 'Amina', family: 'Fixture' }],
    documents: [],
    phones: [],
    children: [],
    ...options.identity,
  };
  const identityEnc = await sealStoredIdentity({ cipher: options.cipher, personId: id, identity });
  await options.db
    .insertInto('persons')
    .values({
      id,
      code,
      owner_org_id: options.orgId,
      identity_enc: identityEnc,
      sex: options.sex ?? null,
      citizenships: options.citizenships ?? [],
    })
    .execute();
  await indexPerson({
    db: options.db,
    encoder: options.linkage,
    personId: id,
    identity: linkageIdentity({ identity, sex: options.sex ?? null, citizenships: options.citizenships ?? [] }),
  });
  return { id, code };
}

export async function insertCase(options: { db: Kysely<DB>; orgId: string; personId: string; phase?: CasePhase; caseWorkerId?: string }): Promise<{ id: string; code: string }> {
  const phase = options.phase ?? 'contact';
  const code = newCaseCode(new Date().getUTCFullYear());
  const row = await options.db
    .insertInto('cases')
    .values({
      code,
      person_id: options.personId,
      org_id: options.orgId,
      case_worker_id: options.caseWorkerId ?? null,
      phase,
      status: 'Active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await options.db.insertInto('case_phase_history').values({ case_id: row.id, from_phase: null, to_phase: phase }).execute();
  return { id: row.id, code };
}
