/**
 * HTTP routes of the exports. Thin: parse, call the service, answer. Both answer synchronously
 * with the whole file: at a network's sizes (thousands of records) building it takes seconds.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { romeDate } from '../../../domain/calendar/index.ts';
import { minExportPasswordLength } from '../../../domain/exports/container.ts';
import { ctdcColumns } from '../../../domain/exports/ctdc.ts';
import { contentDisposition } from '../case-records/routes.ts';
import * as service from './service.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['exports'];

export const htcdsExportBody = z
  .object({
    format: z.enum(['csv', 'json']),
    /** Seals the file; never stored. */
    password: z.string().min(minExportPasswordLength).max(1024),
  })
  .strict();

const year = z.coerce.number().int().min(2000).max(2200);
export const ctdcQuery = z
  .object({
    /** First year of registration (default: the current year). */
    from: year.optional(),
    /** Last year of registration (default: the current year). */
    to: year.optional(),
    format: z.enum(['csv', 'json']).default('csv'),
  })
  .strict();

const ctdcJson = z.object({
  k: z.number().int(), level: z.number().int(), victims: z.number().int(), rows: z.number().int(), suppressed: z.number().int(),
  fromYear: z.number().int(), toYear: z.number().int(), columns: z.array(z.string()), data: z.array(z.record(z.string(), z.string())),
}).strict();

export async function exportRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.ExportDeps => ({ access: req.access, cipher: app.services.cipher });
  const k = app.services.config.PONTE_SMALL_CELL_K;

  app.post('/api/exports/htcds', {
    schema: {
      tags, security: writeSecurity, body: htcdsExportBody,
      summary: 'HTCDS record export of the persons and cases the caller may read, as CSV or JSON in a file encrypted with the given password (AES-256-GCM, scrypt; container in src/domain/exports/container.ts). exports.personal with persons.read and cases.read; every person read is audited',
    },
  }, async (req, reply) => {
    const out = await service.exportHtcds({ ...deps(req), format: req.body.format, password: req.body.password });
    return reply
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('X-Export-Rows', String(out.rows))
      .header('Content-Disposition', contentDisposition(`ponte-htcds-${out.date}.${req.body.format}.pontex`))
      .type('application/octet-stream')
      .send(out.bytes);
  });

  app.get('/api/exports/ctdc', {
    schema: {
      tags, security, querystring: ctdcQuery, response: { 200: ctdcJson.or(z.string()) },
      summary: 'CTDC-shaped anonymised export: one row per victim registered in the years, no names or codes, years only, age bands, k-anonymity over the quasi-identifiers (stats.aggregate)',
    },
  }, async (req, reply) => {
    const thisYear = Number(romeDate(req.access.clock.now()).slice(0, 4));
    const toYear = req.query.to ?? req.query.from ?? thisYear;
    const fromYear = req.query.from ?? toYear;
    const out = await service.exportCtdc({ ...deps(req), k, fromYear, toYear });
    void reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff');
    if (req.query.format === 'json') {
      return { k: out.k, level: out.level, victims: out.victims, rows: out.rows, suppressed: out.suppressed, fromYear, toYear, columns: [...ctdcColumns], data: out.data };
    }
    return reply
      .header('X-Export-Rows', String(out.rows))
      .header('X-Export-Suppressed', String(out.suppressed))
      .header('Content-Disposition', contentDisposition(`ponte-ctdc-${fromYear}-${toYear}.csv`))
      .type('text/csv; charset=utf-8')
      .send(out.csv);
  });
}
