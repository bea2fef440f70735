/**
 * The consultation forum (issue 8, point 6): a staff-only section where network staff ask legal and
 * procedural questions and experts of the observatory or the lead body answer. Value lists, limits
 * and the rules of who may do what on a thread, shared by the server and the web app. Pure.
 *
 * Posts are staff content, not data about the persons helped: they must not carry personal data
 * (see pii.ts, checked on the server before anything is stored and live in the form).
 */
export * from './pii.ts';

export const forumCategories = [
  'residence_permits',
  'asylum',
  'labour_exploitation',
  'minors',
  'criminal_proceedings',
  'accommodation',
  'other',
] as const;
export type ForumCategory = (typeof forumCategories)[number];

export const forumCategoryLabels: Record<ForumCategory, { it: string; en: string }> = {
  residence_permits: { it: 'Permessi di soggiorno', en: 'Residence permits' },
  asylum: { it: 'Protezione internazionale', en: 'Asylum' },
  labour_exploitation: { it: 'Sfruttamento lavorativo', en: 'Labour exploitation' },
  minors: { it: 'Minori', en: 'Minors' },
  criminal_proceedings: { it: 'Procedimento penale', en: 'Criminal proceedings' },
  accommodation: { it: 'Accoglienza', en: 'Accommodation' },
  other: { it: 'Altro', en: 'Other' },
};

/**
 * open: no accepted answer yet; answered: an answer is accepted (the thread is part of the
 * knowledge base); closed: closed by a moderator (withdrawn, duplicate, out of scope).
 */
export const forumStatuses = ['open', 'answered', 'closed'] as const;
export type ForumStatus = (typeof forumStatuses)[number];

/** Moderation of one post and of a whole thread. Every action needs a reason. */
export const postModerationActions = ['hide', 'unhide'] as const;
export type PostModerationAction = (typeof postModerationActions)[number];
export const threadModerationActions = ['lock', 'unlock', 'close', 'reopen'] as const;
export type ThreadModerationAction = (typeof threadModerationActions)[number];

export const forumLimits = {
  titleMin: 10,
  titleMax: 200,
  bodyMax: 20_000,
  tagMax: 40,
  tagsMax: 8,
  reasonMax: 500,
  searchMax: 100,
  pageSize: 20,
} as const;

/** A tag: lowercase letters (any script), digits and hyphens, e.g. `art-18`, `rinnovo`. */
export const forumTagPattern = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}-]{0,39}$/u;

/** Normalises a typed tag (trim, lowercase, spaces to hyphens) or null when nothing usable is left. */
export function normaliseTag(raw: string): string | null {
  const tag = raw.normalize('NFC').trim().toLowerCase().replace(/\s+/g, '-').replace(/^#/, '');
  return forumTagPattern.test(tag) ? tag : null;
}

/**
 * Whether the author may still edit a post: the question while no answer is visible and the thread
 * is open and not locked; an answer while it is not the accepted one and the thread is not locked
 * or closed.
 */
export function authorMayEdit(options: {
  kind: 'question' | 'answer';
  threadStatus: ForumStatus;
  locked: boolean;
  visibleAnswers: number;
  accepted: boolean;
}): boolean {
  if (options.locked || options.threadStatus === 'closed') return false;
  if (options.kind === 'question') return options.threadStatus === 'open' && options.visibleAnswers === 0;
  return !options.accepted;
}

/** Whether a thread takes new answers. */
export function acceptsAnswers(options: { threadStatus: ForumStatus; locked: boolean }): boolean {
  return !options.locked && options.threadStatus !== 'closed';
}
