/**
 * Lock-out guard: a change to users, memberships, roles or organisations may not leave the network
 * without an active user who can manage users, or one who can manage roles. Call `before` at the
 * start of the transaction and `check` after the change; the whole transaction then rolls back.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { PonteError } from '../../platform/errors.ts';
import { administratorCounts } from './queries.ts';

export interface AdminGuard {
  check(): Promise<void>;
}

export async function guardAdministrators(db: Kysely<DB>): Promise<AdminGuard> {
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
