/**
 * Rules of the consultation forum (issue 8, point 6). Staff only, never public.
 *
 * - Reading needs forum.post (network staff who ask) or forum.answer (experts of the observatory
 *   or the lead body, who answer and moderate). Anyone else gets 404, as for a missing record.
 * - Asking needs forum.post; answering, moderating (hide/unhide a post, lock/unlock, close/reopen
 *   a thread, always with a reason) and reading an edit history of others need forum.answer.
 * - The asker or an expert marks the accepted answer; the thread is then `answered`: the
 *   knowledge base.
 * - Authors edit their own post while the domain allows it (authorMayEdit: a question while no
 *   answer is visible, an answer until accepted, never in a locked or closed thread); every text is
 *   kept as a version. Editing another's post is refused with 403 (the post is not secret).
 * - No personal data: title, tags and texts pass the check of src/domain/forum/pii.ts before
 *   anything is written; findings answer 422 with their kind and position and nothing is stored
 *   (and nothing audited: the values are never echoed into logs or the audit trail).
 *
 * Posts are staff content, stored in clear. Writes, moderation and reads are audited with field
 * names only; moderation reasons are stored in the forum's own table, not in the audit entry.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { PonteError, conflictError, notFound } from '../../platform/errors.ts';
import type { Permission } from '../../../domain/permissions.ts';
import {
  acceptsAnswers,
  authorMayEdit,
  checkPost,
  forumLimits,
  normaliseTag,
  piiKindLabels,
  type ForumCategory,
  type ForumStatus,
  type PiiFinding,
} from '../../../domain/forum/index.ts';
import * as q from './queries.ts';
import type { AcceptBody, AnswerCreate, PostEdit, PostModeration, ThreadCreate, ThreadModeration, ThreadQuery } from './schemas.ts';

export interface ForumDeps {
  access: DataAccess;
}

export type PostField = 'title' | 'body' | 'tags';
export type FieldFinding = PiiFinding & { field: PostField };

/** The post seems to carry personal data: 422 with the findings (kind, field, position; never the value). */
export class PersonalDataFound extends PonteError {
  readonly findings: FieldFinding[];
  constructor(findings: FieldFinding[], locale: 'it' | 'en') {
    super({
      code: 'personal_data',
      detail: `personal data check: ${findings.map((f) => f.kind).join(',')}`,
      issues: findings.map((f) => ({
        path: `body.${f.field}`,
        message:
          locale === 'it'
            ? `${piiKindLabels[f.kind].it} (caratteri ${f.start + 1}–${f.end})`
            : `${piiKindLabels[f.kind].en} (characters ${f.start + 1}–${f.end})`,
      })),
    });
    this.findings = findings;
  }
}

// =============================================================================================
// DTOs

export interface PostDto {
  id: string;
  kind: 'question' | 'answer';
  /** Null when hidden and the caller is neither a moderator nor the author. */
  body: string | null;
  author: { id: string; name: string | null; organisationName: string | null };
  createdAt: string;
  editedAt: string | null;
  version: number;
  hidden: boolean;
  /** Shown to moderators and to the author. */
  hiddenReason: string | null;
  accepted: boolean;
  mine: boolean;
  canEdit: boolean;
}

export interface ThreadSummaryDto {
  id: string;
  title: string;
  category: ForumCategory;
  tags: string[];
  status: ForumStatus;
  locked: boolean;
  answerCount: number;
  hidden: boolean;
  excerpt: string | null;
  author: { id: string; name: string | null; organisationName: string | null };
  createdAt: string;
  lastActivityAt: string;
}

export interface ModerationDto {
  id: string;
  postId: string | null;
  action: q.ModerationRow['action'];
  reason: string;
  moderatorName: string | null;
  at: string;
}

export interface ThreadDto extends ThreadSummaryDto {
  version: number;
  acceptedPostId: string | null;
  question: PostDto;
  answers: PostDto[];
  /** Moderators only (empty for others). */
  moderation: ModerationDto[];
  can: { answer: boolean; accept: boolean; moderate: boolean };
}

export interface VersionDto {
  version: number;
  title: string | null;
  body: string;
  editedBy: string | null;
  at: string;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

// =============================================================================================
// The door

type Need = 'read' | 'forum.post' | 'forum.answer' | 'post-or-answer';

function holds(actor: Actor, need: Need): boolean {
  const has = (p: Permission) => actor.permissions.has(p);
  if (need === 'read' || need === 'post-or-answer') return has('forum.post') || has('forum.answer');
  return has(need);
}

/** Checks the permission (audited 404 when missing) and runs the work in one transaction. */
async function guarded<T>(
  deps: ForumDeps,
  options: { need: Need; action: AuditAction; recordType: string; recordId?: string },
  work: (tx: ScopedTx) => Promise<T>,
): Promise<T> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: options.recordType, ...(options.recordId ? { recordId: options.recordId } : {}) };
  if (!holds(actor, options.need)) {
    await access.auditDenied({ ...entry, details: { missing: options.need === 'read' ? 'forum.post|forum.answer' : options.need } });
    throw notFound(`missing ${options.need}`);
  }
  try {
    return await access.transaction(work);
  } catch (e) {
    if (e instanceof PonteError && (e.code === 'not_found' || e.code === 'forbidden')) {
      await access.auditDenied({ ...entry, details: { reason: e.detail ?? e.code } });
    }
    throw e;
  }
}

const isModerator = (actor: Actor): boolean => actor.permissions.has('forum.answer');

/** The personal-data check of a post's fields, before anything is written. */
function requireNoPersonalData(deps: ForumDeps, fields: { title?: string | undefined; body?: string | undefined; tags?: readonly string[] | undefined }): void {
  const findings = checkPost<PostField>({ title: fields.title, body: fields.body, tags: fields.tags?.join(' ') });
  if (findings.length > 0) throw new PersonalDataFound(findings, deps.access.meta.locale);
}

function cleanTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const t of tags ?? []) {
    const n = normaliseTag(t);
    if (n && !out.includes(n)) out.push(n);
  }
  return out;
}

const threadChanged = (): PonteError =>
  conflictError({ it: 'La discussione è stata modificata nel frattempo: ricarica e riprova.', en: 'The thread was changed meanwhile: reload and try again.', detail: 'stale version' });

/** A thread the caller may see: every thread for moderators; a hidden question only for its author. */
async function visibleThread(tx: ScopedTx, threadId: string, options: { forUpdate?: boolean } = {}): Promise<{ thread: q.ThreadRow; question: q.PostRow }> {
  const thread = await q.findThread(tx.db, threadId, options);
  if (!thread) throw notFound('thread');
  const posts = await q.listPosts(tx.db, threadId);
  const question = posts.find((p) => p.kind === 'question');
  if (!question) throw notFound('thread without question');
  if (question.hidden && !isModerator(tx.actor) && question.author_id !== tx.actor.userId) throw notFound('thread hidden');
  return { thread, question };
}

function excerpt(body: string): string {
  const plain = body.replace(/[#*_>[\]()`-]+/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 199)}…` : plain;
}

async function readThread(tx: ScopedTx, threadId: string): Promise<ThreadDto> {
  const { thread } = await visibleThread(tx, threadId);
  const posts = await q.listPosts(tx.db, threadId);
  const moderator = isModerator(tx.actor);
  const events = moderator ? await q.listModeration(tx.db, threadId) : [];
  const users = await q.userNames(tx.db, [...posts.map((p) => p.author_id), ...events.map((e) => e.moderator_id)]);
  const orgs = await q.organisationNames(tx.db, posts.map((p) => p.author_org_id));
  const visibleAnswers = posts.filter((p) => p.kind === 'answer' && !p.hidden).length;
  const toPost = (p: q.PostRow): PostDto => {
    const mine = p.author_id === tx.actor.userId;
    const seesHidden = moderator || mine;
    const accepted = thread.accepted_post_id === p.id;
    const mayWrite = p.kind === 'question' ? tx.actor.permissions.has('forum.post') : tx.actor.permissions.has('forum.answer');
    return {
      id: p.id,
      kind: p.kind,
      body: p.hidden && !seesHidden ? null : p.body,
      author: { id: p.author_id, name: users.get(p.author_id) ?? null, organisationName: p.author_org_id ? (orgs.get(p.author_org_id) ?? null) : null },
      createdAt: iso(p.created_at),
      editedAt: p.edited_at ? iso(p.edited_at) : null,
      version: p.version,
      hidden: p.hidden,
      hiddenReason: p.hidden && seesHidden ? p.hidden_reason : null,
      accepted,
      mine,
      canEdit: mine && mayWrite && authorMayEdit({ kind: p.kind, threadStatus: thread.status, locked: thread.locked, visibleAnswers, accepted }),
    };
  };
  const questionRow = posts.find((p) => p.kind === 'question');
  if (!questionRow) throw notFound('thread without question');
  const question = toPost(questionRow);
  const open = acceptsAnswers({ threadStatus: thread.status, locked: thread.locked });
  return {
    id: thread.id,
    title: thread.title,
    category: thread.category,
    tags: thread.tags,
    status: thread.status,
    locked: thread.locked,
    answerCount: thread.answer_count,
    hidden: questionRow.hidden,
    excerpt: question.body === null ? null : excerpt(question.body),
    author: question.author,
    createdAt: iso(thread.created_at),
    lastActivityAt: iso(thread.last_activity_at),
    version: thread.version,
    acceptedPostId: thread.accepted_post_id,
    question,
    answers: posts.filter((p) => p.kind === 'answer').map(toPost),
    moderation: events.map((e) => ({
      id: e.id,
      postId: e.post_id,
      action: e.action,
      reason: e.reason,
      moderatorName: users.get(e.moderator_id) ?? null,
      at: iso(e.created_at),
    })),
    can: {
      answer: open && moderator,
      accept: open && (moderator || (questionRow.author_id === tx.actor.userId && tx.actor.permissions.has('forum.post'))),
      moderate: moderator,
    },
  };
}

// =============================================================================================
// Reading

export async function listThreads(deps: ForumDeps & { query: ThreadQuery }): Promise<{ items: ThreadSummaryDto[]; total: number; page: number; pageSize: number }> {
  const { query } = deps;
  return guarded(deps, { need: 'read', action: 'forum.list', recordType: 'forum_thread' }, async (tx) => {
    const page = query.page ?? 1;
    const { rows, total } = await q.listThreads(tx.db, {
      q: query.q,
      category: query.category || undefined,
      status: query.status || undefined,
      tag: query.tag ? (normaliseTag(query.tag) ?? query.tag) : undefined,
      moderator: isModerator(tx.actor),
      userId: tx.actor.userId,
      limit: forumLimits.pageSize,
      offset: (page - 1) * forumLimits.pageSize,
    });
    const users = await q.userNames(tx.db, rows.map((r) => r.author_id));
    const orgs = await q.organisationNames(tx.db, rows.map((r) => r.author_org_id));
    const items = rows.map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      tags: r.tags,
      status: r.status,
      locked: r.locked,
      answerCount: r.answer_count,
      hidden: r.question_hidden,
      excerpt: excerpt(r.question_body),
      author: { id: r.author_id, name: users.get(r.author_id) ?? null, organisationName: r.author_org_id ? (orgs.get(r.author_org_id) ?? null) : null },
      createdAt: iso(r.created_at),
      lastActivityAt: iso(r.last_activity_at),
    }));
    await tx.audit({
      action: 'forum.list',
      outcome: 'success',
      recordType: 'forum_thread',
      details: { count: items.length, total, search: !!query.q, category: query.category ?? null, status: query.status ?? null },
    });
    return { items, total, page, pageSize: forumLimits.pageSize };
  });
}

export async function getThread(deps: ForumDeps & { threadId: string }): Promise<ThreadDto> {
  return guarded(deps, { need: 'read', action: 'forum.read', recordType: 'forum_thread', recordId: deps.threadId }, async (tx) => {
    const dto = await readThread(tx, deps.threadId);
    await tx.audit({ action: 'forum.read', outcome: 'success', recordType: 'forum_thread', recordId: dto.id, details: { answers: dto.answers.length } });
    return dto;
  });
}

export async function postVersions(deps: ForumDeps & { postId: string }): Promise<{ items: VersionDto[] }> {
  return guarded(deps, { need: 'read', action: 'forum.history_read', recordType: 'forum_post', recordId: deps.postId }, async (tx) => {
    const post = await q.findPost(tx.db, deps.postId);
    if (!post) throw notFound('post');
    await visibleThread(tx, post.thread_id);
    if (!isModerator(tx.actor) && post.author_id !== tx.actor.userId) throw notFound('history of another author');
    const rows = await q.listVersions(tx.db, post.id);
    const users = await q.userNames(tx.db, rows.map((r) => r.edited_by));
    await tx.audit({ action: 'forum.history_read', outcome: 'success', recordType: 'forum_post', recordId: post.id, details: { versions: rows.length } });
    return { items: rows.map((r) => ({ version: r.version, title: r.title, body: r.body, editedBy: users.get(r.edited_by) ?? null, at: iso(r.created_at) })) };
  });
}

// =============================================================================================
// Writing

export async function createThread(deps: ForumDeps & { input: ThreadCreate }): Promise<ThreadDto> {
  const { input } = deps;
  const tags = cleanTags(input.tags);
  return guarded(deps, { need: 'forum.post', action: 'forum.post', recordType: 'forum_thread' }, async (tx) => {
    requireNoPersonalData(deps, { title: input.title, body: input.body, tags });
    const threadId = randomUUID();
    const postId = randomUUID();
    await tx.db
      .insertInto('forum_threads')
      .values({ id: threadId, category: input.category, title: input.title, tags, author_id: tx.actor.userId, author_org_id: tx.actor.orgId, created_at: tx.now, last_activity_at: tx.now })
      .execute();
    await tx.db
      .insertInto('forum_posts')
      .values({ id: postId, thread_id: threadId, kind: 'question', body: input.body, author_id: tx.actor.userId, author_org_id: tx.actor.orgId, created_at: tx.now })
      .execute();
    await tx.db.insertInto('forum_post_versions').values({ post_id: postId, version: 1, title: input.title, body: input.body, edited_by: tx.actor.userId, created_at: tx.now }).execute();
    await q.refreshThread(tx.db, threadId, tx.now);
    await tx.audit({ action: 'forum.post', outcome: 'success', recordType: 'forum_thread', recordId: threadId, fields: ['title', 'body', 'category', 'tags'], details: { category: input.category } });
    return readThread(tx, threadId);
  });
}

export async function answerThread(deps: ForumDeps & { threadId: string; input: AnswerCreate }): Promise<ThreadDto> {
  const { input, threadId } = deps;
  return guarded(deps, { need: 'forum.answer', action: 'forum.answer', recordType: 'forum_thread', recordId: threadId }, async (tx) => {
    requireNoPersonalData(deps, { body: input.body });
    const { thread } = await visibleThread(tx, threadId, { forUpdate: true });
    if (!acceptsAnswers({ threadStatus: thread.status, locked: thread.locked })) {
      throw conflictError({ it: 'La discussione è chiusa o bloccata: non accetta nuove risposte.', en: 'The thread is closed or locked: it takes no new answers.', detail: 'thread not open' });
    }
    const postId = randomUUID();
    await tx.db
      .insertInto('forum_posts')
      .values({ id: postId, thread_id: threadId, kind: 'answer', body: input.body, author_id: tx.actor.userId, author_org_id: tx.actor.orgId, created_at: tx.now })
      .execute();
    await tx.db.insertInto('forum_post_versions').values({ post_id: postId, version: 1, title: null, body: input.body, edited_by: tx.actor.userId, created_at: tx.now }).execute();
    await q.refreshThread(tx.db, threadId, tx.now);
    await tx.audit({ action: 'forum.answer', outcome: 'success', recordType: 'forum_post', recordId: postId, fields: ['body'], details: { threadId } });
    return readThread(tx, threadId);
  });
}

export async function editPost(deps: ForumDeps & { postId: string; input: PostEdit }): Promise<ThreadDto> {
  const { input, postId } = deps;
  const tags = input.tags === undefined ? undefined : cleanTags(input.tags);
  return guarded(deps, { need: 'post-or-answer', action: 'forum.edit', recordType: 'forum_post', recordId: postId }, async (tx) => {
    const post = await q.findPost(tx.db, postId, { forUpdate: true });
    if (!post) throw notFound('post');
    const { thread } = await visibleThread(tx, post.thread_id, { forUpdate: true });
    // Writing a post needs the permission that wrote it: asking for a question, answering for an answer.
    const need: Permission = post.kind === 'question' ? 'forum.post' : 'forum.answer';
    if (!tx.actor.permissions.has(need)) throw notFound(`missing ${need}`);
    if (post.author_id !== tx.actor.userId) throw new PonteError({ code: 'forbidden', detail: 'not the author' });
    if (post.kind === 'answer' && (input.title !== undefined || input.category !== undefined || input.tags !== undefined)) {
      throw new PonteError({ code: 'validation', issues: [{ path: 'body.title', message: deps.access.meta.locale === 'it' ? 'titolo, categoria ed etichette appartengono alla domanda' : 'title, category and tags belong to the question' }] });
    }
    if (post.version !== input.version) throw threadChanged();
    const posts = await q.listPosts(tx.db, thread.id);
    const visibleAnswers = posts.filter((p) => p.kind === 'answer' && !p.hidden).length;
    if (!authorMayEdit({ kind: post.kind, threadStatus: thread.status, locked: thread.locked, visibleAnswers, accepted: thread.accepted_post_id === post.id })) {
      throw conflictError({
        it: 'Il messaggio non è più modificabile: la domanda ha già risposte, la risposta è stata accettata o la discussione è chiusa.',
        en: 'The post can no longer be edited: the question has answers, the answer was accepted or the thread is closed.',
        detail: 'edit not allowed now',
      });
    }
    requireNoPersonalData(deps, { title: input.title, body: input.body, tags });
    const version = post.version + 1;
    await tx.db.updateTable('forum_posts').set({ body: input.body, version, edited_at: tx.now }).where('id', '=', post.id).execute();
    const title = post.kind === 'question' ? (input.title ?? thread.title) : null;
    if (post.kind === 'question') {
      await tx.db
        .updateTable('forum_threads')
        .set({ title: title ?? thread.title, category: input.category ?? thread.category, tags: tags ?? thread.tags })
        .where('id', '=', thread.id)
        .execute();
    }
    await tx.db.insertInto('forum_post_versions').values({ post_id: post.id, version, title, body: input.body, edited_by: tx.actor.userId, created_at: tx.now }).execute();
    await q.refreshThread(tx.db, thread.id, tx.now);
    const fields = ['body', ...(['title', 'category', 'tags'] as const).filter((k) => input[k] !== undefined)];
    await tx.audit({ action: 'forum.edit', outcome: 'success', recordType: 'forum_post', recordId: post.id, fields, details: { threadId: thread.id, version } });
    return readThread(tx, thread.id);
  });
}

export async function acceptAnswer(deps: ForumDeps & { threadId: string; input: AcceptBody }): Promise<ThreadDto> {
  const { input, threadId } = deps;
  return guarded(deps, { need: 'post-or-answer', action: 'forum.accept', recordType: 'forum_thread', recordId: threadId }, async (tx) => {
    const { thread, question } = await visibleThread(tx, threadId, { forUpdate: true });
    const asker = question.author_id === tx.actor.userId && tx.actor.permissions.has('forum.post');
    if (!asker && !isModerator(tx.actor)) throw new PonteError({ code: 'forbidden', detail: 'neither the asker nor an expert' });
    if (!acceptsAnswers({ threadStatus: thread.status, locked: thread.locked })) {
      throw conflictError({ it: 'La discussione è chiusa o bloccata.', en: 'The thread is closed or locked.', detail: 'thread not open' });
    }
    if (input.postId) {
      const post = await q.findPost(tx.db, input.postId);
      if (!post || post.thread_id !== thread.id || post.kind !== 'answer' || post.hidden) {
        throw new PonteError({ code: 'validation', issues: [{ path: 'body.postId', message: deps.access.meta.locale === 'it' ? 'non è una risposta visibile di questa discussione' : 'not a visible answer of this thread' }] });
      }
    }
    await tx.db
      .updateTable('forum_threads')
      .set({ accepted_post_id: input.postId, status: input.postId ? 'answered' : 'open' })
      .where('id', '=', thread.id)
      .execute();
    await q.refreshThread(tx.db, thread.id, tx.now);
    await tx.audit({
      action: 'forum.accept',
      outcome: 'success',
      recordType: 'forum_thread',
      recordId: thread.id,
      fields: ['acceptedPostId'],
      details: { postId: input.postId, by: asker ? 'asker' : 'expert' },
    });
    return readThread(tx, thread.id);
  });
}

export async function moderatePost(deps: ForumDeps & { postId: string; input: PostModeration }): Promise<ThreadDto> {
  const { input, postId } = deps;
  return guarded(deps, { need: 'forum.answer', action: 'forum.moderate', recordType: 'forum_post', recordId: postId }, async (tx) => {
    const post = await q.findPost(tx.db, postId, { forUpdate: true });
    if (!post) throw notFound('post');
    const thread = await q.findThread(tx.db, post.thread_id, { forUpdate: true });
    if (!thread) throw notFound('thread');
    const hide = input.action === 'hide';
    if (post.hidden === hide) {
      throw conflictError({ it: hide ? 'Il messaggio è già nascosto.' : 'Il messaggio è già visibile.', en: hide ? 'The post is already hidden.' : 'The post is already visible.', detail: 'no change' });
    }
    await tx.db
      .updateTable('forum_posts')
      .set(hide ? { hidden: true, hidden_reason: input.reason, hidden_by: tx.actor.userId, hidden_at: tx.now } : { hidden: false, hidden_reason: null, hidden_by: null, hidden_at: null })
      .where('id', '=', post.id)
      .execute();
    // A hidden answer cannot stay accepted: the thread goes back to open (unless closed).
    if (hide && thread.accepted_post_id === post.id) {
      await tx.db
        .updateTable('forum_threads')
        .set({ accepted_post_id: null, status: thread.status === 'closed' ? 'closed' : 'open' })
        .where('id', '=', thread.id)
        .execute();
    }
    await tx.db.insertInto('forum_moderation_events').values({ thread_id: thread.id, post_id: post.id, action: input.action, reason: input.reason, moderator_id: tx.actor.userId, created_at: tx.now }).execute();
    await q.refreshThread(tx.db, thread.id, tx.now);
    await tx.audit({ action: 'forum.moderate', outcome: 'success', recordType: 'forum_post', recordId: post.id, fields: ['hidden', 'reason'], details: { action: input.action, threadId: thread.id, kind: post.kind } });
    return readThread(tx, thread.id);
  });
}

export async function moderateThread(deps: ForumDeps & { threadId: string; input: ThreadModeration }): Promise<ThreadDto> {
  const { input, threadId } = deps;
  return guarded(deps, { need: 'forum.answer', action: 'forum.moderate', recordType: 'forum_thread', recordId: threadId }, async (tx) => {
    const thread = await q.findThread(tx.db, threadId, { forUpdate: true });
    if (!thread) throw notFound('thread');
    const closed = thread.status === 'closed';
    const unchanged =
      (input.action === 'lock' && thread.locked) ||
      (input.action === 'unlock' && !thread.locked) ||
      (input.action === 'close' && closed) ||
      (input.action === 'reopen' && !closed);
    if (unchanged) throw conflictError({ it: 'La discussione è già in questo stato.', en: 'The thread is already in that state.', detail: 'no change' });
    const reopened: ForumStatus = thread.accepted_post_id ? 'answered' : 'open';
    const set: { locked?: boolean; status?: ForumStatus } =
      input.action === 'lock' || input.action === 'unlock' ? { locked: input.action === 'lock' } : { status: input.action === 'close' ? 'closed' : reopened };
    await tx.db.updateTable('forum_threads').set(set).where('id', '=', thread.id).execute();
    await tx.db.insertInto('forum_moderation_events').values({ thread_id: thread.id, post_id: null, action: input.action, reason: input.reason, moderator_id: tx.actor.userId, created_at: tx.now }).execute();
    await q.refreshThread(tx.db, thread.id, tx.now);
    await tx.audit({ action: 'forum.moderate', outcome: 'success', recordType: 'forum_thread', recordId: thread.id, fields: [input.action === 'lock' || input.action === 'unlock' ? 'locked' : 'status', 'reason'], details: { action: input.action } });
    return readThread(tx, thread.id);
  });
}
