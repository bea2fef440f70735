/** SQL of the procedures feature: versions, runs, run steps, recipients of warnings, SLA rows. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { procedureDefinitionSchema, type ProcedureDefinition } from '../../../domain/procedures/index.ts';

export type Db = Kysely<DB> | Transaction<DB>;
export type ProcedureRow = Selectable<DB['procedures']>;
export type RunRow = Selectable<DB['procedure_runs']>;
export type RunStepRow = Selectable<DB['procedure_run_steps']>;

/** The stored definition, parsed (stored definitions were validated when saved). */
export function definitionOf(row: Pick<ProcedureRow, 'definition'>): ProcedureDefinition {
  const raw: unknown = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  return procedureDefinitionSchema.parse(raw);
}

/** The current (highest) version of every procedure, by key. */
export async function currentVersions(db: Db): Promise<ProcedureRow[]> {
  return db
    .selectFrom('procedures as p')
    .selectAll('p')
    .where((eb) => eb('p.version', '=', eb.selectFrom('procedures as q').select((e) => e.fn.max('q.version').as('v')).whereRef('q.key', '=', 'p.key')))
    .orderBy('p.key')
    .execute();
}

export async function currentVersion(db: Db, key: string, options: { forUpdate?: boolean } = {}): Promise<ProcedureRow | undefined> {
  let q = db.selectFrom('procedures').selectAll().where('key', '=', key).orderBy('version', 'desc').limit(1);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function versionOf(db: Db, key: string, version: number): Promise<ProcedureRow | undefined> {
  return db.selectFrom('procedures').selectAll().where('key', '=', key).where('version', '=', version).executeTakeFirst();
}

export async function versionsOf(db: Db, key: string): Promise<Pick<ProcedureRow, 'id' | 'version' | 'active' | 'created_at' | 'created_by'>[]> {
  return db.selectFrom('procedures').select(['id', 'version', 'active', 'created_at', 'created_by']).where('key', '=', key).orderBy('version', 'desc').execute();
}

export async function procedureById(db: Db, id: string): Promise<ProcedureRow> {
  return db.selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function findRun(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<RunRow | undefined> {
  let q = db.selectFrom('procedure_runs').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A run known to exist (just written or locked). */
export async function mustFindRun(db: Db, id: string): Promise<RunRow> {
  return db.selectFrom('procedure_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function stepsOfRun(db: Db, runId: string): Promise<RunStepRow[]> {
  return db.selectFrom('procedure_run_steps').selectAll().where('run_id', '=', runId).orderBy('position').execute();
}

export async function openStepOf(db: Db, runId: string): Promise<RunStepRow | undefined> {
  return db.selectFrom('procedure_run_steps').selectAll().where('run_id', '=', runId).where('completed_at', 'is', null).orderBy('position', 'desc').executeTakeFirst();
}

/** Organisations with their types, in the order of `ids` (missing ones left out). */
export async function orgsOf(db: Db, ids: readonly string[]): Promise<{ id: string; type: string; name: string }[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('organisations').select(['id', 'org_type', 'name']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, type: r.org_type, name: r.name }]));
  return ids.map((id) => byId.get(id)).filter((o): o is { id: string; type: string; name: string } => !!o);
}

/** Active users of an organisation holding any of the permissions. */
export async function usersHoldingAny(db: Db, orgIds: readonly string[], permissions: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('role_permissions', 'role_permissions.role_id', 'memberships.role_id')
    .select('users.id')
    .distinct()
    .where('memberships.organisation_id', 'in', [...orgIds])
    .where('users.is_active', '=', true)
    .where('role_permissions.permission', 'in', [...permissions])
    .execute();
  return rows.map((r) => r.id);
}

export interface SlaRow {
  procedure_id: string;
  procedure_key: string;
  run_status: string;
  step_key: string;
  acting_org_id: string | null;
  entered_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  completed_at: Date | null;
}

/** Step entries open now (of open runs) or completed in [from, to), optionally for one procedure and one acting body. */
export async function slaRows(db: Db, options: { procedureKey?: string | undefined; orgId?: string | undefined; from: Date; to: Date }): Promise<SlaRow[]> {
  let q = db
    .selectFrom('procedure_run_steps as s')
    .innerJoin('procedure_runs as r', 'r.id', 's.run_id')
    .select(['r.procedure_id', 'r.procedure_key', 'r.status as run_status', 's.step_key', 's.acting_org_id', 's.entered_at', 's.due_at', 's.warn_at', 's.completed_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('s.completed_at', 'is', null), eb('r.status', '=', 'open')]),
        eb.and([eb('s.completed_at', '>=', options.from), eb('s.completed_at', '<', options.to)]),
      ]),
    );
  if (options.procedureKey) q = q.where('r.procedure_key', '=', options.procedureKey);
  if (options.orgId) q = q.where('s.acting_org_id', '=', options.orgId);
  return q.execute();
}

export async function definitionsById(db: Db, ids: readonly string[]): Promise<Map<string, ProcedureDefinition>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('procedures').select(['id', 'definition']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, definitionOf(r)]));
}

/** Step entries whose warning (`kind` due_soon) or deadline (`overdue`) has come and not been notified; marks them notified. */
export async function claimStepsToNotify(db: Db, kind: 'due_soon' | 'overdue', now: Date): Promise<{ id: string; acting_org_id: string | null; org_ids: string[]; subject_type: string; subject_id: string }[]> {
  const open = db
    .selectFrom('procedure_run_steps as s')
    .innerJoin('procedure_runs as r', 'r.id', 's.run_id')
    .select('s.id')
    .where('r.status', '=', 'open')
    .where('s.completed_at', 'is', null)
    .where('s.due_at', 'is not', null)
    // A referral still waiting for its answer is warned by the referrals feature (referral.due_soon,
    // then expiry at its answer deadline, never later than this step's): no second warning here.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('referrals as ref').select('ref.id').whereRef('ref.procedure_run_id', '=', 'r.id').where('ref.status', '=', 'sent'))));
  const ids =
    kind === 'overdue'
      ? await open.where('s.due_at', '<', now).where('s.overdue_notified_at', 'is', null).execute()
      : await open.where('s.warn_at', '<=', now).where('s.due_at', '>=', now).where('s.warned_at', 'is', null).execute();
  if (ids.length === 0) return [];
  const claimed = await db
    .updateTable('procedure_run_steps')
    .set(kind === 'overdue' ? { overdue_notified_at: now, warned_at: sql<Date>`coalesce(warned_at, ${now})` } : { warned_at: now })
    .where('id', 'in', ids.map((r) => r.id))
    .where(kind === 'overdue' ? 'overdue_notified_at' : 'warned_at', 'is', null)
    .returning(['id', 'run_id', 'acting_org_id'])
    .execute();
  if (claimed.length === 0) return [];
  const runs = await db
    .selectFrom('procedure_runs')
    .select(['id', 'org_ids', 'subject_type', 'subject_id'])
    .where('id', 'in', [...new Set(claimed.map((c) => c.run_id))])
    .execute();
  const byRun = new Map(runs.map((r) => [r.id, r]));
  return claimed.flatMap((c) => {
    const r = byRun.get(c.run_id);
    return r ? [{ id: c.id, acting_org_id: c.acting_org_id, org_ids: r.org_ids, subject_type: r.subject_type, subject_id: r.subject_id }] : [];
  });
}
