/**
 * Database access of the persons feature (Kysely). Rows come back encrypted: service.ts decrypts.
 * Every query that reads persons for a caller filters with `personVisibleTo` (scope.ts).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { caseVisibleTo, personVisibleTo, type ScopeActor } from './scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Case statuses counted as open in lists (HTCDS). */
export const openCaseStatuses = ['Active', 'FollowUp'] as const;

export interface PersonRow {
  id: string;
  code: string;
  owner_org_id: string;
  identity_enc: string;
  notes_enc: string | null;
  external_ref_enc: string | null;
  sex: string | null;
  citizenships: string[];
  languages: string[];
  vulnerabilities: string[];
  merged_into_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface PersonValues {
  id: string;
  code: string;
  ownerOrgId: string;
  identityEnc: string;
  notesEnc: string | null;
  externalRefEnc: string | null;
  externalRefIndex: string | null;
  sex: string | null;
  citizenships: string[];
  languages: string[];
  vulnerabilities: string[];
  createdBy: string | null;
  now: Date;
}

const personColumns = [
  'persons.id',
  'persons.code',
  'persons.owner_org_id',
  'persons.identity_enc',
  'persons.notes_enc',
  'persons.external_ref_enc',
  'persons.sex',
  'persons.citizenships',
  'persons.languages',
  'persons.vulnerabilities',
  'persons.merged_into_id',
  'persons.created_at',
  'persons.updated_at',
  'persons.version',
] as const;

export async function codeTaken(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('persons').select('id').where('code', '=', code).executeTakeFirst());
}

/** Which of these external-reference blind indexes are already used. */
export async function takenExternalRefs(db: Executor, indexes: readonly string[]): Promise<Set<string>> {
  if (indexes.length === 0) return new Set();
  const rows = await db.selectFrom('persons').select('external_ref_index').where('external_ref_index', 'in', [...indexes]).execute();
  return new Set(rows.map((r) => r.external_ref_index).filter((x): x is string => x !== null));
}

export async function insertPersons(db: Executor, rows: readonly PersonValues[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('persons')
    .values(
      rows.map((v) => ({
        id: v.id,
        code: v.code,
        owner_org_id: v.ownerOrgId,
        identity_enc: v.identityEnc,
        notes_enc: v.notesEnc,
        external_ref_enc: v.externalRefEnc,
        external_ref_index: v.externalRefIndex,
        sex: v.sex,
        citizenships: v.citizenships,
        languages: v.languages,
        vulnerabilities: v.vulnerabilities,
        created_by: v.createdBy,
        created_at: v.now,
        updated_at: v.now,
      })),
    )
    .execute();
}

/** A person visible to `orgId`, locked for update when `forUpdate`. */
export async function findVisiblePerson(db: Executor, options: { id: string; orgId: string; forUpdate?: boolean }): Promise<PersonRow | undefined> {
  let query = db
    .selectFrom('persons')
    .select(personColumns)
    .where('persons.id', '=', options.id)
    .where((eb) => personVisibleTo(eb, options.orgId));
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Writes a changed person if its version is still `version`; false when it changed meanwhile. */
export async function updatePerson(
  db: Executor,
  options: {
    id: string;
    version: number;
    now: Date;
    set: { identityEnc: string; notesEnc: string | null; externalRefEnc: string | null; externalRefIndex: string | null; sex: string | null; citizenships: string[]; languages: string[]; vulnerabilities: string[] };
  },
): Promise<boolean> {
  const { set } = options;
  const r = await db
    .updateTable('persons')
    .set({
      identity_enc: set.identityEnc,
      notes_enc: set.notesEnc,
      external_ref_enc: set.externalRefEnc,
      external_ref_index: set.externalRefIndex,
      sex: set.sex,
      citizenships: set.citizenships,
      languages: set.languages,
      vulnerabilities: set.vulnerabilities,
      updated_at: options.now,
      version: options.version + 1,
    })
    .where('id', '=', options.id)
    .where('version', '=', options.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function organisationOf(db: Executor, orgId: string): Promise<{ id: string; code: string; name: string }> {
  return db.selectFrom('organisations').select(['id', 'code', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
}

export async function personCode(db: Executor, id: string): Promise<{ id: string; code: string } | undefined> {
  return db.selectFrom('persons').select(['id', 'code']).where('id', '=', id).executeTakeFirst();
}

export interface PersonCaseRow {
  id: string;
  code: string;
  phase: string;
  status: string;
  organisationName: string;
}

/** The person's cases the caller sees. */
export async function visibleCasesOf(db: Executor, options: { personId: string; actor: ScopeActor }): Promise<PersonCaseRow[]> {
  return db
    .selectFrom('cases')
    .innerJoin('organisations', 'organisations.id', 'cases.org_id')
    .select(['cases.id', 'cases.code', 'cases.phase', 'cases.status', 'organisations.name as organisationName'])
    .where('cases.person_id', '=', options.personId)
    .where((eb) => caseVisibleTo(eb, options.actor))
    .orderBy('cases.opened_at', 'desc')
    .orderBy('cases.id')
    .execute();
}

export interface PersonListRow {
  id: string;
  code: string;
  identity_enc: string;
  sex: string | null;
  citizenships: string[];
  created_at: Date;
  openCases: number;
}

function listSelect(db: Executor, actor: ScopeActor) {
  return db
    .selectFrom('persons')
    .select(['persons.id', 'persons.code', 'persons.identity_enc', 'persons.sex', 'persons.citizenships', 'persons.created_at'])
    .select((eb) =>
      eb
        .selectFrom('cases')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('cases.person_id', '=', 'persons.id')
        .where('cases.status', 'in', [...openCaseStatuses])
        .where((e) => caseVisibleTo(e, actor))
        .as('openCases'),
    )
    .where((eb) => personVisibleTo(eb, actor.orgId))
    .where('persons.merged_into_id', 'is', null);
}

/** The organisation's persons (registered by it or with a case in it), newest first. */
export async function listVisiblePersons(db: Executor, options: { actor: ScopeActor; limit: number; offset: number }): Promise<{ rows: PersonListRow[]; total: number }> {
  const rows = await listSelect(db, options.actor).orderBy('persons.created_at', 'desc').orderBy('persons.id').limit(options.limit).offset(options.offset).execute();
  const count = await db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => personVisibleTo(eb, options.actor.orgId))
    .where('persons.merged_into_id', 'is', null)
    .executeTakeFirstOrThrow();
  return { rows: rows.map(normaliseListRow), total: Number(count.n) };
}

/** Visible, non-merged persons among `ids` (or with this code). */
export async function visiblePersonsAmong(db: Executor, options: { actor: ScopeActor; ids?: readonly string[]; code?: string }): Promise<PersonListRow[]> {
  let query = listSelect(db, options.actor);
  if (options.code !== undefined) query = query.where('persons.code', '=', options.code);
  if (options.ids !== undefined) {
    if (options.ids.length === 0) return [];
    query = query.where('persons.id', 'in', [...options.ids]);
  }
  return (await query.execute()).map(normaliseListRow);
}

function normaliseListRow(r: Omit<PersonListRow, 'openCases'> & { openCases: number | string | null }): PersonListRow {
  return { ...r, openCases: Number(r.openCases ?? 0) };
}

/**
 * Linkage rows of new persons in two multi-row inserts (the import): the same stored form as
 * linkage-store.ts `indexPerson`, which stays the way to (re)index one person.
 */
export async function insertNewLinkage(db: Executor, rows: ReadonlyArray<{ personId: string; encoding: string; keys: readonly Uint8Array[] }>): Promise<void> {
  if (rows.length === 0) return;
  // Arrays as two parameters (unnest) instead of thousands of bound values: much faster to send.
  await sql`insert into person_linkage (person_id, encoding)
    select * from unnest(${rows.map((r) => r.personId)}::uuid[], ${rows.map((r) => r.encoding)}::text[])`.execute(db);
  const keys: Buffer[] = [];
  const ids: string[] = [];
  for (const r of rows) {
    for (const k of r.keys) {
      keys.push(Buffer.from(k));
      ids.push(r.personId);
    }
  }
  if (keys.length > 0) {
    await sql`insert into person_blocking_keys (key, person_id) select * from unnest(${keys}::bytea[], ${ids}::uuid[])`.execute(db);
  }
}
