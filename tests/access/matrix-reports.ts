/**
 * Access matrix rows of reports (see matrix.ts). Asking for a report and listing one's own jobs
 * need reports.generate (the coordinator and the observatory analyst among the built-in roles; the report also needs
 * stats.aggregate): the section's existence is not secret, 403. A job is seen only by the user who
 * asked for it: 404 for everyone else, including other holders of reports.generate. What the
 * report holds, the runner, expiry and the observatory view's suppression are checked in
 * tests/reports/reports.db.test.ts.
 */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

const generators = ['coordinator', 'observatory_analyst'] as const satisfies readonly BuiltinRoleKey[];

/** A finished report job of the caller (or of a fixture user, for anonymous calls). */
async function doneJob(f: MatrixFixtures, caller?: { userId: string; orgId: string }): Promise<string> {
  const row = await f.db
    .insertInto('jobs')
    .values({
      kind: 'report.funder',
      params: JSON.stringify({ project: f.projectId, from: '2024-01-01', to: '2024-12-31', format: 'pdf' }),
      requested_by: caller?.userId ?? f.userId,
      requested_org_id: caller?.orgId ?? f.orgId,
      status: 'done',
      progress: 100,
      result: Buffer.from('%PDF-1.3 fixture'),
      result_name: 'rapporto.pdf',
      result_type: 'application/pdf',
      result_size: 16,
      finished_at: new Date(),
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const reportEndpoints: readonly EndpointCase[] = [
  {
    method: 'POST', route: '/api/reports', path: () => '/api/reports',
    body: (f) => ({ kind: 'funder', project: f.projectId, from: '2024-01-01', to: '2024-12-31', format: 'pdf' }),
    allowed: generators, denied: 403, deniedAction: 'report.request',
  },
  { method: 'GET', route: '/api/reports', path: () => '/api/reports', allowed: generators, denied: 403, deniedAction: 'report.list' },
  {
    method: 'GET', route: '/api/reports/:id', path: async (f, caller) => `/api/reports/${await doneJob(f, caller)}`,
    allowed: generators, denied: 404, deniedAction: 'report.read',
  },
  {
    method: 'GET', route: '/api/reports/:id/download', path: async (f, caller) => `/api/reports/${await doneJob(f, caller)}/download`,
    allowed: generators, denied: 404, deniedAction: 'report.download',
  },
];
