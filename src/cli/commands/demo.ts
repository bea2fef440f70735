/**
 * `ponte demo`: demo mode on the embedded database (or DATABASE_URL), migrations, the fictional
 * demo network with one account per built-in role, then the server. Running it again changes
 * nothing but the demo accounts' password (PONTE_DEMO_PASSWORD, else the one generated on the
 * first run and kept in PONTE_DATA_DIR/demo-password.txt).
 */
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/platform/config.ts';
import { openAndMigrate, startServer } from '../../server/start.ts';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../../server/platform/auth/password.ts';
import { demoAccountRows, systemSeedDemo } from '../../server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../server/features/demo/persons.ts';
import { systemSeedDemoHotline } from '../../server/features/demo/hotline.ts';
import { systemSeedDemoAccommodation } from '../../server/features/demo/accommodation.ts';
import { systemSeedDemoPermits } from '../../server/features/demo/permits.ts';
import { systemSeedDemoExpenses } from '../../server/features/demo/expenses.ts';
import { systemSeedDemoCriminal } from '../../server/features/demo/criminal.ts';
import { systemSeedDemoNetwork } from '../../server/features/demo/network.ts';
import { systemSeedDemoForum } from '../../server/features/demo/forum.ts';
import { systemSeedDemoEvents } from '../../server/features/demo/events.ts';
import { systemSeedDemoInclusion } from '../../server/features/demo/inclusion.ts';
import { systemSeedDemoOutreach } from '../../server/features/demo/outreach.ts';
import { systemSeedDemoCoordination } from '../../server/features/demo/coordination.ts';
import { FieldCipher, blindIndex, deriveLinkageKey, loadMasterKey } from '../../server/platform/crypto.ts';
import { createEncoder } from '../../domain/linkage/index.ts';

const PASSWORD_FILE = 'demo-password.txt';

/** PONTE_DEMO_PASSWORD, else the password saved by an earlier run, else a new one (saved). */
export function demoPassword(config: Config): { password: string; source: 'env' | 'file' | 'generated' } {
  if (config.PONTE_DEMO_PASSWORD) return { password: config.PONTE_DEMO_PASSWORD, source: 'env' };
  const file = join(config.PONTE_DATA_DIR, PASSWORD_FILE);
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved.length >= PASSWORD_MIN_LENGTH) return { password: saved, source: 'file' };
  }
  const password = `demo-${randomBytes(12).toString('base64url')}`;
  mkdirSync(config.PONTE_DATA_DIR, { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { password, source: 'generated' };
}

function short(text: string, max = 48): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run Ponte in demo mode with a fictional network and one account per role')
    .option('--seed-only', 'seed the demo network and exit without starting the server')
    .action(async (options: { seedOnly?: boolean }) => {
      const config = loadConfig({ ...process.env, PONTE_DEMO: 'true' });
      console.log('Ponte demo mode: fictional data only. Never enter real personal data here.');
      const database = await openAndMigrate({ config, onProgress: (m) => console.log(`migrate ${m}`) });
      try {
        const { password, source } = demoPassword(config);
        const result = await systemSeedDemo({ db: database.db, passwordHash: await hashPassword(password) });
        const masterKey = loadMasterKey({ config, warn: (m) => console.warn(m) });
        const persons = await systemSeedDemoPersons({
          db: database.db,
          cipher: new FieldCipher({ db: database.db, masterKey }),
          linkage: createEncoder({ key: deriveLinkageKey(masterKey) }),
          blindIndex: ({ purpose, value }) => blindIndex({ masterKey, purpose, value }),
        });
        await systemSeedDemoHotline({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        await systemSeedDemoAccommodation({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        await systemSeedDemoPermits({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }), linkage: createEncoder({ key: deriveLinkageKey(masterKey) }) });
        await systemSeedDemoExpenses({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        await systemSeedDemoNetwork({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        await systemSeedDemoForum({ db: database.db });
        await systemSeedDemoInclusion({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        await systemSeedDemoOutreach({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        await systemSeedDemoEvents({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }), blindIndex: ({ purpose, value }) => blindIndex({ masterKey, purpose, value }), retentionDays: config.PONTE_EVENT_RETENTION_DAYS });
        await systemSeedDemoCriminal({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        await systemSeedDemoCoordination({ db: database.db, cipher: new FieldCipher({ db: database.db, masterKey }) });
        console.log(
          `Demo network ready on ${database.describe}: ${result.organisationsCreated} organisation(s) and ${result.usersCreated} account(s) created` +
            (result.projectCreated ? ', regional plan created' : '') +
            `${persons.personsCreated > 0 ? `, ${persons.personsCreated} fictional persons (${persons.plantedDuplicates} registered twice on purpose) and ${persons.casesCreated} cases` : ''}.`,
        );
        console.log(`\n${table([['e-mail', 'role', 'organisation', 'password'], ...demoAccountRows().map((r) => [r.email, r.role, short(r.organisation), password])])}\n`);
        if (source !== 'env') console.log(`The password is kept in ${join(config.PONTE_DATA_DIR, PASSWORD_FILE)}; set PONTE_DEMO_PASSWORD to choose one.`);
        if (options.seedOnly) {
          await database.close();
          return;
        }
      } catch (e) {
        await database.close();
        throw e;
      }
      const server = await startServer({ config, database });
      console.log(`Ponte demo listening on ${server.url}`);
      const stop = async (): Promise<void> => {
        await server.stop();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
