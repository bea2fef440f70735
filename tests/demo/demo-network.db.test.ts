/**
 * The demo network's open work: referrals from demo cases in every status, each following its
 * procedure; an asylum-commission protocol in progress; a transfer waiting for Il Faro and one
 * accepted; a second run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons } from '../../src/server/features/demo/persons.ts';
import { systemSeedDemoNetwork } from '../../src/server/features/demo/network.ts';
import { systemSeedBuiltinProcedures } from '../../src/server/features/procedures/runs.ts';
import { referralStatuses } from '../../src/domain/referrals/index.ts';

describe.each(await engineCases())('demo network work on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let result: Awaited<ReturnType<typeof systemSeedDemoNetwork>>;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    const db = t.database.db;
    await systemSeedDemo({ db, passwordHash: 'not-used' });
    await systemSeedBuiltinProcedures({ db });
    await systemSeedDemoPersons({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, blindIndex: t.app.services.blindIndex });
    result = await systemSeedDemoNetwork({ db, cipher: t.app.services.cipher });
  }, 600_000);
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('referrals from cases in every status, each with consent and its procedure run', async () => {
    const db = t.database.db;
    expect(result).toEqual({ referralsCreated: 8, transfersCreated: 2 });
    const rows = await db.selectFrom('referrals').select(['status', 'consent_id', 'procedure_run_id', 'source']).where('source', '=', 'case').execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(referralStatuses));
    expect(rows.every((r) => r.consent_id !== null && r.procedure_run_id !== null)).toBe(true);
    const runs = await db.selectFrom('procedure_runs').select(['current_step', 'status']).where('id', 'in', rows.map((r) => r.procedure_run_id ?? '')).execute();
    expect(runs.map((r) => r.current_step).sort()).toEqual([...referralStatuses].sort());
  });

  it.skipIf(skip)('an asylum-commission protocol in progress', async () => {
    const run = await t.database.db.selectFrom('procedure_runs').selectAll().where('procedure_key', '=', 'commission_protocol').executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'open', current_step: 'in_progress' });
  });

  it.skipIf(skip)('one transfer waiting for Il Faro, one accepted (the case moved); a second run adds nothing', async () => {
    const db = t.database.db;
    const faro = await db.selectFrom('organisations').select('id').where('code', '=', 'coop-il-faro').executeTakeFirstOrThrow();
    const transfers = await db.selectFrom('case_transfers').selectAll().execute();
    expect(transfers.map((x) => x.status).sort()).toEqual(['accepted', 'requested']);
    expect(transfers.find((x) => x.status === 'requested')?.to_org_id).toBe(faro.id);
    const accepted = transfers.find((x) => x.status === 'accepted');
    expect(accepted?.from_org_id).toBe(faro.id);
    const moved = await db.selectFrom('cases').select('org_id').where('id', '=', accepted?.case_id ?? '').executeTakeFirstOrThrow();
    expect(moved.org_id).toBe(accepted?.to_org_id);
    expect(await systemSeedDemoNetwork({ db, cipher: t.app.services.cipher })).toEqual({ referralsCreated: 0, transfersCreated: 0 });
  });
});
