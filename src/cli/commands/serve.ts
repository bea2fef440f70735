import type { Command } from 'commander';
import { loadConfig } from '../../server/platform/config.ts';
import { openAndMigrate, startServer } from '../../server/start.ts';
import { openDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';

export const EMBEDDED_WARNING = [
  '************************************************************************',
  '* WARNING: no DATABASE_URL is set, so Ponte runs on the embedded       *',
  '* database (PGlite). It does not fsync: data acknowledged to users can *',
  '* be lost if the operating system crashes. Use PostgreSQL in           *',
  '* production: set DATABASE_URL=postgres://...                           *',
  '************************************************************************',
].join('\n');

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Apply migrations and serve the web app and API')
    .action(async () => {
      // `serve` is for real use: production rules unless NODE_ENV says otherwise.
      const config = loadConfig({ NODE_ENV: 'production', ...process.env });
      if (!config.DATABASE_URL) console.warn(EMBEDDED_WARNING);
      const database = await openAndMigrate({ config, onProgress: (m) => console.log(`migrate ${m}`) });
      const server = await startServer({ config, database });
      console.log(`Ponte ${database.describe} listening on ${server.url}`);
      const stop = async (): Promise<void> => {
        await server.stop();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PONTE_DATA_DIR });
      try {
        const { applied } = await migrate({ database, onProgress: (m) => console.log(`migrate ${m}`) });
        console.log(applied.length ? `Applied ${applied.length} migration(s).` : 'Database is up to date.');
      } finally {
        await database.close();
      }
    });
}
