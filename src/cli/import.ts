/** `ponte import persons FILE.csv --org ORG_CODE [--dry-run] [--skip-rejected] [--report FILE.csv]`. */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { csvLine } from './import-csv.ts';
import { importFileFailure, systemImportPersons } from './import-persons.ts';
import { progressBar } from './progress.ts';
import { batchOption, personServices, withSystemDatabase } from './system-database.ts';
// Loads every feature, so that each registers its encrypted columns.
import '../server/features/index.ts';

export function registerImport(program: Command): void {
  const command = program.command('import').description('Import records from files');
  command
    .command('persons <file>')
    .description('Register persons from a CSV file with HTCDS columns (prs_FirstName, prs_SecondName, prs_Birthdate, …, external_ref, alias)')
    .requiredOption('--org <code>', 'code of the organisation registering the persons')
    .option('--dry-run', 'check every row and report, write nothing')
    .option('--skip-rejected', 'import the valid rows even if some are rejected (default: any rejected row stops the whole import)')
    .option('--report <file>', 'write the rejected rows to this CSV file (row, column, reason)')
    .option('--lang <it|en>', 'language of the messages', 'it')
    .option('--batch <rows>', 'rows per insert batch', '500')
    .action(async (file: string, opts: { org: string; dryRun?: boolean; skipRejected?: boolean; report?: string; lang: string; batch: string }) => {
      const locale = opts.lang === 'en' ? 'en' : 'it';
      const batchSize = batchOption(opts.batch, 5000);
      let report: WriteStream | undefined;
      await withSystemDatabase(async ({ masterKey, database }) => {
        const org = await database.db.selectFrom('organisations').select(['id', 'name']).where('code', '=', opts.org).executeTakeFirst();
        if (!org) throw new Error(locale === 'it' ? `organizzazione sconosciuta: ${opts.org}` : `unknown organisation: ${opts.org}`);
        const services = personServices(database.db, masterKey);
        if (opts.report) {
          report = createWriteStream(opts.report, { encoding: 'utf8', mode: 0o600 });
          report.write(csvLine(['row', 'column', 'reason']));
        }
        const bar = progressBar();
        let shown = 0;
        const summary = await systemImportPersons({
          db: database.db,
          services,
          file,
          orgId: org.id,
          dryRun: !!opts.dryRun,
          skipRejected: !!opts.skipRejected,
          batchSize,
          locale,
          onProgress: (p) => bar.update(p.phase === 'check' ? 'controllo / checking' : 'importazione / importing', p.fraction, 1, (s) => `${p.rows} rows ${s > 0 ? Math.round(p.rows / s) : 0} rows/s`),
          onRejected: (r) => {
            report?.write(csvLine([String(r.row), r.column, r.reason]));
            // The first 50 on the terminal; all of them in --report.
            if (shown++ < 50) bar.note(`${locale === 'it' ? 'riga' : 'row'} ${r.row}${r.column ? ` ${r.column}` : ''}: ${r.reason}`);
          },
        });
        bar.done();
        if (shown > 50) process.stderr.write(`… ${shown - 50} ${locale === 'it' ? 'altri scarti' : 'more rejections'}${opts.report ? '' : ' (--report FILE.csv)'}\n`);
        const rate = Math.round(summary.rowsPerSecond);
        const what = summary.dryRun
          ? locale === 'it' ? 'prova, nulla scritto' : 'dry run, nothing written'
          : summary.rejectedRows > 0 && !opts.skipRejected
            ? locale === 'it' ? 'righe scartate: nulla importato' : 'rows rejected: nothing imported'
            : locale === 'it' ? 'importate' : 'imported';
        console.log(
          locale === 'it'
            ? `${org.name}: ${summary.rows} righe, ${summary.valid} valide, ${summary.rejectedRows} scartate, ${summary.imported} importate (${what}) in ${summary.seconds.toFixed(1)} s, ${rate} righe/s`
            : `${org.name}: ${summary.rows} rows, ${summary.valid} valid, ${summary.rejectedRows} rejected, ${summary.imported} imported (${what}) in ${summary.seconds.toFixed(1)} s, ${rate} rows/s`,
        );
        if (summary.rejectedRows > 0 && (!opts.skipRejected || summary.dryRun)) process.exitCode = 1;
      })
        .catch(importFileFailure)
        .finally(() => new Promise<void>((resolve) => (report ? report.end(resolve) : resolve())));
    });
}
