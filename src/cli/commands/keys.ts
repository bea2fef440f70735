/** `ponte keys rotate|status`: data keys of field encryption. */
import type { Command } from 'commander';
import { loadConfig } from '../../server/platform/config.ts';
import { openAndMigrate } from '../../server/start.ts';
import { FieldCipher, loadMasterKey } from '../../server/platform/crypto.ts';
import { encryptedColumns, keyUsage, systemRotateKeys } from '../../server/platform/encrypted-columns.ts';
// Loads every feature, so that each registers its encrypted columns.
import '../../server/features/index.ts';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('Field-encryption data keys');

  keys
    .command('rotate')
    .description('Make a new data key, re-encrypt every encrypted column with it, retire the old key')
    .option('--resume', 'do not make a new key: re-encrypt what is still under an older key')
    .option('--batch <rows>', 'rows per transaction', '200')
    .action(async (opts: { resume?: boolean; batch: string }) => {
      const config = loadConfig();
      const batch = Number(opts.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be an integer from 1 to 10000');
      const masterKey = loadMasterKey({ config, warn: (m) => console.warn(`warning: ${m}`) });
      const database = await openAndMigrate({ config });
      try {
        const cipher = new FieldCipher({ db: database.db, masterKey });
        console.log(`Columns: ${encryptedColumns().map((c) => `${c.table}.${c.column}`).join(', ')}`);
        const report = await systemRotateKeys({
          db: database.db,
          cipher,
          resume: !!opts.resume,
          batch,
          audit: { userId: null, orgId: null, ip: null, requestId: 'cli:keys-rotate' },
          onProgress: (m) => console.log(m),
        });
        console.log(`Done: ${report.reencrypted} value(s) re-encrypted, ${report.retired.length} key(s) retired.`);
        if (report.stillInUse.length > 0 || report.unregistered.length > 0) process.exitCode = 3;
      } finally {
        await database.close();
      }
    });

  keys
    .command('status')
    .description('List data keys and how many values each encrypts')
    .action(async () => {
      const config = loadConfig();
      const database = await openAndMigrate({ config });
      try {
        for (const k of await keyUsage({ db: database.db })) {
          const state = k.isActive ? 'active' : k.retiredAt ? `retired ${k.retiredAt.toISOString()}` : 'inactive';
          console.log(`${k.keyId}\t${state}\t${k.values} value(s)`);
        }
      } finally {
        await database.close();
      }
    });
}
