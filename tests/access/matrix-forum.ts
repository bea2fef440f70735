/** Access matrix rows of the consultation forum (see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/**
 * Readers hold forum.post (network staff) or forum.answer (experts: coordinator, observatory
 * analyst); the system administrator holds neither and gets 404 everywhere. Rows that need a post
 * of the caller's (edit, history, accepting as the asker) make the thread with the caller as asker.
 */
const readers = ['coordinator', 'case_worker', 'outreach_worker', 'desk_worker', 'hotline_operator', 'specialist', 'shelter_coordinator', 'agency_liaison', 'observatory_analyst', 'trainer'] as const satisfies readonly BuiltinRoleKey[];
const askers = readers.filter((r) => r !== 'observatory_analyst');
const experts = ['coordinator', 'observatory_analyst'] as const satisfies readonly BuiltinRoleKey[];

/** A fresh open thread asked by `authorId` (default the fixture user), with an answer by the fixture user. */
async function newThread(f: MatrixFixtures, authorId?: string): Promise<{ threadId: string; questionId: string; answerId: string }> {
  const asker = authorId ?? f.userId;
  const t = await f.db
    .insertInto('forum_threads')
    .values({ category: 'residence_permits', title: `Rinnovo del permesso per casi speciali ${f.unique()}`, tags: ['art-18'], author_id: asker, author_org_id: f.orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const question = await f.db
    .insertInto('forum_posts')
    .values({ thread_id: t.id, kind: 'question', body: 'Quali documenti servono per il rinnovo?', author_id: asker, author_org_id: f.orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await f.db.insertInto('forum_post_versions').values({ post_id: question.id, version: 1, title: 'Rinnovo', body: 'Quali documenti servono per il rinnovo?', edited_by: asker }).execute();
  const answer = await f.db
    .insertInto('forum_posts')
    .values({ thread_id: t.id, kind: 'answer', body: 'La relazione dell’ente e la prova del percorso.', author_id: f.userId, author_org_id: f.orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await f.db.insertInto('forum_post_versions').values({ post_id: answer.id, version: 1, body: 'La relazione dell’ente e la prova del percorso.', edited_by: f.userId }).execute();
  return { threadId: t.id, questionId: question.id, answerId: answer.id };
}

/** A fresh thread whose question, by the caller, has no answer yet (so that its author may edit it). */
async function newQuestion(f: MatrixFixtures, authorId: string): Promise<string> {
  const t = await f.db
    .insertInto('forum_threads')
    .values({ category: 'asylum', title: `Audizione sospesa in Commissione ${f.unique()}`, author_id: authorId, author_org_id: f.orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const post = await f.db
    .insertInto('forum_posts')
    .values({ thread_id: t.id, kind: 'question', body: 'Che cosa succede dopo la sospensione?', author_id: authorId, author_org_id: f.orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await f.db.insertInto('forum_post_versions').values({ post_id: post.id, version: 1, title: 'Audizione', body: 'Che cosa succede dopo la sospensione?', edited_by: authorId }).execute();
  return post.id;
}

/** The answer of the last thread made by a row's path, for its body (path runs before body). */
const lastAnswer = new WeakMap<object, string>();

export const forumEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/forum/threads', path: () => '/api/forum/threads?q=permesso&category=residence_permits', allowed: readers, denied: 404, deniedAction: 'forum.list' },
  {
    method: 'POST', route: '/api/forum/threads', path: () => '/api/forum/threads',
    body: () => ({ title: 'Conversione del permesso art. 18 in lavoro', body: 'Serve un contratto in corso o basta una proposta?', category: 'residence_permits', tags: ['art-18', 'conversione'] }),
    allowed: askers, denied: 404, deniedAction: 'forum.post',
  },
  { method: 'GET', route: '/api/forum/threads/:id', path: async (f) => `/api/forum/threads/${(await newThread(f)).threadId}`, allowed: readers, denied: 404, deniedAction: 'forum.read' },
  {
    method: 'POST', route: '/api/forum/threads/:id/answers', path: async (f) => `/api/forum/threads/${(await newThread(f)).threadId}/answers`,
    body: () => ({ body: 'Sì, la Questura chiede anche la relazione sul percorso svolto.' }),
    allowed: experts, denied: 404, deniedAction: 'forum.answer',
  },
  {
    method: 'POST', route: '/api/forum/threads/:id/accept',
    path: async (f, caller) => {
      const t = await newThread(f, caller?.userId);
      lastAnswer.set(f.db, t.answerId);
      return `/api/forum/threads/${t.threadId}/accept`;
    },
    body: (f) => ({ postId: lastAnswer.get(f.db) }),
    allowed: readers, denied: 404, deniedAction: 'forum.accept',
  },
  {
    method: 'POST', route: '/api/forum/threads/:id/moderation', path: async (f) => `/api/forum/threads/${(await newThread(f)).threadId}/moderation`,
    body: () => ({ action: 'lock', reason: 'Discussione completa' }),
    allowed: experts, denied: 404, deniedAction: 'forum.moderate',
  },
  {
    method: 'PATCH', route: '/api/forum/posts/:id', path: async (f, caller) => `/api/forum/posts/${await newQuestion(f, caller?.userId ?? f.userId)}`,
    body: () => ({ version: 1, body: 'Che cosa succede dopo la sospensione dell’audizione?' }),
    allowed: askers, denied: 404, deniedAction: 'forum.edit',
  },
  { method: 'GET', route: '/api/forum/posts/:id/versions', path: async (f, caller) => `/api/forum/posts/${await newQuestion(f, caller?.userId ?? f.userId)}/versions`, allowed: readers, denied: 404, deniedAction: 'forum.history_read' },
  {
    method: 'POST', route: '/api/forum/posts/:id/moderation', path: async (f) => `/api/forum/posts/${(await newThread(f)).answerId}/moderation`,
    body: () => ({ action: 'hide', reason: 'Fuori tema' }),
    allowed: experts, denied: 404, deniedAction: 'forum.moderate',
  },
];
