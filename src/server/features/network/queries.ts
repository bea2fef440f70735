/** SQL of the network feature: organisations and projects with their partners, budget lines and complementary projects. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, OrganisationsTable, ProjectsTable } from '../../../db/schema.ts';
import { conflictError } from '../../platform/errors.ts';
import type { OrganisationCreate, OrganisationQuery, OrganisationUpdate, ProjectQuery } from './schemas.ts';

type Db = Kysely<DB>;

export interface OrganisationDto {
  id: string;
  code: string;
  name: string;
  type: string;
  registerSection: string | null;
  provinces: string[];
  services: string[];
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

function toOrganisation(r: Selectable<OrganisationsTable>): OrganisationDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.org_type,
    registerSection: r.register_section,
    provinces: r.provinces,
    services: r.services,
    email: r.email,
    phone: r.phone,
    address: r.address,
    website: r.website,
    isActive: r.is_active,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listOrganisations(db: Db, query: OrganisationQuery): Promise<OrganisationDto[]> {
  let q = db.selectFrom('organisations').selectAll().orderBy('name').orderBy('id').limit(1000);
  if (query.q) {
    const pattern = likePattern(query.q);
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('code', 'ilike', pattern)]));
  }
  if (query.type) q = q.where('org_type', '=', query.type);
  if (query.province) q = q.where(sql<boolean>`${query.province} = any(provinces)`);
  if (query.active) q = q.where('is_active', '=', query.active === 'true');
  return (await q.execute()).map(toOrganisation);
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationDto | undefined> {
  const r = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrganisation(r) : undefined;
}

export async function findOrganisationIdByCode(db: Db, code: string): Promise<string | undefined> {
  return (await db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirst())?.id;
}

/** Which of these ids exist (any state). */
export async function existingOrganisationIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('organisations').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertOrganisation(db: Db, input: OrganisationCreate, now: Date): Promise<string> {
  const r = await db
    .insertInto('organisations')
    .values({
      code: input.code,
      name: input.name,
      org_type: input.type,
      register_section: input.registerSection ?? null,
      provinces: input.provinces,
      services: input.services,
      email: input.email ?? null,
      phone: input.phone ?? null,
      address: input.address ?? null,
      website: input.website ?? null,
      is_active: input.isActive,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateOrganisation(db: Db, id: string, input: OrganisationUpdate, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('organisations')
    .set({
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.type !== undefined ? { org_type: input.type } : {}),
      ...(input.registerSection !== undefined ? { register_section: input.registerSection } : {}),
      ...(input.provinces !== undefined ? { provinces: input.provinces } : {}),
      ...(input.services !== undefined ? { services: input.services } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.address !== undefined ? { address: input.address } : {}),
      ...(input.website !== undefined ? { website: input.website } : {}),
      ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
export interface ProjectSummaryDto {
  id: string;
  code: string;
  name: string;
  edition: string | null;
  periodStart: string;
  periodEnd: string;
  funder: string;
  budgetTotal: string;
  leadOrganisation: { id: string; code: string; name: string };
  createdAt: string;
  updatedAt: string;
}

export interface ProjectDto extends ProjectSummaryDto {
  description: string | null;
  partners: Array<{ organisationId: string; organisationCode: string; organisationName: string; provinces: string[] }>;
  budgetLines: Array<{ code: string; label: string; amount: string }>;
  /** Sum of the budget lines, exact. */
  budgetLinesTotal: string;
  complementary: Array<{ id: string; name: string; funder: string | null; notes: string | null }>;
}

type ProjectRow = Selectable<ProjectsTable> & { lead_code: string; lead_name: string };

function projectBase(db: Db) {
  return db
    .selectFrom('projects as p')
    .innerJoin('organisations as o', 'o.id', 'p.lead_org_id')
    .selectAll('p')
    .select(['o.code as lead_code', 'o.name as lead_name']);
}

function toSummary(r: ProjectRow): ProjectSummaryDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    edition: r.edition,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    funder: r.funder,
    budgetTotal: r.budget_total,
    leadOrganisation: { id: r.lead_org_id, code: r.lead_code, name: r.lead_name },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function listProjects(db: Db, query: ProjectQuery): Promise<ProjectSummaryDto[]> {
  let q = projectBase(db).orderBy('p.period_start', 'desc').orderBy('p.name').limit(1000);
  if (query.q) {
    const pattern = likePattern(query.q);
    q = q.where((eb) => eb.or([eb('p.name', 'ilike', pattern), eb('p.code', 'ilike', pattern)]));
  }
  if (query.organisationId) {
    const orgId = query.organisationId;
    q = q.where((eb) =>
      eb.or([
        eb('p.lead_org_id', '=', orgId),
        eb.exists(eb.selectFrom('project_partners as pp').select('pp.project_id').whereRef('pp.project_id', '=', 'p.id').where('pp.organisation_id', '=', orgId)),
      ]),
    );
  }
  return (await q.execute()).map(toSummary);
}

export async function findProject(db: Db, id: string): Promise<ProjectDto | undefined> {
  const r = await projectBase(db).where('p.id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const [partners, lines, total, complementary] = await Promise.all([
    db
      .selectFrom('project_partners as pp')
      .innerJoin('organisations as o', 'o.id', 'pp.organisation_id')
      .select(['pp.organisation_id', 'pp.provinces', 'o.code', 'o.name'])
      .where('pp.project_id', '=', id)
      .orderBy('o.name')
      .execute(),
    db.selectFrom('project_budget_lines').select(['code', 'label', 'amount']).where('project_id', '=', id).orderBy('code').execute(),
    db
      .selectFrom('project_budget_lines')
      .select(sql<string>`coalesce(sum(amount), 0)::numeric(14,2)::text`.as('total'))
      .where('project_id', '=', id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('complementary_projects').select(['id', 'name', 'funder', 'notes']).where('project_id', '=', id).orderBy('name').orderBy('id').execute(),
  ]);
  return {
    ...toSummary(r),
    description: r.description,
    partners: partners.map((p) => ({ organisationId: p.organisation_id, organisationCode: p.code, organisationName: p.name, provinces: p.provinces })),
    budgetLines: lines,
    budgetLinesTotal: total.total,
    complementary,
  };
}

export interface ProjectColumns {
  code?: string | undefined;
  name?: string | undefined;
  edition?: string | null | undefined;
  periodStart?: string | undefined;
  periodEnd?: string | undefined;
  funder?: string | undefined;
  budgetTotal?: string | undefined;
  leadOrganisationId?: string | undefined;
  description?: string | null | undefined;
}

function projectColumns(input: ProjectColumns) {
  return {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.edition !== undefined ? { edition: input.edition } : {}),
    ...(input.periodStart !== undefined ? { period_start: input.periodStart } : {}),
    ...(input.periodEnd !== undefined ? { period_end: input.periodEnd } : {}),
    ...(input.funder !== undefined ? { funder: input.funder } : {}),
    ...(input.budgetTotal !== undefined ? { budget_total: input.budgetTotal } : {}),
    ...(input.leadOrganisationId !== undefined ? { lead_org_id: input.leadOrganisationId } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
}

export async function insertProject(db: Db, input: Required<Pick<ProjectColumns, 'code' | 'name' | 'periodStart' | 'periodEnd' | 'funder' | 'budgetTotal' | 'leadOrganisationId'>> & ProjectColumns, now: Date): Promise<string> {
  const r = await db
    .insertInto('projects')
    .values({
      code: input.code,
      name: input.name,
      edition: input.edition ?? null,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      funder: input.funder,
      budget_total: input.budgetTotal,
      lead_org_id: input.leadOrganisationId,
      description: input.description ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateProjectColumns(db: Db, id: string, input: ProjectColumns, now: Date): Promise<void> {
  await db.updateTable('projects').set({ ...projectColumns(input), updated_at: now }).where('id', '=', id).execute();
}

/** The stored values a partial update is checked against. */
export async function findProjectForUpdate(db: Db, id: string): Promise<{ periodStart: string; periodEnd: string; budgetTotal: string } | undefined> {
  const r = await db.selectFrom('projects').select(['period_start', 'period_end', 'budget_total']).where('id', '=', id).forUpdate().executeTakeFirst();
  return r ? { periodStart: r.period_start, periodEnd: r.period_end, budgetTotal: r.budget_total } : undefined;
}

export async function budgetLineAmounts(db: Db, projectId: string): Promise<string[]> {
  return (await db.selectFrom('project_budget_lines').select('amount').where('project_id', '=', projectId).execute()).map((r) => r.amount);
}

export async function replacePartners(db: Db, projectId: string, partners: ReadonlyArray<{ organisationId: string; provinces: string[] }>): Promise<void> {
  await db.deleteFrom('project_partners').where('project_id', '=', projectId).execute();
  if (partners.length === 0) return;
  await db
    .insertInto('project_partners')
    .values(partners.map((p) => ({ project_id: projectId, organisation_id: p.organisationId, provinces: p.provinces })))
    .execute();
}

/**
 * Lines keep their id across edits (matched by code), since expenses point at them; a line that
 * already has expenses cannot be dropped (409).
 */
export async function replaceBudgetLines(db: Db, projectId: string, lines: ReadonlyArray<{ code: string; label: string; amount: string }>): Promise<void> {
  const codes = lines.map((l) => l.code);
  let dropped = db.selectFrom('project_budget_lines').select('id').where('project_id', '=', projectId);
  if (codes.length > 0) dropped = dropped.where('code', 'not in', codes);
  const droppedIds = (await dropped.execute()).map((r) => r.id);
  if (droppedIds.length > 0) {
    if (await db.selectFrom('expenses').select('id').where('budget_line_id', 'in', droppedIds).limit(1).executeTakeFirst()) {
      throw conflictError({ it: 'Una voce di bilancio con spese registrate non si può eliminare.', en: 'A budget line with expenses recorded cannot be removed.', detail: 'budget line in use' });
    }
    await db.deleteFrom('project_budget_lines').where('id', 'in', droppedIds).execute();
  }
  for (const l of lines) {
    await db
      .insertInto('project_budget_lines')
      .values({ project_id: projectId, code: l.code, label: l.label, amount: l.amount })
      .onConflict((oc) => oc.columns(['project_id', 'code']).doUpdateSet({ label: l.label, amount: l.amount }))
      .execute();
  }
}

export async function replaceComplementary(
  db: Db,
  projectId: string,
  items: ReadonlyArray<{ name: string; funder?: string | null | undefined; notes?: string | null | undefined }>,
): Promise<void> {
  await db.deleteFrom('complementary_projects').where('project_id', '=', projectId).execute();
  if (items.length === 0) return;
  await db
    .insertInto('complementary_projects')
    .values(items.map((c) => ({ project_id: projectId, name: c.name, funder: c.funder ?? null, notes: c.notes ?? null })))
    .execute();
}
