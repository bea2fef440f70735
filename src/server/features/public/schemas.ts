/** zod schemas of the public-pages editor API (request bodies and responses). */
import { z } from 'zod';
import { line, slugCode, uuid } from '../../../domain/fields.ts';
import { publicLanguages, publicPageKinds } from '../../../domain/public/languages.ts';

export const lang = z.enum(publicLanguages);

/** Slugs the public site uses for its own pages: a custom page may not take them. */
export const reservedSlugs = ['contacts', 'projects', 'help', 'home', 'p', 'api', 'feedback'] as const;

export const pageCreate = z
  .strictObject({
    slug: slugCode,
    kind: z.enum(publicPageKinds),
    projectId: uuid.nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'project' && !v.projectId) ctx.addIssue({ code: 'custom', path: ['projectId'], message: 'required for a project page' });
    if (v.kind !== 'project' && v.kind !== 'home' && v.projectId) ctx.addIssue({ code: 'custom', path: ['projectId'], message: 'only home and project pages present a project' });
    if (v.kind === 'page' && (reservedSlugs as readonly string[]).includes(v.slug)) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'reserved by the public site' });
  });

/** Markdown body: multi-line, any character but controls other than tab and line feed; up to 100 000 characters. */
const body = z
  .string()
  .max(100_000)
  .transform((v) => v.replace(/\r\n?/g, '\n').normalize('NFC'))
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  .refine((v) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(v), { message: 'control characters are not allowed' })
  .refine((v) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v), { message: 'broken Unicode (a lone surrogate)' });

export const versionCreate = z.strictObject({ lang, title: line(200), body });
export const publishBody = z.strictObject({ lang, versionId: uuid });
export const unpublishBody = z.strictObject({ lang });
export const idParams = z.strictObject({ id: uuid });
export const versionParams = z.strictObject({ id: uuid, versionId: uuid });
export const versionsQuery = z.strictObject({ lang: lang.optional() });

const iso = z.string();

export const languageStateResponse = z.object({
  lang,
  latestVersion: z.number().int().nullable(),
  publishedVersion: z.number().int().nullable(),
  publishedVersionId: z.string().nullable(),
  publishedAt: iso.nullable(),
});

export const pageResponse = z.object({
  id: z.string(),
  slug: z.string(),
  kind: z.enum(publicPageKinds),
  project: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  /** Where the page is served (Italian address; other languages replace /it/). */
  publicPath: z.string(),
  languages: z.array(languageStateResponse),
  createdAt: iso,
  updatedAt: iso,
});

export const versionResponse = z.object({
  id: z.string(),
  lang,
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  restoredFrom: z.string().nullable(),
  createdBy: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: iso,
  published: z.boolean(),
});

export const pageListResponse = z.object({ items: z.array(pageResponse) });
export const versionListResponse = z.object({ items: z.array(versionResponse) });

// --- visitors' feedback (staff review) ---------------------------------------------------------

export const feedbackStatus = z.enum(['new', 'reviewed', 'archived']);
export const feedbackQuery = z.strictObject({ status: feedbackStatus.optional(), lang: lang.optional(), before: z.iso.datetime().optional() });
export const feedbackUpdate = z.strictObject({ status: feedbackStatus, version: z.number().int().min(1) });
export const feedbackResponse = z.object({
  id: z.string(),
  lang: z.string(),
  page: z.string(),
  useful: z.boolean().nullable(),
  comment: z.string().nullable(),
  status: feedbackStatus,
  createdAt: z.string(),
  reviewedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  reviewedAt: z.string().nullable(),
  deleteAfter: z.string(),
  version: z.number(),
});
export const feedbackListResponse = z.object({
  items: z.array(feedbackResponse),
  counts: z.object({ new: z.number(), reviewed: z.number(), archived: z.number() }),
  next: z.string().nullable(),
});
