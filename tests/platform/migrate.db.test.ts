import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';
import { listMigrations, migrate } from '../../src/db/migrate.ts';

describe.each(await engineCases())('migrations on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (!skip) t = await openTestDatabase(engine);
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  it.skipIf(skip)('are recorded once and not re-applied', async () => {
    const again = await migrate({ database: t.database });
    expect(again.applied).toEqual([]);
    const rows = await t.database.asOwner((db) => sql<{ name: string }>`select name from ponte_migrations order by name`.execute(db));
    expect(rows.rows.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name));
  });

  it.skipIf(skip)('refuse an applied migration whose file changed', async () => {
    const first = listMigrations()[0]!;
    await t.database.asOwner((db) => sql`update ponte_migrations set checksum = 'edited' where name = ${first.name}`.execute(db));
    await expect(migrate({ database: t.database })).rejects.toThrow(/changed after it was applied/);
    await t.database.asOwner((db) => sql`update ponte_migrations set checksum = ${first.checksum} where name = ${first.name}`.execute(db));
  });

  it.skipIf(skip)('comment every table and column', async () => {
    const missing = await t.database.asOwner((db) =>
      sql<{ t: string; c: string | null }>`
        select c.relname as t, a.attname as c
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind = 'r' and c.relname <> 'ponte_migrations'
          and (obj_description(c.oid, 'pg_class') is null
               or (a.attname is not null and col_description(c.oid, a.attnum) is null))
      `.execute(db),
    );
    expect(missing.rows).toEqual([]);
  });
});
