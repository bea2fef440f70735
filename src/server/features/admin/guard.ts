/**
 * Lock-out guard: a change to users, memberships, roles or organisations may not leave the network
 * without an active user who can manage users, or one who can manage roles. Call
 * `guardAdministrators` first thing in the transaction and `check` after the change; the whole
 * transaction then rolls back.
 *
 * Guarded transactions run one at a time: `guardAdministrators` takes a transaction-scoped
 * advisory lock before counting, so two concurrent changes (two administrators removing each
 * other) cannot both count the other as still there. Taking it before any row lock keeps the lock
 * order the same in every guarded transaction (no deadlocks).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { PonteError } from '../../platform/errors.ts';
import { administratorCounts } from './queries.ts';

/** Advisory lock key of the guard (7242001 is the migrator, 7242002 the audit sealer). */
export const ADMIN_GUARD_LOCK = 7242003;

export interface AdminGuard {
  check(): Promise<void>;
}

export async function guardAdministrators(db: Kysely<DB>): Promise<AdminGuard> {
  await sql`SELECT pg_advisory_xact_lock(${ADMIN_GUARD_LOCK})`.execute(db);
  const before = await administratorCounts(db);
  return {
    async check() {
      const after = await administratorCounts(db);
      const lostUsers = before.users > 0 && after.users === 0;
      const lostRoles = before.roles > 0 && after.roles === 0;
      if (lostUsers || lostRoles) {
        throw new PonteError({
          code: 'conflict',
          detail: `would leave no active holder of ${lostUsers ? 'users.manage' : 'roles.manage'}`,
          message: {
            it: `Operazione rifiutata: nessun utente attivo potrebbe più ${lostUsers ? 'gestire gli utenti' : 'gestire i ruoli'}.`,
            en: `Refused: no active user would be left who can ${lostUsers ? 'manage users' : 'manage roles'}.`,
          },
        });
      }
    },
  };
}
