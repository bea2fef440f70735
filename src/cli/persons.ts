/** `ponte persons reencode` and `ponte persons age-bands`: system work over every person, a batch at a time. */
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { FieldCipher, deriveLinkageKey } from '../server/platform/crypto.ts';
import { createEncoder } from '../domain/linkage/index.ts';
import { systemReencodePersons } from './persons-reencode.ts';
import { systemRefreshAgeBands } from '../server/features/cases/age-band.ts';
import { progressBar } from './progress.ts';
import { batchOption, withSystemDatabase } from './system-database.ts';

/** What both commands share: the set-up, a progress bar of persons on stderr, the summary line `work` returns. */
async function personsJob(name: string, batchValue: string, work: (job: { db: Kysely<DB>; batch: number; masterKey: Buffer; cipher: FieldCipher; onProgress: (done: number, total: number) => void }) => Promise<string>): Promise<void> {
  const batch = batchOption(batchValue, 10_000);
  await withSystemDatabase(async ({ masterKey, database }) => {
    const bar = progressBar();
    const summary = await work({ db: database.db, batch, masterKey, cipher: new FieldCipher({ db: database.db, masterKey }), onProgress: (done, total) => bar.update(name, done, total, `${done}/${total} persons`) });
    bar.done();
    console.error(`${name}: ${summary}`);
  });
}

export function registerPersons(program: Command): void {
  const persons = program.command('persons').description('Persons registry maintenance (system work, audited)');

  persons
    .command('reencode')
    .description('Recompute the keyed linkage encodings and blocking keys of every person (after an encoding change); resumes a run stopped half way')
    .option('--batch <persons>', 'persons per batch and transaction', '200')
    .option('--restart', 'start over instead of resuming a run stopped half way')
    .action((opts: { batch: string; restart?: boolean }) =>
      personsJob('persons reencode', opts.batch, async ({ db, batch, masterKey, cipher, onProgress }) => {
        const encoder = createEncoder({ key: deriveLinkageKey(masterKey) });
        const report = await systemReencodePersons({ db, cipher, encoder, batch, ...(opts.restart ? { restart: true } : {}), onProgress });
        return `${report.done} person(s) re-encoded${report.resumed ? ` (resumed run ${report.run}, ${report.runDone} in all)` : ''}, ${report.total} in the registry`;
      }),
    );

  persons
    .command('age-bands')
    .description('Compute the age band (kept in clear on each case) of every case from the encrypted birth: needed once after migration 0033, safe to run again')
    .option('--batch <persons>', 'persons per batch and transaction', '200')
    .action((opts: { batch: string }) =>
      personsJob('persons age-bands', opts.batch, async ({ db, batch, cipher, onProgress }) => {
        const report = await systemRefreshAgeBands({ db, cipher, batch, onProgress });
        return `${report.persons} person(s) with cases read, ${report.cases} case(s), ${report.changed} band(s) written`;
      }),
    );
}
