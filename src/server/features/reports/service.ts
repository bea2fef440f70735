/**
 * Rules of reports (issue 6, points 4 and 6):
 * - asking for a report (funder or SIRIT, PDF or XLSX) needs reports.generate and stats.aggregate
 *   (the figures are the monitoring boards'); the report is built in the background with the requester's permissions at run time
 *   (src/server/features/reports/jobs.ts): unsuppressed over the records they may read when they
 *   hold cases.read, suppressed over the network otherwise;
 * - a job is seen only by the user who asked for it, and only while they hold reports.generate:
 *   anyone else gets 404, as if it did not exist (the list of one's own jobs: 403 without it);
 * - the request and every download are audited (report.request, report.download) with the
 *   kind, project, period and format, never figures.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess } from '../../platform/access.ts';
import { PonteError, forbidden, notFound } from '../../platform/errors.ts';
import { pokeJobRunner } from '../../platform/jobs.ts';
import type { JobsTable } from '../../../db/schema-monitoring.ts';
import { addDaysToDate } from '../../../domain/calendar/index.ts';
import { reportJobKinds } from './jobs.ts';
import type { ReportRequest } from './schemas.ts';

export interface ReportJobView {
  id: string;
  kind: 'funder' | 'sirit';
  format: 'pdf' | 'xlsx';
  project: string;
  projectCode: string | null;
  from: string;
  to: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
  fileName: string | null;
  size: number | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  downloadable: boolean;
}

const kinds = Object.values(reportJobKinds);
const maxPeriodDays = 5 * 366;

type JobRow = Omit<Selectable<JobsTable>, 'result'> & { has_result: boolean; project_code: string | null };

function view(row: JobRow, now: Date): ReportJobView {
  const p = row.params as { project?: string; from?: string; to?: string; format?: string };
  const expired = row.expires_at !== null && row.expires_at <= now;
  return {
    id: row.id,
    kind: row.kind === reportJobKinds.sirit ? 'sirit' : 'funder',
    format: p.format === 'xlsx' ? 'xlsx' : 'pdf',
    project: p.project ?? '',
    projectCode: row.project_code,
    from: p.from ?? '',
    to: p.to ?? '',
    status: row.status,
    progress: row.progress,
    error: row.error,
    fileName: row.result_name,
    size: row.result_size,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    downloadable: row.status === 'done' && row.has_result && !expired,
  };
}

function invalid(locale: 'it' | 'en', path: string, it: string, en: string): PonteError {
  return new PonteError({ code: 'validation', issues: [{ path, message: locale === 'it' ? it : en }] });
}

/** Queues a report; answers the job. */
export async function requestReport(options: { access: DataAccess; body: ReportRequest }): Promise<ReportJobView> {
  const { access, body } = options;
  const locale = access.meta.locale;
  const actor = await access.require({ permission: 'reports.generate', entry: { action: 'report.request', recordType: 'report', details: { kind: body.kind } }, hide: false });
  if (!actor.permissions.has('stats.aggregate')) {
    await access.auditDenied({ action: 'report.request', recordType: 'report', details: { kind: body.kind, missing: 'stats.aggregate' } });
    throw forbidden('missing stats.aggregate');
  }
  if (body.from > body.to) throw invalid(locale, 'from', 'L’inizio del periodo segue la fine.', 'The period starts after it ends.');
  if (addDaysToDate(body.from, maxPeriodDays) < body.to) throw invalid(locale, 'to', 'Il periodo può durare al massimo cinque anni.', 'The period can last at most five years.');
  if (body.province && body.region) throw invalid(locale, 'province', 'Indica la provincia o la regione, non entrambe.', 'Give the province or the region, not both.');
  const job = await access.transaction(async (tx) => {
    const project = await tx.db.selectFrom('projects').select(['id', 'code']).where('id', '=', body.project).executeTakeFirst();
    if (!project) throw invalid(locale, 'project', 'Progetto sconosciuto.', 'Unknown project.');
    const { kind, lang, ...params } = body;
    const row = await tx.db
      .insertInto('jobs')
      .values({ kind: reportJobKinds[kind], params: JSON.stringify(params), requested_by: actor.userId, requested_org_id: actor.orgId, locale: lang ?? locale, created_at: tx.now })
      .returning(['id', 'kind', 'params', 'requested_by', 'requested_org_id', 'locale', 'status', 'progress', 'result_name', 'result_type', 'result_size', 'error', 'created_at', 'started_at', 'finished_at', 'expires_at'])
      .executeTakeFirstOrThrow();
    await tx.audit({
      action: 'report.request',
      outcome: 'success',
      recordType: 'report',
      recordId: row.id,
      details: { kind, format: body.format, project: body.project, from: body.from, to: body.to, province: body.province ?? null, region: body.region ?? null },
    });
    return view({ ...row, has_result: false, project_code: project.code }, tx.now);
  });
  pokeJobRunner();
  return job;
}

async function mine(options: { access: DataAccess; id?: string; action: 'report.list' | 'report.read' | 'report.download' }) {
  const { access } = options;
  const actor = await access.require({
    permission: 'reports.generate',
    entry: { action: options.action, recordType: 'report', ...(options.id ? { recordId: options.id } : {}) },
    hide: options.action !== 'report.list',
  });
  return actor;
}

function selectJobs(db: Transaction<DB>, userId: string) {
  return db
      .selectFrom('jobs')
      .leftJoin('projects', (j) => j.on(sql<boolean>`projects.id::text = jobs.params->>'project'`))
      .select([
        'jobs.id', 'jobs.kind', 'jobs.params', 'jobs.requested_by', 'jobs.requested_org_id', 'jobs.locale', 'jobs.status', 'jobs.progress',
        'jobs.result_name', 'jobs.result_type', 'jobs.result_size', 'jobs.error', 'jobs.created_at', 'jobs.started_at', 'jobs.finished_at', 'jobs.expires_at',
        'projects.code as project_code',
      ])
      .select((eb) => eb('jobs.result', 'is not', null).as('has_result'))
      .where('jobs.requested_by', '=', userId)
      .where('jobs.kind', 'in', kinds);
}

/** The caller's report jobs, newest first (at most 50). */
export async function listReports(options: { access: DataAccess }): Promise<ReportJobView[]> {
  const actor = await mine({ access: options.access, action: 'report.list' });
  return options.access.transaction(async (tx) => {
    const rows = await selectJobs(tx.db, actor.userId).orderBy('jobs.created_at', 'desc').orderBy('jobs.id', 'desc').limit(50).execute();
    return rows.map((r) => view(r as JobRow, tx.now));
  });
}

/** One of the caller's jobs (progress); anyone else's: 404. */
export async function getReport(options: { access: DataAccess; id: string }): Promise<ReportJobView> {
  const actor = await mine({ access: options.access, id: options.id, action: 'report.read' });
  return options.access.transaction(async (tx) => {
    const row = await selectJobs(tx.db, actor.userId).where('jobs.id', '=', options.id).executeTakeFirst();
    if (!row) {
      await tx.audit({ action: 'report.read', outcome: 'denied', recordType: 'report', recordId: options.id, details: { reason: 'not_found' } });
      return undefined;
    }
    return view(row as JobRow, tx.now);
  }).then((v) => {
    if (!v) throw notFound('report job not found or not the requester');
    return v;
  });
}

/** The file of a finished job of the caller's (audited); not ready: 409; expired: 404. */
export async function downloadReport(options: { access: DataAccess; id: string }): Promise<{ bytes: Buffer; name: string; type: string }> {
  const { access, id } = options;
  const actor = await mine({ access, id, action: 'report.download' });
  const found = await access.transaction(async (tx) => {
    const row = await tx.db
      .selectFrom('jobs')
      .select(['id', 'status', 'result', 'result_name', 'result_type', 'expires_at', 'params', 'kind'])
      .where('id', '=', id)
      .where('requested_by', '=', actor.userId)
      .where('kind', 'in', kinds)
      .executeTakeFirst();
    if (!row) return { missing: true as const };
    if (row.status !== 'done') return { notReady: true as const };
    if (!row.result || (row.expires_at && row.expires_at <= tx.now)) return { missing: true as const };
    const p = row.params as { project?: string; from?: string; to?: string; format?: string };
    await tx.audit({
      action: 'report.download',
      outcome: 'success',
      recordType: 'report',
      recordId: row.id,
      details: { kind: row.kind, format: p.format ?? null, project: p.project ?? null, from: p.from ?? null, to: p.to ?? null },
    });
    return { bytes: Buffer.from(row.result), name: row.result_name ?? 'report', type: row.result_type ?? 'application/octet-stream' };
  });
  if ('missing' in found) {
    await access.auditDenied({ action: 'report.download', recordType: 'report', recordId: id, details: { reason: 'not_found' } });
    throw notFound('report job not found, not the requester, or expired');
  }
  if ('notReady' in found) {
    throw new PonteError({ code: 'conflict', detail: 'report not ready', message: { it: 'Il rapporto non è ancora pronto.', en: 'The report is not ready yet.' } });
  }
  return found;
}
