/**
 * Reports in the browser: a coordinator asks for the funder report of a project as PDF, watches
 * it being prepared (the list polls the job), and downloads it; the same on a 360 px screen for
 * the SIRIT tables as XLSX. The page is checked with axe.
 *
 * Data: one project led by the coordinator's body, 12 women in contact (cases opened today).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte } from './support/ponte.ts';
import { newCaseCode, newPersonCode } from '../../src/domain/persons/index.ts';

describe('reports', () => {
  let ponte: Ponte;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let coordinator: { email: string; password: string };
  let page: Page;

  beforeAll(async () => {
    ponte = await startPonte({ PONTE_JOB_POLL_MS: '500' });
    const org = await seedOrganisation(ponte, { code: 'ente-rapporti', name: 'Ente Rapporti', provinces: ['058'] });
    const db = ponte.database.db;
    const year = new Date().getUTCFullYear();
    const project = await db.insertInto('projects').values({ code: 'prj-rapp', name: 'Piano Rapporti', period_start: `${year}-01-01`, period_end: `${year}-12-31`, funder: 'DPO', budget_total: '1000.00', lead_org_id: org }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('project_partners').values({ project_id: project.id, organisation_id: org, provinces: ['058'] }).execute();
    for (let i = 0; i < 12; i++) {
      // Reports never read identities: an opaque placeholder stands in for the encrypted one.
      const p = await db.insertInto('persons').values({ code: newPersonCode(), owner_org_id: org, identity_enc: 'not-read-by-reports', sex: 'Feminine', citizenships: ['NG'] }).returning('id').executeTakeFirstOrThrow();
      const c = await db.insertInto('cases').values({ code: newCaseCode(year), person_id: p.id, org_id: org, phase: 'contact', status: 'Active', minor_status: 'adult' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('case_phase_history').values({ case_id: c.id, from_phase: null, to_phase: 'contact' }).execute();
    }
    coordinator = await seedUser(ponte, { email: 'coordinatrice-rapporti@example.org', displayName: 'Livia Coordinatrice', memberships: [{ organisationId: org, role: 'coordinator' }] });
    browser = await launchBrowser();
    const opened = await openPage(browser, ponte.url);
    contexts.push(opened.context);
    page = opened.page;
    await submitLogin(page, coordinator.email, coordinator.password);
    await completeMfaSetup(page, new Set());
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await ponte?.stop();
  });

  async function requestAndDownload(options: { kind: string; format: string; type: string }): Promise<void> {
    await page.getByLabel('Tipo').selectOption({ label: options.kind });
    await page.getByLabel('Progetto').selectOption({ label: 'Piano Rapporti (prj-rapp)' });
    await page.getByLabel('Formato').selectOption({ label: options.format });
    await page.getByRole('button', { name: 'Prepara il rapporto' }).click();
    await page.getByText('Rapporto richiesto').waitFor();
    const row = page.getByRole('row', { name: new RegExp(`^${options.kind} prj-rapp`) }).first();
    // Wait for the job to be done: the download link appears (the list polls while it is under way).
    const link = row.getByRole('link', { name: /^Scarica / });
    await link.waitFor({ timeout: 60_000 });
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('Pronto');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/reports\/[0-9a-f-]{36}\/download$/);
    const response = await page.request.get(`${ponte.url}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe(options.type);
    expect((await response.body()).byteLength).toBeGreaterThan(1000);
  }

  it('a coordinator asks for the funder report as PDF, waits for it and downloads it', async () => {
    await page.getByRole('link', { name: 'Rapporti', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Rapporti' }).waitFor();
    await page.getByText('Non hai ancora richiesto rapporti.').waitFor();
    await expectAxeClean(page, 'reports, empty');
    await requestAndDownload({ kind: 'Rapporto per il finanziatore', format: 'PDF', type: 'application/pdf' });
    await expectAxeClean(page, 'reports, one done');
  });

  it('on a 360 px screen: the SIRIT tables as XLSX', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${ponte.url}/reports`);
    await page.getByRole('heading', { level: 1, name: 'Rapporti' }).waitFor();
    await requestAndDownload({ kind: 'Tabelle SIRIT', format: 'Excel (XLSX)', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    // The page does not scroll sideways (the list's table scrolls within its own region).
    expect(width).toBeLessThanOrEqual(360);
    await expectAxeClean(page, 'reports at 360 px');
  });
});
