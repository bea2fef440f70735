/**
 * SQL of the hotline feature: calls (scoped to the hotline organisation, or to a lead body's
 * network view), the data routing needs (organisations, projects and partners, roster shifts),
 * and the roster.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { DB, HotlineCallsTable, HotlineRosterTable } from '../../../db/schema.ts';
import type { RosterShift, RoutingOrganisation, RoutingPartner } from '../../../domain/hotline/index.ts';
import type { CallQuery } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type CallRow = Selectable<HotlineCallsTable>;
export type RosterRow = Selectable<HotlineRosterTable>;

/**
 * Who may see which calls:
 * - `hotline`: users holding hotline.write see, in full, the calls their organisation answered;
 * - `network`: a lead body (the lead organisation of a project) seen by its coordinators, without
 *   caller details or summary: calls about a province of its territory (its own provinces and
 *   those of its projects' partners) or routed to it or to one of its partners.
 */
export type CallScope = { kind: 'hotline'; orgId: string } | { kind: 'network'; orgId: string };

export function callVisibleTo(eb: ExpressionBuilder<DB, 'hotline_calls'>, scope: CallScope): Expression<SqlBool> {
  if (scope.kind === 'hotline') return eb('hotline_calls.hotline_org_id', '=', scope.orgId);
  const led = eb.selectFrom('projects').select('projects.id').where('projects.lead_org_id', '=', scope.orgId);
  const partners = eb.selectFrom('project_partners').select('project_partners.organisation_id').where('project_partners.project_id', 'in', led);
  const leads = eb.exists(eb.selectFrom('projects as lp').select('lp.id').where('lp.lead_org_id', '=', scope.orgId));
  const territory = sql<boolean>`(exists (select 1 from organisations lo where lo.id = ${scope.orgId} and hotline_calls.province = any(lo.provinces))
    or exists (select 1 from project_partners pp join projects p on p.id = pp.project_id
               where p.lead_org_id = ${scope.orgId} and hotline_calls.province = any(pp.provinces)))`;
  return eb.and([
    leads,
    eb.or([eb('hotline_calls.routed_org_id', '=', scope.orgId), eb('hotline_calls.routed_org_id', 'in', partners), territory]),
  ]);
}

export async function findVisibleCall(db: Db, id: string, scope: CallScope, options: { forUpdate?: boolean } = {}): Promise<CallRow | undefined> {
  let q = db.selectFrom('hotline_calls').selectAll('hotline_calls').where('hotline_calls.id', '=', id).where((eb) => callVisibleTo(eb, scope));
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface CallListRow {
  id: string;
  code: string;
  received_at: Date;
  duration_seconds: number | null;
  language: string;
  caller_type: string;
  province: string;
  exploitation_types: string[];
  urgency: string;
  anonymous: boolean;
  outcome: string;
  subject_sex: string | null;
  subject_age: string | null;
  subject_nationality: string | null;
  routing_rule: string | null;
  routed_org_id: string | null;
  routed_org_code: string | null;
  routed_org_name: string | null;
  referral_code: string | null;
}

/** Day boundaries in Italy: `from`/`to` are calendar days of the Europe/Rome time zone. */
export async function listCalls(db: Db, scope: CallScope, query: CallQuery): Promise<{ rows: CallListRow[]; total: number }> {
  let q = db
    .selectFrom('hotline_calls')
    .leftJoin('organisations as ro', 'ro.id', 'hotline_calls.routed_org_id')
    .leftJoin('referrals as r', 'r.id', 'hotline_calls.referral_id')
    .where((eb) => callVisibleTo(eb, scope));
  if (query.from) q = q.where(sql<boolean>`hotline_calls.received_at >= (${query.from}::date)::timestamp at time zone 'Europe/Rome'`);
  if (query.to) q = q.where(sql<boolean>`hotline_calls.received_at < (${query.to}::date + 1)::timestamp at time zone 'Europe/Rome'`);
  if (query.province) q = q.where('hotline_calls.province', '=', query.province);
  if (query.outcome) q = q.where('hotline_calls.outcome', '=', query.outcome);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'hotline_calls.id', 'hotline_calls.code', 'hotline_calls.received_at', 'hotline_calls.duration_seconds', 'hotline_calls.language',
      'hotline_calls.caller_type', 'hotline_calls.province', 'hotline_calls.exploitation_types', 'hotline_calls.urgency', 'hotline_calls.anonymous',
      'hotline_calls.outcome', 'hotline_calls.routing_rule', 'hotline_calls.routed_org_id', 'ro.code as routed_org_code', 'ro.name as routed_org_name',
      'r.code as referral_code', 'hotline_calls.subject_sex', 'hotline_calls.subject_age', 'hotline_calls.subject_nationality',
    ])
    .orderBy('hotline_calls.received_at', 'desc')
    .orderBy('hotline_calls.id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function organisationRef(db: Db, id: string | null): Promise<{ id: string; code: string; name: string } | null> {
  if (!id) return null;
  return (await db.selectFrom('organisations').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function organisationRefs(db: Db, ids: readonly string[]): Promise<Map<string, { id: string; code: string; name: string; type: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'code', 'name', 'org_type as type']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function referralRef(db: Db, id: string | null): Promise<{ id: string; code: string; status: string; answerDueAt: string } | null> {
  if (!id) return null;
  const r = await db.selectFrom('referrals').select(['id', 'code', 'status', 'answer_due_at']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, code: r.code, status: r.status, answerDueAt: new Date(r.answer_due_at).toISOString() } : null;
}

export async function displayName(db: Db, userId: string): Promise<string | null> {
  return (await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name ?? null;
}

/** Whether the organisation leads a project (a lead body). */
export async function leadsAProject(db: Db, orgId: string): Promise<boolean> {
  return !!(await db.selectFrom('projects').select('id').where('lead_org_id', '=', orgId).executeTakeFirst());
}

// --- routing data ------------------------------------------------------------------------------

export async function routingOrganisations(db: Db): Promise<RoutingOrganisation[]> {
  const rows = await db.selectFrom('organisations').select(['id', 'code', 'org_type', 'provinces', 'is_active', 'services']).execute();
  return rows.map((r) => ({ id: r.id, code: r.code, type: r.org_type, provinces: r.provinces, isActive: r.is_active, services: r.services }));
}

/**
 * The project competent for a province on a day, with its partners: among the projects whose lead
 * body or partners cover the province, the one running that day, else the one that ended last;
 * ties by code. For unknown or abroad, or a province no project covers, no project: the lead body
 * is then the lead of every project when they all share one (a single-region installation), else
 * none.
 */
export async function routingProject(db: Db, province: string, day: string): Promise<{ leadBodyId: string | null; partners: RoutingPartner[]; projectId: string | null }> {
  const projects = await db
    .selectFrom('projects')
    .innerJoin('organisations as lead', 'lead.id', 'projects.lead_org_id')
    .select(['projects.id', 'projects.code', 'projects.lead_org_id', 'projects.period_start', 'projects.period_end', 'lead.provinces as lead_provinces'])
    .execute();
  const partners = projects.length === 0 ? [] : await db.selectFrom('project_partners').select(['project_id', 'organisation_id', 'provinces']).execute();
  const partnersOf = (projectId: string): RoutingPartner[] =>
    partners.filter((p) => p.project_id === projectId).map((p) => ({ orgId: p.organisation_id, provinces: p.provinces }));
  const covering = projects.filter((p) => p.lead_provinces.includes(province) || partnersOf(p.id).some((pp) => pp.provinces.includes(province)));
  const running = (p: (typeof projects)[number]): boolean => p.period_start <= day && day <= p.period_end;
  const chosen = [...covering].sort((a, b) => Number(running(b)) - Number(running(a)) || b.period_end.localeCompare(a.period_end) || a.code.localeCompare(b.code))[0];
  if (chosen) return { leadBodyId: chosen.lead_org_id, partners: partnersOf(chosen.id), projectId: chosen.id };
  const leads = new Set(projects.map((p) => p.lead_org_id));
  return { leadBodyId: leads.size === 1 ? ([...leads][0] as string) : null, partners: [], projectId: null };
}

export async function shiftsAt(db: Db, hotlineOrgId: string, at: Date): Promise<RosterShift[]> {
  const rows = await db
    .selectFrom('hotline_roster')
    .select(['org_id', 'all_provinces', 'provinces', 'starts_at', 'ends_at'])
    .where('hotline_org_id', '=', hotlineOrgId)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, allProvinces: r.all_provinces, provinces: r.provinces, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
}

// --- roster ------------------------------------------------------------------------------------

/** Shifts of the hotline ending after `since`, in start order. */
export async function rosterSince(db: Db, hotlineOrgId: string, since: Date): Promise<RosterRow[]> {
  return db.selectFrom('hotline_roster').selectAll().where('hotline_org_id', '=', hotlineOrgId).where('ends_at', '>', since).orderBy('starts_at').orderBy('id').execute();
}

/** Removes the shifts still running or to come (past shifts stay as the record of who was on duty). */
export async function deleteCurrentShifts(db: Db, hotlineOrgId: string, now: Date): Promise<number> {
  const r = await db.deleteFrom('hotline_roster').where('hotline_org_id', '=', hotlineOrgId).where('ends_at', '>', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
