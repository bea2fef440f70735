/** The set-up of the commands that work on the registry as the system. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/client.ts';
import type { DB } from '../db/schema.ts';
import { createEncoder } from '../domain/linkage/index.ts';
import { loadConfig, type Config } from '../server/platform/config.ts';
import { FieldCipher, blindIndex, deriveLinkageKey, loadMasterKey } from '../server/platform/crypto.ts';
import type { PersonServices } from '../server/features/persons/service.ts';
import { openAndMigrate } from '../server/start.ts';

/** Loads the configuration and the master key, opens and migrates the database, runs `work` and closes the database. */
export async function withSystemDatabase<T>(work: (system: { config: Config; masterKey: Buffer; database: Database }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const masterKey = loadMasterKey({ config, warn: (m) => console.warn(`warning: ${m}`) });
  const database = await openAndMigrate({ config });
  try {
    return await work({ config, masterKey, database });
  } finally {
    await database.close();
  }
}

/** The `--batch` option: an integer from 1 to `max`. */
export function batchOption(value: string, max: number): number {
  const batch = Number(value);
  if (!Number.isInteger(batch) || batch < 1 || batch > max) throw new Error(`--batch must be an integer from 1 to ${max}`);
  return batch;
}

/** What writing persons needs (encryption, linkage encodings, blind indexes), from the master key. */
export function personServices(db: Kysely<DB>, masterKey: Buffer): PersonServices {
  return { cipher: new FieldCipher({ db, masterKey }), linkage: createEncoder({ key: deriveLinkageKey(masterKey) }), blindIndex: ({ purpose, value }) => blindIndex({ masterKey, purpose, value }) };
}
