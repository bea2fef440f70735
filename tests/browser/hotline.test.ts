/**
 * The hotline in the browser: an operator logs a call from the keyboard-first form (province typed
 * with suggestions, the routing proposal shown live, one submit), finds it in the list, overrides
 * the proposed body on a second call (the reason is then required), and puts a body on duty in the
 * roster, which the next proposal then names. Every page is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, screenshot, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';

describe('hotline', () => {
  let ponte: Ponte;
  let browser: Browser;
  let operator: SeededUser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ponte = await startPonte();
    const db = ponte.database.db;
    const hotline = await seedOrganisation(ponte, { code: 'numero-verde', name: 'Numero Verde Antitratta', type: 'hotline' });
    const region = await seedOrganisation(ponte, { code: 'regione', name: 'Regione Prova', type: 'region', provinces: ['001', '002'] });
    const faro = await seedOrganisation(ponte, { code: 'coop-faro', name: 'Cooperativa Faro', provinces: ['001'] });
    await seedOrganisation(ponte, { code: 'assoc-ponte', name: 'Associazione Approdo', provinces: ['002'] });
    const project = await db
      .insertInto('projects')
      .values({ code: 'piano', name: 'Piano', period_start: '2024-01-01', period_end: '2030-12-31', funder: 'DPO', budget_total: '1.00', lead_org_id: region })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('project_partners').values({ project_id: project.id, organisation_id: faro, provinces: ['001'] }).execute();
    operator = await seedUser(ponte, { email: 'operatore@example.org', displayName: 'Operatore Linea', memberships: [{ organisationId: hotline, role: 'hotline_operator' }] });
    browser = await launchBrowser();
    ({ context: ctx, page } = await openPage(browser, ponte.url));
    await submitLogin(page, operator.email, operator.password);
    await completeMfaSetup(page, new Set());
  });

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('logs a routed call from the keyboard, the proposal shown live', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Numero Verde', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Chiamate del Numero Verde' }).waitFor();
    await expectAxeClean(page, 'hotline list (empty)');
    await page.getByRole('link', { name: 'Nuova chiamata' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuova chiamata' }).waitFor();
    // the province field has the focus: type and go on with Tab
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('call-province');
    await page.keyboard.type('torino');
    await page.locator('#call-province-resolved', { hasText: 'Torino (TO)' }).waitFor();
    await page.locator('#call-routing-proposal', { hasText: 'Proposta: Cooperativa Faro — ente competente per la provincia' }).waitFor();
    await page.locator('#call-language').selectOption('pcm');
    await page.locator('label[for="call-urgency-urgent"]').click();
    await page.locator('label[for="call-exploitation-SexualExploitation"]').click();
    await page.locator('label[for="call-anonymous"]').click();
    await page.locator('#call-caller-name').fill('Joy Chiamantefittizia');
    await page.locator('#call-caller-phone').fill('+39 300 000 1234');
    await page.locator('label[for="call-contact-agreed"]').click();
    expect(await page.locator('#call-urgency-urgent').isChecked()).toBe(true);
    expect(await page.locator('#call-contact-agreed').isChecked()).toBe(true);
    await page.locator('#call-summary').fill('Chiede aiuto per uscire da un debito.');
    // The person the call is about: optional coarse values; nationality left as not recorded.
    await page.getByRole('group', { name: 'La persona di cui parla la chiamata (facoltativo)' }).waitFor();
    await page.getByLabel('Sesso/genere', { exact: true }).selectOption({ label: 'Donna' });
    await page.getByLabel('Età', { exact: true }).selectOption({ label: 'Minore di 18 anni' });
    expect(await page.locator('#call-subject-nationality').inputValue()).toBe('');
    await expectAxeClean(page, 'call form');
    await screenshot(page, 'hotline-call-form');
    await page.keyboard.press('Tab');
    await page.locator('#call-summary').press('Tab');
    await page.getByRole('button', { name: 'Registra la chiamata' }).click();
    await page.waitForURL(/\/hotline\/calls\/[0-9a-f-]{36}$/);
    await page.getByText(/Chiamata H-\d{4}-[0-9A-Z]{6} registrata e inviata a Cooperativa Faro \(R-\d{4}-[0-9A-Z]{6}\)\./).waitFor();
    const detail = await page.locator('#call-detail').innerText();
    expect(detail).toContain('Joy Chiamantefittizia');
    expect(detail).toContain('ente competente per la provincia');
    expect(detail).toMatch(/Sesso\/genere\s+Donna/);
    expect(detail).toMatch(/Età\s+Minore di 18 anni/);
    expect(detail).toMatch(/Gruppo di nazionalità apparente\s+Non rilevato/);
    const saved = await ponte.database.db.selectFrom('hotline_calls').select(['subject_sex', 'subject_age', 'subject_nationality']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(saved).toEqual({ subject_sex: 'female', subject_age: 'under_18', subject_nationality: null });
    await expectAxeClean(page, 'call page');
    // At 360 px too.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 780 });
    await expectAxeClean(page, 'call page at 360 px');
    await page.goto('/hotline/new');
    await page.getByRole('group', { name: 'La persona di cui parla la chiamata (facoltativo)' }).waitFor();
    await expectAxeClean(page, 'call form at 360 px');
    if (viewport) await page.setViewportSize(viewport);
  });

  it('refuses an incomplete call on the client, then overrides the proposal with a reason', async () => {
    await page.goto('/hotline/new');
    await page.getByRole('heading', { level: 1, name: 'Nuova chiamata' }).waitFor();
    await page.getByRole('button', { name: 'Registra la chiamata' }).click();
    expect(await page.locator('#call-province-error').innerText()).toBe('obbligatorio');
    await page.locator('#call-province').fill('001');
    await page.locator('#call-routing-proposal', { hasText: 'Cooperativa Faro' }).waitFor();
    await page.locator('#call-route-to').selectOption({ label: 'Un altro ente…' });
    await page.locator('#call-other-body').selectOption({ label: 'Associazione Approdo' });
    await page.getByRole('button', { name: 'Registra la chiamata' }).click();
    expect(await page.locator('#call-override-reason-error').innerText()).toBe('obbligatorio');
    await page.locator('#call-override-reason').fill('La persona si è trasferita a Vercelli.');
    await expectAxeClean(page, 'call form with override');
    await page.getByRole('button', { name: 'Registra la chiamata' }).click();
    await page.getByText(/registrata e inviata a Associazione Approdo/).waitFor();
    expect(await page.locator('#call-detail').innerText()).toContain('scelto dall’operatore');
  });

  it('lists the calls with codes, never names', async () => {
    await page.goto('/hotline');
    await page.locator('#call-table tbody tr').nth(1).waitFor();
    const table = await page.locator('#call-table').innerText();
    expect(table).toMatch(/H-\d{4}-/);
    expect(table).not.toContain('Joy');
    await page.locator('#call-outcome-filter').selectOption('information_given');
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByText('Nessun risultato.').waitFor();
    await expectAxeClean(page, 'hotline list');
  });

  it('puts a body on duty in the roster; the next proposal names it', async () => {
    await page.goto('/hotline/roster');
    await page.getByRole('heading', { level: 1, name: 'Turni di reperibilità' }).waitFor();
    await page.getByText('Nessun turno in corso o in programma.').waitFor();
    await page.getByRole('button', { name: 'Aggiungi un turno' }).click();
    await page.locator('#roster-0-org').selectOption({ label: 'Associazione Approdo' });
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    await page.locator('#roster-0-starts').fill(local(new Date(Date.now() - 3_600_000)));
    await page.locator('#roster-0-ends').fill(local(new Date(Date.now() + 6 * 3_600_000)));
    await page.locator('#roster-0-note').fill('Reperibilità di prova');
    await expectAxeClean(page, 'roster editor');
    await page.getByRole('button', { name: 'Salva i turni' }).click();
    await page.getByText('Turni salvati.').waitFor();
    await page.goto('/hotline/new');
    await page.locator('#call-province').fill('TO');
    await page.locator('#call-routing-proposal', { hasText: 'Proposta: Associazione Approdo — di turno (reperibilità)' }).waitFor();
  });
});
