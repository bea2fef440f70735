/**
 * The report jobs (kinds report.funder and report.sirit): run by the job runner with the
 * requester's permissions as they are when the job runs (a user who lost stats.aggregate, or was
 * disabled, gets a failed job, not a report).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { DataAccess, type Actor } from '../../platform/access.ts';
import { loadPermissions } from '../../platform/auth/session.ts';
import { PonteError } from '../../platform/errors.ts';
import { registerJobKind, type JobContext, type JobResult } from '../../platform/jobs.ts';
import type { ReportFormat, ReportKind, ReportModel } from '../../../domain/monitoring/report.ts';
import { buildReport } from './build.ts';
import { renderPdf } from './render-pdf.ts';
import { renderXlsx } from './render-xlsx.ts';
import { reportParams } from './schemas.ts';

export const reportJobKinds: Record<ReportKind, string> = { funder: 'report.funder', sirit: 'report.sirit' };

export const mediaTypes: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function reportFileName(model: Pick<ReportModel, 'kind' | 'project' | 'from' | 'to'>, format: ReportFormat): string {
  const code = (model.project?.code ?? 'rete').replace(/[^A-Za-z0-9_-]+/g, '-');
  return `${model.kind === 'funder' ? 'rapporto' : 'sirit'}-${code}-${model.from}-${model.to}.${format}`;
}

export async function render(model: ReportModel, format: ReportFormat, onProgress?: (p: number) => void | Promise<void>): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(model, onProgress) : renderXlsx(model, onProgress);
}

/** The requester as an actor, from their membership now. */
export async function systemJobActor(db: Kysely<DB>, userId: string, orgId: string | null): Promise<Actor> {
  const user = await db.selectFrom('users').select(['id', 'email', 'display_name', 'is_active']).where('id', '=', userId).executeTakeFirst();
  if (!user?.is_active) throw new PonteError({ code: 'forbidden', detail: 'requester disabled' });
  const { roleKey, permissions } = await loadPermissions({ db, userId, organisationId: orgId });
  return { userId, email: user.email, displayName: user.display_name, orgId, roleKey, permissions, sessionId: 'job', mfaVerified: true, mfaPending: false };
}

function reportJob(kind: ReportKind, k: number) {
  return async (ctx: JobContext): Promise<JobResult> => {
    const params = reportParams.parse(ctx.job.params);
    const actor = await systemJobActor(ctx.db, ctx.job.requested_by, ctx.job.requested_org_id);
    const locale = ctx.job.locale === 'en' ? 'en' : 'it';
    const access = new DataAccess(ctx.db, actor, { ip: 'job', requestId: `job:${ctx.job.id}`, locale }, { now: () => ctx.now });
    await ctx.progress(5);
    const model = await buildReport({ access, k, kind, query: params, onProgress: (p) => ctx.progress(p) });
    const bytes = await render(model, params.format, (p) => ctx.progress(60 + p * 0.39));
    return { bytes, name: reportFileName(model, params.format), type: mediaTypes[params.format] };
  };
}

/** Registers the report kinds with the runner (k: the small-cell threshold of the configuration). */
export function registerReportJobs(options: { k: number }): void {
  registerJobKind(reportJobKinds.funder, reportJob('funder', options.k));
  registerJobKind(reportJobKinds.sirit, reportJob('sirit', options.k));
}
