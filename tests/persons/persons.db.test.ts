/**
 * The persons registry through the API, on both engines: round-trips in several scripts, what is
 * stored (encrypted), scope (another organisation and the observatory get 404 and write nothing
 * but the denial), pseudonymous lists, fuzzy and exact search, optimistic versions, audit entries
 * (field names, never values) and refusals in Italian and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../helpers/login.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { snapshot, lastAuditId } from '../access/snapshot.ts';

interface Detail {
  id: string;
  code: string;
  organisation: { id: string; code: string; name: string };
  names: Array<{ kind: string; given?: string; family?: string; full?: string }>;
  birth: unknown;
  minor: { status: string; isMinor: boolean } | null;
  sex: string | null;
  citizenships: string[];
  languages: string[];
  documents: Array<{ type: string; number: string }>;
  phones: string[];
  notes: string | null;
  externalRef: string | null;
  mergedInto: { id: string; code: string } | null;
  cases: Array<{ id: string; code: string; phase: string; status: string; organisationName: string }>;
  version: number;
}

interface ListItem {
  id: string;
  code: string;
  displayName: string | null;
  birthYear: unknown;
  sex: string | null;
  citizenships: string[];
  openCases: number;
  score?: number;
}

describe.each(await engineCases())('persons registry on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let worker: LoggedIn;
  let workerEn: LoggedIn;
  let outreach: LoggedIn;
  let stranger: LoggedIn;
  let observatory: LoggedIn;
  const orgCode = 'persons-org';

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    t.clock.set('2026-03-10T10:00:00Z');
    worker = await loginAs({ t, roleKey: 'case_worker', orgCode });
    workerEn = await loginAs({ t, roleKey: 'case_worker', orgCode });
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', workerEn.userId).execute();
    outreach = await loginAs({ t, roleKey: 'outreach_worker', orgCode });
    observatory = await loginAs({ t, roleKey: 'observatory_analyst', orgCode });
    stranger = await loginAs({ t, roleKey: 'case_worker', orgCode: 'persons-other-org' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function create(user: LoggedIn, body: object): Promise<Detail> {
    t.clock.advance({ seconds: 1 });
    const r = await t.app.inject({ method: 'POST', url: '/api/persons', headers: user.headers, payload: body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<Detail>();
  }

  async function list(user: LoggedIn, q?: string): Promise<{ items: ListItem[]; total: number }> {
    const r = await t.app.inject({ method: 'GET', url: `/api/persons${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`, headers: user.headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  }

  async function auditSince(mark: string | number) {
    return t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'record_id', 'fields', 'details', 'actor_user_id']).where('id', '>', String(mark)).orderBy('id').execute();
  }

  it.skipIf(skip)('registers and reads back persons named in Cyrillic, Arabic and Chinese, stored encrypted', async () => {
    const people = [
      { names: [{ kind: 'primary', given: 'Елена', family: 'Коваленко' }, { kind: 'nickname', full: 'Лена' }], birth: { birthDate: '1994-03-07' }, sex: 'Feminine', citizenships: ['ua'], languages: ['uk', 'rus'] },
      { names: [{ kind: 'primary', full: 'فاطمة الزهراء بنعلي' }], birth: { estimatedYear: 2009 }, sex: 'Feminine', citizenships: ['MA'], languages: ['ary', 'ar'] },
      { names: [{ kind: 'primary', given: '明', family: '王' }], birth: { estimatedFrom: '2000-01-01', estimatedTo: '2002-12-31' }, citizenships: ['CN'], languages: ['wuu', 'zho'] },
    ];
    for (const body of people) {
      const mark = await lastAuditId(t.database.db);
      const created = await create(worker, body);
      expect(created.code).toMatch(/^P-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(created.names).toEqual(body.names);
      expect(created.citizenships).toEqual(body.citizenships.map((c) => c.toUpperCase()));
      expect(created.organisation.code).toBe(orgCode);
      expect(created.version).toBe(1);
      const read = await t.app.inject({ method: 'GET', url: `/api/persons/${created.id}`, headers: worker.headers });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json<Detail>()).toEqual(created);
      const stored = await t.database.db.selectFrom('persons').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      const json = JSON.stringify(stored);
      for (const n of body.names) for (const v of Object.values(n)) if (v !== n.kind) expect(json).not.toContain(v);
      const entries = await auditSince(mark);
      expect(entries.map((e) => [e.action, e.outcome, e.record_id])).toEqual([
        ['person.create', 'success', created.id],
        ['person.read', 'success', created.id],
      ]);
      expect(entries[0]?.fields).toEqual(Object.keys(body).sort());
      expect(entries[1]?.fields).toContain('names');
      expect(JSON.stringify(entries)).not.toContain(JSON.stringify(body.names[0]).slice(30, 40));
      for (const n of body.names) for (const v of Object.values(n)) if (v !== n.kind) expect(JSON.stringify(entries)).not.toContain(v);
    }
    // newest first
    const [wang, fatima, olena] = (await list(worker)).items;
    expect(olena?.displayName).toBe('Елена Коваленко');
    expect(fatima?.displayName).toBe('فاطمة الزهراء بنعلي');
    expect(wang?.displayName).toBe('明 王');
    expect(wang?.birthYear).toEqual({ fromYear: 2000, toYear: 2002 });
  });

  it.skipIf(skip)('stores languages in canonical ISO 639 form and gives the minor assessment on today', async () => {
    const p = await create(worker, { names: [{ kind: 'primary', given: 'Selam', family: 'Tesfay' }], birth: { birthDate: '2008-03-11' }, languages: ['tir', 'am', 'edo'] });
    expect(p.languages).toEqual(['ti', 'am', 'edo']);
    expect(p.minor).toMatchObject({ status: 'minor', isMinor: true });
    // eighteen today (the clock is at 2026-03-10 in Italy)
    const adult = await create(worker, { names: [{ kind: 'primary', given: 'Yonas', family: 'Tesfay' }], birth: { birthDate: '2008-03-10' } });
    expect(adult.minor).toMatchObject({ status: 'adult', isMinor: false });
    const maybe = await create(worker, { names: [{ kind: 'primary', given: 'Awet', family: 'Tesfay' }], birth: { estimatedYear: 2008 } });
    expect(maybe.minor).toMatchObject({ status: 'possibly_minor', isMinor: false });
    const none = await create(worker, { names: [{ kind: 'alias', full: 'Joy' }] });
    expect(none.birth).toBeNull();
    expect(none.minor).toBeNull();
  });

  it.skipIf(skip)('changes a person with the version read; a stale version is a 409 and writes nothing', async () => {
    const p = await create(worker, { names: [{ kind: 'primary', given: 'Blessing', family: 'Osagie' }], phones: ['+234 803 555 0101'], notes: 'Prima nota', externalRef: 'EXT-PATCH-1' });
    const mark = await lastAuditId(t.database.db);
    const r = await t.app.inject({
      method: 'PATCH',
      url: `/api/persons/${p.id}`,
      headers: worker.headers,
      payload: { version: 1, phones: ['+234 803 555 0102'], notes: 'Seconda nota', sex: 'Feminine', names: p.names },
    });
    expect(r.statusCode, r.body).toBe(200);
    const updated = r.json<Detail>();
    expect(updated.version).toBe(2);
    expect(updated.phones).toEqual(['+234 803 555 0102']);
    expect(updated.notes).toBe('Seconda nota');
    expect(updated.externalRef).toBe('EXT-PATCH-1');
    const entries = await auditSince(mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'person.update', outcome: 'success', record_id: p.id, fields: ['notes', 'phones', 'sex'] });
    expect(JSON.stringify(entries)).not.toMatch(/Seconda|0102/);

    // the new phone finds the person, the old one no longer does
    expect((await list(worker, '+234 803 555 0102')).items.map((i) => i.id)).toEqual([p.id]);
    expect((await list(worker, '+234 803 555 0101')).items).toEqual([]);

    // sessions note their last request every 15 s: touch both first, so the snapshot sees only the PATCH
    for (const user of [worker, workerEn]) await t.app.inject({ method: 'GET', url: '/api/me', headers: user.headers });
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    for (const user of [worker, workerEn]) {
      const stale = await t.app.inject({ method: 'PATCH', url: `/api/persons/${p.id}`, headers: user.headers, payload: { version: 1, notes: 'Troppo tardi' } });
      expect(stale.statusCode, stale.body).toBe(409);
      expect(stale.json().error.code).toBe('conflict');
      expect(stale.json().error.message).toMatch(user === worker ? /modificata/ : /changed/);
    }
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);

    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/persons/${p.id}`, headers: worker.headers, payload: { version: 2, notes: null, externalRef: null } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json<Detail>()).toMatchObject({ notes: null, externalRef: null, version: 3 });
    const row = await t.database.db.selectFrom('persons').select(['notes_enc', 'external_ref_enc', 'external_ref_index']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ notes_enc: null, external_ref_enc: null, external_ref_index: null });
  });

  it.skipIf(skip)('refuses a second person with the same external reference in one organisation', async () => {
    await create(worker, { names: [{ kind: 'primary', full: 'Ref Uno' }], externalRef: 'EXT-DUP' });
    const before = await snapshot({ db: t.database.db });
    const r = await t.app.inject({ method: 'POST', url: '/api/persons', headers: worker.headers, payload: { names: [{ kind: 'primary', full: 'Ref Due' }], externalRef: 'EXT-DUP' } });
    expect(r.statusCode, r.body).toBe(409);
    expect(await snapshot({ db: t.database.db })).toEqual(before);
    // another organisation may use the same reference in its own system
    const other = await t.app.inject({ method: 'POST', url: '/api/persons', headers: stranger.headers, payload: { names: [{ kind: 'primary', full: 'Ref Tre' }], externalRef: 'EXT-DUP' } });
    expect(other.statusCode, other.body).toBe(201);
  });

  it.skipIf(skip)('finds people by transliterated name, document number, phone and code', async () => {
    const olena = await create(worker, {
      names: [{ kind: 'primary', given: 'Олена', family: 'Шевчук' }],
      documents: [{ type: 'passport', number: 'FA 123 4567', country: 'UA' }],
      phones: ['+39 320 111 2233'],
    });
    await create(worker, { names: [{ kind: 'primary', given: 'Grace', family: 'Okafor' }] });
    const byName = await list(worker, 'Olena Shevchuk');
    expect(byName.items[0]?.id).toBe(olena.id);
    expect(byName.items[0]?.score).toBeGreaterThan(0.55);
    expect(byName.items.map((i) => i.displayName)).not.toContain('Grace Okafor');
    expect((await list(worker, 'Olena')).items.map((i) => i.id)).toContain(olena.id);
    expect((await list(worker, 'fa1234567')).items.map((i) => i.id)).toEqual([olena.id]);
    expect((await list(worker, '3201112233')).items.map((i) => i.id)).toEqual([olena.id]);
    expect((await list(worker, olena.code.toLowerCase())).items.map((i) => i.id)).toEqual([olena.id]);
    expect((await list(worker, 'Zyxwvut Qrstuv')).items).toEqual([]);

    // "Olena" also finds the Елена registered in the first test (transliteration across spellings)
    const elena = (await list(worker, 'Olena Kovalenko')).items.map((i) => i.displayName);
    expect(elena).toContain('Елена Коваленко');
    expect((await list(worker, 'Olena')).items.map((i) => i.displayName)).toContain('Елена Коваленко');

    // the query text is never audited, only its length
    const mark = await lastAuditId(t.database.db);
    await list(worker, 'Olena Shevchuk');
    const [entry] = await auditSince(mark);
    expect(entry).toMatchObject({ action: 'person.search', outcome: 'success' });
    expect(JSON.stringify(entry)).not.toMatch(/Olena|Shevchuk/);
    expect(entry?.details).toMatchObject({ queryLength: 'Olena Shevchuk'.length });

    // another organisation does not find them
    expect((await list(stranger, 'Olena Shevchuk')).items).toEqual([]);
    expect((await list(stranger, 'fa1234567')).items).toEqual([]);
    expect((await list(stranger, olena.code)).items).toEqual([]);
  });

  it.skipIf(skip)('search finds the organisation’s own person however many namesakes other organisations hold', async () => {
    // More namesakes elsewhere than the candidate limit of the linkage search (400): the caller's
    // own record must not be crowded out by records it may not see.
    const services = { db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage };
    const names = [{ kind: 'primary' as const, given: 'Blessing', family: 'Omoregbee' }];
    const elsewhere = new Set<string>();
    for (let i = 0; i < 450; i++) elsewhere.add((await insertPerson({ ...services, orgId: stranger.orgId, identity: { names } })).id);
    const own = await create(worker, { names });
    const found = await list(worker, 'Blessing Omoregbee');
    expect(found.items.map((i) => i.id)).toContain(own.id);
    expect(found.items.filter((i) => elsewhere.has(i.id))).toEqual([]);
    expect(found.items.find((i) => i.id === own.id)?.score).toBe(1);
  }, 120_000);

  it.skipIf(skip)('lists are pseudonymous for roles that do not write persons', async () => {
    const p = await create(worker, { names: [{ kind: 'primary', given: 'Esohe', family: 'Igbinedion' }], birth: { birthDate: '1998-05-20' }, citizenships: ['NG'] });
    await insertCase({ db: t.database.db, orgId: worker.orgId, personId: p.id });
    const forWorker = (await list(worker)).items.find((i) => i.id === p.id);
    expect(forWorker).toMatchObject({ displayName: 'Esohe Igbinedion', birthYear: { year: 1998 }, citizenships: ['NG'], openCases: 1 });
    const forOutreach = (await list(outreach)).items.find((i) => i.id === p.id);
    expect(forOutreach).toMatchObject({ code: p.code, displayName: null, birthYear: null, citizenships: ['NG'] });
    const searched = (await list(outreach, 'Esohe Igbinedion')).items.find((i) => i.id === p.id);
    expect(searched).toMatchObject({ displayName: null, birthYear: null });
    const detail = await t.app.inject({ method: 'GET', url: `/api/persons/${p.id}`, headers: worker.headers });
    expect(detail.json<Detail>().cases).toHaveLength(1);
  });

  it.skipIf(skip)('another organisation and the observatory get 404 on everything, and nothing is written', async () => {
    const p = await create(worker, { names: [{ kind: 'primary', given: 'Mariam', family: 'Kone' }] });
    for (const user of [stranger, observatory]) {
      await t.app.inject({ method: 'GET', url: '/api/me', headers: user.headers }); // session touch (see above)
      const before = await snapshot({ db: t.database.db });
      const mark = await lastAuditId(t.database.db);
      const get = await t.app.inject({ method: 'GET', url: `/api/persons/${p.id}`, headers: user.headers });
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/persons/${p.id}`, headers: user.headers, payload: { version: 1, notes: 'intrusione' } });
      expect(get.statusCode).toBe(404);
      expect(patch.statusCode).toBe(404);
      expect(get.json().error.code).toBe('not_found');
      // exactly like a missing record
      const missing = await t.app.inject({ method: 'GET', url: '/api/persons/00000000-0000-4000-8000-000000000000', headers: user.headers });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toBe(get.json().error.message);
      expect(await snapshot({ db: t.database.db })).toEqual(before);
      const entries = await auditSince(mark);
      expect(entries.map((e) => [e.action, e.outcome, e.actor_user_id])).toEqual([
        ['person.read', 'denied', user.userId],
        ['person.update', 'denied', user.userId],
        ['person.read', 'denied', user.userId],
      ]);
    }
    for (const req of [
      { method: 'GET' as const, url: '/api/persons' },
      { method: 'GET' as const, url: '/api/persons?q=Mariam' },
      { method: 'POST' as const, url: '/api/persons', payload: { names: [{ kind: 'primary', full: 'Oss' }] } },
    ]) {
      const r = await t.app.inject({ ...req, headers: observatory.headers });
      expect(r.statusCode, r.body).toBe(404);
    }
    // a case in the other organisation makes the person visible there
    await insertCase({ db: t.database.db, orgId: stranger.orgId, personId: p.id });
    const now = await t.app.inject({ method: 'GET', url: `/api/persons/${p.id}`, headers: stranger.headers });
    expect(now.statusCode).toBe(200);
    expect(now.json<Detail>().cases.map((c) => c.organisationName)).toEqual([`Test organisation persons-other-org`]);
  });

  it.skipIf(skip)('refuses bad input with a 400 in the user’s language, writing nothing', async () => {
    const cases: Array<{ body: object; path: string; it: RegExp; en: RegExp }> = [
      { body: { names: [{ kind: 'primary', full: 'Futura' }], birth: { birthDate: '2026-03-11' } }, path: 'body.birth.birthDate', it: /non può essere futura/, en: /cannot be in the future/ },
      { body: { names: [{ kind: 'primary', full: 'Rovescio' }], birth: { estimatedFrom: '2001-01-01', estimatedTo: '1999-01-01' } }, path: 'body.birth.estimatedFrom', it: /successivo alla fine/, en: /starts after it ends/ },
      { body: { names: [{ kind: 'primary', full: 'Apolide' }], citizenships: ['XX'] }, path: 'body.citizenships.0', it: /codice paese sconosciuto/, en: /unknown country code/ },
      { body: { names: [{ kind: 'primary', full: 'Europa' }], citizenships: ['EU'] }, path: 'body.citizenships.0', it: /codice paese sconosciuto/, en: /unknown country code/ },
      { body: { names: [{ kind: 'primary', full: 'Klingon' }], languages: ['tlh'] }, path: 'body.languages.0', it: /codice lingua sconosciuto/, en: /unknown language code/ },
      { body: { names: [{ kind: 'primary', full: 'Doppia' }], languages: ['ti', 'tir'] }, path: 'body.languages', it: /indicato due volte/, en: /listed twice/ },
      { body: { names: [{ kind: 'primary' }] }, path: 'body.names.0', it: /un nome richiede/, en: /a name needs/ },
    ];
    for (const user of [worker, workerEn]) await t.app.inject({ method: 'GET', url: '/api/me', headers: user.headers });
    for (const c of cases) {
      for (const [user, pattern] of [[worker, c.it], [workerEn, c.en]] as const) {
        const before = await snapshot({ db: t.database.db, includeAudit: true });
        const r = await t.app.inject({ method: 'POST', url: '/api/persons', headers: user.headers, payload: c.body });
        expect(r.statusCode, r.body).toBe(400);
        const error = r.json<{ error: { code: string; issues: Array<{ path: string; message: string }> } }>().error;
        expect(error.code).toBe('validation');
        const issue = error.issues.find((i) => i.path === c.path);
        expect(issue, JSON.stringify(error.issues)).toBeDefined();
        expect(issue?.message).toMatch(pattern);
        expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
      }
    }
    // the same rules apply to a change
    const p = await create(worker, { names: [{ kind: 'primary', full: 'Valida' }] });
    const r = await t.app.inject({ method: 'PATCH', url: `/api/persons/${p.id}`, headers: workerEn.headers, payload: { version: 1, birth: { estimatedYear: 2027 } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues).toEqual([{ path: 'body.birth.estimatedYear', message: 'The estimated birth year cannot be in the future.' }]);
  });
});
