/**
 * Economic support and budget in the browser: a partner's case worker records economic support
 * from the "Sostegno economico" tab of a case, meets the over-budget warning and records the
 * expense with a reason; the lead body's coordinator (in English) reads the spending page with
 * the per-line, per-month and per-body tables and the chart, and downloads the funder's CSV,
 * which names the case code and not the person's description. Every view is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  expectAxeClean,
  screenshot,
  seedOrganisation,
  seedUser,
  type Ponte,
  type SeededUser,
} from './support/ponte.ts';
import { startStage, type Stage } from './support/stage.ts';

function italianDay(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

describe('economic support and budget', () => {
  let stage: Stage;
  let ponte: Ponte;
  let worker: SeededUser;
  let coordinator: SeededUser;
  let pageW: Page;
  let pageC: Page;
  let caseCode = '';

  beforeAll(async () => {
    stage = await startStage();
    ponte = stage.ponte;
    const lead = await seedOrganisation(ponte, { code: 'regione-spese', name: 'Regione Spese', type: 'region' });
    const partner = await seedOrganisation(ponte, { code: 'coop-spese', name: 'Cooperativa Spese' });
    const db = ponte.database.db;
    const project = await db
      .insertInto('projects')
      .values({ code: 'piano-spese', name: 'Piano antitratta Spese', period_start: italianDay(-300), period_end: italianDay(60), funder: 'DPO', budget_total: '5100.00', lead_org_id: lead })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('project_partners').values({ project_id: project.id, organisation_id: partner }).execute();
    await db
      .insertInto('project_budget_lines')
      .values([
        { project_id: project.id, code: 'A', label: 'Personale', amount: '5000.00' },
        { project_id: project.id, code: 'C', label: 'Sostegno economico', amount: '100.00' },
      ])
      .execute();
    worker = await seedUser(ponte, { email: 'operatrice-spese@example.org', displayName: 'Rita Operatrice', memberships: [{ organisationId: partner, role: 'case_worker' }] });
    coordinator = await seedUser(ponte, { email: 'coordinator-spending@example.org', displayName: 'Anna Coordinator', locale: 'en', memberships: [{ organisationId: lead, role: 'coordinator' }] });
    ({ page: pageW } = await stage.login(worker));
    ({ page: pageC } = await stage.login(coordinator));
  });

  afterAll(async () => {
    await stage?.close();
  });

  it('records economic support from the case tab, with a reason when over budget', async () => {
    await pageW.goto('/persons/new');
    await pageW.locator('#name-0-full').fill('Mercy Adebayo');
    await pageW.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageW.getByRole('button', { name: 'Prosegui con la registrazione' }).click();
    await pageW.getByRole('button', { name: 'Registra la persona' }).click();
    await pageW.getByRole('heading', { level: 1, name: /Mercy Adebayo/ }).waitFor();
    await pageW.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageW.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const row = await ponte.database.db.selectFrom('cases').select('code').executeTakeFirstOrThrow();
    caseCode = row.code;

    await pageW.getByRole('tab', { name: 'Sostegno economico' }).click();
    await pageW.getByText('Nessuna spesa registrata per questa presa in carico.').waitFor();
    await pageW.locator('#case-expense-line').waitFor();
    await expectAxeClean(pageW, 'economic support tab, empty');
    // The amount is checked on the client: no float, two decimals at most.
    await pageW.getByRole('button', { name: 'Registra la spesa' }).click();
    expect(await pageW.locator('#case-expense-amount-error').innerText()).toBe('Campo obbligatorio.');
    await pageW.locator('#case-expense-line').selectOption({ label: 'C – Sostegno economico (100,00 €)' });
    await pageW.locator('#case-expense-category').selectOption('transport');
    await pageW.locator('#case-expense-amount').fill('60,10');
    await pageW.locator('#case-expense-description').fill('Abbonamento mensile per i colloqui in Questura');
    await pageW.getByRole('button', { name: 'Registra la spesa' }).click();
    await pageW.locator('#case-expenses tbody tr').first().waitFor();

    // 60.10 + 40.00 goes over the line of 100.00: the warning with the figures, and a reason.
    await pageW.locator('#case-expense-line').selectOption({ label: 'C – Sostegno economico (100,00 €)' });
    await pageW.locator('#case-expense-category').selectOption('bureaucratic_fees');
    await pageW.locator('#case-expense-amount').fill('40');
    await pageW.getByRole('button', { name: 'Registra la spesa' }).click();
    const warning = pageW.locator('#case-expense-over-budget');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('già speso 60,10 €');
    await expectAxeClean(pageW, 'over-budget warning');
    await pageW.getByRole('button', { name: 'Registra comunque, con il motivo' }).click();
    expect(await pageW.locator('#case-expense-reason-error').innerText()).toBe('Campo obbligatorio.');
    await pageW.locator('#case-expense-reason').fill('Rinnovo del passaporto non rinviabile');
    await pageW.getByRole('button', { name: 'Registra comunque, con il motivo' }).click();
    await pageW.locator('#case-expenses tbody tr').nth(1).waitFor();
    expect(await pageW.locator('#case-expenses-total').innerText()).toBe('100,10 €');
    expect(await pageW.locator('#case-expenses tbody').innerText()).toContain('Fuori budget');
    await expectAxeClean(pageW, 'economic support tab with expenses');
    await screenshot(pageW, 'case-expenses');
  });

  it('shows spent vs budget per line, month and body to the coordinator, and exports for the funder', async () => {
    await pageC.goto('/spending');
    await pageC.getByRole('heading', { level: 1, name: 'Spending and budget' }).waitFor();
    await pageC.locator('#spending-lines tbody tr').nth(1).waitFor();
    const lineC = await pageC.locator('#spending-lines tbody tr', { hasText: 'Sostegno economico' }).innerText();
    expect(lineC).toContain('€100.00');
    expect(lineC).toContain('€100.10');
    expect(lineC).toContain('-€0.10');
    expect(lineC).toContain('100.1 %');
    expect(lineC).toContain('Over budget');
    expect(await pageC.locator('#spending-partners tbody').innerText()).toContain('Cooperativa Spese');
    expect(await pageC.locator('#spending-months tbody tr').count()).toBeGreaterThanOrEqual(10);
    await pageC.locator('svg[role="img"]').first().waitFor();
    // The coordinator's body does not see the partner's case: the case code, not the description.
    await pageC.locator('#spending-expenses tbody tr').nth(1).waitFor();
    expect(await pageC.locator('#spending-expenses').innerText()).toContain(caseCode);
    await expectAxeClean(pageC, 'spending page');
    await screenshot(pageC, 'spending');

    const href = await pageC.getByRole('link', { name: 'Export for the funder (CSV)' }).getAttribute('href');
    const csv = await pageC.request.get(new URL(href ?? '', ponte.url).toString());
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain(caseCode);
    expect(text).not.toContain('Questura');
    expect(text).toContain(',100.10,,,,,Total');
  });
});
