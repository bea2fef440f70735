/**
 * Exports in the browser: a coordinator (Italian) downloads the HTCDS records as an encrypted file
 * (the two passwords must match) and previews the anonymised CTDC export; an observatory analyst
 * (English) sees only the CTDC part. Checked with axe, and at 360 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte } from './support/ponte.ts';
import { FieldCipher, deriveLinkageKey } from '../../src/server/platform/crypto.ts';
import { createEncoder } from '../../src/domain/linkage/index.ts';
import { newCaseCode } from '../../src/domain/persons/index.ts';
import { insertPerson } from '../helpers/records.ts';

const MASTER_KEY = Buffer.alloc(32, 11);

describe('exports panel', () => {
  let ponte: Ponte;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let coordinator: { email: string; password: string };
  let analyst: { email: string; password: string };

  async function login(email: string, password: string, mfa: boolean): Promise<Page> {
    const { context, page } = await openPage(browser, ponte.url);
    contexts.push(context);
    await submitLogin(page, email, password);
    if (mfa) await completeMfaSetup(page, new Set());
    else await page.waitForURL((u) => u.pathname === '/');
    return page;
  }

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'ente-esportazioni', name: 'Ente Esportazioni', provinces: ['058'] });
    const db = ponte.database.db;
    const services = { db, cipher: new FieldCipher({ db, masterKey: MASTER_KEY }), linkage: createEncoder({ key: deriveLinkageKey(MASTER_KEY) }) };
    for (let i = 0; i < 3; i++) {
      const p = await insertPerson({ ...services, orgId: org, sex: 'Feminine', citizenships: ['NG'] });
      await db.insertInto('cases').values({ code: newCaseCode(new Date().getUTCFullYear()), person_id: p.id, org_id: org, phase: 'identification', status: 'Active', trafficking_status: 'PossibleVictimOfTrafficking' }).execute();
    }
    coordinator = await seedUser(ponte, { email: 'coordinatrice-esportazioni@example.org', displayName: 'Lucia Esportazioni', memberships: [{ organisationId: org, role: 'coordinator' }] });
    analyst = await seedUser(ponte, { email: 'analyst-exports@example.org', displayName: 'Ada Exports', locale: 'en', memberships: [{ organisationId: org, role: 'observatory_analyst' }] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('coordinator: encrypted HTCDS download and CTDC preview', async () => {
    const page = await login(coordinator.email, coordinator.password, true);
    await page.getByRole('link', { name: 'Monitoraggio', exact: true }).first().click();
    const panel = page.getByRole('region', { name: 'Esportazioni' });
    await panel.getByRole('heading', { name: 'Schede HTCDS (dati personali, file cifrato)' }).waitFor();
    await panel.getByLabel('Password del file (almeno 12 caratteri)').fill('una password abbastanza lunga');
    await panel.getByLabel('Ripeti la password').fill('una password diversa');
    await panel.getByText('Le due password non coincidono.').waitFor();
    await expectAxeClean(page, 'exports panel with an error');
    await panel.getByLabel('Ripeti la password').fill('una password abbastanza lunga');
    await panel.getByRole('button', { name: 'Scarica il file cifrato' }).click();
    await panel.getByText('File cifrato scaricato: 3 righe.').waitFor();
    await panel.getByRole('button', { name: 'Anteprima' }).click();
    // 3 victims, fewer than k = 11 in every class: all left out.
    await panel.getByText('0 righe scritte su 3 vittime; 3 escluse', { exact: false }).waitFor();
    await expectAxeClean(page, 'exports panel');
    await page.setViewportSize({ width: 360, height: 800 });
    await panel.getByRole('button', { name: 'Anteprima' }).waitFor();
    // The panel fits the narrow screen: nothing in it reaches past the right edge.
    const widest = await page.evaluate(() => {
      const panel = document.getElementById('exports-panel');
      const over = [...(panel?.querySelectorAll('*') ?? [])].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
      return over.map((el) => `${el.tagName}.${el.className}`);
    });
    expect(widest).toEqual([]);
    await expectAxeClean(page, 'exports panel at 360 px');
  });

  it('observatory analyst: the anonymised export only', async () => {
    const page = await login(analyst.email, analyst.password, false);
    await page.getByRole('link', { name: 'Monitoring', exact: true }).first().click();
    const panel = page.getByRole('region', { name: 'Exports' });
    await panel.getByRole('heading', { name: 'Anonymised data in CTDC format' }).waitFor();
    await expect(panel.getByRole('heading', { name: 'HTCDS records (personal data, encrypted file)' }).count()).resolves.toBe(0);
    await expect(panel.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).resolves.toMatch(/^\/api\/exports\/ctdc\?from=\d{4}&to=\d{4}&format=csv$/);
    await expectAxeClean(page, 'exports panel (observatory)');
  });
});
