/**
 * `ponte report funder|sirit`: the funder report or the SIRIT tables of a project and period, as PDF
 * or XLSX, built directly against the configured database by the same builder as the background
 * job. It runs as a user (`--as`, with the permissions of their membership in `--org`), so that
 * the view (unsuppressed over the records they may read, or suppressed) and the audit trail are
 * theirs, as in the web app. A progress bar goes to stderr.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { openAndMigrate } from '../../server/start.ts';
import { DataAccess } from '../../server/platform/access.ts';
import { PonteError } from '../../server/platform/errors.ts';
import { systemClock } from '../../server/platform/clock.ts';
import { buildReport } from '../../server/features/reports/build.ts';
import { render, systemJobActor } from '../../server/features/reports/jobs.ts';
import { reportFormats, reportKinds, type ReportFormat, type ReportKind } from '../../domain/monitoring/report.ts';
import { isoDate } from '../../domain/fields.ts';
import { progressBar } from '../progress.ts';
// Loads every feature, so that each registers its encrypted columns.
import '../../server/features/index.ts';

async function resolveProject(db: Kysely<DB>, project: string): Promise<string | undefined> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(project);
  const row = await db.selectFrom('projects').select('id').where(uuid ? 'id' : 'code', '=', project).executeTakeFirst();
  return row?.id;
}

async function resolveMember(db: Kysely<DB>, email: string, orgCode: string | undefined): Promise<{ userId: string; orgId: string } | string> {
  const user = await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (!user) return `unknown user: ${email}`;
  let q = db.selectFrom('memberships as m').innerJoin('organisations as o', 'o.id', 'm.organisation_id').select(['o.id', 'o.code']).where('m.user_id', '=', user.id);
  if (orgCode) q = q.where('o.code', '=', orgCode);
  const orgs = await q.execute();
  if (orgs.length === 0) return orgCode ? `${email} is not a member of ${orgCode}` : `${email} has no membership`;
  if (orgs.length > 1) return `${email} is a member of several organisations: give --org (${orgs.map((o) => o.code).join(', ')})`;
  const [org] = orgs;
  return org ? { userId: user.id, orgId: org.id } : `${email} has no membership`;
}

export function registerReport(program: Command): void {
  program
    .command('report <kind>')
    .description('Build the funder report (funder) or the SIRIT tables (sirit) of a project and period as PDF or XLSX')
    .requiredOption('--project <code-or-id>', 'the project (code or id)')
    .requiredOption('--from <YYYY-MM-DD>', 'first day of the period')
    .requiredOption('--to <YYYY-MM-DD>', 'last day of the period')
    .requiredOption('--as <email>', 'the user the report is built for (their permissions decide the view; audited as them)')
    .option('--org <code>', 'the organisation the user acts for (when they belong to several)')
    .option('--format <pdf|xlsx>', 'file format', 'pdf')
    .option('--out <file>', 'where to write the file (default: the usual file name in the current directory)')
    .option('--lang <it|en>', 'language of the report', 'it')
    .action(async (kind: string, opts: { project: string; from: string; to: string; as: string; org?: string; format: string; out?: string; lang: string }) => {
      const fail = (message: string) => {
        console.error(`ponte report: ${message}`);
        process.exitCode = 2;
      };
      if (!(reportKinds as readonly string[]).includes(kind)) return fail('the kind is funder or sirit');
      if (!(reportFormats as readonly string[]).includes(opts.format)) return fail('--format is pdf or xlsx');
      if (!isoDate.safeParse(opts.from).success || !isoDate.safeParse(opts.to).success) return fail('--from and --to are dates YYYY-MM-DD');
      if (opts.from > opts.to) return fail('--from is after --to');
      const locale = opts.lang === 'en' ? 'en' : 'it';
      const config = loadConfig();
      const database = await openAndMigrate({ config });
      const label = locale === 'it' ? 'rapporto / report' : 'report';
      const bar = progressBar();
      try {
        const projectId = await resolveProject(database.db, opts.project);
        if (!projectId) return fail(`unknown project: ${opts.project}`);
        const member = await resolveMember(database.db, opts.as, opts.org);
        if (typeof member === 'string') return fail(member);
        const actor = await systemJobActor(database.db, member.userId, member.orgId);
        if (!actor.permissions.has('reports.generate')) return fail(`${opts.as} may not generate reports (reports.generate)`);
        const access = new DataAccess(database.db, actor, { ip: 'cli', requestId: `cli:report:${process.pid}`, locale }, systemClock);
        bar.update(label, 0, 100);
        const model = await buildReport({ access, k: config.PONTE_SMALL_CELL_K, kind: kind as ReportKind, query: { project: projectId, from: opts.from, to: opts.to }, onProgress: (p) => bar.update(label, p, 100) });
        const bytes = await render(model, opts.format as ReportFormat, (p) => bar.update(label, 60 + p * 0.4, 100));
        bar.update(label, 100, 100);
        bar.done();
        const out = opts.out ?? `${kind === 'funder' ? 'rapporto' : 'sirit'}-${model.project?.code ?? 'rete'}-${model.from}-${model.to}.${opts.format}`;
        await writeFile(out, bytes, { mode: 0o600 });
        console.log(`${out}: ${bytes.byteLength} bytes (${model.view === 'observatory' ? (locale === 'it' ? 'vista aggregata, piccoli numeri nascosti' : 'aggregate view, small numbers hidden') : locale === 'it' ? 'vista del coordinamento' : 'coordination view'})`);
      } catch (e) {
        bar.done();
        if (e instanceof PonteError) return fail(e.messageFor(locale));
        throw e;
      } finally {
        await database.close();
      }
    });
}
