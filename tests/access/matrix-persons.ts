/** Access matrix rows of persons, duplicates and merges (see matrix.ts). */
import { randomUUID } from 'node:crypto';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import { FieldCipher, fieldAad } from '../../src/server/platform/crypto.ts';
import { TEST_MASTER_KEY } from '../helpers/app.ts';

// --- duplicates and merges ----------------------------------------------------------------
/** Built-in roles holding persons.read. */
const personReaders = ['coordinator', 'case_worker', 'outreach_worker', 'desk_worker', 'specialist', 'shelter_coordinator'] as const satisfies readonly BuiltinRoleKey[];
/** Built-in roles holding persons.write. */
const personWriters = ['case_worker', 'desk_worker'] as const satisfies readonly BuiltinRoleKey[];
/** Built-in roles holding cases.approve. */
const approvers = ['coordinator'] as const satisfies readonly BuiltinRoleKey[];

/** Two fresh persons of the matrix organisation, for the next merge request body. */
let mergePair: { kept: string; merged: string } | undefined;

/** A merge of the matrix organisation requested by the fixture user (not a matrix role), optionally already approved. */
async function newMerge(f: MatrixFixtures, status: 'requested' | 'approved'): Promise<string> {
  const kept = await f.newPerson();
  const merged = await f.newPerson();
  const id = randomUUID();
  let movedEnc: string | null = null;
  if (status === 'approved') {
    await f.db.updateTable('persons').set({ merged_into_id: kept }).where('id', '=', merged).execute();
    const cipher = new FieldCipher({ db: f.db, masterKey: TEST_MASTER_KEY });
    movedEnc = await cipher.encrypt({ plaintext: JSON.stringify({ cases: [], names: [], documents: [], phones: [] }), aad: fieldAad({ table: 'person_merges', column: 'moved_enc', rowId: id }) });
  }
  const versions = await f.db.selectFrom('persons').select(['id', 'version']).where('id', 'in', [kept, merged]).execute();
  const version = (pid: string): number => versions.find((v) => v.id === pid)?.version ?? 1;
  await f.db
    .insertInto('person_merges')
    .values({ id, org_id: f.orgId, kept_person_id: kept, merged_person_id: merged, status, requested_by: f.userId, moved_enc: movedEnc, kept_version: version(kept), merged_version: version(merged), ...(status === 'approved' ? { decided_by: f.userId, decided_at: new Date() } : {}) })
    .execute();
  return id;
}

const duplicateEndpoints: readonly EndpointCase[] = [
  {
    method: 'POST', route: '/api/persons/duplicates', path: () => '/api/persons/duplicates',
    body: () => ({ names: [{ kind: 'primary', given: 'Amina', family: 'Fixture' }], birth: { estimatedYear: 1995 } }),
    allowed: personReaders, denied: 404, deniedAction: 'person.duplicates_check',
  },
  { method: 'GET', route: '/api/persons/:id/duplicates', path: async (f) => `/api/persons/${await f.newPerson()}/duplicates`, allowed: personReaders, denied: 404, deniedAction: 'person.duplicates_check' },
  {
    method: 'POST', route: '/api/persons/merges',
    path: async (f) => {
      mergePair = { kept: await f.newPerson(), merged: await f.newPerson() };
      return '/api/persons/merges';
    },
    body: () => ({ keptPersonId: mergePair?.kept, mergedPersonId: mergePair?.merged, reason: 'Stessa persona registrata due volte' }),
    allowed: personWriters, denied: 404, deniedAction: 'person.merge_request',
  },
  { method: 'GET', route: '/api/persons/merges', path: () => '/api/persons/merges?status=requested', allowed: personReaders, denied: 404, deniedAction: 'person.list' },
  { method: 'POST', route: '/api/persons/merges/:id/approve', path: async (f) => `/api/persons/merges/${await newMerge(f, 'requested')}/approve`, allowed: approvers, denied: 404, deniedAction: 'person.merge_approve' },
  { method: 'POST', route: '/api/persons/merges/:id/reject', path: async (f) => `/api/persons/merges/${await newMerge(f, 'requested')}/reject`, allowed: approvers, denied: 404, deniedAction: 'person.merge_reject' },
  { method: 'POST', route: '/api/persons/merges/:id/revert', path: async (f) => `/api/persons/merges/${await newMerge(f, 'approved')}/revert`, allowed: approvers, denied: 404, deniedAction: 'person.merge_revert' },
];

export const personEndpoints: readonly EndpointCase[] = [
  // --- persons registry (rows of the persons feature first) --------------------------------
  { method: 'GET', route: '/api/reference/countries', path: () => '/api/reference/countries', allowed: 'any', denied: 404 },
  { method: 'GET', route: '/api/reference/languages', path: () => '/api/reference/languages', allowed: 'any', denied: 404 },
  { method: 'GET', route: '/api/persons', path: () => '/api/persons?q=Amina', allowed: personReaders, denied: 404, deniedAction: 'person.search' },
  {
    method: 'POST', route: '/api/persons', path: () => '/api/persons',
    body: (f) => ({ names: [{ kind: 'primary', given: 'Selam', family: `Prova ${f.unique()}` }], birth: { estimatedYear: 1999 }, citizenships: ['ER'], languages: ['tir'] }),
    allowed: personWriters, denied: 404, deniedAction: 'person.create',
  },
  { method: 'GET', route: '/api/persons/:id', path: async (f) => `/api/persons/${await f.newPerson()}`, allowed: personReaders, denied: 404, deniedAction: 'person.read' },
  {
    method: 'PATCH', route: '/api/persons/:id', path: async (f) => `/api/persons/${await f.newPerson()}`,
    body: (f) => ({ version: 1, notes: `Nota ${f.unique()}` }),
    allowed: personWriters, denied: 404, deniedAction: 'person.update',
  },
  // rows of other person endpoints go before this line
  ...duplicateEndpoints,
];
