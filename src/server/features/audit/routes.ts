/** Audit review endpoints (docs/api.md, "Audit"). Thin: validation here, rules in service.ts. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import { PonteError } from '../../platform/errors.ts';
import { auditStatus, recordAccessLog, searchAudit } from './service.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import type { Locale } from '../../platform/i18n.ts';

const MAX_BIGINT = 9223372036854775807n;
const entryId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, 'a positive entry id')
  .refine((v) => BigInt(v) <= MAX_BIGINT, 'a positive entry id');
const isoDateOrDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const limit = z.coerce.number().int().min(1).max(200).default(50);
const outcome = z.enum(['success', 'denied', 'failure']);

const item = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorOrgId: z.string().nullable(),
  action: z.string(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  fields: z.array(z.string()).nullable(),
  outcome,
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
const pageSchema = z.object({ items: z.array(item), nextBefore: z.string().nullable() });

const searchQuery = z.object({
  actorUserId: z.uuid().optional(),
  action: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$|^[a-z][a-z0-9_]*\.\*$/, 'an action such as user.read, or a prefix such as auth.*')
    .optional(),
  recordType: z.string().min(1).max(100).optional(),
  recordId: z.string().min(1).max(200).optional(),
  outcome: outcome.optional(),
  from: isoDateOrDateTime.optional(),
  to: isoDateOrDateTime.optional(),
  limit,
  before: entryId.optional(),
});

const problem = z.object({
  kind: z.string(),
  position: z.string(),
  entryId: z.string().nullable(),
  message: z.string(),
});
const statusSchema = z.object({
  entries: z.number().int(),
  sealed: z.number().int(),
  pending: z.number().int(),
  lastSealedAt: z.string().nullable(),
  verification: z
    .object({
      ok: z.boolean(),
      links: z.number().int(),
      pending: z.number().int(),
      head: z.object({ position: z.string(), hash: z.string(), sealedAt: z.string() }).nullable(),
      problems: z.array(problem),
      problemCount: z.number().int(),
    })
    .optional(),
});

/** A date alone means the whole day (UTC): `from` its start, `to` the start of the next day. */
function toDate(value: string | undefined, end: boolean, locale: Locale): Date | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (end) d.setUTCDate(d.getUTCDate() + 1);
    return d;
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new PonteError({ code: 'validation', issues: [{ path: `querystring.${end ? 'to' : 'from'}`, message: issueMessages.invalidDate[locale] }] });
  return d;
}

export async function auditRoutes(app: PonteApp): Promise<void> {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Search the audit trail (newest first, keyset pagination with `before`)',
      querystring: searchQuery,
      response: { 200: pageSchema },
    },
  }, async (req) => {
    const q = req.query;
    return searchAudit({
      access: req.access,
      input: { ...q, from: toDate(q.from, false, req.locale), to: toDate(q.to, true, req.locale) },
    });
  });

  app.get('/api/audit/records/:recordType/:recordId', {
    schema: {
      tags: ['audit'],
      summary: 'Who accessed this record: its audit entries, newest first',
      params: z.object({ recordType: z.string().min(1).max(100), recordId: z.string().min(1).max(200) }),
      querystring: z.object({ limit, before: entryId.optional() }),
      response: { 200: pageSchema },
    },
  }, async (req) =>
    recordAccessLog({ access: req.access, recordType: req.params.recordType, recordId: req.params.recordId, before: req.query.before, limit: req.query.limit }),
  );

  app.get('/api/audit/status', {
    schema: {
      tags: ['audit'],
      summary: 'Entries, sealed and waiting to be sealed; `verify=true` also verifies the hash chain (whole trail only)',
      querystring: z.object({ verify: z.enum(['true', 'false', '1', '0']).optional() }),
      response: { 200: statusSchema },
    },
  }, async (req) => auditStatus({ access: req.access, verify: req.query.verify === 'true' || req.query.verify === '1' }));
}
