/**
 * Opens the database, applies migrations, seeds what Ponte needs, and builds the app.
 * Used by `ponte serve`, `ponte demo`, the tests and the benchmark.
 */
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { systemSeedBuiltinRoles } from './platform/bootstrap.ts';
import { buildApp, type PonteApp } from './app.ts';
import type { Clock } from './platform/clock.ts';

export async function openAndMigrate(options: {
  config: Config;
  onProgress?: (message: string) => void;
}): Promise<Database> {
  const database = await openDatabase({ url: options.config.DATABASE_URL, dataDir: options.config.PONTE_DATA_DIR });
  try {
    await migrate({ database, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    await systemSeedBuiltinRoles({ db: database.db });
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

export async function startServer(options: {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: boolean;
}): Promise<{ app: PonteApp; url: string; stop(): Promise<void> }> {
  const app = await buildApp(options);
  const address = await app.listen({ host: options.config.HOST, port: options.config.PORT });
  return {
    app,
    url: address,
    async stop() {
      await app.close();
    },
  };
}
