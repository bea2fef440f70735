/**
 * A Ponte app on a test database, driven with fastify.inject (no network), with a manual clock.
 */
import { ManualClock } from '../../src/server/platform/clock.ts';
import { loadConfig, type Config } from '../../src/server/platform/config.ts';
import { buildApp, type PonteApp } from '../../src/server/app.ts';
import { openTestDatabase, type TestDatabase } from './engines.ts';
import type { Engine } from '../../src/db/client.ts';

/** The master key of every test app (fixtures that encrypt outside the app use it too). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7);

export interface TestApp extends TestDatabase {
  app: PonteApp;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
}

export async function openTestApp(options: { engine: Engine; env?: Record<string, string> }): Promise<TestApp> {
  const tdb = await openTestDatabase(options.engine);
  const clock = new ManualClock(new Date());
  const config = loadConfig({
    NODE_ENV: 'test',
    PONTE_LOG_LEVEL: 'silent',
    PONTE_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
    ...options.env,
  });
  const app = await buildApp({ config, database: tdb.database, clock, logger: false });
  await app.ready();
  return {
    ...tdb,
    app,
    clock,
    config,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}
