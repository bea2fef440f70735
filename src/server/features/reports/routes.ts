/** HTTP routes of reports: request a report job, follow it, download the file. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import { contentDisposition } from '../case-records/routes.ts';
import * as service from './service.ts';
import { registerReportJobs } from './jobs.ts';
import { idParams, noQuery, reportRequest } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['reports'];
const job = z.object({
  id: z.string(), kind: z.enum(['funder', 'sirit']), format: z.enum(['pdf', 'xlsx']), project: z.string(), projectCode: z.string().nullable(),
  from: z.string(), to: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']), progress: z.number().int(), error: z.string().nullable(),
  fileName: z.string().nullable(), size: z.number().int().nullable(), createdAt: z.string(), finishedAt: z.string().nullable(), expiresAt: z.string().nullable(),
  downloadable: z.boolean(),
}).strict();

export async function reportRoutes(app: PonteApp): Promise<void> {
  registerReportJobs({ k: app.services.config.PONTE_SMALL_CELL_K });

  app.post('/api/reports', {
    schema: {
      tags, body: reportRequest, security: writeSecurity, response: { 202: job },
      summary: 'Ask for a funder report or the SIRIT tables of a project and period, as PDF or XLSX, built in the background (reports.generate and stats.aggregate; audited)',
    },
  }, async (req, reply) => reply.code(202).send(await service.requestReport({ access: req.access, body: req.body })));

  app.get('/api/reports', {
    schema: { tags, querystring: noQuery, security, response: { 200: z.object({ items: z.array(job) }).strict() }, summary: 'My report jobs, newest first (reports.generate)' },
  }, async (req) => ({ items: await service.listReports({ access: req.access }) }));

  app.get('/api/reports/:id', {
    schema: { tags, params: idParams, security, response: { 200: job }, summary: 'One of my report jobs, with its progress (others: 404)' },
  }, async (req) => service.getReport({ access: req.access, id: req.params.id }));

  app.get('/api/reports/:id/download', {
    schema: { tags, params: idParams, security, summary: 'The file of one of my finished reports (audited; not ready: 409; others or expired: 404)' },
  }, async (req, reply) => {
    const file = await service.downloadReport({ access: req.access, id: req.params.id });
    return reply
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', contentDisposition(file.name))
      .type(file.type)
      .send(file.bytes);
  });
}
