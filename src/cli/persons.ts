/** `ponte persons reencode`: recompute every person's keyed linkage encoding and blocking keys. */
import type { Command } from 'commander';
import { loadConfig } from '../server/platform/config.ts';
import { openAndMigrate } from '../server/start.ts';
import { FieldCipher, deriveLinkageKey, loadMasterKey } from '../server/platform/crypto.ts';
import { createEncoder } from '../domain/linkage/index.ts';
import { progressBar, systemReencodePersons } from './persons-reencode.ts';
import { systemRefreshAgeBands } from '../server/features/cases/age-band.ts';

export function registerPersons(program: Command): void {
  const persons = program.command('persons').description('Persons registry maintenance (system work, audited)');

  persons
    .command('reencode')
    .description('Recompute the keyed linkage encodings and blocking keys of every person (after an encoding change); resumes a run stopped half way')
    .option('--batch <persons>', 'persons per batch and transaction', '200')
    .option('--restart', 'start over instead of resuming a run stopped half way')
    .action(async (opts: { batch: string; restart?: boolean }) => {
      const batch = Number(opts.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be an integer from 1 to 10000');
      const config = loadConfig();
      const masterKey = loadMasterKey({ config, warn: (m) => console.warn(`warning: ${m}`) });
      const database = await openAndMigrate({ config });
      try {
        const cipher = new FieldCipher({ db: database.db, masterKey });
        const encoder = createEncoder({ key: deriveLinkageKey(masterKey) });
        const tty = process.stderr.isTTY;
        let lastLine = 0;
        const report = await systemReencodePersons({
          db: database.db,
          cipher,
          encoder,
          batch,
          ...(opts.restart ? { restart: true } : {}),
          onProgress: (done, total) => {
            if (tty) process.stderr.write(`\r${progressBar(done, total)}`);
            else if (Date.now() - lastLine >= 2000 || done >= total) {
              lastLine = Date.now();
              console.error(progressBar(done, total));
            }
          },
        });
        if (tty) process.stderr.write('\n');
        console.error(`persons reencode: ${report.done} person(s) re-encoded${report.resumed ? ` (resumed run ${report.run}, ${report.runDone} in all)` : ''}, ${report.total} in the registry`);
      } finally {
        await database.close();
      }
    });

  persons
    .command('age-bands')
    .description('Compute the age band (kept in clear on each case) of every case from the encrypted birth: needed once after migration 0033, safe to run again')
    .option('--batch <persons>', 'persons per batch and transaction', '200')
    .action(async (opts: { batch: string }) => {
      const batch = Number(opts.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be an integer from 1 to 10000');
      const config = loadConfig();
      const masterKey = loadMasterKey({ config, warn: (m) => console.warn(`warning: ${m}`) });
      const database = await openAndMigrate({ config });
      try {
        const cipher = new FieldCipher({ db: database.db, masterKey });
        const tty = process.stderr.isTTY;
        const report = await systemRefreshAgeBands({
          db: database.db,
          cipher,
          batch,
          onProgress: (done, total) => {
            if (tty) process.stderr.write(`\r${progressBar(done, total)}`);
          },
        });
        if (tty) process.stderr.write('\n');
        console.error(`persons age-bands: ${report.persons} person(s) with cases read, ${report.cases} case(s), ${report.changed} band(s) written`);
      } finally {
        await database.close();
      }
    });
}
