/**
 * Documents' SHA-256, the names of providers outside the network, the juvenile court of a minor's
 * case and team members' roles are no longer stored in clear
 * (migration 0029): writes seal them, and the server's start seals those written before, readable
 * again through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { recordFixtures, tinyPng } from './fixtures.ts';
import { systemSealClearColumns } from '../../src/server/features/case-records/seal-clear.ts';
import { fieldAad } from '../../src/server/platform/crypto.ts';

describe.each(await engineCases())('clear leftovers sealed on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let worker: LoggedIn;
  let caseId: string;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    const orgId = await ensureTestOrganisation({ db, code: 'seal-hashes' });
    worker = await loginAs({ t, roleKey: 'case_worker', orgId });
    const person = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId });
    caseId = (await insertCase({ db, orgId, personId: person.id, caseWorkerId: worker.userId })).id;
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const list = async (): Promise<{ id: string; sha256: string }[]> => {
    const r = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/documents`, headers: worker.headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: { id: string; sha256: string }[] }>().items;
  };

  it.skipIf(skip)('an upload stores no clear hash; the API still gives the SHA-256 of the file', async () => {
    const up = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/documents`, headers: worker.headers, payload: { fileName: 'foto.png', mediaType: 'image/png', contentBase64: tinyPng.toString('base64') } });
    expect(up.statusCode, up.body).toBe(201);
    const hex = createHash('sha256').update(tinyPng).digest('hex');
    expect(up.json()).toMatchObject({ sha256: hex });
    const row = await t.database.db.selectFrom('case_documents').select(['sha256', 'sha256_enc']).where('id', '=', up.json().id).executeTakeFirstOrThrow();
    expect(row.sha256).toBeNull();
    expect(row.sha256_enc).not.toContain(hex);
    expect((await list()).find((d) => d.id === up.json().id)?.sha256).toBe(hex);
  });

  it.skipIf(skip)('seals the clear hashes of older documents once, audited without the hash, and they read back the same', async () => {
    const db = t.database.db;
    const legacy = await recordFixtures(db).document(caseId, worker.userId);
    const before = (await list()).find((d) => d.id === legacy)?.sha256;
    expect(before).toBe('a'.repeat(64));

    const report = await systemSealClearColumns({ db, cipher: t.app.services.cipher, batch: 1 });
    expect(report).toEqual({ 'case_documents.sha256': 1, 'case_services.provider_name': 0, 'cases.juvenile_court': 0, 'case_team.team_role': 0 });
    const row = await db.selectFrom('case_documents').select(['sha256', 'sha256_enc']).where('id', '=', legacy).executeTakeFirstOrThrow();
    expect(row.sha256).toBeNull();
    expect(row.sha256_enc).not.toBeNull();
    expect(await t.app.services.cipher.decrypt({ value: row.sha256_enc ?? '', aad: fieldAad({ table: 'case_documents', column: 'sha256_enc', rowId: legacy }) })).toBe(before);
    expect((await list()).find((d) => d.id === legacy)?.sha256).toBe(before);
    expect(await systemSealClearColumns({ db, cipher: t.app.services.cipher })).toEqual({ 'case_documents.sha256': 0, 'case_services.provider_name': 0, 'cases.juvenile_court': 0, 'case_team.team_role': 0 });

    const audit = await db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('request_id', '=', 'system:seal-clear-columns').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBeNull();
    expect(JSON.stringify(audit)).not.toContain('a'.repeat(64));
    // no document keeps a clear hash
    expect(await db.selectFrom('case_documents').select('id').where('sha256', 'is not', null).execute()).toEqual([]);
  });

  const services = async (): Promise<{ id: string; providerName: string | null; providerOrganisationId: string | null }[]> => {
    const r = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/services`, headers: worker.headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: { id: string; providerName: string | null; providerOrganisationId: string | null }[] }>().items;
  };

  it.skipIf(skip)('a provider outside the network is stored encrypted, changed and removed; older clear names are sealed', async () => {
    const db = t.database.db;
    const created = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/services`, headers: worker.headers, payload: { type: 'cultural_mediation', providerName: 'Famiglia Ospitante Fittizia', status: 'active' } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const stored = async () => db.selectFrom('case_services').select(['provider_name', 'provider_name_enc']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await stored()).toMatchObject({ provider_name: null });
    expect((await stored()).provider_name_enc).not.toContain('Fittizia');
    expect((await services()).find((s) => s.id === id)?.providerName).toBe('Famiglia Ospitante Fittizia');

    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/cases/${caseId}/services/${id}`, headers: worker.headers, payload: { providerName: 'Studio Legale Fittizio' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ providerName: 'Studio Legale Fittizio' });
    expect((await stored()).provider_name_enc).not.toContain('Fittizio');
    const removed = await t.app.inject({ method: 'PATCH', url: `/api/cases/${caseId}/services/${id}`, headers: worker.headers, payload: { providerName: null } });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ providerName: null });
    expect(await stored()).toEqual({ provider_name: null, provider_name_enc: null });

    const legacy = (await db.insertInto('case_services').values({ case_id: caseId, service_type: 'psychological', status: 'planned', provider_name: 'Ambulatorio Fittizio' }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await services()).find((s) => s.id === legacy)?.providerName).toBe('Ambulatorio Fittizio');
    expect(await systemSealClearColumns({ db, cipher: t.app.services.cipher })).toEqual({ 'case_documents.sha256': 0, 'case_services.provider_name': 1, 'cases.juvenile_court': 0, 'case_team.team_role': 0 });
    const sealed = await db.selectFrom('case_services').select(['provider_name', 'provider_name_enc']).where('id', '=', legacy).executeTakeFirstOrThrow();
    expect(sealed.provider_name).toBeNull();
    expect(sealed.provider_name_enc).not.toContain('Fittizio');
    expect((await services()).find((s) => s.id === legacy)?.providerName).toBe('Ambulatorio Fittizio');
  });

  it.skipIf(skip)('the juvenile court of a minor is stored encrypted, changed and removed; older clear values are sealed', async () => {
    const db = t.database.db;
    const orgId = await ensureTestOrganisation({ db, code: 'seal-hashes' });
    const minor = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, identity: { birth: { birthDate: `${new Date().getUTCFullYear() - 15}-03-01` } } });
    const opened = await t.app.inject({ method: 'POST', url: '/api/cases', headers: worker.headers, payload: { personId: minor.id, juvenileCourt: 'Tribunale per i minorenni di Borgo Fittizio, RG 123/2026' } });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json<{ id: string; version: number; juvenileCourt: string | null; minor: { missing: string[] } }>();
    expect(c.juvenileCourt).toBe('Tribunale per i minorenni di Borgo Fittizio, RG 123/2026');
    expect(c.minor.missing).not.toContain('juvenileCourt');
    const stored = async () => db.selectFrom('cases').select(['juvenile_court', 'juvenile_court_enc']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect((await stored()).juvenile_court).toBeNull();
    expect((await stored()).juvenile_court_enc).not.toContain('Fittizio');

    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/cases/${c.id}`, headers: worker.headers, payload: { version: c.version, juvenileCourt: null } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ juvenileCourt: null, minor: { missing: expect.arrayContaining(['juvenileCourt']) } });
    expect(await stored()).toEqual({ juvenile_court: null, juvenile_court_enc: null });

    // a case written before migration 0029
    await db.updateTable('cases').set({ juvenile_court: 'Tribunale per i minorenni di Borgo Antico' }).where('id', '=', c.id).execute();
    const read = async () => (await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: worker.headers })).json<{ juvenileCourt: string | null }>().juvenileCourt;
    expect(await read()).toBe('Tribunale per i minorenni di Borgo Antico');
    expect(await systemSealClearColumns({ db, cipher: t.app.services.cipher })).toEqual({ 'case_documents.sha256': 0, 'case_services.provider_name': 0, 'cases.juvenile_court': 1, 'case_team.team_role': 0 });
    expect((await stored()).juvenile_court).toBeNull();
    expect((await stored()).juvenile_court_enc).not.toContain('Antico');
    expect(await read()).toBe('Tribunale per i minorenni di Borgo Antico');
  });

  it.skipIf(skip)('a team member’s role is stored encrypted and changed; older clear roles are sealed', async () => {
    const db = t.database.db;
    const orgId = await ensureTestOrganisation({ db, code: 'seal-hashes' });
    const colleague = await loginAs({ t, roleKey: 'specialist', orgId });
    const p = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId });
    const opened = await t.app.inject({ method: 'POST', url: '/api/cases', headers: worker.headers, payload: { personId: p.id, team: [{ userId: colleague.userId, teamRole: 'psicologa' }] } });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json<{ id: string; version: number; team: { userId: string; teamRole: string }[] }>();
    expect(c.team).toEqual([expect.objectContaining({ userId: colleague.userId, teamRole: 'psicologa' })]);
    const stored = async () => db.selectFrom('case_team').select(['id', 'team_role', 'team_role_enc']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
    const first = await stored();
    expect(first.team_role).toBeNull();
    expect(first.team_role_enc).not.toContain('psicologa');

    const changed = await t.app.inject({ method: 'PATCH', url: `/api/cases/${c.id}`, headers: worker.headers, payload: { version: c.version, team: [{ userId: colleague.userId, teamRole: 'etnopsichiatra' }] } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<{ team: { teamRole: string }[] }>().team.map((m) => m.teamRole)).toEqual(['etnopsichiatra']);
    const second = await stored();
    expect(second.id).toBe(first.id);
    expect(second.team_role_enc).not.toContain('etnopsichiatra');

    // a role written before migration 0029
    await db.updateTable('case_team').set({ team_role: 'mediatrice', team_role_enc: null }).where('id', '=', first.id).execute();
    const read = async () => (await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: worker.headers })).json<{ team: { teamRole: string }[] }>().team.map((m) => m.teamRole);
    expect(await read()).toEqual(['mediatrice']);
    expect(await systemSealClearColumns({ db, cipher: t.app.services.cipher })).toEqual({ 'case_documents.sha256': 0, 'case_services.provider_name': 0, 'cases.juvenile_court': 0, 'case_team.team_role': 1 });
    expect((await stored()).team_role).toBeNull();
    expect((await stored()).team_role_enc).not.toContain('mediatrice');
    expect(await read()).toEqual(['mediatrice']);
  });
});
