/** Queries of duplicate checks and merges (Kysely). Scope is applied by the callers' filters (persons/scope.ts). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { personVisibleTo } from '../persons/scope.ts';
import type { MergeStatus } from './schemas.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface CandidateRow {
  id: string;
  code: string;
  owner_org_id: string;
  sex: string | null;
  citizenships: string[];
  identity_enc: string;
  visible: boolean;
  /** organisations holding a case for the person */
  case_org_ids: string[];
  /** names of the owner organisation and of those holding a case, by id */
  holder_names: Record<string, string>;
}

/** The candidates' clear fields, whether `orgId` may see each, and who holds them, with their names (one query). */
export async function candidateRows(db: Executor, ids: readonly string[], orgId: string): Promise<CandidateRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('persons')
    .select((eb) => [
      'persons.id',
      'persons.code',
      'persons.owner_org_id',
      'persons.sex',
      'persons.citizenships',
      'persons.identity_enc',
      personVisibleTo(eb, orgId).as('visible'),
      eb.fn
        .coalesce(
          eb.selectFrom('cases').select((c) => c.fn.agg<string[]>('array_agg', ['cases.org_id']).distinct().as('ids')).whereRef('cases.person_id', '=', 'persons.id'),
          eb.val<string[]>([]),
        )
        .as('case_org_ids'),
      sql<Record<string, string>>`(select coalesce(json_object_agg(o.id, o.name), '{}'::json) from organisations o
        where o.id = persons.owner_org_id or o.id in (select c.org_id from cases c where c.person_id = persons.id))`.as('holder_names'),
    ])
    .where('persons.id', 'in', ids)
    .execute() as Promise<CandidateRow[]>;
}

/**
 * Merges rejected, or approved and reverted, between `personId` and any of `others` — or every
 * such merge when `personId` is null (the pairs export): pairs a person has decided are not one.
 */
export async function undoneMerges(db: Executor, personId: string | null, others: readonly string[] = []): Promise<Array<{ kept: string; merged: string; status: string }>> {
  if (personId !== null && others.length === 0) return [];
  let query = db
    .selectFrom('person_merges')
    .select(['kept_person_id as kept', 'merged_person_id as merged', 'status'])
    .where('status', 'in', ['rejected', 'reverted']);
  if (personId !== null) {
    query = query.where((eb) =>
      eb.or([eb.and([eb('kept_person_id', '=', personId), eb('merged_person_id', 'in', others)]), eb.and([eb('merged_person_id', '=', personId), eb('kept_person_id', 'in', others)])]),
    );
  }
  return query.execute();
}

// ---------------------------------------------------------------------------------------------
// merges

export interface PersonState {
  id: string;
  code: string;
  identity_enc: string;
  sex: string | null;
  citizenships: string[];
  merged_into_id: string | null;
  version: number;
  visible: boolean;
}

/** Persons by id with their scope for `orgId`, locked for update when `lock`. */
export async function personStates(db: Executor, ids: readonly string[], orgId: string, lock = false): Promise<Map<string, PersonState>> {
  let q = db
    .selectFrom('persons')
    .select((eb) => ['persons.id', 'persons.code', 'persons.identity_enc', 'persons.sex', 'persons.citizenships', 'persons.merged_into_id', 'persons.version', personVisibleTo(eb, orgId).as('visible')])
    .where('persons.id', 'in', ids)
    .orderBy('persons.id');
  if (lock) q = q.forUpdate();
  const rows = (await q.execute()) as PersonState[];
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * A merge that blocks a new one between `keptId` and `mergedId`: a pending request involving
 * either, or an approved merge that kept `mergedId` (folding it away would chain merges).
 */
export async function blockingMerge(db: Executor, keptId: string, mergedId: string): Promise<string | undefined> {
  const ids = [keptId, mergedId];
  const row = await db
    .selectFrom('person_merges')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'requested'), eb.or([eb('kept_person_id', 'in', ids), eb('merged_person_id', 'in', ids)])]),
        eb.and([eb('status', '=', 'approved'), eb('kept_person_id', '=', mergedId)]),
      ]),
    )
    .executeTakeFirst();
  return row?.id;
}

export async function insertMerge(
  db: Executor,
  values: { id: string; orgId: string; keptId: string; mergedId: string; reasonEnc: string; requestedBy: string; now: Date; keptVersion: number; mergedVersion: number },
): Promise<void> {
  await db
    .insertInto('person_merges')
    .values({
      id: values.id,
      org_id: values.orgId,
      kept_person_id: values.keptId,
      merged_person_id: values.mergedId,
      status: 'requested',
      reason_enc: values.reasonEnc,
      requested_by: values.requestedBy,
      requested_at: values.now,
      kept_version: values.keptVersion,
      merged_version: values.mergedVersion,
    })
    .execute();
}

export interface MergeRow {
  id: string;
  org_id: string;
  kept_person_id: string;
  merged_person_id: string;
  status: MergeStatus;
  reason_enc: string | null;
  moved_enc: string | null;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reverted_by: string | null;
  reverted_at: Date | null;
  kept_version: number | null;
  merged_version: number | null;
  kept_code: string;
  merged_code: string;
  requested_by_name: string | null;
  decided_by_name: string | null;
  reverted_by_name: string | null;
}

function mergeQuery(db: Executor) {
  return db
    .selectFrom('person_merges as m')
    .innerJoin('persons as k', 'k.id', 'm.kept_person_id')
    .innerJoin('persons as d', 'd.id', 'm.merged_person_id')
    .leftJoin('users as ur', 'ur.id', 'm.requested_by')
    .leftJoin('users as ud', 'ud.id', 'm.decided_by')
    .leftJoin('users as uv', 'uv.id', 'm.reverted_by')
    .select([
      'm.id', 'm.org_id', 'm.kept_person_id', 'm.merged_person_id', 'm.status', 'm.reason_enc', 'm.moved_enc', 'm.requested_by', 'm.requested_at',
      'm.decided_by', 'm.decided_at', 'm.reverted_by', 'm.reverted_at', 'm.kept_version', 'm.merged_version',
      'k.code as kept_code', 'd.code as merged_code', 'ur.display_name as requested_by_name', 'ud.display_name as decided_by_name', 'uv.display_name as reverted_by_name',
    ]);
}

/** A merge of organisation `orgId` (others do not exist for the caller), locked when `lock`. */
export async function findMerge(db: Executor, id: string, orgId: string, lock = false): Promise<MergeRow | undefined> {
  let q = mergeQuery(db).where('m.id', '=', id).where('m.org_id', '=', orgId);
  if (lock) q = q.forUpdate(['m']);
  return (await q.executeTakeFirst());
}

export async function listMerges(db: Executor, orgId: string, status: MergeStatus | undefined): Promise<MergeRow[]> {
  let q = mergeQuery(db).where('m.org_id', '=', orgId);
  if (status) q = q.where('m.status', '=', status);
  return (await q.orderBy('m.requested_at', 'desc').orderBy('m.id').limit(500).execute());
}

export async function setMergeStatus(
  db: Executor,
  id: string,
  set: { status: MergeStatus; decidedBy?: string; decidedAt?: Date; revertedBy?: string; revertedAt?: Date; movedEnc?: string | null; keptVersion?: number; mergedVersion?: number },
): Promise<void> {
  await db
    .updateTable('person_merges')
    .set({
      status: set.status,
      ...(set.decidedBy !== undefined ? { decided_by: set.decidedBy, decided_at: set.decidedAt ?? null } : {}),
      ...(set.revertedBy !== undefined ? { reverted_by: set.revertedBy, reverted_at: set.revertedAt ?? null } : {}),
      ...(set.movedEnc !== undefined ? { moved_enc: set.movedEnc } : {}),
      ...(set.keptVersion !== undefined ? { kept_version: set.keptVersion } : {}),
      ...(set.mergedVersion !== undefined ? { merged_version: set.mergedVersion } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Writes a person's identity (and merge pointer), bumping the version; returns the new version. */
export async function updatePersonForMerge(db: Executor, id: string, set: { identityEnc?: string; mergedIntoId?: string | null; now: Date }): Promise<number> {
  const row = await db
    .updateTable('persons')
    .set((eb) => ({
      ...(set.identityEnc !== undefined ? { identity_enc: set.identityEnc } : {}),
      ...(set.mergedIntoId !== undefined ? { merged_into_id: set.mergedIntoId } : {}),
      updated_at: set.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Moves every case of `from` to `to`; returns the ids moved. */
export async function moveAllCases(db: Executor, from: string, to: string, now: Date): Promise<string[]> {
  const rows = await db.updateTable('cases').set({ person_id: to, updated_at: now }).where('person_id', '=', from).returning('id').execute();
  return rows.map((r) => r.id).sort();
}

/** Moves the given cases (those still on `from`) to `to`; returns how many moved. */
export async function moveCasesBack(db: Executor, caseIds: readonly string[], from: string, to: string, now: Date): Promise<number> {
  if (caseIds.length === 0) return 0;
  const rows = await db.updateTable('cases').set({ person_id: to, updated_at: now }).where('id', 'in', caseIds).where('person_id', '=', from).returning('id').execute();
  return rows.length;
}

/** Active users of `orgId` whose role there holds `permission`. */
export async function usersHolding(db: Executor, orgId: string, permission: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('role_permissions', 'role_permissions.role_id', 'memberships.role_id')
    .select('users.id')
    .where('memberships.organisation_id', '=', orgId)
    .where('role_permissions.permission', '=', permission)
    .where('users.is_active', '=', true)
    .distinct()
    .execute();
  return rows.map((r) => r.id);
}

export async function notify(db: Executor, values: { userIds: readonly string[]; kind: string; recordType: string; recordId: string; now: Date }): Promise<void> {
  if (values.userIds.length === 0) return;
  await db
    .insertInto('notifications')
    .values(values.userIds.map((u) => ({ user_id: u, kind: values.kind, record_type: values.recordType, record_id: values.recordId, created_at: values.now })))
    .execute();
}
