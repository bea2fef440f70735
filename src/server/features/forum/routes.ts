/** HTTP routes of the consultation forum (staff only). Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { forumCategories, forumStatuses, piiKinds, postModerationActions, threadModerationActions } from '../../../domain/forum/index.ts';
import * as service from './service.ts';
import { acceptBody, answerCreate, idParams, noQuery, postEdit, postModeration, threadCreate, threadModeration, threadQuery } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['forum'];

const author = z.object({ id: z.string(), name: z.string().nullable(), organisationName: z.string().nullable() });
const summary = z.object({
  id: z.string(), title: z.string(), category: z.enum(forumCategories), tags: z.array(z.string()), status: z.enum(forumStatuses), locked: z.boolean(),
  answerCount: z.number(), hidden: z.boolean(), excerpt: z.string().nullable(), author, createdAt: z.string(), lastActivityAt: z.string(),
});
const post = z.object({
  id: z.string(), kind: z.enum(['question', 'answer']), body: z.string().nullable(), author, createdAt: z.string(), editedAt: z.string().nullable(),
  version: z.number(), hidden: z.boolean(), hiddenReason: z.string().nullable(), accepted: z.boolean(), mine: z.boolean(), canEdit: z.boolean(),
});
const thread = summary.extend({
  version: z.number(), acceptedPostId: z.string().nullable(), question: post, answers: z.array(post),
  moderation: z.array(z.object({ id: z.string(), postId: z.string().nullable(), action: z.enum([...postModerationActions, ...threadModerationActions]), reason: z.string(), moderatorName: z.string().nullable(), at: z.string() })),
  can: z.object({ answer: z.boolean(), accept: z.boolean(), moderate: z.boolean() }),
});
/** 422: the personal-data check found something; kind, field and position only, never the value. */
const personalData = z.object({
  error: z.object({
    code: z.literal('personal_data'), message: z.string(), requestId: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
    findings: z.array(z.object({ kind: z.enum(piiKinds), field: z.enum(['title', 'body', 'tags']), start: z.number(), end: z.number() })),
  }),
});

/** Sends the work's result, or the 422 of the personal-data check with its findings. */
async function answer<T>(req: FastifyRequest, reply: FastifyReply, status: number, work: () => Promise<T>): Promise<FastifyReply> {
  try {
    return await reply.status(status).send(await work());
  } catch (e) {
    if (e instanceof service.PersonalDataFound) {
      return reply.status(422).send({
        error: { code: 'personal_data' as const, message: e.messageFor(req.locale), requestId: req.id, issues: e.issues ?? [], findings: e.findings },
      });
    }
    throw e;
  }
}

export async function forumRoutes(app: PonteApp): Promise<void> {
  app.get('/api/forum/threads', {
    schema: {
      tags, summary: 'Forum threads: full-text search (Italian) over titles, tags, questions and answers, filters by category, status and tag (forum.post or forum.answer)',
      querystring: threadQuery, security,
      response: { 200: z.object({ items: z.array(summary), total: z.number(), page: z.number(), pageSize: z.number() }) },
    },
  }, async (req) => service.listThreads({ access: req.access, query: req.query }));

  app.post('/api/forum/threads', {
    schema: { tags, summary: 'Ask a question (forum.post); refused with 422 when it seems to carry personal data', body: threadCreate, security: writeSecurity, response: { 201: thread, 422: personalData } },
  }, async (req, reply) => answer(req, reply, 201, () => service.createThread({ access: req.access, input: req.body })));

  app.get('/api/forum/threads/:id', {
    schema: { tags, summary: 'A thread with its question and answers (forum.post or forum.answer)', params: idParams, querystring: noQuery, security, response: { 200: thread } },
  }, async (req) => service.getThread({ access: req.access, threadId: req.params.id }));

  app.post('/api/forum/threads/:id/answers', {
    schema: { tags, summary: 'Answer a question (forum.answer); 422 when it seems to carry personal data', params: idParams, body: answerCreate, security: writeSecurity, response: { 201: thread, 422: personalData } },
  }, async (req, reply) => answer(req, reply, 201, () => service.answerThread({ access: req.access, threadId: req.params.id, input: req.body })));

  app.post('/api/forum/threads/:id/accept', {
    schema: { tags, summary: 'Mark the accepted answer, or none (the asker, or forum.answer)', params: idParams, body: acceptBody, security: writeSecurity, response: { 200: thread } },
  }, async (req) => service.acceptAnswer({ access: req.access, threadId: req.params.id, input: req.body }));

  app.post('/api/forum/threads/:id/moderation', {
    schema: { tags, summary: 'Lock, unlock, close or reopen a thread, with a reason (forum.answer)', params: idParams, body: threadModeration, security: writeSecurity, response: { 200: thread } },
  }, async (req) => service.moderateThread({ access: req.access, threadId: req.params.id, input: req.body }));

  app.patch('/api/forum/posts/:id', {
    schema: { tags, summary: 'Edit one’s own post while the thread allows it; a new version (the author; version required); 422 on personal data', params: idParams, body: postEdit, security: writeSecurity, response: { 200: thread, 422: personalData } },
  }, async (req, reply) => answer(req, reply, 200, () => service.editPost({ access: req.access, postId: req.params.id, input: req.body })));

  app.get('/api/forum/posts/:id/versions', {
    schema: { tags, summary: 'Edit history of a post, newest first (forum.answer, or its author)', params: idParams, querystring: noQuery, security, response: { 200: z.object({ items: z.array(z.object({ version: z.number(), title: z.string().nullable(), body: z.string(), editedBy: z.string().nullable(), at: z.string() })) }) } },
  }, async (req) => service.postVersions({ access: req.access, postId: req.params.id }));

  app.post('/api/forum/posts/:id/moderation', {
    schema: { tags, summary: 'Hide or show again a post, with a reason (forum.answer)', params: idParams, body: postModeration, security: writeSecurity, response: { 200: thread } },
  }, async (req) => service.moderatePost({ access: req.access, postId: req.params.id, input: req.body }));
}
