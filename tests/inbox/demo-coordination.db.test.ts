/**
 * The demo's hotline-coordinated transfers: one proposal of the demo hotline to Il Faro about one
 * of its open cases, towards La Rondine, waiting for Il Faro's answer (its deciders notified); one
 * Il Faro confirmed, whose transfer request to the Consorzio Valle Demo waits for the consortium
 * (consent recorded, request linked, notified, audited); one Il Faro refused. A second run adds
 * nothing; a network that has only the proposal gets the other two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../src/server/features/demo/persons.ts';
import { systemSeedDemoCoordination } from '../../src/server/features/demo/coordination.ts';
import { fieldAad } from '../../src/server/platform/crypto.ts';

describe.each(await engineCases())('demo coordinated transfer on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    const db = t.database.db;
    await systemSeedDemo({ db, passwordHash: 'not-used' });
    await systemSeedDemoPersons({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, blindIndex: t.app.services.blindIndex });
  }, 600_000);
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('one proposal waits for Il Faro, one confirmed with its transfer request, one refused; a second run adds nothing', async () => {
    const db = t.database.db;
    expect(await systemSeedDemoCoordination({ db, cipher: t.app.services.cipher })).toEqual({ created: 3 });
    const orgs = await db.selectFrom('organisations').select(['id', 'code']).where('code', 'in', ['coop-il-faro', 'coop-la-rondine', 'numero-verde-demo', 'consorzio-valle-demo']).execute();
    const id = (code: string) => orgs.find((o) => o.code === code)?.id;
    const rows = await db.selectFrom('transfer_coordinations').selectAll().orderBy('proposed_at', 'desc').execute();
    expect(rows.map((r) => r.status)).toEqual(['proposed', 'refused', 'confirmed']);
    expect(new Set(rows.map((r) => r.case_id)).size).toBe(3);
    const [row, refused, confirmed] = rows;
    expect(row).toMatchObject({ status: 'proposed', hotline_org_id: id('numero-verde-demo'), from_org_id: id('coop-il-faro'), to_org_id: id('coop-la-rondine'), transfer_id: null });
    const c = await db.selectFrom('cases').select(['org_id', 'phase']).where('id', '=', row?.case_id ?? '').executeTakeFirstOrThrow();
    expect(c.org_id).toBe(id('coop-il-faro'));
    expect(c.phase).not.toBe('closed');
    const message = await t.app.services.cipher.decrypt({ value: row?.message_enc ?? '', aad: fieldAad({ table: 'transfer_coordinations', column: 'message_enc', rowId: row?.id ?? '' }), db });
    expect(message).toContain('La Rondine');
    const notes = await db.selectFrom('notifications').select('user_id').where('record_id', '=', row?.id ?? '').execute();
    expect(notes.length).toBeGreaterThan(0);

    // confirmed: the ordinary transfer request, on the person's consent, waiting for the consortium
    expect(confirmed).toMatchObject({ hotline_org_id: id('numero-verde-demo'), from_org_id: id('coop-il-faro'), to_org_id: id('consorzio-valle-demo'), refusal_reason: null });
    const transfer = await db.selectFrom('case_transfers').selectAll().where('id', '=', confirmed?.transfer_id ?? '').executeTakeFirstOrThrow();
    expect(transfer).toMatchObject({ case_id: confirmed?.case_id, from_org_id: id('coop-il-faro'), to_org_id: id('consorzio-valle-demo'), status: 'requested', consent_basis: 'consent' });
    const consent = await db.selectFrom('case_consents').select(['case_id', 'organisation_id', 'status']).where('id', '=', transfer.consent_id ?? '').executeTakeFirstOrThrow();
    expect(consent).toEqual({ case_id: confirmed?.case_id, organisation_id: id('consorzio-valle-demo'), status: 'given' });
    expect(new Date(confirmed?.answered_at ?? 0).getTime()).toBeGreaterThan(new Date(confirmed?.proposed_at ?? 0).getTime());
    expect(new Date(transfer.requested_at).getTime()).toBe(new Date(confirmed?.answered_at ?? 0).getTime());
    // the hotline operator learns of both answers
    const operator = await db.selectFrom('users').select('id').where('email', '=', 'numero-verde@demo.ponte.invalid').executeTakeFirstOrThrow();
    const answered = await db.selectFrom('notifications').select('record_id').where('user_id', '=', operator.id).where('kind', '=', 'transfer_coordination.answered').execute();
    expect(answered.map((n) => n.record_id).sort()).toEqual([confirmed?.id, refused?.id].sort());
    const audited = await db.selectFrom('audit_log').select(['action', 'outcome']).where('record_id', 'in', [confirmed?.id ?? '', refused?.id ?? '']).orderBy('id').execute();
    expect(audited).toEqual([
      { action: 'transfer_coordination.propose', outcome: 'success' },
      { action: 'transfer_coordination.confirm', outcome: 'success' },
      { action: 'transfer_coordination.propose', outcome: 'success' },
      { action: 'transfer_coordination.refuse', outcome: 'success' },
    ]);
    // refused: with its reason code, no transfer
    expect(refused).toMatchObject({ from_org_id: id('coop-il-faro'), to_org_id: id('coop-la-rondine'), refusal_reason: 'handled_locally', transfer_id: null });

    expect(await systemSeedDemoCoordination({ db, cipher: t.app.services.cipher })).toEqual({ created: 0 });
    expect(await db.selectFrom('transfer_coordinations').select('id').execute()).toHaveLength(3);
    expect(await db.selectFrom('case_transfers').select('id').where('case_id', '=', confirmed?.case_id ?? '').execute()).toHaveLength(1);

    // a network seeded before these states existed (only the proposal) gets the other two
    await db.deleteFrom('transfer_coordinations').where('id', 'in', [confirmed?.id ?? '', refused?.id ?? '']).execute();
    await db.deleteFrom('case_transfers').where('id', '=', transfer.id).execute();
    expect(await systemSeedDemoCoordination({ db, cipher: t.app.services.cipher })).toEqual({ created: 2 });
    expect((await db.selectFrom('transfer_coordinations').select('status').execute()).map((r) => r.status).sort()).toEqual(['confirmed', 'proposed', 'refused']);
  });
});
