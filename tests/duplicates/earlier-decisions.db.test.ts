/**
 * Pairs a person already kept apart: after a merge of two records is rejected, or approved and
 * reverted, the duplicate check of one of them and the pairs export never call the other a
 * `match` again — `possible` at most, with the earlier decision among the reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import type { StoredIdentity } from '../../src/domain/persons/schema.ts';
import { systemExportPairs } from '../../src/cli/duplicates-pairs.ts';

interface Candidate {
  decision: string;
  reasons: { code: string }[];
  person: { id: string };
}

describe.each(await engineCases())('earlier merge decisions in duplicate checks on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgId: string;
  let worker: LoggedIn;
  let coordinator: LoggedIn;
  const ids: Record<'a' | 'b' | 'c' | 'd1' | 'd2', string> = { a: '', b: '', c: '', d1: '', d2: '' };
  const codes = new Map<string, string>();

  const blessing: Partial<StoredIdentity> = { names: [{ kind: 'primary', given: 'Blessing', family: 'Osagiede' }], birth: { birthDate: '1995-03-02' } };
  const esther: Partial<StoredIdentity> = { names: [{ kind: 'primary', given: 'Esther', family: 'Okonkwo' }], birth: { birthDate: '1991-11-20' } };

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    orgId = await ensureTestOrganisation({ db: t.database.db, code: 'earlier-org' });
    worker = await loginAs({ t, roleKey: 'case_worker', orgId });
    coordinator = await loginAs({ t, roleKey: 'coordinator', orgId });
    const person = async (identity: Partial<StoredIdentity>) => {
      const p = await insertPerson({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, identity, sex: 'Feminine', citizenships: ['NG'] });
      codes.set(p.code, p.id);
      return p.id;
    };
    ids.a = await person(blessing);
    ids.b = await person(blessing);
    ids.c = await person(blessing);
    ids.d1 = await person(esther);
    ids.d2 = await person(esther);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const call = (who: LoggedIn, url: string, payload?: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) });
  const check = async (identity: Partial<StoredIdentity>, excludePersonId?: string): Promise<Map<string, Candidate>> => {
    const r = await call(worker, '/api/persons/duplicates', { names: identity.names, birth: identity.birth, sex: 'Feminine', citizenships: ['NG'], ...(excludePersonId ? { excludePersonId } : {}) });
    expect(r.statusCode, r.body).toBe(200);
    return new Map((r.json().candidates as Candidate[]).map((c) => [c.person.id, c]));
  };
  const pairs = async (): Promise<Map<string, string>> => {
    let text = '';
    await systemExportPairs({ db: t.database.db, cipher: t.app.services.cipher, write: (c) => void (text += c), orgId });
    const out = new Map<string, string>();
    for (const line of text.trimEnd().split('\n').slice(1)) {
      const [a = '', b = '', , decision = ''] = line.split(',');
      const key = [codes.get(a), codes.get(b)].sort().join('|');
      out.set(key, decision);
    }
    return out;
  };
  const key = (x: string, y: string) => [x, y].sort().join('|');

  it.skipIf(skip)('a rejected merge keeps the two records from being a match again, both ways, and in the pairs export', async () => {
    const before = await check(blessing, ids.a);
    expect(before.get(ids.b)?.decision).toBe('match');
    expect(before.get(ids.c)?.decision).toBe('match');

    const req = await call(worker, '/api/persons/merges', { keptPersonId: ids.a, mergedPersonId: ids.b, reason: 'Stesso nome e stessa data' });
    expect(req.statusCode, req.body).toBe(201);
    const reject = await call(coordinator, `/api/persons/merges/${req.json().id}/reject`);
    expect(reject.statusCode, reject.body).toBe(200);

    const fromA = await check(blessing, ids.a);
    expect(fromA.get(ids.b)).toMatchObject({ decision: 'possible' });
    expect(fromA.get(ids.b)?.reasons.map((r) => r.code)).toContain('merge_rejected');
    // another namesake nobody decided on is untouched
    expect(fromA.get(ids.c)?.decision).toBe('match');
    expect(fromA.get(ids.c)?.reasons.map((r) => r.code)).not.toContain('merge_rejected');
    // the person page's list reads the same from the stored encoding, and audits it on the person
    const page = await t.app.inject({ method: 'GET', url: `/api/persons/${ids.a}/duplicates`, headers: worker.headers });
    expect(page.statusCode, page.body).toBe(200);
    const listed = new Map((page.json().candidates as Candidate[]).map((c) => [c.person.id, c]));
    expect(listed.get(ids.b)).toMatchObject({ decision: 'possible' });
    expect(listed.get(ids.b)?.reasons.map((r) => r.code)).toContain('merge_rejected');
    expect(listed.get(ids.c)?.decision).toBe('match');
    expect(listed.has(ids.a)).toBe(false);
    const audited = await t.database.db.selectFrom('audit_log').select(['outcome', 'actor_user_id']).where('action', '=', 'person.duplicates_check').where('record_id', '=', ids.a).execute();
    expect(audited).toEqual([{ outcome: 'success', actor_user_id: worker.userId }]);
    const fromB = await check(blessing, ids.b);
    expect(fromB.get(ids.a)).toMatchObject({ decision: 'possible' });
    expect(fromB.get(ids.a)?.reasons.map((r) => r.code)).toContain('merge_rejected');
    // a new registration has no earlier decision with anyone
    const fresh = await check(blessing);
    expect(fresh.get(ids.a)?.decision).toBe('match');
    expect(fresh.get(ids.b)?.decision).toBe('match');

    const exported = await pairs();
    expect(exported.get(key(ids.a, ids.b))).toBe('possible');
    expect(exported.get(key(ids.a, ids.c))).toBe('match');
    expect(exported.get(key(ids.b, ids.c))).toBe('match');
  });

  it.skipIf(skip)('so does a merge approved and then reverted', async () => {
    expect((await check(esther, ids.d1)).get(ids.d2)?.decision).toBe('match');
    const req = await call(worker, '/api/persons/merges', { keptPersonId: ids.d1, mergedPersonId: ids.d2, reason: 'Stessa persona' });
    expect(req.statusCode, req.body).toBe(201);
    const approve = await call(coordinator, `/api/persons/merges/${req.json().id}/approve`);
    expect(approve.statusCode, approve.body).toBe(200);
    // merged away: not a candidate at all while the merge stands
    expect((await check(esther, ids.d1)).has(ids.d2)).toBe(false);
    const revert = await call(coordinator, `/api/persons/merges/${req.json().id}/revert`);
    expect(revert.statusCode, revert.body).toBe(200);

    const after = await check(esther, ids.d1);
    expect(after.get(ids.d2)).toMatchObject({ decision: 'possible' });
    expect(after.get(ids.d2)?.reasons.map((r) => r.code)).toContain('merge_reverted');
    expect((await pairs()).get(key(ids.d1, ids.d2))).toBe('possible');
  });

  it.skipIf(skip)('answers 409 for a record merged away, 400 for a malformed id, 404 for an unknown one', async () => {
    const other = await insertPerson({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, identity: esther });
    const req = await call(worker, '/api/persons/merges', { keptPersonId: ids.d1, mergedPersonId: other.id, reason: 'Stessa persona' });
    expect(req.statusCode, req.body).toBe(201);
    expect((await call(coordinator, `/api/persons/merges/${req.json().id}/approve`)).statusCode).toBe(200);
    const get = (id: string) => t.app.inject({ method: 'GET', url: `/api/persons/${id}/duplicates`, headers: { ...worker.headers, 'accept-language': 'it' } });
    const merged = await get(other.id);
    expect(merged.statusCode).toBe(409);
    expect(merged.json().error.message).toMatch(/già stata unita/);
    expect((await get('non-un-id')).statusCode).toBe(400);
    expect((await get('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
