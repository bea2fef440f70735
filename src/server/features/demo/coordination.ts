/**
 * System work for `ponte demo`: one transfer coordinated by the hotline, in progress. The demo
 * hotline proposes that Cooperativa La Rondine (another province) take over one of Il Faro's open
 * cases, for safety; Il Faro has not answered yet, so its case workers find it in their inbox and
 * the hotline operator follows it on /transfer-coordinations.
 *
 * Idempotent: does nothing when the demo hotline already coordinates a transfer, or when the
 * hotline, its operator, the bodies or an open case of Il Faro are missing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { coordinationColumns } from '../transfer-coordinations/encrypted.ts';
import { demoHotlineCode, demoHotlineOperatorEmail } from './hotline.ts';

const DAY = 86_400_000;

export async function systemSeedDemoCoordination(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<{ created: number }> {
  const { db, cipher } = options;
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const orgs = await trx.selectFrom('organisations').select(['id', 'code']).where('code', 'in', [demoHotlineCode, 'coop-il-faro', 'coop-la-rondine']).execute();
    const id = (code: string) => orgs.find((o) => o.code === code)?.id;
    const hotline = id(demoHotlineCode);
    const faro = id('coop-il-faro');
    const rondine = id('coop-la-rondine');
    const operator = await trx.selectFrom('users').select('id').where('email', '=', demoHotlineOperatorEmail).executeTakeFirst();
    if (!hotline || !faro || !rondine || !operator) return { created: 0 };
    const existing = await trx.selectFrom('transfer_coordinations').select('id').where('hotline_org_id', '=', hotline).executeTakeFirst();
    if (existing) return { created: 0 };
    const c = await trx
      .selectFrom('cases')
      .select('id')
      .where('org_id', '=', faro)
      .where('phase', '<>', 'closed')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('case_transfers as t').select('t.id').whereRef('t.case_id', '=', 'cases.id').where('t.status', '=', 'requested'))))
      .orderBy('code')
      .executeTakeFirst();
    if (!c) return { created: 0 };
    const rowId = randomUUID();
    await trx
      .insertInto('transfer_coordinations')
      .values({
        id: rowId, hotline_org_id: hotline, case_id: c.id, from_org_id: faro, to_org_id: rondine, reason: 'safety',
        message_enc: await cipher.encrypt({ plaintext: 'La Rondine ha un posto in casa di fuga da lunedì; per ragioni di sicurezza è preferibile un’altra provincia.', aad: fieldAad({ ...coordinationColumns.message, rowId }), db: trx }),
        status: 'proposed', proposed_by: operator.id, proposed_at: new Date(now.getTime() - DAY),
      })
      .execute();
    const deciders = await trx
      .selectFrom('memberships')
      .innerJoin('role_permissions', 'role_permissions.role_id', 'memberships.role_id')
      .select('memberships.user_id')
      .distinct()
      .where('memberships.organisation_id', '=', faro)
      .where('role_permissions.permission', 'in', ['cases.write', 'cases.approve'])
      .execute();
    if (deciders.length > 0) {
      await trx
        .insertInto('notifications')
        .values(deciders.map((d) => ({ user_id: d.user_id, kind: 'transfer_coordination.proposed', record_type: 'transfer_coordination', record_id: rowId, created_at: new Date(now.getTime() - DAY) })))
        .execute();
    }
    return { created: 1 };
  });
}
