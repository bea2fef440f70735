import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';

describe.each(await engineCases())('network administration on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let admin: LoggedIn;
  let worker: LoggedIn;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    admin = await loginAs({ t, roleKey: 'system_admin' });
    worker = await loginAs({ t, roleKey: 'case_worker' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function createOrg(body: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
    const r = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: admin.headers, payload: body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  }

  it.skipIf(skip)('creates, lists, filters, reads and updates organisations', async () => {
    const org = await createOrg({
      code: 'coop-aurora', name: 'Cooperativa Sociale Aurora', type: 'ngo', provinces: ['001', '006'],
      services: ['outreach', 'shelter'], email: 'Info@Aurora.Demo.Ponte.Invalid', website: 'https://aurora.example.org',
    });
    expect(org).toMatchObject({ code: 'coop-aurora', type: 'ngo', provinces: ['001', '006'], email: 'info@aurora.demo.ponte.invalid', isActive: true });
    await createOrg({ code: 'questura-to', name: 'Questura di Torino', type: 'police_immigration_office', provinces: ['001'] });

    const all = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: worker.headers });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['coop-aurora', 'questura-to']));

    const byProvince = await t.app.inject({ method: 'GET', url: '/api/organisations?province=006', headers: worker.headers });
    expect(byProvince.json().items.map((o: { code: string }) => o.code)).toEqual(['coop-aurora']);
    const byType = await t.app.inject({ method: 'GET', url: '/api/organisations?type=police_immigration_office', headers: worker.headers });
    expect(byType.json().items.map((o: { code: string }) => o.code)).toEqual(['questura-to']);
    const byQ = await t.app.inject({ method: 'GET', url: `/api/organisations?q=${encodeURIComponent('aUrOrA')}`, headers: worker.headers });
    expect(byQ.json().items).toHaveLength(1);
    const wildcard = await t.app.inject({ method: 'GET', url: `/api/organisations?q=${encodeURIComponent('%')}`, headers: worker.headers });
    expect(wildcard.json().items).toHaveLength(0);

    const emptyFilters = await t.app.inject({ method: 'GET', url: '/api/organisations?q=&type=&province=&active=', headers: worker.headers });
    expect(emptyFilters.statusCode, emptyFilters.body).toBe(200);
    expect(emptyFilters.json().items).toHaveLength(all.json().items.length);
    const badProvince = await t.app.inject({ method: 'GET', url: '/api/organisations?province=999', headers: worker.headers });
    expect(badProvince.statusCode).toBe(400);

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${org.id}`, headers: admin.headers, payload: { name: 'Cooperativa Aurora', services: ['outreach'], phone: null } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Cooperativa Aurora', services: ['outreach'], code: 'coop-aurora' });
    const read = await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}`, headers: worker.headers });
    expect(read.json().name).toBe('Cooperativa Aurora');

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'fields']).where('record_id', '=', org.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['organisation.create', 'organisation.update']);
    expect(audit[1]?.fields).toEqual(['name', 'phone', 'services']);
  });

  it.skipIf(skip)('refuses duplicate codes with 409 in Italian or English, and unknown ids with 404', async () => {
    const dup = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: admin.headers, payload: { code: 'coop-aurora', name: 'Altra', type: 'ngo' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'conflict', message: 'Esiste già un’organizzazione con questo codice.' });
    const other = await createOrg({ code: 'coop-borea', name: 'Borea', type: 'ngo' });
    // A logged-in user's messages follow the language of their profile.
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', admin.userId).execute();
    const rename = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${other.id}`, headers: admin.headers, payload: { code: 'coop-aurora' } });
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', admin.userId).execute();
    expect(rename.statusCode).toBe(409);
    expect(rename.json().error.message).toBe('An organisation with this code already exists.');
    const racing = await Promise.all(
      [1, 2, 3].map(() => t.app.inject({ method: 'POST', url: '/api/organisations', headers: admin.headers, payload: { code: 'coop-race', name: 'Race', type: 'ngo' } })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const missing = await t.app.inject({ method: 'GET', url: '/api/organisations/00000000-0000-4000-8000-000000000000', headers: worker.headers });
    expect(missing.statusCode).toBe(404);
  });

  it.skipIf(skip)('creates a project with partners, exact budget lines and complementary projects; PATCH replaces lists', async () => {
    const region = await createOrg({ code: 'regione-test', name: 'Regione Test', type: 'region', provinces: ['001', '002'] });
    const orgs = (await t.app.inject({ method: 'GET', url: '/api/organisations', headers: admin.headers })).json().items as Array<{ id: string; code: string }>;
    const aurora = orgs.find((o) => o.code === 'coop-aurora')!;
    const r = await t.app.inject({
      method: 'POST', url: '/api/projects', headers: admin.headers,
      payload: {
        code: 'piano-test-4', name: 'Piano antitratta Test', edition: '4', periodStart: '2022-10-01', periodEnd: '2024-02-29',
        funder: 'DPO', budgetTotal: '1700256.47', leadOrganisationId: region.id,
        partners: [{ organisationId: aurora.id, provinces: ['001', '006'] }],
        budgetLines: [{ code: 'A', label: 'Staff', amount: '0.10' }, { code: 'B', label: 'Accoglienza', amount: 0.2 }, { code: 'C', label: 'Resto', amount: '1700256.17' }],
        complementary: [{ name: 'PRILS', funder: 'FAMI', notes: 'Inclusione lavorativa' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json();
    expect(p).toMatchObject({ budgetTotal: '1700256.47', budgetLinesTotal: '1700256.47', periodEnd: '2024-02-29', leadOrganisation: { code: 'regione-test' } });
    expect(p.budgetLines).toEqual([{ code: 'A', label: 'Staff', amount: '0.10' }, { code: 'B', label: 'Accoglienza', amount: '0.20' }, { code: 'C', label: 'Resto', amount: '1700256.17' }]);
    expect(p.partners).toEqual([{ organisationId: aurora.id, organisationCode: 'coop-aurora', organisationName: 'Cooperativa Aurora', provinces: ['001', '006'] }]);

    const over = await t.app.inject({ method: 'PATCH', url: `/api/projects/${p.id}`, headers: admin.headers, payload: { budgetTotal: '100.00' } });
    expect(over.statusCode).toBe(400);
    const backwards = await t.app.inject({ method: 'PATCH', url: `/api/projects/${p.id}`, headers: admin.headers, payload: { periodEnd: '2020-01-01' } });
    expect(backwards.statusCode).toBe(400);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/projects/${p.id}`, headers: admin.headers, payload: { partners: [], budgetLines: [{ code: 'X', label: 'Tutto', amount: 1700256.47 }] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ partners: [], budgetLines: [{ code: 'X', amount: '1700256.47' }], complementary: [{ name: 'PRILS' }] });

    const list = await t.app.inject({ method: 'GET', url: `/api/projects?organisationId=${region.id}`, headers: worker.headers });
    expect(list.json().items.map((x: { code: string }) => x.code)).toEqual(['piano-test-4']);
    const dup = await t.app.inject({ method: 'POST', url: '/api/projects', headers: admin.headers, payload: { code: 'piano-test-4', name: 'x', periodStart: '2022-01-01', periodEnd: '2022-01-01', funder: 'DPO', budgetTotal: 1, leadOrganisationId: region.id } });
    expect(dup.statusCode).toBe(409);
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', admin.userId).execute();
    const ghostPartner = await t.app.inject({ method: 'POST', url: '/api/projects', headers: admin.headers, payload: { code: 'ghost', name: 'x', periodStart: '2022-01-01', periodEnd: '2022-01-01', funder: 'DPO', budgetTotal: 1, leadOrganisationId: region.id, partners: [{ organisationId: '00000000-0000-4000-8000-000000000000' }] } });
    expect(ghostPartner.statusCode).toBe(400);
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', admin.userId).execute();
    expect(ghostPartner.json().error).toMatchObject({ message: 'Some data is not valid.', issues: [{ path: 'body.partners.0.organisationId', message: 'unknown organisation' }] });
  });

  it.skipIf(skip)('serves reference lists to any logged-in user and nobody else', async () => {
    const provinces = await t.app.inject({ method: 'GET', url: '/api/reference/provinces', headers: worker.headers });
    expect(provinces.json().items).toHaveLength(107);
    expect(provinces.json().items[0]).toMatchObject({ code: '001', abbreviation: 'TO', name: 'Torino', regionCode: '01', regionName: 'Piemonte' });
    const types = await t.app.inject({ method: 'GET', url: '/api/reference/organisation-types', headers: worker.headers });
    expect(types.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'asylum_commission', nameEn: 'Territorial asylum commission' })]));
    const anon = await t.app.inject({ method: 'GET', url: '/api/reference/provinces' });
    expect(anon.statusCode).toBe(401);
  });

  it.skipIf(skip)('documents the new endpoints in OpenAPI', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(r.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/organisations', '/api/projects/{id}', '/api/users/{id}/memberships', '/api/roles/{id}', '/api/reference/provinces']));
  });
});
