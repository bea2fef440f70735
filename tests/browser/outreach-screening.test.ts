/**
 * From the outing to the screening, at 360 px, for a worker of a small body whose one role both
 * goes out on the street and opens cases (outreach.write and cases.write): a possible victim met on
 * an outing is registered and the contact linked; "Apri un caso e fai lo screening", pressed twice
 * in a row, opens one case in the worker's organisation and lands on the case's screening tab;
 * the audit trail holds the person's creation, the link, one case creation and the reads of the
 * case and of its screenings. Every view with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, fitsWidth, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';
import { builtinRole, type Permission } from '../../src/domain/permissions.ts';
import { insertOuting } from './support/outreach.ts';

const NICKNAME = 'Luna del Ponte';

describe('outreach: from a linked contact to a new case and its screening', () => {
  let ponte: Ponte;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let problems: string[];
  let worker: SeededUser;
  let orgId: string;
  let outingId: string;

  beforeAll(async () => {
    ponte = await startPonte();
    const db = ponte.database.db;
    orgId = await seedOrganisation(ponte, { code: 'strada-e-accoglienza', name: 'Strada e Accoglienza', provinces: ['063'] });
    // A custom role: the desk worker's permissions and the opening of cases.
    const permissions: Permission[] = [...builtinRole('desk_worker').permissions, 'cases.write'];
    const role = await db.insertInto('roles').values({ key: 'strada_e_casi', name_it: 'Operatore di strada e presa in carico', name_en: 'Outreach and case worker', builtin: false }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('role_permissions').values(permissions.map((permission) => ({ role_id: role.id, permission }))).execute();
    worker = await seedUser(ponte, { email: 'strada-casi@example.org', displayName: 'Bruna Strada', memberships: [] });
    await db.insertInto('memberships').values({ user_id: worker.id, organisation_id: orgId, role_id: role.id }).execute();

    outingId = await insertOuting(db, { orgId, unitName: 'Unità Ponte', contacts: 1, nationality: 'nigeria' });

    browser = await launchBrowser();
    ({ context: ctx, page, problems } = await openPage(browser, ponte.url));
    await page.setViewportSize({ width: 360, height: 780 });
    await submitLogin(page, worker.email, worker.password);
    await completeMfaSetup(page, new Set<number>());
  });

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('opens one case in the worker’s organisation on a double press and lands on its screening', async () => {
    const p = page;
    const db = ponte.database.db;
    await p.goto(`${ponte.url}/outreach/outings/${outingId}`);
    await p.getByRole('heading', { level: 1, name: /^Uscita del / }).waitFor();
    await p.locator('#contact-nickname').fill(NICKNAME);
    await p.getByLabel('Possibile vittima di tratta o sfruttamento').check({ force: true });
    await p.getByLabel('Ha accettato di essere ricontattata').check({ force: true });
    await p.getByRole('button', { name: 'Salva il contatto' }).click();
    await p.getByText('Contatto registrato.', { exact: true }).waitFor();

    await p.getByRole('link', { name: 'Apri il percorso di emersione' }).click();
    await p.getByRole('heading', { level: 1, name: 'Registra la persona del contatto' }).waitFor();
    await p.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await p.locator('#duplicate-results').waitFor();
    await p.locator('#create-anyway').click();
    await p.locator('#person-form').waitFor();
    await p.getByLabel('La persona ha acconsentito a essere registrata e a collegare questo contatto alla sua scheda').check({ force: true });
    await p.locator('#link-consent-method').selectOption('oral');
    await p.getByRole('button', { name: 'Registra e collega il contatto' }).click();
    const done = p.locator('#link-done');
    await done.waitFor();
    const code = /P-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await done.locator('h2').innerText())?.[0] ?? '';
    expect(code).not.toBe('');

    // No case yet, and the worker opens cases: the button is offered.
    const open = p.getByRole('button', { name: 'Apri un caso e fai lo screening', exact: true });
    await open.waitFor();
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'linked contact: open a case and screen');
    const person = await db.selectFrom('persons').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    expect(await db.selectFrom('cases').select('id').where('person_id', '=', person.id).execute()).toEqual([]);

    // Pressed twice in a row: one request, one case.
    const posts: string[] = [];
    p.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/cases') posts.push(r.url());
    });
    await open.dblclick();
    await p.waitForURL((u) => /^\/cases\/[0-9a-f-]{36}$/.test(u.pathname) && u.searchParams.get('tab') === 'screening');
    const caseId = new URL(p.url()).pathname.split('/')[2] ?? '';
    await p.getByRole('tab', { name: 'Valutazione preliminare', selected: true }).waitFor();
    await p.locator('#screening-form').waitFor();
    expect(await p.getByRole('alert').filter({ hasText: 'già un caso aperto' }).count()).toBe(0);
    expect(posts).toHaveLength(1);

    const cases = await db.selectFrom('cases').select(['id', 'org_id', 'created_by', 'phase']).where('person_id', '=', person.id).execute();
    expect(cases).toEqual([{ id: caseId, org_id: orgId, created_by: worker.id, phase: 'contact' }]);

    // The audit trail: the person registered, the contact linked, the case opened once, then read.
    const entries = await db.selectFrom('audit_log').select(['action', 'outcome', 'record_type', 'record_id', 'actor_user_id', 'actor_org_id']).where('actor_user_id', '=', worker.id).orderBy('id').execute();
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('person.create').filter((e) => e.outcome === 'success' && e.record_id === person.id)).toHaveLength(1);
    expect(of('contact.link_person').filter((e) => e.outcome === 'success')).toHaveLength(1);
    expect(of('case.create')).toEqual([{ action: 'case.create', outcome: 'success', record_type: 'case', record_id: caseId, actor_user_id: worker.id, actor_org_id: orgId }]);
    const reads = async () => {
      const rows = await db.selectFrom('audit_log').select('action').where('record_id', '=', caseId).where('actor_user_id', '=', worker.id).where('outcome', '=', 'success').execute();
      return [...new Set(rows.map((e) => e.action))].sort();
    };
    await expect.poll(reads).toEqual(['case.create', 'case.read', 'screening.read']);

    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'new case: screening tab');

    // The outing shows the contact linked to the person.
    await p.goto(`${ponte.url}/outreach/outings/${outingId}`);
    await p.locator('.contact-person', { hasText: code }).waitFor();
    expect(problems).toEqual([]);
  });
});
