/**
 * The desk pages in Chromium on a 360 px screen, as the demo network's desk worker
 * (sportello@…) uses them: the demo desks are listed; a new desk is opened (an overlapping slot is
 * shown as an error in the form first); a session is recorded with the +/- steppers and the code
 * of a person met, and shows in the desk's list and totals; a desk edited meanwhile by someone
 * else gives the conflict message and reloads; the session is corrected and then cancelled. Every
 * view is axe-clean in Italian, and the desk page once in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { demoAccounts } from '../../src/server/features/demo/data.ts';
import { systemSeedDemoOutreach } from '../../src/server/features/demo/outreach.ts';
import { FieldCipher, deriveLinkageKey } from '../../src/server/platform/crypto.ts';
import { createEncoder } from '../../src/domain/linkage/index.ts';
import { adviceKinds, zeroCounts } from '../../src/domain/outreach/index.ts';
import { insertPerson } from '../helpers/records.ts';
import { expectAxeClean, fitsWidth, launchBrowser, openPage, PASSWORD, screenshot, startPonte, submitLogin, type Ponte } from './support/ponte.ts';

const DESK = 'Sportello Giustizia minorile – Cuneo Sud';
/** The key startPonte runs with. */
const MASTER_KEY = Buffer.alloc(32, 11);

describe('desk pages', () => {
  let ponte: Ponte;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let problems: string[];
  /** A fictional person registered by the desk worker's body. */
  let personCode: string;

  beforeAll(async () => {
    ponte = await startPonte({ PONTE_DEMO: 'true' });
    const db = ponte.database.db;
    await systemSeedDemo({ db, passwordHash: await hashPassword(PASSWORD) });
    const cipher = new FieldCipher({ db, masterKey: MASTER_KEY });
    await systemSeedDemoOutreach({ db, cipher });
    const org = await db.selectFrom('organisations').select('id').where('code', '=', 'assoc-strade-nuove').executeTakeFirstOrThrow();
    personCode = (await insertPerson({ db, cipher, linkage: createEncoder({ key: deriveLinkageKey(MASTER_KEY) }), orgId: org.id })).code;
    browser = await launchBrowser();
    ({ context: ctx, page, problems } = await openPage(browser, ponte.url));
    await page.setViewportSize({ width: 360, height: 780 });
  });

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('a desk worker opens a desk, records a session, corrects and cancels it; a stale edit is caught', async () => {
    const p = page;
    const db = ponte.database.db;
    const account = demoAccounts.find((a) => a.roleKey === 'desk_worker')!;
    await submitLogin(p, account.email, PASSWORD);
    await p.waitForURL((u) => u.pathname === '/');

    // The demo desks, reached from the navigation.
    await p.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Sportelli', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Sportelli' }).waitFor();
    await p.getByRole('link', { name: 'Apri lo sportello Sportello presso la Commissione Territoriale' }).waitFor();
    expect(await p.locator('#desks-list').innerText()).toContain('Carcere femminile');
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'desks (demo)');

    // A new desk: an overlapping slot is shown in the form, nothing is sent.
    await p.getByRole('link', { name: 'Nuovo sportello' }).click();
    await p.getByRole('heading', { level: 1, name: 'Nuovo sportello' }).waitFor();
    await p.locator('#desk-name').fill(DESK);
    await p.locator('#desk-kind').selectOption('juvenile_justice_centre');
    await p.locator('#desk-province').selectOption('004');
    await p.locator('#desk-municipality').fill('Cuneo');
    await p.getByRole('button', { name: 'Aggiungi una fascia oraria' }).click();
    await p.locator('#slot-1-from').fill('12:00');
    await p.locator('#slot-1-to').fill('15:00');
    await p.getByRole('button', { name: 'Apri lo sportello' }).click();
    await p.getByText('questa fascia si sovrappone a un’altra dello stesso giorno').waitFor();
    expect(await db.selectFrom('outreach_desks').select('id').where('name', '=', DESK).execute()).toEqual([]);
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'desk form with an error');
    await p.locator('#slot-1-weekday').selectOption('4');
    await p.getByRole('button', { name: 'Apri lo sportello' }).click();
    await p.getByText('Sportello aperto.', { exact: true }).waitFor();
    await p.getByRole('heading', { level: 1, name: DESK }).waitFor();
    expect(await p.locator('#desk-hours-view').innerText()).toBe('Lunedì 09:00–13:00; Giovedì 12:00–15:00');

    // A session with the steppers and the code of a person the body knows.
    const person = { code: personCode };
    await p.locator('#session-start').fill('09:00');
    await p.locator('#session-end').fill('12:00');
    const more = (name: string) => p.locator('#session-new-title').locator('..').getByRole('button', { name: `Aggiungi uno: ${name}`, exact: true });
    for (let i = 0; i < 3; i++) await more('Colloqui svolti').click();
    await more('Orientamento').click();
    await more('Orientamento').click();
    await more('Consulenza legale').click();
    await p.locator('#session-persons').fill(person.code.toLowerCase());
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'desk page, session form');
    await p.getByRole('button', { name: 'Registra la sessione' }).click();
    await p.getByText('Sessione registrata.', { exact: true }).waitFor();
    const first = p.locator('#sessions-list > li').first();
    await first.getByText('Colloqui: 3').waitFor();
    expect(await first.innerText()).toContain(`Persone: ${person.code}`);
    expect(await first.innerText()).toContain('Orientamento: 2, Consulenza legale: 1');
    await p.locator('#desk-totals').getByText('Sessioni: 1 · colloqui: 3').waitFor();
    const desk = await db.selectFrom('outreach_desks').select(['id', 'version']).where('name', '=', DESK).executeTakeFirstOrThrow();
    const session = await db.selectFrom('outreach_desk_sessions').select(['id', 'interviews']).where('desk_id', '=', desk.id).executeTakeFirstOrThrow();
    expect(session.interviews).toBe(3);
    expect(await db.selectFrom('outreach_desk_session_persons').select('session_id').where('session_id', '=', session.id).execute()).toHaveLength(1);
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'desk page with a session');
    await screenshot(p, 'desk-360');

    // The desk page once in English.
    await p.getByRole('button', { name: 'English' }).click();
    await p.getByRole('heading', { level: 2, name: 'Sessions, newest first' }).waitFor();
    await p.locator('#desk-totals').getByText('Sessions: 1 · interviews: 3').waitFor();
    expect(await p.locator('#desk-kind-view').innerText()).toBe('Juvenile justice centre');
    await expectAxeClean(p, 'desk page (English)');
    await p.getByRole('button', { name: 'Italiano' }).click();
    await p.getByRole('heading', { level: 2, name: 'Sessioni, dalla più recente' }).waitFor();

    // Someone else changes the desk while it is being edited: the conflict is told, reload shows theirs.
    await p.getByRole('link', { name: 'Modifica lo sportello' }).click();
    await p.getByRole('heading', { level: 1, name: `Modifica: ${DESK}` }).waitFor();
    await db.updateTable('outreach_desks').set({ name: `${DESK} (sede nuova)`, version: desk.version + 1 }).where('id', '=', desk.id).execute();
    await p.locator('#desk-municipality').fill('Borgo San Dalmazzo');
    await p.getByRole('button', { name: 'Salva lo sportello' }).click();
    await p.locator('#desk-conflict').getByText('Nel frattempo qualcun altro ha modificato questo sportello', { exact: false }).waitFor();
    expect((await db.selectFrom('outreach_desks').select('municipality').where('id', '=', desk.id).executeTakeFirstOrThrow()).municipality).toBe('Cuneo');
    await expectAxeClean(p, 'desk edit, conflict');
    await p.getByRole('button', { name: 'Ricarica lo sportello' }).click();
    await p.getByRole('heading', { level: 1, name: `Modifica: ${DESK} (sede nuova)` }).waitFor();
    expect(await p.locator('#desk-municipality').inputValue()).toBe('Cuneo');
    await p.locator('#desk-municipality').fill('Borgo San Dalmazzo');
    await p.getByRole('button', { name: 'Salva lo sportello' }).click();
    await p.getByText('Sportello salvato.', { exact: true }).waitFor();
    await p.getByText('Borgo San Dalmazzo (Cuneo)').waitFor();

    // The session corrected, then cancelled: kept, marked, no longer counted.
    const date = (await p.locator('#sessions-list > li strong').first().innerText()).split(' · ')[0] ?? '';
    await p.getByRole('button', { name: `Correggi la sessione del ${date}` }).click();
    await p.getByRole('heading', { level: 3, name: `Correggi la sessione del ${date}` }).waitFor();
    await p.getByRole('button', { name: 'Aggiungi uno: Colloqui svolti', exact: true }).last().click();
    await expectAxeClean(p, 'session correction');
    await p.getByRole('button', { name: 'Salva la correzione' }).click();
    await p.getByText('Sessione corretta.', { exact: true }).waitFor();
    await p.locator('#desk-totals').getByText('Sessioni: 1 · colloqui: 4').waitFor();
    await p.getByRole('button', { name: `Annulla la sessione del ${date}` }).click();
    await p.getByRole('button', { name: 'Sì, annulla la sessione' }).click();
    await p.getByText('Sessione annullata.', { exact: true }).waitFor();
    await p.locator('#sessions-list > li').first().getByText('Annullata', { exact: true }).waitFor();
    await p.locator('#desk-totals').getByText('Sessioni: 0 · colloqui: 0').waitFor();
    expect((await db.selectFrom('outreach_desk_sessions').select('cancelled_at').where('id', '=', session.id).executeTakeFirstOrThrow()).cancelled_at).not.toBeNull();
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'desk page, cancelled session');

    // Back in the list, the new desk is there.
    await p.getByRole('link', { name: 'Torna agli sportelli' }).click();
    await p.getByRole('link', { name: `Apri lo sportello ${DESK} (sede nuova)` }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows older sessions on request, and a correction to an older one keeps it and the ones before it in view', async () => {
    const p = page;
    const db = ponte.database.db;
    const account = demoAccounts.find((a) => a.roleKey === 'desk_worker')!;
    const worker = await db.selectFrom('users').select('id').where('email', '=', account.email).executeTakeFirstOrThrow();
    const org = await db.selectFrom('outreach_desks').select('org_id').limit(1).executeTakeFirstOrThrow();
    const hours = JSON.stringify([{ weekday: 1, from: '09:00', to: '13:00' }]);
    const deskRow = await db
      .insertInto('outreach_desks')
      .values({ org_id: org.org_id, name: 'Sportello con molte sessioni', kind: 'other', province_code: '001', municipality: 'Torino', opening_hours: hours, created_by: worker.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    // 53 sessions, one a day going back from yesterday: one more page than the 50 shown first.
    const day = (i: number) => new Date(Date.now() - (i + 1) * 86_400_000).toISOString().slice(0, 10);
    await db
      .insertInto('outreach_desk_sessions')
      .values(
        Array.from({ length: 53 }, (_, i) => ({
          desk_id: deskRow.id, org_id: org.org_id, session_date: day(i), start_time: '09:00', end_time: '12:00', worker_user_id: worker.id,
          interviews: 2, advice: JSON.stringify({ ...zeroCounts(adviceKinds) }), created_by: worker.id,
        })),
      )
      .execute();
    const items = p.locator('#sessions-list > li');
    const older = p.getByRole('button', { name: 'Mostra le sessioni precedenti' });

    await p.goto(`${ponte.url}/outreach/desks/${deskRow.id}`);
    await p.getByRole('heading', { level: 1, name: 'Sportello con molte sessioni' }).waitFor();
    await older.waitFor();
    expect(await items.count()).toBe(50);
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'desk page, older sessions to show');

    await older.click();
    await older.waitFor({ state: 'detached' });
    expect(await items.count()).toBe(53);
    const oldest = day(52);
    expect(await items.last().innerText()).toContain('Colloqui: 2');

    // The oldest session corrected: read again from the start, all 53 stay, the change shown.
    const lastDate = (await items.last().locator('strong').innerText()).split(' · ')[0] ?? '';
    await p.getByRole('button', { name: `Correggi la sessione del ${lastDate}` }).click();
    await p.getByRole('heading', { level: 3, name: `Correggi la sessione del ${lastDate}` }).waitFor();
    await p.getByRole('button', { name: 'Aggiungi uno: Colloqui svolti', exact: true }).last().click();
    await p.getByRole('button', { name: 'Salva la correzione' }).click();
    await p.getByText('Sessione corretta.', { exact: true }).waitFor();
    await items.last().getByText('Colloqui: 3').waitFor();
    expect(await items.count()).toBe(53);
    expect(await older.count()).toBe(0);
    const fixed = await db.selectFrom('outreach_desk_sessions').select(['interviews']).where('desk_id', '=', deskRow.id).where('session_date', '=', oldest).executeTakeFirstOrThrow();
    expect(fixed.interviews).toBe(3);
    await expectAxeClean(p, 'desk page, an older session corrected');
    expect(problems).toEqual([]);
  });
  it('a session may give its interviews by sex, age and nationality: folded away by default, checked against the interviews', async () => {
    const p = page;
    const db = ponte.database.db;
    const account = demoAccounts.find((a) => a.roleKey === 'desk_worker')!;
    const worker = await db.selectFrom('users').select('id').where('email', '=', account.email).executeTakeFirstOrThrow();
    const org = await db.selectFrom('outreach_desks').select('org_id').limit(1).executeTakeFirstOrThrow();
    const deskRow = await db
      .insertInto('outreach_desks')
      .values({ org_id: org.org_id, name: 'Sportello con i colloqui per sesso', kind: 'other', province_code: '001', municipality: 'Torino', opening_hours: JSON.stringify([]), created_by: worker.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await p.goto(`${ponte.url}/outreach/desks/${deskRow.id}`);
    await p.getByRole('heading', { level: 1, name: 'Sportello con i colloqui per sesso' }).waitFor();
    const form = p.locator('#session-new-title').locator('..');
    const more = (name: string) => form.getByRole('button', { name: `Aggiungi uno: ${name}`, exact: true });
    await form.locator('#session-start').fill('09:00');
    await form.locator('#session-end').fill('12:00');
    await more('Colloqui svolti').click();
    await more('Colloqui svolti').click();

    // Folded away: the steppers are not shown until opened.
    const summary = form.getByText('Colloqui per sesso, età e nazionalità (facoltativo)', { exact: true });
    await summary.waitFor();
    expect(await more('Donne').isVisible()).toBe(false);
    await summary.click();
    await more('Donne').waitFor();
    await more('Donne').click();
    await form.getByText('Indicati: 1 su 2 colloqui.', { exact: true }).first().waitFor();
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'desk page, session breakdowns open');

    // By sex 1 of 2 interviews: refused in the form, nothing sent.
    await form.getByRole('button', { name: 'Registra la sessione' }).click();
    await form.getByText('i colloqui per sesso/genere devono sommare ai colloqui svolti', { exact: true }).waitFor();
    expect(await db.selectFrom('outreach_desk_sessions').select('id').where('desk_id', '=', deskRow.id).execute()).toEqual([]);
    await expectAxeClean(p, 'desk page, session breakdown error');

    await more('Uomini').click();
    await more('Meno di 18 anni').click();
    await more('Meno di 18 anni').click();
    await form.getByRole('button', { name: 'Registra la sessione' }).click();
    await p.getByText('Sessione registrata.', { exact: true }).waitFor();
    const row = await db.selectFrom('outreach_desk_sessions').select(['interviews', 'by_sex', 'by_age', 'by_nationality']).where('desk_id', '=', deskRow.id).executeTakeFirstOrThrow();
    expect(row).toEqual({
      interviews: 2,
      by_sex: { female: 1, male: 1, transgender: 0, other_unknown: 0 },
      by_age: { under_18: 2, '18_24': 0, '25_34': 0, '35_44': 0, '45_plus': 0, unknown: 0 },
      by_nationality: null,
    });
    expect(problems).toEqual([]);
  });
});
