/** `ponte duplicates pairs`: every candidate duplicate pair of the registry, as CSV on stdout. */
import type { Command } from 'commander';
import { FieldCipher } from '../server/platform/crypto.ts';
import { systemExportPairs } from './duplicates-pairs.ts';
import { progressBar } from './progress.ts';
import { batchOption, withSystemDatabase } from './system-database.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Writes to stdout, waiting when its buffer is full (so the export never holds much in memory). */
function writeStdout(chunk: string): Promise<void> | void {
  if (process.stdout.write(chunk)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

export function registerDuplicates(program: Command): void {
  const duplicates = program.command('duplicates').description('Duplicate detection over the whole registry (system work, audited)');

  duplicates
    .command('pairs')
    .description('Every candidate duplicate pair, each once: external_ref_a,external_ref_b,score,decision (the code when a person has no external reference)')
    .option('--format <format>', 'output format (csv)', 'csv')
    .option('--org <organisation>', 'only persons visible to this organisation (code or id)')
    .option('--min <decision>', 'weakest decision listed: possible or match', 'possible')
    .option('--batch <persons>', 'persons compared per batch', '500')
    .action(async (opts: { format: string; org?: string; min: string; batch: string }) => {
      if (opts.format !== 'csv') throw new Error('--format: only csv is supported');
      const min = opts.min;
      if (min !== 'possible' && min !== 'match') throw new Error('--min must be possible or match');
      const batch = batchOption(opts.batch, 10_000);
      await withSystemDatabase(async ({ masterKey, database }) => {
        let orgId: string | undefined;
        if (opts.org !== undefined) {
          const org = await database.db
            .selectFrom('organisations')
            .select('id')
            .where((eb) => (uuidPattern.test(opts.org ?? '') ? eb.or([eb('id', '=', opts.org ?? ''), eb('code', '=', opts.org ?? '')]) : eb('code', '=', opts.org ?? '')))
            .executeTakeFirst();
          if (!org) throw new Error(`--org: no organisation ${opts.org}`);
          orgId = org.id;
        }
        const cipher = new FieldCipher({ db: database.db, masterKey });
        const bar = progressBar();
        const report = await systemExportPairs({
          db: database.db,
          cipher,
          write: writeStdout,
          min,
          batch,
          ...(orgId ? { orgId } : {}),
          onProgress: (done, total) => bar.update('duplicates pairs', done, total, (s) => `${done}/${total} persons compared (${Math.round(s)} s)`),
        });
        bar.done();
        console.error(`duplicates pairs: ${report.pairs} pair(s) (${report.match} match, ${report.possible} possible) among ${report.persons} person(s)`);
      });
    });
}
