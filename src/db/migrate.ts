/**
 * Forward-only SQL migrations: src/db/migrations/NNNN_name.sql, applied in name order, each in
 * its own transaction, recorded in ponte_migrations with a checksum so an edited, already
 * applied file is refused instead of silently diverging.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './client.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): MigrationFile[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(join(migrationsDir, name), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

export async function migrate(options: {
  database: Database;
  onProgress?: (message: string) => void;
}): Promise<{ applied: string[] }> {
  const { database, onProgress } = options;
  return database.asOwner((pool) => pool.connection().execute(async (db) => {
    await sql`CREATE TABLE IF NOT EXISTS ponte_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
    // One migrator at a time across app instances.
    await sql`SELECT pg_advisory_lock(7242001)`.execute(db);
    try {
      const done = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM ponte_migrations`.execute(db);
      const byName = new Map(done.rows.map((r) => [r.name, r.checksum]));
      const applied: string[] = [];
      const files = listMigrations();
      for (const [i, file] of files.entries()) {
        const seen = byName.get(file.name);
        if (seen !== undefined) {
          if (seen !== file.checksum) {
            throw new Error(`Migration ${file.name} was changed after it was applied; migrations are forward-only: add a new file instead.`);
          }
          continue;
        }
        onProgress?.(`[${i + 1}/${files.length}] ${file.name}`);
        await db.transaction().execute(async (tx) => {
          await sql.raw(file.sql).execute(tx);
          await sql`INSERT INTO ponte_migrations (name, checksum) VALUES (${file.name}, ${file.checksum})`.execute(tx);
        });
        applied.push(file.name);
      }
      return { applied };
    } finally {
      await sql`SELECT pg_advisory_unlock(7242001)`.execute(db);
    }
  }));
}
