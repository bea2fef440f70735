/**
 * The demo's hotline-coordinated transfer: one proposal of the demo hotline to Il Faro about one
 * of its open cases, towards La Rondine, waiting for Il Faro's answer (its deciders notified);
 * a second run adds nothing.
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

  it.skipIf(skip)('one proposal waits for Il Faro; a second run adds nothing', async () => {
    const db = t.database.db;
    expect(await systemSeedDemoCoordination({ db, cipher: t.app.services.cipher })).toEqual({ created: 1 });
    const orgs = await db.selectFrom('organisations').select(['id', 'code']).where('code', 'in', ['coop-il-faro', 'coop-la-rondine', 'numero-verde-demo']).execute();
    const id = (code: string) => orgs.find((o) => o.code === code)?.id;
    const rows = await db.selectFrom('transfer_coordinations').selectAll().execute();
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({ status: 'proposed', hotline_org_id: id('numero-verde-demo'), from_org_id: id('coop-il-faro'), to_org_id: id('coop-la-rondine'), transfer_id: null });
    const c = await db.selectFrom('cases').select(['org_id', 'phase']).where('id', '=', row?.case_id ?? '').executeTakeFirstOrThrow();
    expect(c.org_id).toBe(id('coop-il-faro'));
    expect(c.phase).not.toBe('closed');
    const message = await t.app.services.cipher.decrypt({ value: row?.message_enc ?? '', aad: fieldAad({ table: 'transfer_coordinations', column: 'message_enc', rowId: row?.id ?? '' }), db });
    expect(message).toContain('La Rondine');
    const notes = await db.selectFrom('notifications').select('user_id').where('record_id', '=', row?.id ?? '').execute();
    expect(notes.length).toBeGreaterThan(0);
    expect(await systemSeedDemoCoordination({ db, cipher: t.app.services.cipher })).toEqual({ created: 0 });
  });
});
