/**
 * The public site: pages for anonymous visitors, read from published versions and the public
 * fields of projects and organisations. No login, no session, no audit (nothing personal is
 * read), and nothing that depends on who the visitor is. An unpublished page answers exactly
 * like a missing one.
 */
import type { DataAccess } from '../../platform/access.ts';
import { isPublicLanguage, type PublicLanguage } from '../../../domain/public/languages.ts';
import { escapeHtml } from '../../../domain/public/markdown.ts';
import * as q from './queries.ts';
import { contactsHtml, contentHtml, factsHtml, notFoundHtml, pageHtml, projectListHtml, chromeFor } from './render.ts';

export type PublicRoute =
  | { kind: 'home' }
  | { kind: 'help' }
  | { kind: 'contacts' }
  | { kind: 'project'; code: string }
  | { kind: 'page'; slug: string }
  | { kind: 'missing' };

export interface RenderedPage {
  status: 200 | 400 | 404 | 429;
  html: string;
}

const slugPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

function pathOf(route: PublicRoute): string {
  switch (route.kind) {
    case 'home':
      return '/';
    case 'help':
      return '/help';
    case 'contacts':
      return '/contacts';
    case 'project':
      return `/projects/${route.code}`;
    case 'page':
      return `/${route.slug}`;
    case 'missing':
      return '/';
  }
}

export async function renderPublicPage(options: { access: DataAccess; exitUrl: string; lang: string; route: PublicRoute }): Promise<RenderedPage> {
  const { access, exitUrl, route } = options;
  const lang: PublicLanguage = isPublicLanguage(options.lang) ? options.lang : 'it';
  const notFound = (): RenderedPage => ({
    status: 404,
    html: pageHtml({ lang, path: '/', current: null, title: chromeFor(lang).notFoundTitle, exitUrl, main: notFoundHtml(lang) }),
  });
  if (!isPublicLanguage(options.lang) || route.kind === 'missing') return notFound();
  if ((route.kind === 'project' && !slugPattern.test(route.code)) || (route.kind === 'page' && !slugPattern.test(route.slug))) return notFound();

  return access.anonymousTransaction(async ({ db }) => {
    const shell = { lang, path: pathOf(route), exitUrl };
    switch (route.kind) {
      case 'contacts': {
        const contacts = await q.publicContacts(db);
        return { status: 200, html: pageHtml({ ...shell, current: 'contacts', title: chromeFor(lang).contactsTitle, main: contactsHtml(lang, contacts) }) };
      }
      case 'home': {
        const text = await q.findPublished(db, { kind: 'home' }, lang);
        const projects = await q.publishedProjectPages(db, lang);
        const facts = text?.projectId ? await q.projectFacts(db, text.projectId) : null;
        const after = `${facts ? factsHtml(lang, facts) : ''}\n${projectListHtml(lang, projects)}`;
        if (!text) {
          // The home page always answers: the hotline and the navigation are there even before any text is published.
          const t = chromeFor(lang);
          return { status: 200, html: pageHtml({ ...shell, current: 'home', title: t.siteName, main: `<h1>${escapeHtml(t.siteName)}</h1>\n${after}` }) };
        }
        return { status: 200, html: pageHtml({ ...shell, current: 'home', title: text.title, main: contentHtml({ lang, text, after }) }) };
      }
      case 'help': {
        const text = await q.findPublished(db, { kind: 'help' }, lang);
        if (!text) return notFound();
        return { status: 200, html: pageHtml({ ...shell, current: 'help', title: text.title, main: contentHtml({ lang, text }) }) };
      }
      case 'project': {
        const text = await q.findPublished(db, { projectCode: route.code }, lang);
        if (!text?.projectId) return notFound();
        const facts = await q.projectFacts(db, text.projectId);
        return { status: 200, html: pageHtml({ ...shell, current: null, title: text.title, main: contentHtml({ lang, text, after: facts ? factsHtml(lang, facts) : '' }) }) };
      }
      case 'page': {
        const text = await q.findPublished(db, { slug: route.slug }, lang);
        if (!text) return notFound();
        return { status: 200, html: pageHtml({ ...shell, current: null, title: text.title, main: contentHtml({ lang, text }) }) };
      }
    }
  });
}
