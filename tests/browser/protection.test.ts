/**
 * Protection and inclusion gaps in the browser (issue 7):
 * - a case worker (criminal.read) records the criminal proceedings of a case from its
 *   "Procedimento penale" tab (complaint, prosecutor's office, role, protection measures) and adds
 *   a hearing; a coordinator of the same body, who reads the case but not criminal proceedings,
 *   finds no such tab, not even by its address, and the API answers 404;
 * - the case worker corrects an expense (over the line: the warning and the reason), meets the
 *   conflict message when someone changed it meanwhile, and cancels it with a reason: it stays
 *   listed, marked, and the total drops to zero;
 * - the coordinator reads the network's inclusion board and the availability board with the
 *   small-cell note, at 360 px too;
 * - the case worker edits a job placement from the "Inclusione" tab and meets the conflict message
 *   when the record changed meanwhile;
 * - a shelter coordinator edits a facility and takes a free bed out of use; taking the occupied bed
 *   out of use is refused with the server's message.
 * Every view is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';

function italianDay(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

describe('protection and inclusion gaps', () => {
  let ponte: Ponte;
  let browser: Browser;
  let worker: SeededUser;
  let coordinator: SeededUser;
  let shelter: SeededUser;
  let ctxW: BrowserContext;
  let pageW: Page;
  let ctxC: BrowserContext;
  let pageC: Page;
  let partner = '';
  let lineId = '';
  let projectId = '';
  let casePath = '';
  const measures = 'Programma di protezione: domicilio riservato e accompagnamento alle udienze';

  beforeAll(async () => {
    ponte = await startPonte();
    const lead = await seedOrganisation(ponte, { code: 'regione-tutela', name: 'Regione Tutela', type: 'region' });
    partner = await seedOrganisation(ponte, { code: 'coop-tutela', name: 'Cooperativa Tutela' });
    await seedOrganisation(ponte, { code: 'procura-tutela', name: 'Procura della Repubblica di Tutela', type: 'prosecutor' });
    const db = ponte.database.db;
    const project = await db
      .insertInto('projects')
      .values({ code: 'piano-tutela', name: 'Piano Tutela', period_start: italianDay(-300), period_end: italianDay(60), funder: 'DPO', budget_total: '100.00', lead_org_id: lead })
      .returning('id')
      .executeTakeFirstOrThrow();
    projectId = project.id;
    await db.insertInto('project_partners').values({ project_id: project.id, organisation_id: partner }).execute();
    lineId = (await db.insertInto('project_budget_lines').values({ project_id: project.id, code: 'C', label: 'Sostegno economico', amount: '100.00' }).returning('id').executeTakeFirstOrThrow()).id;
    worker = await seedUser(ponte, { email: 'operatrice-tutela@example.org', displayName: 'Lidia Operatrice', memberships: [{ organisationId: partner, role: 'case_worker' }] });
    coordinator = await seedUser(ponte, { email: 'coordinatrice-tutela@example.org', displayName: 'Nadia Coordinatrice', memberships: [{ organisationId: partner, role: 'coordinator' }] });
    shelter = await seedUser(ponte, { email: 'struttura-tutela@example.org', displayName: 'Ornella Struttura', memberships: [{ organisationId: partner, role: 'shelter_coordinator' }] });
    browser = await launchBrowser();
    ({ context: ctxW, page: pageW } = await openPage(browser, ponte.url));
    await submitLogin(pageW, worker.email, worker.password);
    await completeMfaSetup(pageW, new Set());
    ({ context: ctxC, page: pageC } = await openPage(browser, ponte.url));
    await submitLogin(pageC, coordinator.email, coordinator.password);
    await completeMfaSetup(pageC, new Set());
  });

  afterAll(async () => {
    await ctxW?.close();
    await ctxC?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('records criminal proceedings and a hearing from the case tab', async () => {
    await pageW.goto('/persons/new');
    await pageW.locator('#name-0-full').fill('Esther Okonkwo');
    await pageW.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageW.getByRole('button', { name: 'Prosegui con la registrazione' }).click();
    await pageW.getByRole('button', { name: 'Registra la persona' }).click();
    await pageW.getByRole('heading', { level: 1, name: /Esther Okonkwo/ }).waitFor();
    await pageW.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageW.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    casePath = new URL(pageW.url()).pathname;

    await pageW.getByRole('tab', { name: 'Procedimento penale' }).click();
    await pageW.locator('#criminal-none').waitFor();
    await expectAxeClean(pageW, 'criminal tab, empty');
    await pageW.getByRole('button', { name: 'Registra il procedimento' }).click();
    await pageW.locator('#criminal-form').waitFor();
    // A date of complaint without a complaint is refused on the client.
    await pageW.locator('#criminal-complaint-on').fill(italianDay(-20));
    await pageW.getByRole('button', { name: 'Salva il procedimento' }).click();
    await pageW.locator('#criminal-complaint-on-error').waitFor();
    await pageW.getByLabel('Denuncia presentata').check({ force: true });
    await pageW.locator('#criminal-prosecutor option', { hasText: 'Procura della Repubblica di Tutela' }).waitFor({ state: 'attached' });
    await pageW.locator('#criminal-prosecutor').selectOption({ label: 'Procura della Repubblica di Tutela' });
    await pageW.locator('#criminal-role').selectOption('injured_party');
    await pageW.locator('#criminal-measures').fill(measures);
    await expectAxeClean(pageW, 'criminal form');
    await pageW.getByRole('button', { name: 'Salva il procedimento' }).click();
    await pageW.getByText('Procedimento penale salvato.').waitFor();
    const summary = await pageW.locator('#criminal-summary').innerText();
    expect(summary).toContain('Denuncia presentata');
    expect(summary).toContain('Procura della Repubblica di Tutela');
    expect(summary).toContain('Persona offesa');
    expect(summary).toContain(measures);

    await pageW.locator('#criminal-hearing-date').fill(italianDay(30));
    await pageW.locator('#criminal-hearing-kind').selectOption('incidente_probatorio');
    await pageW.getByRole('button', { name: 'Aggiungi l’udienza' }).click();
    await pageW.locator('#criminal-hearings tbody tr').first().waitFor();
    expect(await pageW.locator('#criminal-hearings').innerText()).toContain('Incidente probatorio');
    await expectAxeClean(pageW, 'criminal tab with proceedings and a hearing');
    // Edited again: the stored values come back in the form.
    await pageW.getByRole('button', { name: 'Modifica il procedimento' }).click();
    expect(await pageW.locator('#criminal-measures').inputValue()).toBe(measures);
    await pageW.getByRole('button', { name: 'Chiudi senza salvare' }).click();
  });

  it('hides the tab and the data from a coordinator without criminal.read', async () => {
    await pageC.goto(casePath);
    await pageC.getByRole('tab', { name: 'Permesso di soggiorno' }).waitFor();
    expect(await pageC.getByRole('tab', { name: 'Procedimento penale' }).count()).toBe(0);
    await pageC.goto(`${casePath}?tab=criminal`);
    await pageC.getByRole('tab', { name: 'Permesso di soggiorno' }).waitFor();
    expect(await pageC.getByRole('tab', { selected: true }).innerText()).not.toContain('Procedimento penale');
    expect(await pageC.locator('body').innerText()).not.toContain('Programma di protezione');
    const caseId = casePath.split('/').pop() ?? '';
    const api = await pageC.request.get(`/api/cases/${caseId}/criminal-proceedings`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain('Programma di protezione');
    await expectAxeClean(pageC, 'case page without the criminal tab');
  });

  it('corrects an expense, meets a stale edit, and cancels it with a reason', async () => {
    const db = ponte.database.db;
    const caseId = casePath.split('/').pop() ?? '';
    const expense = await db
      .insertInto('expenses')
      .values({ project_id: projectId, budget_line_id: lineId, case_id: caseId, paid_by_org_id: partner, category: 'transport', spent_on: italianDay(-3), amount: '40.00' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await pageW.goto(`${casePath}?tab=expenses`);
    await pageW.locator('#case-expenses tbody tr').first().waitFor();
    expect(await pageW.locator('#case-expenses-total').innerText()).toBe('40,00 €');
    await pageW.getByRole('button', { name: /^Modifica: spesa del/ }).click();
    await pageW.locator('#expense-edit').waitFor();
    await pageW.locator('#expense-edit-amount').fill('100,01');
    await pageW.getByRole('button', { name: 'Salva le modifiche' }).click();
    const warning = pageW.locator('#expense-edit-over-budget');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('100,01 €');
    await expectAxeClean(pageW, 'expense edit, over budget');
    await pageW.locator('#expense-edit-reason').fill('Biglietti per l’udienza fuori regione');
    await pageW.getByRole('button', { name: 'Registra comunque, con il motivo' }).click();
    await pageW.getByText('Spesa modificata.').waitFor();
    await pageW.locator('#case-expenses-total', { hasText: '100,01 €' }).waitFor();

    // Someone else changes it meanwhile: the edit is refused with the conflict message.
    await pageW.getByRole('button', { name: /^Modifica: spesa del/ }).click();
    await pageW.locator('#expense-edit').waitFor();
    await db.updateTable('expenses').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', expense.id).execute();
    await pageW.locator('#expense-edit-amount').fill('90');
    await pageW.getByRole('button', { name: 'Salva le modifiche' }).click();
    await pageW.getByText('La spesa è stata modificata nel frattempo: ricarica e riprova.').waitFor();
    await expectAxeClean(pageW, 'expense edit, conflict');
    await pageW.getByRole('button', { name: 'Chiudi' }).click();

    await pageW.reload();
    await pageW.getByRole('button', { name: /^Annulla spesa: spesa del/ }).click();
    await pageW.locator('#expense-cancel').waitFor();
    await pageW.getByRole('button', { name: 'Annulla la spesa' }).click();
    await pageW.locator('#expense-cancel-reason-error').waitFor();
    await pageW.locator('#expense-cancel-reason').fill('Registrata due volte');
    await pageW.getByRole('button', { name: 'Annulla la spesa' }).click();
    await pageW.getByText('Spesa annullata.').waitFor();
    await pageW.locator('#case-expenses-total', { hasText: '0,00 €' }).waitFor();
    const table = await pageW.locator('#case-expenses tbody').innerText();
    expect(table).toContain('Annullata');
    expect(table).toContain('Registrata due volte');
    expect(await pageW.getByRole('button', { name: /^Modifica: spesa del/ }).count()).toBe(0);
    await expectAxeClean(pageW, 'economic support tab with a cancelled expense');
  });

  it('shows the boards with the small-cell note, at 360 px too', async () => {
    await pageC.goto('/inclusion');
    await pageC.locator('#board-protected-note').waitFor();
    expect(await pageC.locator('#board-protected-note').innerText()).toContain('inferiore a 11');
    await expectAxeClean(pageC, 'inclusion board, network, protected');
    await pageC.goto('/accommodation/availability');
    await pageC.getByRole('heading', { level: 1 }).waitFor();
    await pageC.getByText(/Nessun posto letto registrato|Posti letto liberi/).first().waitFor();
    await expectAxeClean(pageC, 'availability board');
    await pageC.setViewportSize({ width: 360, height: 800 });
    await pageC.goto('/inclusion');
    await pageC.locator('#board-protected-note').waitFor();
    await expectAxeClean(pageC, 'inclusion board at 360 px');
    await pageW.setViewportSize({ width: 360, height: 800 });
    await pageW.goto(`${casePath}?tab=criminal`);
    await pageW.locator('#criminal-summary').waitFor();
    await expectAxeClean(pageW, 'criminal tab at 360 px');
  });

  it('edits a facility and takes a free bed out of use; the occupied bed is refused', async () => {
    const db = ponte.database.db;
    const caseRow = await db.selectFrom('cases').select(['id', 'person_id']).where('id', '=', casePath.split('/').pop() ?? '').executeTakeFirstOrThrow();
    const facility = await db.insertInto('facilities').values({ org_id: partner, facility_type: 'semi_autonomy_flat', name: 'Casa Tutela', province: '001', target_groups: ['women'] }).returning('id').executeTakeFirstOrThrow();
    const beds = await db.insertInto('facility_beds').values([{ facility_id: facility.id, label: 'L1', kind: 'single' }, { facility_id: facility.id, label: 'L2', kind: 'single' }]).returning(['id', 'label']).execute();
    const taken = beds.find((b) => b.label === 'L1');
    await db.insertInto('placements').values({ bed_id: taken?.id ?? '', person_id: caseRow.person_id, case_id: caseRow.id, starts_on: italianDay(-2) }).execute();
    const { context, page } = await openPage(browser, ponte.url);
    try {
      await submitLogin(page, shelter.email, shelter.password);
      await completeMfaSetup(page, new Set());
      await page.goto(`/accommodation/facilities/${facility.id}`);
      await page.getByRole('heading', { level: 1, name: 'Casa Tutela' }).waitFor();
      await page.getByRole('button', { name: 'Metti fuori uso: L1' }).click();
      await page.getByText('Ci sono inserimenti in corso o futuri: chiudili prima di disattivare.').waitFor();
      await page.getByRole('button', { name: 'Metti fuori uso: L2' }).click();
      await page.getByRole('button', { name: 'Rimetti in uso: L2' }).waitFor();
      expect(await db.selectFrom('facility_beds').select('is_active').where('label', '=', 'L2').where('facility_id', '=', facility.id).executeTakeFirstOrThrow()).toEqual({ is_active: false });
      await page.getByRole('button', { name: 'Modifica la struttura' }).click();
      await page.locator('#facility-edit-name').fill('Casa Tutela Nord');
      await expectAxeClean(page, 'facility edit form');
      await page.getByRole('button', { name: 'Salva le modifiche' }).click();
      await page.getByRole('heading', { level: 1, name: 'Casa Tutela Nord' }).waitFor();
      await page.getByText('Struttura aggiornata.').waitFor();
      await expectAxeClean(page, 'facility page after edits');
    } finally {
      await context.close();
    }
  });

  it('edits a job placement from the inclusion tab; a stale edit shows the conflict', async () => {
    await pageW.setViewportSize({ width: 1280, height: 900 });
    await pageW.goto(`${casePath}?tab=inclusion`);
    await pageW.locator('#inc-pl-employer').waitFor();
    await pageW.locator('#inc-pl-employer').fill('Serra Fiorita');
    await pageW.locator('#inc-pl-contract').selectOption('seasonal');
    await pageW.locator('#inc-pl-start').fill(italianDay(-10));
    await pageW.locator('#inc-placements').locator('..').getByRole('button', { name: 'Aggiungi' }).click();
    await pageW.getByRole('button', { name: /^Modifica: .*Serra Fiorita/ }).click();
    await pageW.locator('#inc-edit-pl-hours').fill('30');
    await pageW.locator('#inc-edit-pl-contract').selectOption('fixed_term');
    await expectAxeClean(pageW, 'inclusion tab, placement edit form');
    await pageW.getByRole('button', { name: 'Salva le modifiche' }).click();
    await pageW.getByText('Dati salvati.').waitFor();
    const row = pageW.locator('#inc-placements-table tbody tr', { hasText: 'Serra Fiorita' });
    await row.getByText('Tempo determinato').waitFor();
    expect(await row.innerText()).toMatch(/\b30(\.0)?\b/);
    // Someone else changes it meanwhile: the edit is refused with the conflict message.
    await pageW.getByRole('button', { name: /^Modifica: .*Serra Fiorita/ }).click();
    await pageW.locator('#inc-edit-pl-hours').waitFor();
    await ponte.database.db.updateTable('inclusion_job_placements').set((eb) => ({ version: eb('version', '+', 1) })).execute();
    await pageW.locator('#inc-edit-pl-hours').fill('20');
    await pageW.getByRole('button', { name: 'Salva le modifiche' }).click();
    await pageW.getByText(/modificato nel frattempo: ricarica e riprova/).waitFor();
    await expectAxeClean(pageW, 'inclusion tab, stale edit');
  });
});
