/**
 * Monitoring in the browser: a coordinator (Italian) reads the dashboard of their body's records,
 * with a chart and its data table, and follows a drill-down link to the case list; an observatory
 * analyst (English) sees the network's aggregates with small figures hidden as "n.a." and the
 * explanation. Both views are checked with axe; the coordinator's also at 360 px (no horizontal scroll).
 *
 * Data: 12 women in contact (age band 21–23 at opening) and 2 men in screening (30–38), all cases of
 * the coordinator's body opened today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte } from './support/ponte.ts';
import { newCaseCode, newPersonCode } from '../../src/domain/persons/index.ts';

describe('monitoring dashboards', () => {
  let ponte: Ponte;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function login(email: string, password: string, mfa: boolean): Promise<Page> {
    const { context, page } = await openPage(browser, ponte.url);
    contexts.push(context);
    await submitLogin(page, email, password);
    if (mfa) await completeMfaSetup(page, new Set());
    else await page.waitForURL((u) => u.pathname === '/');
    return page;
  }

  let coordinator: { email: string; password: string };
  let analyst: { email: string; password: string };

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'ente-monitoraggio', name: 'Ente Monitoraggio', provinces: ['058'] });
    const db = ponte.database.db;
    const add = async (sex: string, phase: 'contact' | 'screening') => {
      // Aggregates never read identities: an opaque placeholder stands in for the encrypted one.
      const p = await db.insertInto('persons').values({ code: newPersonCode(), owner_org_id: org, identity_enc: 'not-read-by-monitoring', sex, citizenships: ['NG'] }).returning('id').executeTakeFirstOrThrow();
      const c = await db.insertInto('cases').values({ code: newCaseCode(new Date().getUTCFullYear()), person_id: p.id, org_id: org, phase, status: 'Active', minor_status: 'adult', age_band: sex === 'Feminine' ? '21-23' : '30-38' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('case_phase_history').values({ case_id: c.id, from_phase: null, to_phase: phase }).execute();
    };
    for (let i = 0; i < 12; i++) await add('Feminine', 'contact');
    for (let i = 0; i < 2; i++) await add('Masculine', 'screening');
    coordinator = await seedUser(ponte, { email: 'coordinatrice-monitoraggio@example.org', displayName: 'Lucia Coordinatrice', memberships: [{ organisationId: org, role: 'coordinator' }] });
    analyst = await seedUser(ponte, { email: 'analyst-monitoring@example.org', displayName: 'Ada Analyst', locale: 'en', memberships: [{ organisationId: org, role: 'observatory_analyst' }] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('coordinator: figures of their records in a chart and a table, with a link to the case list', async () => {
    const page = await login(coordinator.email, coordinator.password, true);
    await page.getByRole('link', { name: 'Monitoraggio', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Monitoraggio' }).waitFor();
    const table = page.getByRole('table', { name: 'Dati del grafico: Persone in carico per fase e sesso' });
    await table.getByRole('row').nth(2).waitFor();
    const contact = table.getByRole('row', { name: /^Contatto/ });
    await expect(contact.getByRole('cell').allTextContents()).resolves.toEqual(['12', '0', '0', '0', '12']);
    await expect(table.getByRole('row', { name: /^Emersione/ }).getByRole('cell').allTextContents()).resolves.toEqual(['0', '2', '0', '0', '2']);
    await expect(page.locator('[data-indicator="persons_in_charge_phase"] [role="img"] svg').count()).resolves.toBeGreaterThan(0);
    // By age band at opening, with the Italian band labels.
    const bands = page.getByRole('table', { name: 'Dati del grafico: Persone in carico per fascia d’età' });
    await bands.getByRole('row').nth(2).waitFor();
    await expect(bands.getByRole('row', { name: /^21–23 anni/ }).getByRole('cell').allTextContents()).resolves.toEqual(['12', '0', '0', '0', '12']);
    await expect(bands.getByRole('row', { name: /^30–38 anni/ }).getByRole('cell').allTextContents()).resolves.toEqual(['0', '2', '0', '0', '2']);
    await expectAxeClean(page, 'coordinator dashboard');
    // At 360 px the page fits: no horizontal scroll, nothing reaching past the right edge.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForFunction(() => window.innerWidth === 360);
    await table.getByRole('row').nth(2).waitFor();
    const overflow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth - window.innerWidth,
      over: [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-responsive'))
        .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`)
        .slice(0, 10),
    }));
    expect(overflow).toEqual({ scroll: 0, over: [] });
    await expectAxeClean(page, 'coordinator dashboard at 360 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await contact.getByRole('link', { name: 'Contatto' }).click();
    await page.waitForURL(/\/cases\?phase=contact$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
  });

  it('observatory: aggregates only, small figures hidden and explained', async () => {
    // Aggregates only: no personal-data permission, so no second factor.
    const page = await login(analyst.email, analyst.password, false);
    await page.getByRole('link', { name: 'Monitoring', exact: true }).first().click();
    await page.getByText('“n.a.” marks a hidden figure: below 11', { exact: false }).waitFor();
    const table = page.getByRole('table', { name: 'Chart data: Persons in charge by phase and sex' });
    await table.getByRole('row').nth(2).waitFor();
    // 2 men: hidden; so is the cell that would give them away.
    const screening = table.getByRole('row', { name: /^Emersion and screening/ });
    await expect(screening.getByRole('cell').nth(1).textContent()).resolves.toBe('n.a.');
    await expect(table.getByRole('link').count()).resolves.toBe(0);
    const texts = (await table.getByRole('cell').allTextContents()).filter((v) => /^[0-9]+$/.test(v)).map(Number);
    expect(texts.every((v) => v === 0 || v >= 11)).toBe(true);
    await expectAxeClean(page, 'observatory');
  });
});
