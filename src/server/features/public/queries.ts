/**
 * SQL of the public pages: what the public site reads (published versions, the public fields of
 * projects and organisations) and what the staff editor reads and writes (pages, versions,
 * publications). Nothing here touches personal data of persons helped.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { PublicLanguage, PublicPageKind } from '../../../domain/public/languages.ts';

type Db = Kysely<DB> | Transaction<DB>;

// --- the public site ---------------------------------------------------------------------------

export interface PublishedText {
  pageId: string;
  slug: string;
  kind: PublicPageKind;
  projectId: string | null;
  /** The language of the text: the one asked for, or Italian when that one is not published. */
  lang: PublicLanguage;
  fallback: boolean;
  title: string;
  bodyMd: string;
  /** When the published version was saved: the page's "last updated". */
  updatedAt: Date;
}

export type PageSelector = { kind: 'home' | 'help' } | { slug: string } | { projectCode: string };

/** The published text of a page in `lang`, else in Italian (marked fallback), else null. */
export async function findPublished(db: Db, selector: PageSelector, lang: PublicLanguage): Promise<PublishedText | null> {
  let q = db.selectFrom('public_pages as pg').select(['pg.id', 'pg.slug', 'pg.kind', 'pg.project_id']);
  if ('kind' in selector) q = q.where('pg.kind', '=', selector.kind);
  else if ('slug' in selector) q = q.where('pg.slug', '=', selector.slug).where('pg.kind', '=', 'page');
  else q = q.innerJoin('projects as pr', 'pr.id', 'pg.project_id').where('pg.kind', '=', 'project').where('pr.code', '=', selector.projectCode);
  const page = await q.executeTakeFirst();
  if (!page) return null;
  const rows = await db
    .selectFrom('public_page_publications as pub')
    .innerJoin('public_page_versions as v', 'v.id', 'pub.version_id')
    .select(['pub.lang', 'v.title', 'v.body_md', 'v.created_at'])
    .where('pub.page_id', '=', page.id)
    .where('pub.lang', 'in', lang === 'it' ? ['it'] : [lang, 'it'])
    .execute();
  const row = rows.find((r) => r.lang === lang) ?? rows.find((r) => r.lang === 'it');
  if (!row) return null;
  return {
    pageId: page.id,
    slug: page.slug,
    kind: page.kind,
    projectId: page.project_id,
    lang: row.lang,
    fallback: row.lang !== lang,
    title: row.title,
    bodyMd: row.body_md,
    updatedAt: new Date(row.created_at),
  };
}

export interface ProjectFacts {
  id: string;
  code: string;
  name: string;
  edition: string | null;
  periodStart: string;
  periodEnd: string;
  funder: string;
  budgetTotal: string;
  leadName: string;
  partners: Array<{ name: string; provinces: string[] }>;
  complementary: Array<{ name: string; funder: string | null }>;
}

/** The public facts of a project: period, funder, budget, lead body, partners and their provinces, complementary projects. */
export async function projectFacts(db: Db, projectId: string): Promise<ProjectFacts | null> {
  const p = await db
    .selectFrom('projects as p')
    .innerJoin('organisations as lead', 'lead.id', 'p.lead_org_id')
    .select(['p.id', 'p.code', 'p.name', 'p.edition', 'p.period_start', 'p.period_end', 'p.funder', 'p.budget_total', 'lead.name as lead_name'])
    .where('p.id', '=', projectId)
    .executeTakeFirst();
  if (!p) return null;
  const partners = await db
    .selectFrom('project_partners as pp')
    .innerJoin('organisations as o', 'o.id', 'pp.organisation_id')
    .select(['o.name', 'pp.provinces'])
    .where('pp.project_id', '=', projectId)
    .orderBy('o.name')
    .execute();
  const complementary = await db.selectFrom('complementary_projects').select(['name', 'funder']).where('project_id', '=', projectId).orderBy('name').execute();
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    edition: p.edition,
    periodStart: p.period_start,
    periodEnd: p.period_end,
    funder: p.funder,
    budgetTotal: p.budget_total,
    leadName: p.lead_name,
    partners: partners.map((r) => ({ name: r.name, provinces: r.provinces })),
    complementary,
  };
}

/** Project pages published in `lang` or in Italian: their project code and title (in `lang` when there is one). */
export async function publishedProjectPages(db: Db, lang: PublicLanguage): Promise<Array<{ code: string; title: string }>> {
  const rows = await db
    .selectFrom('public_pages as pg')
    .innerJoin('projects as pr', 'pr.id', 'pg.project_id')
    .innerJoin('public_page_publications as pub', 'pub.page_id', 'pg.id')
    .innerJoin('public_page_versions as v', 'v.id', 'pub.version_id')
    .select(['pr.code', 'pub.lang', 'v.title'])
    .where('pg.kind', '=', 'project')
    .where('pub.lang', 'in', lang === 'it' ? ['it'] : [lang, 'it'])
    .orderBy('pr.period_start', 'desc')
    .orderBy('pr.code')
    .execute();
  const byCode = new Map<string, { code: string; title: string; lang: string }>();
  for (const r of rows) {
    const seen = byCode.get(r.code);
    if (!seen || (seen.lang === 'it' && r.lang === lang)) byCode.set(r.code, { code: r.code, title: r.title, lang: r.lang });
  }
  // Only pages with an Italian version or one in `lang` are listed (the page itself then exists).
  return [...byCode.values()].map(({ code, title }) => ({ code, title }));
}

export interface PublicContact {
  name: string;
  provinces: string[];
  email: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
}

/**
 * The public contacts of the active organisations leading or implementing a project that has a
 * published public page (home or project page): institutional fields only, never a person's.
 */
export async function publicContacts(db: Db): Promise<PublicContact[]> {
  const projectIds = db
    .selectFrom('public_pages as pg')
    .innerJoin('public_page_publications as pub', 'pub.page_id', 'pg.id')
    .select('pg.project_id')
    .where('pg.project_id', 'is not', null);
  return db
    .selectFrom('organisations as o')
    .select(['o.name', 'o.provinces', 'o.email', 'o.phone', 'o.website', 'o.address'])
    .where('o.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb('o.id', 'in', eb.selectFrom('projects').select('lead_org_id').where('id', 'in', projectIds)),
        eb('o.id', 'in', eb.selectFrom('project_partners').select('organisation_id').where('project_id', 'in', projectIds)),
      ]),
    )
    .orderBy('o.name')
    .execute();
}

// --- the staff editor ----------------------------------------------------------------------------

export interface PageRow {
  id: string;
  slug: string;
  kind: PublicPageKind;
  projectId: string | null;
  projectCode: string | null;
  projectName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function pageQuery(db: Db) {
  return db
    .selectFrom('public_pages as pg')
    .leftJoin('projects as pr', 'pr.id', 'pg.project_id')
    .select(['pg.id', 'pg.slug', 'pg.kind', 'pg.project_id', 'pr.code as project_code', 'pr.name as project_name', 'pg.created_at', 'pg.updated_at']);
}

function toPageRow(r: { id: string; slug: string; kind: PublicPageKind; project_id: string | null; project_code: string | null; project_name: string | null; created_at: Date; updated_at: Date }): PageRow {
  return {
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    projectId: r.project_id,
    projectCode: r.project_code,
    projectName: r.project_name,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export async function listPages(db: Db): Promise<PageRow[]> {
  const rows = await pageQuery(db).orderBy('pg.kind').orderBy('pg.slug').execute();
  return rows.map(toPageRow);
}

export async function getPage(db: Db, id: string, options: { lock?: boolean } = {}): Promise<PageRow | null> {
  if (options.lock) await db.selectFrom('public_pages').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await pageQuery(db).where('pg.id', '=', id).executeTakeFirst();
  return row ? toPageRow(row) : null;
}

export interface LanguageState {
  lang: PublicLanguage;
  latestVersion: number | null;
  publishedVersion: number | null;
  publishedVersionId: string | null;
  publishedAt: Date | null;
}

/** Per page and language: the latest version number and the published one. */
export async function languageStates(db: Db, pageIds: readonly string[]): Promise<Map<string, LanguageState[]>> {
  const result = new Map<string, LanguageState[]>();
  if (pageIds.length === 0) return result;
  const latest = await db
    .selectFrom('public_page_versions')
    .select(['page_id', 'lang', (eb) => eb.fn.max('version').as('latest')])
    .where('page_id', 'in', pageIds)
    .groupBy(['page_id', 'lang'])
    .execute();
  const published = await db
    .selectFrom('public_page_publications as pub')
    .innerJoin('public_page_versions as v', 'v.id', 'pub.version_id')
    .select(['pub.page_id', 'pub.lang', 'v.version', 'v.id', 'pub.published_at'])
    .where('pub.page_id', 'in', pageIds)
    .execute();
  for (const l of latest) {
    const list = result.get(l.page_id) ?? [];
    const pub = published.find((p) => p.page_id === l.page_id && p.lang === l.lang);
    list.push({
      lang: l.lang,
      latestVersion: l.latest,
      publishedVersion: pub ? pub.version : null,
      publishedVersionId: pub ? pub.id : null,
      publishedAt: pub ? new Date(pub.published_at) : null,
    });
    result.set(l.page_id, list);
  }
  return result;
}

export async function insertPage(db: Db, values: { slug: string; kind: PublicPageKind; projectId: string | null; userId: string; now: Date }): Promise<string> {
  const row = await db
    .insertInto('public_pages')
    .values({ slug: values.slug, kind: values.kind, project_id: values.projectId, created_by: values.userId, created_at: values.now, updated_at: values.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function projectExists(db: Db, projectId: string): Promise<boolean> {
  return !!(await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst());
}

export interface VersionRow {
  id: string;
  lang: PublicLanguage;
  version: number;
  title: string;
  bodyMd: string;
  restoredFrom: string | null;
  createdBy: { id: string; displayName: string };
  createdAt: Date;
}

function versionQuery(db: Db) {
  return db
    .selectFrom('public_page_versions as v')
    .innerJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.id', 'v.lang', 'v.version', 'v.title', 'v.body_md', 'v.restored_from', 'v.created_by', 'u.display_name', 'v.created_at']);
}

function toVersionRow(r: { id: string; lang: PublicLanguage; version: number; title: string; body_md: string; restored_from: string | null; created_by: string; display_name: string; created_at: Date }): VersionRow {
  return {
    id: r.id,
    lang: r.lang,
    version: r.version,
    title: r.title,
    bodyMd: r.body_md,
    restoredFrom: r.restored_from,
    createdBy: { id: r.created_by, displayName: r.display_name },
    createdAt: new Date(r.created_at),
  };
}

export async function listVersions(db: Db, pageId: string, lang: PublicLanguage | undefined): Promise<VersionRow[]> {
  let q = versionQuery(db).where('v.page_id', '=', pageId);
  if (lang) q = q.where('v.lang', '=', lang);
  const rows = await q.orderBy('v.lang').orderBy('v.version', 'desc').limit(500).execute();
  return rows.map(toVersionRow);
}

export async function getVersion(db: Db, pageId: string, versionId: string): Promise<VersionRow | null> {
  const row = await versionQuery(db).where('v.page_id', '=', pageId).where('v.id', '=', versionId).executeTakeFirst();
  return row ? toVersionRow(row) : null;
}

/** Saves a new version (the next number for the page and language); call with the page row locked. */
export async function insertVersion(
  db: Db,
  values: { pageId: string; lang: PublicLanguage; title: string; bodyMd: string; restoredFrom: string | null; userId: string; now: Date },
): Promise<{ id: string; version: number }> {
  const last = await db
    .selectFrom('public_page_versions')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('page_id', '=', values.pageId)
    .where('lang', '=', values.lang)
    .executeTakeFirst();
  const version = (last?.n ?? 0) + 1;
  const row = await db
    .insertInto('public_page_versions')
    .values({
      page_id: values.pageId,
      lang: values.lang,
      version,
      title: values.title,
      body_md: values.bodyMd,
      restored_from: values.restoredFrom,
      created_by: values.userId,
      created_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await touchPage(db, values.pageId, values.now);
  return { id: row.id, version };
}

export async function touchPage(db: Db, pageId: string, now: Date): Promise<void> {
  await db.updateTable('public_pages').set({ updated_at: now }).where('id', '=', pageId).execute();
}

export async function publish(db: Db, values: { pageId: string; lang: PublicLanguage; versionId: string; userId: string; now: Date }): Promise<void> {
  await db
    .insertInto('public_page_publications')
    .values({ page_id: values.pageId, lang: values.lang, version_id: values.versionId, published_by: values.userId, published_at: values.now })
    .onConflict((oc) => oc.columns(['page_id', 'lang']).doUpdateSet({ version_id: values.versionId, published_by: values.userId, published_at: values.now }))
    .execute();
  await touchPage(db, values.pageId, values.now);
}

/** Removes the publication; false when the page was not published in that language. */
export async function unpublish(db: Db, values: { pageId: string; lang: PublicLanguage; now: Date }): Promise<boolean> {
  const r = await db.deleteFrom('public_page_publications').where('page_id', '=', values.pageId).where('lang', '=', values.lang).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await touchPage(db, values.pageId, values.now);
  return true;
}
