/** HTTP routes of the referrals feature. Thin: parse, call the service, answer. */
import type { PonteApp } from '../../app.ts';
import { contentDisposition } from '../case-records/routes.ts';
import * as service from './service.ts';
import {
  documentParams,
  idParams,
  linkCaseBody,
  messageBody,
  noQuery,
  referralCreate,
  referralCreatedResponse,
  referralDetailResponse,
  referralListResponse,
  referralQuery,
  timelineEventResponse,
  transitionBody,
} from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['referrals'];

export async function referralRoutes(app: PonteApp): Promise<void> {
  const services = { cipher: app.services.cipher };

  app.post('/api/referrals', {
    schema: {
      tags,
      summary: 'Send a referral: from a visible case (referrals.send + cases.read; sharing consent for the receiver checked first) or, for an agency holding no case, with a `subject` (referrals.send)',
      body: referralCreate,
      security: writeSecurity,
      response: { 201: referralCreatedResponse },
    },
  }, async (req, reply) => reply.status(201).send(await service.createReferral({ access: req.access, services, input: req.body })));

  app.get('/api/referrals', {
    schema: {
      tags,
      summary: 'In-box (received, referrals.receive) or out-box (sent, referrals.send) of the caller’s organisation; codes only, no names',
      querystring: referralQuery,
      security,
      response: { 200: referralListResponse },
    },
  }, async (req) => service.listReferrals({ access: req.access, query: req.query }));

  app.get('/api/referrals/:id', {
    schema: {
      tags,
      summary: 'A referral with its timeline; the receiver sees the share set (`shared`) only while the referral is open',
      params: idParams,
      querystring: noQuery,
      security,
      response: { 200: referralDetailResponse },
    },
  }, async (req) => service.getReferral({ access: req.access, services, id: req.params.id }));

  app.get('/api/referrals/:id/documents/:documentId', {
    schema: {
      tags,
      summary: 'A document shared by the referral, decrypted, as an attachment (the sender; the receiver while open)',
      params: documentParams,
      querystring: noQuery,
      security,
    },
  }, async (req, reply) => {
    const doc = await service.readReferralDocument({ access: req.access, services, id: req.params.id, documentId: req.params.documentId });
    return reply
      .header('Content-Disposition', contentDisposition(doc.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .type(doc.mediaType)
      .send(doc.data);
  });

  app.post('/api/referrals/:id/transitions', {
    schema: {
      tags,
      summary: 'Move a referral (src/domain/referrals/status.ts: which side makes which move); `version` must be the current one',
      params: idParams,
      body: transitionBody,
      security: writeSecurity,
      response: { 200: referralDetailResponse },
    },
  }, async (req) => service.transitionReferral({ access: req.access, services, id: req.params.id, input: req.body }));

  app.post('/api/referrals/:id/messages', {
    schema: { tags, summary: 'A message to the other side, while the referral is open', params: idParams, body: messageBody, security: writeSecurity, response: { 201: timelineEventResponse } },
  }, async (req, reply) => reply.status(201).send(await service.postMessage({ access: req.access, services, id: req.params.id, input: req.body })));

  app.post('/api/referrals/:id/link-case', {
    schema: {
      tags,
      summary: 'The receiver links the case it opened for the person of an agency or hotline referral (referrals.receive + cases.read)',
      params: idParams,
      body: linkCaseBody,
      security: writeSecurity,
      response: { 200: referralDetailResponse },
    },
  }, async (req) => service.linkCase({ access: req.access, services, id: req.params.id, input: req.body }));
}
