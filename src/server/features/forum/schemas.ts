/** Request schemas of the consultation forum. Every object is strict. */
import { z } from 'zod';
import { line, orEmpty, searchText, text, uuid } from '../../../domain/fields.ts';
import { forumCategories, forumLimits, forumStatuses, normaliseTag, postModerationActions, threadModerationActions } from '../../../domain/forum/index.ts';

export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();

const tag = line(forumLimits.tagMax).refine((t) => normaliseTag(t) !== null, { message: 'a tag is lowercase letters, digits and hyphens' });
const tags = z.array(tag).max(forumLimits.tagsMax);
const title = line(forumLimits.titleMax).min(forumLimits.titleMin);
const body = text(forumLimits.bodyMax);
const reason = text(forumLimits.reasonMax);

export const threadQuery = z
  .object({
    q: searchText.optional(),
    category: orEmpty(z.enum(forumCategories)),
    status: orEmpty(z.enum(forumStatuses)),
    tag: orEmpty(tag),
    page: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type ThreadQuery = z.infer<typeof threadQuery>;

export const threadCreate = z.object({ title, body, category: z.enum(forumCategories), tags: tags.optional() }).strict();
export type ThreadCreate = z.infer<typeof threadCreate>;

export const answerCreate = z.object({ body }).strict();
export type AnswerCreate = z.infer<typeof answerCreate>;

/** An author's edit: the body, and for the question also the title, category and tags. */
export const postEdit = z
  .object({ version: z.number().int().min(1), body, title: title.optional(), category: z.enum(forumCategories).optional(), tags: tags.optional() })
  .strict();
export type PostEdit = z.infer<typeof postEdit>;

export const acceptBody = z.object({ postId: uuid.nullable() }).strict();
export type AcceptBody = z.infer<typeof acceptBody>;

export const postModeration = z.object({ action: z.enum(postModerationActions), reason }).strict();
export type PostModeration = z.infer<typeof postModeration>;

export const threadModeration = z.object({ action: z.enum(threadModerationActions), reason }).strict();
export type ThreadModeration = z.infer<typeof threadModeration>;
