/**
 * Social inclusion in the browser: a case worker records an internship with an exact stipend and a
 * voluntary return from the case's "Inclusione" tab, creates a course, adds a session, enrols the
 * case by its number and marks the register; a coordinator (in English) reads the board, counts
 * only. Every view is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';

function italianDay(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

describe('social inclusion', () => {
  let ponte: Ponte;
  let browser: Browser;
  let worker: SeededUser;
  let coordinator: SeededUser;
  let ctxW: BrowserContext;
  let pageW: Page;
  let ctxC: BrowserContext;
  let pageC: Page;
  let caseCode = '';

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'coop-inclusione', name: 'Cooperativa Inclusione' });
    worker = await seedUser(ponte, { email: 'operatrice-inclusione@example.org', displayName: 'Marta Operatrice', memberships: [{ organisationId: org, role: 'case_worker' }] });
    coordinator = await seedUser(ponte, { email: 'coordinator-inclusion@example.org', displayName: 'Paola Coordinator', locale: 'en', memberships: [{ organisationId: org, role: 'coordinator' }] });
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

  it('records an internship with an exact stipend and a voluntary return from the case tab', async () => {
    await pageW.goto('/persons/new');
    await pageW.locator('#name-0-full').fill('Blessing Ehigiator');
    await pageW.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageW.getByRole('button', { name: 'Prosegui con la registrazione' }).click();
    await pageW.getByRole('button', { name: 'Registra la persona' }).click();
    await pageW.getByRole('heading', { level: 1, name: /Blessing Ehigiator/ }).waitFor();
    await pageW.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageW.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await pageW.getByRole('heading', { level: 1, name: /Presa in carico C-/ }).waitFor();
    const title = await pageW.getByRole('heading', { level: 1 }).innerText();
    caseCode = /C-\d{4}-[0-9A-Z]{6}/.exec(title)?.[0] ?? '';
    expect(caseCode).not.toBe('');

    await pageW.getByRole('tab', { name: 'Inclusione' }).click();
    await pageW.getByRole('heading', { level: 2, name: 'Inclusione sociale e lavorativa' }).waitFor();
    await pageW.getByRole('heading', { level: 4, name: 'Nuovo tirocinio' }).waitFor();
    await expectAxeClean(pageW, 'inclusion tab, empty');
    await pageW.locator('#inc-int-employer').fill('Trattoria Il Portico');
    await pageW.locator('#inc-int-sector').selectOption('I');
    await pageW.locator('#inc-int-stipend').fill('450,50');
    await pageW.locator('#inc-int-start').fill(italianDay(-10));
    await pageW.locator('#inc-int-end').fill(italianDay(-20));
    await pageW.locator('form[aria-labelledby="inc-internship-title"] button[type="submit"]').click();
    expect(await pageW.locator('#inc-int-end-error').innerText()).toBe('La data di fine non può precedere quella di inizio.');
    await pageW.locator('#inc-int-end').fill(italianDay(170));
    await pageW.locator('form[aria-labelledby="inc-internship-title"] button[type="submit"]').click();
    await pageW.locator('#inc-internships-table tbody tr').first().waitFor();
    expect(await pageW.locator('#inc-internships-table').innerText()).toContain('€ 450,50');

    await pageW.locator('#inc-r-country').selectOption('NG');
    await pageW.locator('#inc-r-partner').fill('Partner di reintegrazione');
    await pageW.locator('form[aria-labelledby="inc-return-title"] button[type="submit"]').click();
    await pageW.locator('#inc-returns-table tbody tr').first().waitFor();
    expect(await pageW.locator('#inc-returns-table').innerText()).toContain('Richiesto');
    await expectAxeClean(pageW, 'inclusion tab with records');
  });

  it('creates a course, adds a session, enrols the case by number and marks the register', async () => {
    await pageW.goto('/courses');
    await pageW.getByRole('heading', { level: 1, name: 'Corsi' }).waitFor();
    await pageW.getByText('Nessun corso.').waitFor();
    await pageW.locator('#course-title').fill('Italiano L2 – A2');
    await pageW.locator('#course-kind').selectOption('language');
    await pageW.locator('#course-start').fill(italianDay(-7));
    await pageW.locator('#course-end').fill(italianDay(60));
    await pageW.getByRole('button', { name: 'Crea il corso' }).click();
    await pageW.locator('#courses tbody tr').first().waitFor();
    await expectAxeClean(pageW, 'courses list');
    await pageW.getByRole('link', { name: 'Italiano L2 – A2' }).click();
    await pageW.getByRole('heading', { level: 1, name: 'Corso: Italiano L2 – A2' }).waitFor();
    await pageW.locator('#session-hours').fill('3');
    await pageW.locator('form[aria-labelledby="session-new"] button[type="submit"]').click();
    await pageW.getByText('Lezione aggiunta.').waitFor();
    await pageW.locator('#enrol-code').fill(caseCode);
    await pageW.locator('form[aria-labelledby="enrol-new"] button[type="submit"]').click();
    await pageW.getByText('Caso iscritto.').waitFor();
    await pageW.locator('#attendance-register tbody tr').first().waitFor();
    await pageW.locator('#attendance-register tbody select').first().selectOption('present');
    await pageW.locator('#attendance-save').click();
    await pageW.getByText('Registro salvato.').waitFor();
    await pageW.locator('#course-rate', { hasText: '100%' }).waitFor();
    await expectAxeClean(pageW, 'course page with the register');
  });

  it('a coordinator reads the inclusion board in English: counts only', async () => {
    await pageC.goto('/inclusion');
    await pageC.getByRole('heading', { level: 1, name: 'Inclusion board' }).waitFor();
    await pageC.locator('#board-courses-table tbody tr').first().waitFor();
    const text = await pageC.locator('main').innerText();
    expect(text).toContain('Courses running');
    expect(text).not.toContain(caseCode);
    expect(text).not.toContain('Trattoria');
    await expectAxeClean(pageC, 'inclusion board');
  });
});
