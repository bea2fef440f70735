/** The demo criminal proceedings: on the case worker's body's cases, readable through the API by the demo case worker, not by the coordinator; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../access/login-fixture.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../src/server/features/demo/persons.ts';
import { systemSeedDemoCriminal } from '../../src/server/features/demo/criminal.ts';

describe.each(await engineCases())('demo criminal proceedings on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-used' });
    await systemSeedDemoPersons({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, blindIndex: t.app.services.blindIndex, count: 60 });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('seeds proceedings with hearings, encrypted; the case worker reads them, the coordinator gets 404; a second run adds nothing', async () => {
    const db = t.database.db;
    const r = await systemSeedDemoCriminal({ db, cipher: t.app.services.cipher });
    expect(r).toEqual({ proceedingsCreated: 4, hearingsCreated: 7 });
    const rows = await db.selectFrom('criminal_proceedings').select(['case_id', 'protection_measures_enc', 'complaint_filed']).execute();
    expect(rows.filter((x) => x.complaint_filed)).toHaveLength(3);
    expect(rows.every((x) => x.protection_measures_enc === null || x.protection_measures_enc.startsWith('v1:'))).toBe(true);
    const worker = await loginAs({ t, roleKey: 'case_worker', orgId: (await db.selectFrom('organisations').select('id').where('code', '=', 'coop-il-faro').executeTakeFirstOrThrow()).id });
    const first = rows.find((x) => x.protection_measures_enc?.startsWith('v1:'));
    const read = await t.app.inject({ method: 'GET', url: `/api/cases/${first?.case_id ?? ''}/criminal-proceedings`, headers: worker.headers });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ recorded: true, complaintFiled: true, prosecutorOrganisationName: expect.stringContaining('Procura') });
    expect(read.json().protectionMeasures).toMatch(/Domicilio protetto|Audizione protetta/);
    const coordinator = await loginAs({ t, roleKey: 'coordinator', orgId: (await db.selectFrom('organisations').select('id').where('code', '=', 'coop-il-faro').executeTakeFirstOrThrow()).id });
    expect((await t.app.inject({ method: 'GET', url: `/api/cases/${first?.case_id ?? ''}/criminal-proceedings`, headers: coordinator.headers })).statusCode).toBe(404);
    expect(await systemSeedDemoCriminal({ db, cipher: t.app.services.cipher })).toEqual({ proceedingsCreated: 0, hearingsCreated: 0 });
  });
});
