/**
 * Rules of the public-pages editor (public.edit): pages, their versions per language (every save
 * a new version, a restore saves a copy), publishing one version per language and unpublishing.
 * Page texts are not personal data, but every change is a staff action and is audited with the
 * field names and the language; denied attempts are audited too. Existence of a page is not
 * secret (it is public once published): a missing permission answers 403.
 */
import type { Actor, DataAccess } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { conflictError, fieldError, notFound } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import type { PublicLanguage, PublicPageKind } from '../../../domain/public/languages.ts';
import * as q from './queries.ts';

export interface PageDto {
  id: string;
  slug: string;
  kind: PublicPageKind;
  project: { id: string; code: string; name: string } | null;
  publicPath: string;
  languages: Array<{ lang: PublicLanguage; latestVersion: number | null; publishedVersion: number | null; publishedVersionId: string | null; publishedAt: string | null }>;
  createdAt: string;
  updatedAt: string;
}

export interface VersionDto {
  id: string;
  lang: PublicLanguage;
  version: number;
  title: string;
  body: string;
  restoredFrom: string | null;
  createdBy: { id: string; displayName: string };
  createdAt: string;
  published: boolean;
}

export function publicPath(page: { kind: PublicPageKind; slug: string; projectCode: string | null }, lang: PublicLanguage = 'it'): string {
  switch (page.kind) {
    case 'home':
      return `/p/${lang}/`;
    case 'help':
      return `/p/${lang}/help`;
    case 'project':
      return `/p/${lang}/projects/${page.projectCode ?? page.slug}`;
    case 'page':
      return `/p/${lang}/${page.slug}`;
  }
}

function toPageDto(page: q.PageRow, states: q.LanguageState[]): PageDto {
  return {
    id: page.id,
    slug: page.slug,
    kind: page.kind,
    project: page.projectId && page.projectCode && page.projectName ? { id: page.projectId, code: page.projectCode, name: page.projectName } : null,
    publicPath: publicPath(page),
    languages: states.map((s) => ({
      lang: s.lang,
      latestVersion: s.latestVersion,
      publishedVersion: s.publishedVersion,
      publishedVersionId: s.publishedVersionId,
      publishedAt: s.publishedAt ? s.publishedAt.toISOString() : null,
    })),
    createdAt: page.createdAt.toISOString(),
    updatedAt: page.updatedAt.toISOString(),
  };
}

function toVersionDto(v: q.VersionRow, publishedIds: ReadonlySet<string>): VersionDto {
  return {
    id: v.id,
    lang: v.lang,
    version: v.version,
    title: v.title,
    body: v.bodyMd,
    restoredFrom: v.restoredFrom,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    published: publishedIds.has(v.id),
  };
}

async function requireEditor(access: DataAccess, action: AuditAction, recordId?: string): Promise<Actor> {
  return access.require({
    permission: 'public.edit',
    entry: { action, recordType: 'public_page', ...(recordId ? { recordId } : {}) },
    hide: false,
  });
}

async function missingPage(access: DataAccess, action: AuditAction, id: string): Promise<never> {
  await access.auditDenied({ action, recordType: 'public_page', recordId: id, details: { reason: 'not_found' } });
  throw notFound('public page');
}

export async function listPages(options: { access: DataAccess }): Promise<{ items: PageDto[] }> {
  const { access } = options;
  await requireEditor(access, 'public_page.list');
  return access.transaction(async (tx) => {
    const pages = await q.listPages(tx.db);
    const states = await q.languageStates(tx.db, pages.map((p) => p.id));
    return { items: pages.map((p) => toPageDto(p, states.get(p.id) ?? [])) };
  });
}

export async function getPage(options: { access: DataAccess; id: string }): Promise<PageDto> {
  const { access, id } = options;
  await requireEditor(access, 'public_page.read', id);
  const page = await access.transaction(async (tx) => {
    const row = await q.getPage(tx.db, id);
    if (!row) return null;
    const states = await q.languageStates(tx.db, [id]);
    return toPageDto(row, states.get(id) ?? []);
  });
  return page ?? missingPage(access, 'public_page.read', id);
}

export async function createPage(options: { access: DataAccess; input: { slug: string; kind: PublicPageKind; projectId?: string | null | undefined } }): Promise<PageDto> {
  const { access, input } = options;
  await requireEditor(access, 'public_page.create');
  try {
    return await access.transaction(async (tx) => {
      const projectId = input.projectId ?? null;
      if (projectId && !(await q.projectExists(tx.db, projectId))) {
        throw fieldError({ locale: access.meta.locale, path: 'projectId', message: { it: 'Progetto inesistente.', en: 'No such project.' } });
      }
      const id = await q.insertPage(tx.db, { slug: input.slug, kind: input.kind, projectId, userId: tx.actor.userId, now: tx.now });
      await tx.audit({ action: 'public_page.create', outcome: 'success', recordType: 'public_page', recordId: id, fields: ['slug', 'kind', 'projectId'], details: { kind: input.kind } });
      const row = await q.getPage(tx.db, id);
      if (!row) throw notFound('public page');
      return toPageDto(row, []);
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflictError({
        detail: 'public page slug, home, help or project page exists',
        it: 'Esiste già una pagina con questo indirizzo, o la pagina di questo tipo (home, aiuto, progetto) esiste già.',
        en: 'A page with this address, or the page of this kind (home, help, project), already exists.',
      });
    }
    throw e;
  }
}

export async function listVersions(options: { access: DataAccess; id: string; lang?: PublicLanguage | undefined }): Promise<{ items: VersionDto[] }> {
  const { access, id } = options;
  await requireEditor(access, 'public_page.read', id);
  const items = await access.transaction(async (tx) => {
    if (!(await q.getPage(tx.db, id))) return null;
    const states = await q.languageStates(tx.db, [id]);
    const published = new Set((states.get(id) ?? []).flatMap((s) => (s.publishedVersionId ? [s.publishedVersionId] : [])));
    return (await q.listVersions(tx.db, id, options.lang)).map((v) => toVersionDto(v, published));
  });
  return items ? { items } : missingPage(access, 'public_page.read', id);
}

export async function getVersion(options: { access: DataAccess; id: string; versionId: string }): Promise<VersionDto> {
  const { access, id, versionId } = options;
  await requireEditor(access, 'public_page.read', id);
  const version = await access.transaction(async (tx) => {
    const v = await q.getVersion(tx.db, id, versionId);
    if (!v) return null;
    const states = await q.languageStates(tx.db, [id]);
    const published = new Set((states.get(id) ?? []).flatMap((s) => (s.publishedVersionId ? [s.publishedVersionId] : [])));
    return toVersionDto(v, published);
  });
  return version ?? missingPage(access, 'public_page.read', id);
}

/** Saves a new version of the page in one language (never changes an earlier one). */
export async function saveVersion(options: { access: DataAccess; id: string; input: { lang: PublicLanguage; title: string; body: string } }): Promise<VersionDto> {
  const { access, id, input } = options;
  await requireEditor(access, 'public_page.update', id);
  const saved = await access.transaction(async (tx) => {
    if (!(await q.getPage(tx.db, id, { lock: true }))) return null;
    const v = await q.insertVersion(tx.db, { pageId: id, lang: input.lang, title: input.title, bodyMd: input.body, restoredFrom: null, userId: tx.actor.userId, now: tx.now });
    await tx.audit({ action: 'public_page.update', outcome: 'success', recordType: 'public_page', recordId: id, fields: ['title', 'body'], details: { lang: input.lang, version: v.version } });
    const row = await q.getVersion(tx.db, id, v.id);
    return row ? toVersionDto(row, new Set()) : null;
  });
  return saved ?? missingPage(access, 'public_page.update', id);
}

/** Restores an earlier version: saves a copy of it as the newest version of its language. */
export async function restoreVersion(options: { access: DataAccess; id: string; versionId: string }): Promise<VersionDto> {
  const { access, id, versionId } = options;
  await requireEditor(access, 'public_page.restore', id);
  const saved = await access.transaction(async (tx) => {
    if (!(await q.getPage(tx.db, id, { lock: true }))) return null;
    const from = await q.getVersion(tx.db, id, versionId);
    if (!from) return null;
    const v = await q.insertVersion(tx.db, { pageId: id, lang: from.lang, title: from.title, bodyMd: from.bodyMd, restoredFrom: from.id, userId: tx.actor.userId, now: tx.now });
    await tx.audit({
      action: 'public_page.restore', outcome: 'success', recordType: 'public_page', recordId: id, fields: ['title', 'body'],
      details: { lang: from.lang, version: v.version, restoredVersion: from.version },
    });
    const row = await q.getVersion(tx.db, id, v.id);
    return row ? toVersionDto(row, new Set()) : null;
  });
  return saved ?? missingPage(access, 'public_page.restore', id);
}

export async function publishVersion(options: { access: DataAccess; id: string; input: { lang: PublicLanguage; versionId: string } }): Promise<PageDto> {
  const { access, id, input } = options;
  await requireEditor(access, 'public_page.publish', id);
  const page = await access.transaction(async (tx) => {
    const row = await q.getPage(tx.db, id, { lock: true });
    if (!row) return null;
    const v = await q.getVersion(tx.db, id, input.versionId);
    if (!v) return null;
    if (v.lang !== input.lang) {
      throw fieldError({ locale: access.meta.locale, path: 'versionId', message: { it: 'La versione è in un’altra lingua.', en: 'The version is in another language.' } });
    }
    await q.publish(tx.db, { pageId: id, lang: input.lang, versionId: v.id, userId: tx.actor.userId, now: tx.now });
    await tx.audit({ action: 'public_page.publish', outcome: 'success', recordType: 'public_page', recordId: id, fields: ['published'], details: { lang: input.lang, version: v.version } });
    const states = await q.languageStates(tx.db, [id]);
    return toPageDto({ ...row, updatedAt: tx.now }, states.get(id) ?? []);
  });
  return page ?? missingPage(access, 'public_page.publish', id);
}

export async function unpublishPage(options: { access: DataAccess; id: string; input: { lang: PublicLanguage } }): Promise<PageDto> {
  const { access, id, input } = options;
  await requireEditor(access, 'public_page.unpublish', id);
  const page = await access.transaction(async (tx) => {
    const row = await q.getPage(tx.db, id, { lock: true });
    if (!row) return null;
    const removed = await q.unpublish(tx.db, { pageId: id, lang: input.lang, now: tx.now });
    if (removed) {
      await tx.audit({ action: 'public_page.unpublish', outcome: 'success', recordType: 'public_page', recordId: id, fields: ['published'], details: { lang: input.lang } });
    }
    const states = await q.languageStates(tx.db, [id]);
    return toPageDto(removed ? { ...row, updatedAt: tx.now } : row, states.get(id) ?? []);
  });
  return page ?? missingPage(access, 'public_page.unpublish', id);
}
