import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../helpers/login.ts';
import { writeAudit } from '../../src/server/platform/audit.ts';
import { systemSealAudit } from '../../src/server/platform/audit-chain.ts';
import { builtinRoles } from '../../src/domain/permissions.ts';

const endpoints = ['/api/audit', '/api/audit/records/user/some-id', '/api/audit/status'];

describe.each(await engineCases())('audit API on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let admin: LoggedIn;
  let coordA: LoggedIn;
  let coordB: LoggedIn;
  let worker: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    admin = await loginAs({ t, roleKey: 'system_admin', orgCode: 'regione' });
    coordA = await loginAs({ t, roleKey: 'coordinator', orgCode: 'ente-a' });
    coordB = await loginAs({ t, roleKey: 'coordinator', orgCode: 'ente-b' });
    worker = await loginAs({ t, roleKey: 'case_worker', orgCode: 'ente-a' });
    const entry = (orgId: string, userId: string, action: 'user.read' | 'user.update', recordId: string) =>
      writeAudit({
        db: t.database.db,
        context: { userId, orgId, ip: '10.0.0.1', requestId: 'seed' },
        entry: { action, outcome: 'success', recordType: 'user', recordId, fields: ['email'], details: { n: 1 } },
      });
    for (let i = 0; i < 5; i++) await entry(coordA.orgId, worker.userId, 'user.read', 'rec-shared');
    for (let i = 0; i < 3; i++) await entry(coordB.orgId, coordB.userId, 'user.update', 'rec-shared');
    await entry(coordB.orgId, coordB.userId, 'user.read', 'rec-b-only');
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const get = (url: string, who?: LoggedIn) => t.app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });
  const auditCount = async (): Promise<number> => {
    const r = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(t.database.db);
    return r.rows[0]!.n;
  };

  it.skipIf(skip)('loginAs gives a working session, and an unverified second factor is refused', async () => {
    const r = await get('/api/audit/status', admin);
    expect(r.statusCode).toBe(200);
    const pending = await loginAs({ t, roleKey: 'system_admin', orgCode: 'regione', mfaVerified: false });
    // No authenticator set up yet: the user must set one up first.
    const r2 = await get('/api/audit/status', pending);
    expect(r2.statusCode).toBe(403);
    expect(r2.json().error.code).toBe('mfa_setup_required');
    // Authenticator set up but not yet used in this session: a code is required.
    await t.database.db.updateTable('users').set({ totp_enabled: true }).where('id', '=', pending.userId).execute();
    const r3 = await get('/api/audit/status', pending);
    expect(r3.statusCode).toBe(401);
    expect(r3.json().error.code).toBe('mfa_required');
    const custom = await loginAs({ t, roleKey: 'audit_only', permissions: ['audit.read'], orgCode: 'ente-a' });
    expect((await get('/api/audit', custom)).statusCode).toBe(200);
  });

  it.skipIf(skip)('without a session every endpoint answers 401 and writes nothing', async () => {
    const before = await auditCount();
    for (const url of endpoints) expect((await get(url)).statusCode).toBe(401);
    expect(await auditCount()).toBe(before);
  });

  it.skipIf(skip)('without audit.read every endpoint answers 404 and only the denied attempt is written', async () => {
    for (const url of endpoints) {
      const chainBefore = await t.database.db.selectFrom('audit_chain').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const maxBefore = await sql<{ m: string }>`select coalesce(max(id), 0)::text as m from audit_log`.execute(t.database.db);
      const r = await get(url, worker);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe('not_found');
      const added = await t.database.db.selectFrom('audit_log').selectAll().where(sql<boolean>`id > ${maxBefore.rows[0]!.m}::bigint`).execute();
      expect(added, url).toHaveLength(1);
      expect(added[0]).toMatchObject({ actor_user_id: worker.userId, actor_org_id: worker.orgId, outcome: 'denied', details: { missing: 'audit.read' } });
      const chainAfter = await t.database.db.selectFrom('audit_chain').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(chainAfter.n).toBe(chainBefore.n);
    }
  });

  it.skipIf(skip)('every built-in role: holders of audit.read pass, every other role gets 404 on every endpoint', async () => {
    for (const role of builtinRoles) {
      const who = await loginAs({ t, roleKey: role.key, orgCode: 'ente-roles' });
      const allowed = (role.permissions as readonly string[]).includes('audit.read');
      for (const url of endpoints) {
        const r = await get(url, who);
        expect(r.statusCode, `${role.key} ${url}`).toBe(allowed ? 200 : 404);
      }
    }
  });

  it.skipIf(skip)('the endpoints are in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/audit', '/api/audit/records/{recordType}/{recordId}', '/api/audit/status']) expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths['/api/audit'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['action', 'from', 'to', 'limit', 'before']));
  });

  it.skipIf(skip)('a system administrator searches the whole trail, newest first, and the search is audited', async () => {
    const r = await get('/api/audit?recordId=rec-shared&recordType=user', admin);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.items).toHaveLength(8);
    expect(body.nextBefore).toBeNull();
    const ids = body.items.map((i: { id: string }) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(body.items[0]).toMatchObject({ action: 'user.update', actorUserId: coordB.userId, actorEmail: coordB.email, actorOrgId: coordB.orgId, recordType: 'user', fields: ['email'], outcome: 'success', ip: '10.0.0.1', requestId: 'seed', details: { n: 1 } });
    expect(body.items[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const logged = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.search').where('actor_user_id', '=', admin.userId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ outcome: 'success', actor_org_id: admin.orgId, details: { scope: 'all', filters: 'recordType,recordId', results: 8 } });
  });

  it.skipIf(skip)('a coordinator sees only the entries of their organisation', async () => {
    const a = (await get('/api/audit?recordType=user&limit=200', coordA)).json();
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.items.every((i: { actorOrgId: string }) => i.actorOrgId === coordA.orgId)).toBe(true);
    expect(a.items.filter((i: { recordId: string }) => i.recordId === 'rec-shared')).toHaveLength(5);
    const b = (await get('/api/audit/records/user/rec-shared', coordB)).json();
    expect(b.items).toHaveLength(3);
    expect(b.items.every((i: { actorOrgId: string }) => i.actorOrgId === coordB.orgId)).toBe(true);
    const none = (await get('/api/audit/records/user/rec-b-only', coordA)).json();
    expect(none.items).toEqual([]);
    const all = (await get('/api/audit/records/user/rec-b-only', admin)).json();
    expect(all.items.map((i: { action: string; actorUserId: string }) => [i.action, i.actorUserId])).toEqual([
      ['audit.record_access', coordA.userId],
      ['user.read', coordB.userId],
    ]);
  });

  it.skipIf(skip)('"who accessed this record" is itself recorded against the record', async () => {
    await get('/api/audit/records/user/rec-shared', coordA);
    const r = (await get('/api/audit/records/user/rec-shared?limit=200', admin)).json();
    // The admin's own look is written after the read, so the newest entry is the coordinator's.
    expect(r.items[0]).toMatchObject({ action: 'audit.record_access', actorUserId: coordA.userId, actorOrgId: coordA.orgId, recordType: 'user', recordId: 'rec-shared', details: { scope: 'organisation', results: 5 } });
    const again = (await get('/api/audit/records/user/rec-shared?limit=1', admin)).json();
    expect(again.items[0]).toMatchObject({ action: 'audit.record_access', actorUserId: admin.userId, details: { scope: 'all' } });
  });

  it.skipIf(skip)('filters by action (exact or prefix), outcome, actor and time, and pages with before', async () => {
    const q = async (qs: string): Promise<{ items: Array<{ id: string }>; nextBefore: string | null }> => (await get(`/api/audit?${qs}`, admin)).json();
    expect((await q('action=user.update')).items).toHaveLength(3);
    expect((await q('action=user.*&actorUserId=' + worker.userId)).items).toHaveLength(5);
    expect((await q('outcome=denied&actorUserId=' + worker.userId)).items.length).toBeGreaterThanOrEqual(3);
    expect((await q('from=2000-01-01&to=2000-01-02')).items).toEqual([]);
    expect((await q(`from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&recordId=rec-shared&action=user.*`)).items).toHaveLength(8);
    expect((await q(`to=2100-01-01T00:00:00%2B01:00&recordId=rec-shared&action=user.*`)).items).toHaveLength(8);

    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const page: { items: Array<{ id: string }>; nextBefore: string | null } = await q(`recordId=rec-shared&action=user.*&limit=3${before ? `&before=${before}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      before = page.nextBefore;
      pages++;
    } while (before);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
  });

  it.skipIf(skip)('rejects bad query strings with 400', async () => {
    for (const qs of ['limit=201', 'limit=0', 'from=yesterday', 'to=2026-13-01', 'before=-1', 'before=99999999999999999999', 'actorUserId=nope', 'outcome=maybe', 'action=DROP%20TABLE']) {
      const r = await get(`/api/audit?${qs}`, admin);
      expect(r.statusCode, qs).toBe(400);
      expect(r.json().error.code).toBe('validation');
    }
  });

  it.skipIf(skip)('status counts entries, sealed and pending in the caller\'s scope; only the whole-trail view may verify', async () => {
    const s1 = (await get('/api/audit/status', admin)).json();
    expect(s1).toMatchObject({ sealed: 0, lastSealedAt: null });
    expect(s1.pending).toBe(s1.entries);
    await systemSealAudit({ db: t.database.db });
    const s2 = (await get('/api/audit/status', admin)).json();
    expect(s2.entries).toBe(s1.entries);
    expect(s2.sealed).toBe(s2.entries);
    expect(s2.pending).toBe(0);
    expect(s2.lastSealedAt).toMatch(/Z$/);

    const b = (await get('/api/audit/status', coordB)).json();
    const countB = await sql<{ n: number }>`select count(*)::int as n from audit_log where actor_org_id = ${coordB.orgId}`.execute(t.database.db);
    expect(b.entries).toBe(countB.rows[0]!.n);

    const v = (await get('/api/audit/status?verify=true', admin)).json();
    expect(v.verification).toMatchObject({ ok: true, problemCount: 0, problems: [] });
    expect(v.verification.links).toBe(s2.sealed);
    const denied = await get('/api/audit/status?verify=true', coordA);
    expect(denied.statusCode).toBe(403);

    await t.database.asOwner((db) => sql`update audit_log set action = 'user.list' where id = 2`.execute(db));
    const broken = (await get('/api/audit/status?verify=1', admin)).json();
    expect(broken.verification).toMatchObject({ ok: false, problems: [{ kind: 'entry_changed', entryId: '2', position: '2' }] });
  });
});
