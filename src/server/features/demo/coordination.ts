/**
 * System work for `ponte demo`: transfers coordinated by the hotline, one in each state.
 *
 * - proposed: the demo hotline proposes that Cooperativa La Rondine (another province) take over
 *   one of Il Faro's open cases, for safety; Il Faro has not answered yet, so its case workers
 *   find it in their inbox and the hotline operator follows it on /transfer-coordinations.
 * - confirmed: a proposal towards the Consorzio Valle Demo, which Il Faro's case worker confirmed
 *   (the person's sharing consent for the consortium recorded first), so the ordinary transfer
 *   request waits for the consortium's decision.
 * - refused: a proposal towards La Rondine that Il Faro refused (handled locally).
 *
 * The confirmed and refused ones are written by the feature's own service functions, acting as
 * the demo hotline operator and Il Faro's case worker at fixed times in the past, so the transfer
 * request, notifications and audit entries are the ones the web app would write.
 *
 * Idempotent: each state is added only when the demo hotline has no coordination in it yet (the
 * proposed one only when it has none at all); nothing when the hotline, its operator, the bodies
 * or an open case of Il Faro are missing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { DataAccess, type Actor } from '../../platform/access.ts';
import { loadPermissions } from '../../platform/auth/session.ts';
import { coordinationColumns } from '../transfer-coordinations/encrypted.ts';
import { confirmCoordination, proposeCoordination, refuseCoordination } from '../transfer-coordinations/service.ts';
import { demoHotlineCode, demoHotlineOperatorEmail } from './hotline.ts';

const DAY = 86_400_000;

export async function systemSeedDemoCoordination(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<{ created: number }> {
  const now = options.now ?? new Date();
  const proposed = await seedProposed({ ...options, now });
  const answered = await seedAnswered({ ...options, now });
  return { created: proposed.created + answered };
}

async function seedProposed(options: { db: Kysely<DB>; cipher: FieldCipher; now: Date }): Promise<{ created: number }> {
  const { db, cipher, now } = options;
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

/** A demo user acting for an organisation, with the permissions of their membership there. */
async function demoActor(db: Kysely<DB>, userId: string, orgId: string): Promise<Actor | undefined> {
  const user = await db.selectFrom('users').select(['id', 'email', 'display_name']).where('id', '=', userId).where('is_active', '=', true).executeTakeFirst();
  if (!user) return undefined;
  const { roleKey, permissions } = await loadPermissions({ db, userId, organisationId: orgId });
  return { userId, email: user.email, displayName: user.display_name, orgId, roleKey, permissions, sessionId: 'demo-seed', mfaVerified: true, mfaPending: false };
}

/** The confirmed and the refused coordination, through the feature's service; answers how many were added. */
async function seedAnswered(options: { db: Kysely<DB>; cipher: FieldCipher; now: Date }): Promise<number> {
  const { db, cipher, now } = options;
  const orgs = await db.selectFrom('organisations').select(['id', 'code']).where('code', 'in', [demoHotlineCode, 'coop-il-faro', 'coop-la-rondine', 'consorzio-valle-demo']).execute();
  const id = (code: string) => orgs.find((o) => o.code === code)?.id;
  const hotline = id(demoHotlineCode);
  const faro = id('coop-il-faro');
  const rondine = id('coop-la-rondine');
  const valle = id('consorzio-valle-demo');
  const operatorRow = await db.selectFrom('users').select('id').where('email', '=', demoHotlineOperatorEmail).executeTakeFirst();
  const workerRow = await db.selectFrom('users').select('id').where('email', 'like', 'operatrice@%').executeTakeFirst();
  if (!hotline || !faro || !rondine || !valle || !operatorRow || !workerRow) return 0;
  const operator = await demoActor(db, operatorRow.id, hotline);
  const worker = await demoActor(db, workerRow.id, faro);
  if (!operator?.permissions.has('hotline.write') || !worker?.permissions.has('cases.write')) return 0;
  const states = new Set((await db.selectFrom('transfer_coordinations').select('status').where('hotline_org_id', '=', hotline).execute()).map((r) => r.status));

  let at = now;
  const clock = { now: () => at };
  const as = (actor: Actor) => new DataAccess(db, actor, { ip: 'demo', requestId: 'demo-seed', locale: 'it' }, clock);
  // An adult's open case of Il Faro, with no open transfer and never coordinated.
  const freeCase = () =>
    db
      .selectFrom('cases')
      .select(['id', 'code'])
      .where('org_id', '=', faro)
      .where('phase', '<>', 'closed')
      .where((eb) => eb.or([eb('minor_status', 'is', null), eb('minor_status', '=', 'adult')]))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('case_transfers as t').select('t.id').whereRef('t.case_id', '=', 'cases.id').where('t.status', '=', 'requested'))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('transfer_coordinations as c').select('c.id').whereRef('c.case_id', '=', 'cases.id'))))
      .orderBy('code', 'desc')
      .executeTakeFirst();

  let created = 0;
  if (!states.has('confirmed')) {
    const c = await freeCase();
    if (c) {
      at = new Date(now.getTime() - 6 * DAY);
      const proposal = await proposeCoordination({
        access: as(operator), cipher,
        input: { caseCode: c.code, fromOrgId: faro, toOrgId: valle, reason: 'change_of_location', message: 'Il Consorzio Valle Demo può seguire la persona nel comune dove si è trasferita la sua famiglia.' },
      });
      at = new Date(now.getTime() - 5 * DAY);
      await db
        .insertInto('case_consents')
        .values({ case_id: c.id, purpose: 'sharing', organisation_id: valle, status: 'given', decided_on: at.toISOString().slice(0, 10), method: 'written', given_by: 'person', recorded_by: worker.userId })
        .execute();
      await confirmCoordination({ access: as(worker), cipher, id: proposal.id, input: { explanation: 'La persona si è trasferita presso familiari nella Valle Demo (dati fittizi).' } });
      created++;
    }
  }
  if (!states.has('refused')) {
    const c = await freeCase();
    if (c) {
      at = new Date(now.getTime() - 4 * DAY);
      const proposal = await proposeCoordination({
        access: as(operator), cipher,
        input: { caseCode: c.code, fromOrgId: faro, toOrgId: rondine, reason: 'specialised_programme', message: 'La Rondine avvia un percorso di inserimento lavorativo il mese prossimo.' },
      });
      at = new Date(now.getTime() - 3 * DAY);
      await refuseCoordination({ access: as(worker), cipher, id: proposal.id, input: { reason: 'handled_locally' } });
      created++;
    }
  }
  return created;
}
