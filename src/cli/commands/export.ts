/**
 * `ponte export htcds --format csv|json --out FILE [--password-file F] [--org CODE]`,
 * `ponte export ctdc --out FILE [--from YEAR] [--to YEAR] [--org CODE]` and
 * `ponte import htcds FILE --org CODE [--password-file F] [--dry-run]`. System work (outside any
 * user's scope), audited as the system for the organisation named (or the whole installation),
 * with a progress bar on stderr. The HTCDS file is written only encrypted (mode 0600, never over an
 * existing file); the password is read from a file or asked on the terminal, never from the
 * command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FieldCipher } from '../../server/platform/crypto.ts';
import { writeAudit, type AuditContext } from '../../server/platform/audit.ts';
import { romeDate } from '../../domain/calendar/index.ts';
import { minExportPasswordLength, sealContainer } from '../../domain/exports/container.ts';
import { collectCtdc, collectHtcds, ctdcCsv, htcdsText } from '../../server/features/exports/service.ts';
import type { ExportScope } from '../../server/features/exports/queries.ts';
import type { Database } from '../../db/client.ts';
import { readHidden } from '../prompt.ts';
import { progressBar } from '../progress.ts';
import { personServices, withSystemDatabase } from '../system-database.ts';
import { importFileFailure } from '../import-persons.ts';
import { systemImportHtcds } from '../import-htcds.ts';
// Loads every feature, so that each registers its encrypted columns.
import '../../server/features/index.ts';

async function readPassword(options: { file?: string; confirm: boolean }): Promise<string> {
  let password: string;
  if (options.file) {
    password = readFileSync(options.file, 'utf8').replace(/\r?\n$/, '');
  } else {
    password = await readHidden('Password: ');
    if (options.confirm && (await readHidden('Password (ripeti / again): ')) !== password) throw new Error('the two passwords differ / le password non coincidono');
  }
  if (password.length < minExportPasswordLength) throw new Error(`the password needs at least ${minExportPasswordLength} characters / servono almeno ${minExportPasswordLength} caratteri`);
  return password;
}

async function organisation(database: Database, code: string | undefined): Promise<{ id: string; name: string } | undefined> {
  if (code === undefined) return undefined;
  const org = await database.db.selectFrom('organisations').select(['id', 'name']).where('code', '=', code).executeTakeFirst();
  if (!org) throw new Error(`unknown organisation / organizzazione sconosciuta: ${code}`);
  return org;
}

const yearOption = (value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const y = Number(value);
  if (!Number.isInteger(y) || y < 2000 || y > 2200) throw new Error(`not a year: ${value}`);
  return y;
};

export function registerExport(program: Command): void {
  const command = program.command('export').description('Export records: HTCDS (personal data, encrypted) or CTDC (anonymised)');
  command
    .command('htcds')
    .description('HTCDS record export of persons and cases, encrypted with a password (AES-256-GCM, scrypt)')
    .requiredOption('--out <file>', 'the encrypted file to write (refused if it exists)')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--password-file <file>', 'read the password from this file (else asked on the terminal)')
    .option('--org <code>', 'only the cases of this organisation and the persons it registered (default: the whole installation)')
    .action(async (opts: { out: string; format: string; passwordFile?: string; org?: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'json') throw new Error('--format must be csv or json');
      const format = opts.format;
      const password = await readPassword({ ...(opts.passwordFile ? { file: opts.passwordFile } : {}), confirm: true });
      await withSystemDatabase(async ({ masterKey, database }) => {
        const org = await organisation(database, opts.org);
        const scope: ExportScope = org ? { kind: 'organisation', orgId: org.id } : { kind: 'everything' };
        const context: AuditContext = { userId: null, orgId: org?.id ?? null, ip: null, requestId: 'cli:export-htcds' };
        const cipher = new FieldCipher({ db: database.db, masterKey });
        const bar = progressBar();
        const now = new Date();
        const text = await database.db.transaction().execute(async (trx) => {
          const out = await collectHtcds({
            db: trx, cipher, scope, withoutCase: true,
            audit: (entry) => writeAudit({ db: trx, context, entry }),
            onProgress: (p) => bar.update('esportazione / exporting', p.done, p.total, `${p.done}/${p.total}`),
          });
          await writeAudit({ db: trx, context, entry: { action: 'export.htcds', outcome: 'success', recordType: 'export', details: { format, rows: out.rows.length, persons: out.persons, cases: out.cases, encrypted: true, source: 'cli' } } });
          return { text: htcdsText(out.rows, format, now), rows: out.rows.length };
        });
        bar.done();
        writeFileSync(opts.out, sealContainer({ plaintext: Buffer.from(text.text, 'utf8'), password }), { mode: 0o600, flag: 'wx' });
        console.log(`${opts.out}: ${text.rows} rows / righe, ${format}, encrypted / cifrato (${romeDate(now)})`);
      });
    });

  command
    .command('ctdc')
    .description('CTDC-shaped anonymised export: one row per victim, years only, age bands, k-anonymity (k = PONTE_SMALL_CELL_K)')
    .requiredOption('--out <file>', 'the CSV file to write (refused if it exists)')
    .option('--from <year>', 'first year of registration (default: this year)')
    .option('--to <year>', 'last year of registration (default: the first)')
    .option('--org <code>', 'only the cases of this organisation (default: the whole installation)')
    .action(async (opts: { out: string; from?: string; to?: string; org?: string }) => {
      const thisYear = Number(romeDate(new Date()).slice(0, 4));
      const fromYear = yearOption(opts.from, thisYear);
      const toYear = yearOption(opts.to, fromYear);
      if (fromYear > toYear) throw new Error('--from is after --to');
      await withSystemDatabase(async ({ config, masterKey, database }) => {
        const org = await organisation(database, opts.org);
        const context: AuditContext = { userId: null, orgId: org?.id ?? null, ip: null, requestId: 'cli:export-ctdc' };
        const cipher = new FieldCipher({ db: database.db, masterKey });
        const bar = progressBar();
        const out = await database.db.transaction().execute(async (trx) => {
          const collected = await collectCtdc({
            db: trx, cipher, k: config.PONTE_SMALL_CELL_K, fromYear, toYear, ...(org ? { orgId: org.id } : {}),
            onProgress: (p) => bar.update('vittime / victims', p.done, p.total, `${p.done}/${p.total}`),
          });
          await writeAudit({
            db: trx, context,
            entry: {
              action: 'export.ctdc', outcome: 'success', recordType: 'export', fields: ['birth', 'sex', 'citizenships'],
              details: { fromYear, toYear, victims: collected.victims, rows: collected.rows.length, suppressed: collected.suppressed, level: collected.level, k: collected.k, source: 'cli' },
            },
          });
          return collected;
        });
        bar.done();
        writeFileSync(opts.out, ctdcCsv(out.rows), { mode: 0o600, flag: 'wx' });
        console.log(`${opts.out}: ${out.rows.length} rows of ${out.victims} victims, ${out.suppressed} suppressed (k = ${out.k}, generalisation level ${out.level})`);
      });
    });

  const importCommand = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('Import records from files');
  importCommand
    .command('htcds <file>')
    .description('Import the persons of an encrypted HTCDS export (every row checked, all or nothing, duplicate detection as `import persons`)')
    .requiredOption('--org <code>', 'code of the organisation registering the persons')
    .option('--password-file <file>', 'read the password from this file (else asked on the terminal)')
    .option('--dry-run', 'check every row and report, write nothing')
    .option('--lang <it|en>', 'language of the messages', 'it')
    .action(async (file: string, opts: { org: string; passwordFile?: string; dryRun?: boolean; lang: string }) => {
      const locale = opts.lang === 'en' ? 'en' : 'it';
      const bytes = readFileSync(file);
      const password = await readPassword({ ...(opts.passwordFile ? { file: opts.passwordFile } : {}), confirm: false });
      await withSystemDatabase(async ({ masterKey, database }) => {
        const org = await organisation(database, opts.org);
        if (!org) throw new Error('--org is required');
        const services = personServices(database.db, masterKey);
        const bar = progressBar();
        let shown = 0;
        const summary = await systemImportHtcds({
          db: database.db, services, bytes, password, orgId: org.id, dryRun: !!opts.dryRun, locale,
          onProgress: (p) => bar.update(p.phase === 'check' ? 'controllo / checking' : 'importazione / importing', p.fraction, 1, `${p.rows} rows`),
          onRejected: (r) => {
            if (shown++ < 50) bar.note(`${locale === 'it' ? 'riga' : 'row'} ${r.row}${r.column ? ` ${r.column}` : ''}: ${r.reason}`);
          },
        });
        bar.done();
        if (shown > 50) process.stderr.write(`… ${shown - 50} ${locale === 'it' ? 'altri scarti' : 'more rejections'}\n`);
        console.log(
          locale === 'it'
            ? `${org.name}: ${summary.rows} righe, ${summary.persons} persone, ${summary.rejectedRows} righe scartate, ${summary.imported} importate${summary.dryRun ? ' (prova, nulla scritto)' : summary.rejectedRows > 0 ? ' (nulla importato)' : ''}`
            : `${org.name}: ${summary.rows} rows, ${summary.persons} persons, ${summary.rejectedRows} rows rejected, ${summary.imported} imported${summary.dryRun ? ' (dry run, nothing written)' : summary.rejectedRows > 0 ? ' (nothing imported)' : ''}`,
        );
        if (summary.rejectedRows > 0) process.exitCode = 1;
      }).catch(importFileFailure);
    });
}
