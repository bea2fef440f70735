/** SQL of residence permits, minors' alerts and criminal proceedings. Rows come back as stored (encrypted columns still encrypted). */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CriminalHearingsTable, CriminalProceedingsTable, DB, PermitEventsTable, PermitsTable } from '../../../db/schema.ts';
import { caseVisibleTo, personVisibleTo, type ScopeActor } from '../persons/scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type PermitRow = Selectable<PermitsTable> & { case_code: string };
export type PermitEventRow = Selectable<PermitEventsTable>;
export type CriminalRow = Selectable<CriminalProceedingsTable>;
export type HearingRow = Selectable<CriminalHearingsTable>;

function permitsWithCase(db: Db) {
  return db.selectFrom('permits').innerJoin('cases', 'cases.id', 'permits.case_id').selectAll('permits').select('cases.code as case_code');
}

/** A permit if the caller sees its case (scope.ts), else undefined: the caller treats both alike. */
export async function findVisiblePermit(db: Db, permitId: string, actor: ScopeActor): Promise<PermitRow | undefined> {
  return permitsWithCase(db).where('permits.id', '=', permitId).where((eb) => caseVisibleTo(eb, actor)).executeTakeFirst();
}

export async function findPermitForUpdate(db: Db, permitId: string): Promise<Selectable<PermitsTable> | undefined> {
  return db.selectFrom('permits').selectAll().where('id', '=', permitId).forUpdate().executeTakeFirst();
}

export async function findPermit(db: Db, permitId: string): Promise<PermitRow | undefined> {
  return permitsWithCase(db).where('permits.id', '=', permitId).executeTakeFirst();
}

export async function listCasePermits(db: Db, caseId: string): Promise<PermitRow[]> {
  return permitsWithCase(db).where('permits.case_id', '=', caseId).orderBy('permits.requested_on', 'desc').orderBy('permits.created_at', 'desc').execute();
}

/** The person's permits on the cases the caller sees; undefined when the person is not visible or no case of theirs is. */
export async function listPersonPermits(db: Db, personId: string, actor: ScopeActor): Promise<{ cases: number; permits: PermitRow[] } | undefined> {
  const person = await db.selectFrom('persons').select('persons.id').where('persons.id', '=', personId).where((eb) => personVisibleTo(eb, actor.orgId)).executeTakeFirst();
  if (!person) return undefined;
  const cases = await db.selectFrom('cases').select('cases.id').where('cases.person_id', '=', personId).where((eb) => caseVisibleTo(eb, actor)).execute();
  if (cases.length === 0) return undefined;
  const permits = await permitsWithCase(db)
    .where('permits.case_id', 'in', cases.map((c) => c.id))
    .orderBy('permits.requested_on', 'desc')
    .orderBy('permits.created_at', 'desc')
    .execute();
  return { cases: cases.length, permits };
}

export async function listEvents(db: Db, permitIds: readonly string[]): Promise<PermitEventRow[]> {
  if (permitIds.length === 0) return [];
  return db.selectFrom('permit_events').selectAll().where('permit_id', 'in', [...permitIds]).orderBy('id').execute();
}

export async function organisationNames(db: Db, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function userNames(db: Db, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function organisationExists(db: Db, orgId: string): Promise<boolean> {
  return !!(await db.selectFrom('organisations').select('id').where('id', '=', orgId).executeTakeFirst());
}

// --- criminal proceedings ----------------------------------------------------------------------

export async function findCriminal(db: Db, caseId: string): Promise<CriminalRow | undefined> {
  return db.selectFrom('criminal_proceedings').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function listHearings(db: Db, caseId: string): Promise<HearingRow[]> {
  return db.selectFrom('criminal_hearings').selectAll().where('case_id', '=', caseId).orderBy('held_on').orderBy('created_at').execute();
}
