/**
 * Hotline on the demo network (issue 4 acceptance): a call from each demo province reaches the
 * right body. The expectations are written by hand from src/server/features/demo/data.ts, not
 * computed by the routing code:
 *
 * - 001 Torino: Cooperativa Il Faro (the only implementing body there; the Commission, Questura,
 *   Procura and ASL are external agencies);
 * - 002 Vercelli and 003 Novara: Associazione Terra Comune;
 * - 004 Cuneo: two project partners, Strade Nuove and the Consorzio Valle Demo; the Consorzio
 *   offers identification: Consorzio Valle Demo;
 * - 005 Asti: Cooperativa La Rondine;
 * - 006 Alessandria: Comune di Borgo Demo (the CAS is a reception centre, an external agency);
 * - unknown province, abroad, or a province outside the network (058 Roma): the lead body, Regione
 *   Demo (fallback);
 * - at night, with the demo roster seeded: Il Faro, on duty for every province.
 *
 * Also: the demo's sixty calls (every province, some anonymous, some named) are routed by the same
 * rules, and the callers' names and phones are absent from a database dump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../access/login-fixture.ts';
import { call } from './helpers.ts';
import { scanForSecrets } from '../helpers/secrets.ts';
import { pgDump } from '../helpers/pg-dump.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { demoHotlineOperatorEmail, systemSeedDemoHotline } from '../../src/server/features/demo/hotline.ts';
import { demoOrganisations } from '../../src/server/features/demo/data.ts';
import { FieldCipher, fieldAad } from '../../src/server/platform/crypto.ts';

const byDay: Record<string, string> = {
  '001': 'coop-il-faro',
  '002': 'assoc-terra-comune',
  '003': 'assoc-terra-comune',
  '004': 'consorzio-valle-demo',
  '005': 'coop-la-rondine',
  '006': 'comune-borgo-demo',
  unknown: 'regione-demo',
  abroad: 'regione-demo',
  '058': 'regione-demo',
};
const ruleByDay = (province: string): string => (/^00[1-6]$/.test(province) ? 'province' : 'fallback');
const NOW = '2026-12-02T10:00:00Z'; // a Wednesday, daytime
const anonymousCall = { language: 'it', callerType: 'citizen', anonymous: true, outcome: 'routed', exploitationTypes: ['ForcedLabour'] };

describe.each(await engineCases())('hotline routing on the demo network on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgIds: Map<string, string>;
  let hotlineId: string;
  let seeded: Awaited<ReturnType<typeof systemSeedDemoHotline>>;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    t.clock.set(NOW);
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-a-real-hash', now: t.clock.now() });
    const rows = await t.database.db.selectFrom('organisations').select(['id', 'code']).execute();
    orgIds = new Map(rows.map((r) => [r.code, r.id]));
    hotlineId = orgIds.get('numero-verde-demo') as string;
    seeded = await systemSeedDemoHotline({ db: t.database.db, cipher: t.app.services.cipher, now: t.clock.now() });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const operator = () => loginAs({ t, roleKey: 'hotline_operator', orgId: hotlineId, email: demoHotlineOperatorEmail });
  const codeOf = (id: string): string => [...orgIds].find(([, v]) => v === id)?.[0] ?? id;

  it.skipIf(skip)('by day (no shift running), a call from each demo province reaches the competent body', async () => {
    t.clock.set(NOW);
    const op = await operator();
    for (const [province, expected] of Object.entries(byDay)) {
      const r = await call(t, op, 'POST', '/api/hotline/calls', { ...anonymousCall, province });
      expect(r.status, `${province}: ${JSON.stringify(r.body)}`).toBe(201);
      expect([province, r.body.routing.organisation.code, r.body.routing.rule]).toEqual([province, expected, ruleByDay(province)]);
      const ref = await t.database.db.selectFrom('referrals').select(['to_org_id', 'source', 'hotline_call_id']).where('id', '=', r.body.referral.id).executeTakeFirstOrThrow();
      expect(ref).toEqual({ to_org_id: orgIds.get(expected), source: 'hotline', hotline_call_id: r.body.id });
    }
  });

  it.skipIf(skip)('the demo seed: a night roster, sixty calls from every province routed by the same rules, idempotent', async () => {
    t.clock.set(NOW);
    const result = seeded;
    expect(result.callsCreated).toBe(60);
    expect(result.shiftsCreated).toBe(159);
    expect(result.referralsCreated).toBeGreaterThan(25);
    expect(await systemSeedDemoHotline({ db: t.database.db, cipher: t.app.services.cipher, now: t.clock.now() })).toEqual({ callsCreated: 0, referralsCreated: 0, shiftsCreated: 0 });

    const calls = await t.database.db
      .selectFrom('hotline_calls')
      .leftJoin('referrals', 'referrals.id', 'hotline_calls.referral_id')
      .select(['hotline_calls.province', 'hotline_calls.received_at', 'hotline_calls.anonymous', 'hotline_calls.outcome', 'hotline_calls.routing_rule', 'referrals.to_org_id', 'referrals.hotline_call_id', 'hotline_calls.id'])
      .where('hotline_calls.hotline_org_id', '=', hotlineId)
      .where('hotline_calls.created_at', '<', new Date(NOW))
      .execute();
    expect(calls).toHaveLength(60);
    for (const p of ['001', '002', '003', '004', '005', '006']) expect(calls.filter((c) => c.province === p).length, p).toBe(9);
    expect(calls.some((c) => c.anonymous)).toBe(true);
    expect(calls.some((c) => !c.anonymous)).toBe(true);
    const routed = calls.filter((c) => c.outcome === 'routed');
    expect(routed.length).toBeGreaterThan(25);
    for (const c of routed) {
      const hour = new Date(c.received_at).getUTCHours();
      const night = hour >= 19 || hour < 7;
      const expected = night ? 'coop-il-faro' : byDay[c.province];
      expect([c.province, hour, codeOf(c.to_org_id as string), c.routing_rule]).toEqual([c.province, hour, expected, night ? 'roster' : ruleByDay(c.province)]);
      expect(c.hotline_call_id).toBe(c.id);
    }
    expect(routed.some((c) => c.routing_rule === 'roster')).toBe(true);

    // most calls say something about the person they are about, coarse values only; some say nothing
    const about = await t.database.db
      .selectFrom('hotline_calls')
      .select(['subject_sex', 'subject_age', 'subject_nationality'])
      .where('hotline_org_id', '=', hotlineId)
      .where('created_at', '<', new Date(NOW))
      .execute();
    const told = about.filter((c) => c.subject_sex !== null);
    expect(told.length).toBeGreaterThan(30);
    expect(told.length).toBeLessThan(60);
    expect(about.filter((c) => c.subject_sex === null).every((c) => c.subject_age === null && c.subject_nationality === null)).toBe(true);
    expect(new Set(told.map((c) => c.subject_age))).toContain('adult');
  });

  it.skipIf(skip)('at night the body on duty receives the report, whatever the province', async () => {
    const op = await (async () => { t.clock.set('2026-12-02T23:00:00Z'); return operator(); })();
    for (const province of Object.keys(byDay)) {
      const r = await call(t, op, 'GET', `/api/hotline/routing?province=${province}`);
      expect([province, r.body.candidates[0].code, r.body.rule]).toEqual([province, 'coop-il-faro', 'roster']);
    }
  });
});

describe.each(await engineCases())('demo hotline calls in a database dump on $engine', ({ engine, skip }) => {
  const masterKey = Buffer.alloc(32, 9);
  const work = mkdtempSync(join(tmpdir(), 'ponte-hotline-dump-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const control = demoOrganisations.find((o) => o.code === 'coop-la-rondine')?.name ?? 'missing';
  let secrets: string[] = [];
  let hits: ReturnType<typeof scanForSecrets> = [];
  let controlHits = 0;

  async function seed(database: Database): Promise<void> {
    await systemSeedDemo({ db: database.db, passwordHash: 'not-a-real-hash' });
    const cipher = new FieldCipher({ db: database.db, masterKey });
    expect((await systemSeedDemoHotline({ db: database.db, cipher })).callsCreated).toBe(60);
    const rows = await database.db.selectFrom('hotline_calls').select(['id', 'caller_enc']).where('caller_enc', 'is not', null).execute();
    const out = new Set<string>();
    for (const r of rows) {
      const caller = JSON.parse(await cipher.decrypt({ value: r.caller_enc as string, aad: fieldAad({ table: 'hotline_calls', column: 'caller_enc', rowId: r.id }), db: database.db })) as { name: string; phone?: string };
      out.add(caller.name);
      if (caller.phone) out.add(caller.phone);
    }
    secrets = [...out];
  }

  beforeAll(async () => {
    if (skip) return;
    if (engine === 'postgresql') {
      const t = await openTestApp({ engine });
      try {
        await seed(t.database);
        const dump = await pgDump(t.url as string);
        hits = scanForSecrets({ secrets, buffers: [{ name: 'pg_dump', data: dump }] });
        controlHits = scanForSecrets({ secrets: [control], buffers: [{ name: 'pg_dump', data: dump }] }).length;
      } finally {
        await t.close();
      }
    } else {
      const dataDir = join(work, 'data');
      const database = await openDatabase({ dataDir });
      try {
        await migrate({ database });
        await systemSeedBuiltinRoles({ db: database.db });
        await seed(database);
      } finally {
        await database.close();
      }
      hits = scanForSecrets({ secrets, dirs: [dataDir] });
      controlHits = scanForSecrets({ secrets: [control], dirs: [dataDir] }).length;
    }
  }, 240_000);

  it.skipIf(skip)('holds no caller name or phone in clear (caller details, subjects of the referrals)', () => {
    expect(secrets.length).toBeGreaterThan(20);
    expect(hits).toEqual([]);
  });

  it.skipIf(skip)('control: an organisation name stored in clear is found', () => {
    expect(controlHits).toBeGreaterThan(0);
  });
});
