/**
 * Accommodation in the browser: a shelter coordinator registers a facility with its confidential
 * address and beds, places a person with a case (by person code), sees the bed occupied in the
 * grid, ends the placement with a reason, adds a person to the waiting list and reads the
 * availability board; a case worker (in English) reads the board, gets "not found" for the
 * facility page and sees the placement on the case page. Every page is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  completeMfaSetup,
  expectAxeClean,
  launchBrowser,
  openPage,
  screenshot,
  seedOrganisation,
  seedUser,
  startPonte,
  submitLogin,
  type Ponte,
  type SeededUser,
} from './support/ponte.ts';
import { FieldCipher, deriveLinkageKey } from '../../src/server/platform/crypto.ts';
import { createEncoder } from '../../src/domain/linkage/index.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';

const MASTER_KEY = Buffer.alloc(32, 11);

describe('accommodation', () => {
  let ponte: Ponte;
  let browser: Browser;
  let shelter: SeededUser;
  let worker: SeededUser;
  let ctxS: BrowserContext;
  let pageS: Page;
  let problemsS: string[];
  let ctxW: BrowserContext;
  let pageW: Page;
  let problemsW: string[];
  let placed: { id: string; code: string; caseId: string };
  let waiting: { id: string; code: string };
  let facilityPath = '';

  beforeAll(async () => {
    ponte = await startPonte({ PONTE_MASTER_KEY: MASTER_KEY.toString('base64') });
    const org = await seedOrganisation(ponte, { code: 'coop-approdo', name: 'Cooperativa Approdo', provinces: ['005'] });
    shelter = await seedUser(ponte, { email: 'struttura@example.org', displayName: 'Marta Struttura', memberships: [{ organisationId: org, role: 'shelter_coordinator' }] });
    worker = await seedUser(ponte, { email: 'worker@example.org', displayName: 'Laura Worker', locale: 'en', memberships: [{ organisationId: org, role: 'case_worker' }] });
    const db = ponte.database.db;
    const services = { db, cipher: new FieldCipher({ db, masterKey: MASTER_KEY }), linkage: createEncoder({ key: deriveLinkageKey(MASTER_KEY) }) };
    const p1 = await insertPerson({ ...services, orgId: org });
    const c1 = await insertCase({ db, orgId: org, personId: p1.id });
    placed = { ...p1, caseId: c1.id };
    waiting = await insertPerson({ ...services, orgId: org });
    browser = await launchBrowser();
    ({ context: ctxS, page: pageS, problems: problemsS } = await openPage(browser, ponte.url));
    await submitLogin(pageS, shelter.email, shelter.password);
    await completeMfaSetup(pageS, new Set());
    ({ context: ctxW, page: pageW, problems: problemsW } = await openPage(browser, ponte.url));
    await submitLogin(pageW, worker.email, worker.password);
    await completeMfaSetup(pageW, new Set());
  });

  afterAll(async () => {
    await ctxS?.close();
    await ctxW?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('registers a facility with its confidential address and beds', async () => {
    await pageS.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Strutture' }).click();
    await pageS.getByRole('heading', { level: 1, name: 'Strutture di accoglienza' }).waitFor();
    await pageS.getByText('Nessuna struttura registrata.').waitFor();
    await expectAxeClean(pageS, 'facility list (empty)');
    await pageS.locator('#facility-name').fill('Casa Airone');
    await pageS.locator('#facility-type').selectOption('escape_house');
    await pageS.locator('#facility-address').fill('Via delle Betulle 3, Asti');
    await pageS.locator('#facility-province').selectOption('005');
    await pageS.locator('#facility-beds').fill('3');
    await pageS.getByLabel('Donne', { exact: true }).check({ force: true });
    await pageS.getByRole('button', { name: 'Registra la struttura' }).click();
    await pageS.getByText('Struttura registrata.', { exact: true }).waitFor();
    await pageS.getByRole('link', { name: 'Casa Airone' }).click();
    await pageS.getByRole('heading', { level: 1, name: 'Casa Airone' }).waitFor();
    facilityPath = new URL(pageS.url()).pathname;
    expect(await pageS.getByTestId('facility-address').innerText()).toBe('Via delle Betulle 3, Asti');
    await pageS.getByText('3 liberi su 3 in uso.').waitFor();
    await expectAxeClean(pageS, 'facility page');
  });

  it('places a person by code, shows the bed occupied, then ends the placement', async () => {
    await pageS.locator('#place-bed').selectOption({ label: 'Posto 1 (Singolo)' });
    await pageS.locator('#place-person').fill(placed.code);
    await pageS.locator('#place-starts').fill('2026-01-10');
    await pageS.getByRole('button', { name: 'Inserisci', exact: true }).click();
    await pageS.getByText('Inserimento registrato.', { exact: true }).waitFor();
    await pageS.getByText('2 liberi su 3 in uso.').waitFor();
    expect(await pageS.locator('.bed-occupied').innerText()).toContain(placed.code);
    await expectAxeClean(pageS, 'facility page with a placement');
    await screenshot(pageS, 'facility');

    await pageS.getByRole('button', { name: `Concludi l’inserimento: Posto 1, ${placed.code}` }).click();
    await pageS.locator('select[id$="-reason"]').selectOption('programme_completed');
    await expectAxeClean(pageS, 'end placement form');
    await pageS.getByRole('form', { name: `Concludi l’inserimento ${placed.code}` }).getByRole('button', { name: 'Concludi' }).click();
    await pageS.getByText('3 liberi su 3 in uso.').waitFor();
    await pageS.getByRole('cell', { name: 'Percorso concluso' }).waitFor();
  });

  it('refuses an unknown person code next to the field', async () => {
    await pageS.locator('#place-bed').selectOption({ label: 'Posto 2 (Singolo)' });
    await pageS.locator('#place-person').fill('P-0000-0000');
    await pageS.getByRole('button', { name: 'Inserisci', exact: true }).click();
    await pageS.locator('#place-person-error').getByText('Nessuna persona con questo codice').waitFor();
    await expectAxeClean(pageS, 'placement form with an error');
  });

  it('adds a person to the waiting list and withdraws the request', async () => {
    await pageS.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Lista d’attesa' }).click();
    await pageS.getByRole('heading', { level: 1, name: 'Lista d’attesa' }).waitFor();
    await pageS.locator('#waitlist-person').fill(waiting.code);
    await pageS.locator('#waitlist-priority').selectOption('1');
    await pageS.getByLabel('Con figli', { exact: true }).check({ force: true });
    await pageS.getByRole('button', { name: 'Aggiungi alla lista d’attesa' }).click();
    await pageS.getByText('Richiesta aggiunta.', { exact: true }).waitFor();
    await pageS.getByRole('cell', { name: '1 – urgente' }).waitFor();
    await expectAxeClean(pageS, 'waiting list');
    await pageS.getByRole('button', { name: `Ritira la richiesta di ${waiting.code}` }).click();
    await pageS.getByText('Richiesta ritirata.', { exact: true }).waitFor();
    await pageS.getByText('Nessuna richiesta.').waitFor();
  });

  it('shows the availability board: counts only', async () => {
    await pageS.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Posti liberi' }).click();
    await pageS.getByRole('heading', { level: 1, name: 'Posti liberi nella rete' }).waitFor();
    const row = pageS.getByRole('row', { name: /Casa di fuga/ });
    // facilities, beds, occupied (0: zeros are shown), free
    expect(await row.innerText()).toMatch(/Casa di fuga\s+Asti\s+1\s+3\s+0\s+3/);
    expect(await pageS.locator('main').innerText()).not.toContain('Casa Airone');
    await expectAxeClean(pageS, 'availability board');
    expect(problemsS).toEqual([]);
  });

  it('a case worker reads the board in English, cannot open the facility, and sees the placement on the case page', async () => {
    await pageW.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Free beds' }).click();
    await pageW.getByRole('heading', { level: 1, name: 'Free beds in the network' }).waitFor();
    await pageW.getByRole('row', { name: /Escape house/ }).waitFor();
    await expectAxeClean(pageW, 'availability board (en)');
    expect(await pageW.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Facilities' }).count()).toBe(0);
    await pageW.goto(facilityPath);
    await pageW.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await pageW.goto(`/cases/${placed.caseId}`);
    await pageW.getByRole('heading', { level: 2, name: 'Accommodation' }).waitFor();
    await pageW.getByRole('cell', { name: /Casa Airone/ }).waitFor();
    await pageW.getByRole('cell', { name: 'Programme completed' }).waitFor();
    expect(await pageW.locator('main').innerText()).not.toContain('Betulle');
    await expectAxeClean(pageW, 'case page with placements');
    expect(problemsW).toEqual([]);
  });
});
