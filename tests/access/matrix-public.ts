/** Access matrix rows of the public-pages editor (public.edit: trainers; see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/** Page texts are public once published, so a page's existence is not secret: other roles get 403. */
const editors = ['trainer'] as const satisfies readonly BuiltinRoleKey[];

/** A fresh page of kind 'page' with one Italian version (returned with the page id). */
async function newPage(f: MatrixFixtures): Promise<{ pageId: string; versionId: string }> {
  const page = await f.db.insertInto('public_pages').values({ slug: `pagina-${f.unique()}`, kind: 'page', created_by: f.userId }).returning('id').executeTakeFirstOrThrow();
  const v = await f.db
    .insertInto('public_page_versions')
    .values({ page_id: page.id, lang: 'it', version: 1, title: 'Pagina di prova', body_md: 'Testo di prova.', created_by: f.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { pageId: page.id, versionId: v.id };
}

/** The version of the last page made by a row's path, for its body (path runs before body). */
const lastVersion = new WeakMap<object, string>();
async function pageForBody(f: MatrixFixtures): Promise<string> {
  const { pageId, versionId } = await newPage(f);
  lastVersion.set(f.db, versionId);
  return pageId;
}

export const publicPageEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/public-pages', path: () => '/api/public-pages', allowed: editors, denied: 403, deniedAction: 'public_page.list' },
  {
    method: 'POST', route: '/api/public-pages', path: () => '/api/public-pages',
    body: (f) => ({ kind: 'page', slug: `nuova-${f.unique()}` }),
    allowed: editors, denied: 403, deniedAction: 'public_page.create',
  },
  { method: 'GET', route: '/api/public-pages/:id', path: async (f) => `/api/public-pages/${(await newPage(f)).pageId}`, allowed: editors, denied: 403, deniedAction: 'public_page.read' },
  { method: 'GET', route: '/api/public-pages/:id/versions', path: async (f) => `/api/public-pages/${(await newPage(f)).pageId}/versions?lang=it`, allowed: editors, denied: 403, deniedAction: 'public_page.read' },
  {
    method: 'POST', route: '/api/public-pages/:id/versions', path: async (f) => `/api/public-pages/${(await newPage(f)).pageId}/versions`,
    body: () => ({ lang: 'en', title: 'Test page', body: '## Help\n\nCall the hotline.' }),
    allowed: editors, denied: 403, deniedAction: 'public_page.update',
  },
  {
    method: 'GET', route: '/api/public-pages/:id/versions/:versionId',
    path: async (f) => { const p = await newPage(f); return `/api/public-pages/${p.pageId}/versions/${p.versionId}`; },
    allowed: editors, denied: 403, deniedAction: 'public_page.read',
  },
  {
    method: 'POST', route: '/api/public-pages/:id/versions/:versionId/restore',
    path: async (f) => { const p = await newPage(f); return `/api/public-pages/${p.pageId}/versions/${p.versionId}/restore`; },
    allowed: editors, denied: 403, deniedAction: 'public_page.restore',
  },
  {
    method: 'POST', route: '/api/public-pages/:id/publish', path: async (f) => `/api/public-pages/${await pageForBody(f)}/publish`,
    body: (f) => ({ lang: 'it', versionId: lastVersion.get(f.db) }),
    allowed: editors, denied: 403, deniedAction: 'public_page.publish',
  },
  {
    method: 'POST', route: '/api/public-pages/:id/unpublish', path: async (f) => `/api/public-pages/${(await newPage(f)).pageId}/unpublish`,
    body: () => ({ lang: 'it' }),
    allowed: editors, denied: 403, deniedAction: 'public_page.unpublish',
  },
  { method: 'GET', route: '/api/public-feedback', path: () => '/api/public-feedback?status=new', allowed: editors, denied: 403, deniedAction: 'public_feedback.list' },
  {
    method: 'PATCH', route: '/api/public-feedback/:id',
    path: async (f) => {
      const row = await f.db.insertInto('public_feedback').values({ lang: 'it', page_path: '/help', useful: true, delete_after: '2099-12-31' }).returning('id').executeTakeFirstOrThrow();
      return `/api/public-feedback/${row.id}`;
    },
    body: () => ({ status: 'reviewed', version: 1 }),
    allowed: editors, denied: 403, deniedAction: 'public_feedback.update',
  },
];
