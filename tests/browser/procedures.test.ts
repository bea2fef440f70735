/**
 * Procedures in the browser: the administrator lists the built-in procedures, views the commission
 * protocol (steps table, graph, versions), edits it — a broken graph is flagged next to the step
 * before saving — and saves a new version; the coordinator (in English) reads the SLA board with
 * its charts and data tables. Every page is checked with axe.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startRun, advanceRun } from '../../src/server/features/procedures/runs.ts';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, screenshot, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte } from './support/ponte.ts';

describe('procedures', () => {
  let ponte: Ponte;
  let browser: Browser;
  let ctxA: BrowserContext;
  let pageA: Page;
  let problemsA: string[];
  let ctxC: BrowserContext;
  let pageC: Page;
  let problemsC: string[];

  beforeAll(async () => {
    ponte = await startPonte();
    const region = await seedOrganisation(ponte, { code: 'regione-prova', name: 'Regione Prova', type: 'region' });
    const ngo = await seedOrganisation(ponte, { code: 'coop-faro', name: 'Cooperativa Il Faro' });
    const commission = await seedOrganisation(ponte, { code: 'ct-prova', name: 'Commissione territoriale di prova', type: 'asylum_commission' });
    const admin = await seedUser(ponte, { email: 'admin@example.org', displayName: 'Aldo Amministratore', memberships: [{ organisationId: region, role: 'system_admin' }] });
    const coordinator = await seedUser(ponte, { email: 'coord@example.org', displayName: 'Carla Coordinator', locale: 'en', memberships: [{ organisationId: region, role: 'coordinator' }] });
    // A few runs for the board: two answered after 10 and 30 hours, one waiting.
    const db = ponte.database.db;
    const start = new Date(Date.now() - 50 * 3_600_000);
    for (const hours of [10, 30, null]) {
      const run = await startRun({ db }, { procedureKey: 'referral_answer', subjectType: 'referral', subjectId: randomUUID(), orgIds: [commission, ngo], now: start });
      if (hours !== null) await advanceRun({ db }, { runId: run.id, toStep: 'accepted', actorOrgId: ngo, now: new Date(start.getTime() + hours * 3_600_000) });
    }
    browser = await launchBrowser();
    ({ context: ctxA, page: pageA, problems: problemsA } = await openPage(browser, ponte.url));
    await submitLogin(pageA, admin.email, admin.password);
    await completeMfaSetup(pageA, new Set());
    ({ context: ctxC, page: pageC, problems: problemsC } = await openPage(browser, ponte.url));
    await submitLogin(pageC, coordinator.email, coordinator.password);
    await completeMfaSetup(pageC, new Set());
  });

  afterAll(async () => {
    await ctxA?.close();
    await ctxC?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('lists and shows a procedure with its steps, graph and versions', async () => {
    await pageA.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Procedure' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Procedure operative standard' }).waitFor();
    // The heading comes before the list has loaded: wait for the rows themselves.
    await pageA.locator('#procedure-table tbody tr').nth(2).waitFor();
    expect(await pageA.locator('#procedure-table tbody tr').count()).toBe(3);
    await expectAxeClean(pageA, 'procedure list');
    await pageA.getByRole('link', { name: /Protocollo con la Commissione territoriale/ }).click();
    await pageA.getByRole('heading', { level: 1, name: /Protocollo con la Commissione territoriale.*Versione 1/ }).waitFor();
    expect(await pageA.locator('#steps-table').innerText()).toContain('30 giorni lavorativi');
    expect(await pageA.getByRole('img', { name: 'Grafo dei passi' }).count()).toBe(1);
    await expectAxeClean(pageA, 'procedure view');
    await screenshot(pageA, 'procedure-view');
  });

  it('flags a broken graph next to the step, then saves a new version', async () => {
    await pageA.getByRole('link', { name: 'Modifica (nuova versione)' }).click();
    await pageA.getByRole('heading', { level: 1, name: /Modifica la procedura/ }).waitFor();
    const editor = pageA.getByLabel(/^Definizione \(JSON\)/);
    const original = await editor.inputValue();
    await editor.fill(original.replace('"sent_to_questura",', '"questura_inesistente",'));
    await pageA.locator('#procedure-check').getByText(/problemi da correggere/).waitFor();
    expect(await pageA.locator('#steps-table').innerText()).toContain('Il passo successivo indicato non esiste.');
    await expectAxeClean(pageA, 'procedure edit with problems');
    await pageA.getByRole('button', { name: 'Salva' }).click();
    expect(await pageA.locator('#procedure-definition-error').innerText()).toMatch(/problemi da correggere/);
    await editor.fill(original.replace('"amount": 30', '"amount": 25'));
    await pageA.getByText('Nessun problema: la procedura si può salvare.').waitFor();
    await pageA.getByRole('button', { name: 'Salva' }).click();
    await pageA.getByText('Procedura salvata (versione 2).').waitFor();
    expect(await pageA.locator('#steps-table').innerText()).toContain('25 giorni lavorativi');
    expect(await pageA.locator('#procedure-versions li').count()).toBe(2);
    await pageA.getByRole('link', { name: 'Vedi la versione 1' }).click();
    await pageA.getByRole('heading', { level: 1, name: /Versione 1/ }).waitFor();
    expect(await pageA.locator('#steps-table').innerText()).toContain('30 giorni lavorativi');
    expect(problemsA).toEqual([]);
  });

  it('shows the SLA board with charts and tables (coordinator, English)', async () => {
    await pageC.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Deadlines and times' }).click();
    await pageC.getByRole('heading', { level: 1, name: 'Procedure deadlines and times' }).waitFor();
    await pageC.getByText('The whole network', { exact: false }).waitFor();
    expect(await pageC.locator('#sla-total').innerText()).toMatch(/Open\s*3/);
    const times = pageC.getByRole('table', { name: /Time per step/ });
    expect(await times.innerText()).toMatch(/Sent: awaiting an answer\s*20\s*28/);
    expect(await pageC.getByRole('img', { name: /Open steps by step/ }).count()).toBe(1);
    await expectAxeClean(pageC, 'SLA board');
    await pageC.locator('#sla-procedure').selectOption('hotline_first_contact');
    await pageC.getByRole('button', { name: 'Update' }).click();
    await pageC.getByText('No step open or completed in the period.').waitFor();
    await screenshot(pageC, 'sla-board');
    expect(problemsC).toEqual([]);
  });
});
