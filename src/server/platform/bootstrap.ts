/**
 * System work at start-up, outside any user's scope: seeds the built-in roles that are missing
 * (an administrator's later edits to them are kept).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { builtinRoles } from '../../domain/permissions.ts';

export async function systemSeedBuiltinRoles(options: { db: Kysely<DB> }): Promise<number> {
  const { db } = options;
  let added = 0;
  await db.transaction().execute(async (trx) => {
    for (const role of builtinRoles) {
      const inserted = await trx
        .insertInto('roles')
        .values({ key: role.key, name_it: role.name.it, name_en: role.name.en, description: role.description, builtin: true })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      added++;
      await trx
        .insertInto('role_permissions')
        .values(role.permissions.map((permission) => ({ role_id: inserted.id, permission })))
        .execute();
    }
  });
  return added;
}
