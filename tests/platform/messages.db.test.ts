import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../helpers/login.ts';

describe.each(await engineCases())('validation messages in the user language on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let admin: LoggedIn;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    admin = await loginAs({ t, roleKey: 'system_admin', orgCode: 'regione' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function post(payload: unknown): Promise<{ status: number; issues: Array<{ path: string; message: string }>; message: string }> {
    const r = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: admin.headers, payload: payload as object });
    const body = r.json<{ error: { message: string; issues: Array<{ path: string; message: string }> } }>();
    return { status: r.statusCode, issues: body.error.issues, message: body.error.message };
  }

  const bad = { code: 'ok-code', name: 'Nome\u0007con campanello', type: 'ngo', provinces: 'TO', extra: true };

  it.skipIf(skip)('Italian by default, field by field, nothing written', async () => {
    const before = await t.database.db.selectFrom('organisations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const r = await post(bad);
    expect(r.status).toBe(400);
    expect(r.message).toBe('Alcuni dati non sono validi.');
    const text = r.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(text).toMatch(/Chiave non riconosciuta: "extra"/);
    expect(text).toMatch(/provinces: Tipo non valido: atteso elenco/);
    const after = await t.database.db.selectFrom('organisations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it.skipIf(skip)('custom refinements translated too', async () => {
    const r = await post({ code: 'ok-code', name: 'Nome\u0007con campanello', type: 'ngo' });
    expect(r.status).toBe(400);
    expect(r.issues).toContainEqual({ path: 'body.name', message: 'caratteri di controllo non ammessi' });
  });

  it.skipIf(skip)('English for a user who chose it', async () => {
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', admin.userId).execute();
    const r = await post(bad);
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', admin.userId).execute();
    expect(r.message).toBe('Some data is not valid.');
    const text = r.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(text).toMatch(/Unrecognized key: "extra"/);
    expect(text).toMatch(/provinces: Invalid input: expected array/);
  });

  it.skipIf(skip)('an impossible date in the audit search is refused in Italian, naming the parameter', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/audit?from=2026-99-99T10:00:00Z', headers: admin.headers });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues).toEqual([{ path: 'querystring.from', message: 'Input non valido' }]);
  });

  it.skipIf(skip)('the period rule of a project is translated from the shared catalogue', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: admin.headers,
      payload: { code: 'p-order', name: 'Piano', periodStart: '2024-02-01', periodEnd: '2024-01-01', funder: 'DPO', budgetTotal: '1.00', leadOrganisationId: admin.orgId },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues).toContainEqual({ path: 'body.periodEnd', message: 'la fine del periodo non può precedere l’inizio' });
  });
});
