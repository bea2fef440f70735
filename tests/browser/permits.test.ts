/**
 * Residence permits in the browser: a case worker opens the "Permesso di soggiorno" tab of a case,
 * prepares an art. 18 request (social path, proposed by the social services), records its
 * submission and its issue with the expiry date through the step buttons, and finds the legal
 * status on the person page; a coordinator (in English) reads the tab without write controls.
 * Every view is checked with axe.
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

describe('residence permits', () => {
  let stage: Stage;
  let ponte: Ponte;
  let worker: SeededUser;
  let coordinator: SeededUser;
  let pageW: Page;
  let pageC: Page;
  let casePath = '';
  let personPath = '';

  beforeAll(async () => {
    stage = await startStage();
    ponte = stage.ponte;
    const org = await seedOrganisation(ponte, { code: 'coop-permessi', name: 'Cooperativa Permessi' });
    worker = await seedUser(ponte, { email: 'operatrice-permessi@example.org', displayName: 'Marta Operatrice', memberships: [{ organisationId: org, role: 'case_worker' }] });
    coordinator = await seedUser(ponte, { email: 'coordinator-permits@example.org', displayName: 'Paola Coordinator', locale: 'en', memberships: [{ organisationId: org, role: 'coordinator' }] });
    ({ page: pageW } = await stage.login(worker));
    ({ page: pageC } = await stage.login(coordinator));
  });

  afterAll(async () => {
    await stage?.close();
  });

  it('prepares an art. 18 request from the case tab', async () => {
    await pageW.goto('/persons/new');
    await pageW.locator('#name-0-full').fill('Joy Osarumwense');
    await pageW.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageW.getByRole('button', { name: 'Prosegui con la registrazione' }).click();
    await pageW.getByRole('button', { name: 'Registra la persona' }).click();
    await pageW.getByRole('heading', { level: 1, name: /Joy Osarumwense/ }).waitFor();
    personPath = new URL(pageW.url()).pathname;
    await pageW.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageW.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    casePath = new URL(pageW.url()).pathname;

    await pageW.getByRole('tab', { name: 'Permesso di soggiorno' }).click();
    await pageW.getByText('Nessuna richiesta di permesso registrata.').waitFor();
    await expectAxeClean(pageW, 'permits tab, empty');
    // The proposer is asked for art. 18 only, and is then required.
    await pageW.locator('#permit-type').selectOption('art18_social');
    await pageW.locator('#permit-proposer').waitFor();
    await pageW.getByRole('button', { name: 'Registra la richiesta' }).click();
    expect(await pageW.locator('#permit-proposer-error').innerText()).toBe('Campo obbligatorio.');
    await pageW.locator('#permit-proposer').selectOption('social_services');
    await pageW.locator('#permit-requested').fill(italianDay(-20));
    await pageW.locator('#permit-note').fill('Relazione dei servizi sociali allegata.');
    await pageW.getByRole('button', { name: 'Registra la richiesta' }).click();
    await pageW.getByText('Richiesta registrata.').waitFor();
    await pageW.getByRole('heading', { level: 3, name: /Art\. 18 – casi speciali, percorso sociale/ }).waitFor();
    expect(await pageW.locator('.permit-card').innerText()).toContain('In preparazione');
    await expectAxeClean(pageW, 'permits tab with a request');
  });

  it('records submission and issue with the step buttons, the expiry date required', async () => {
    await pageW.getByRole('button', { name: 'Registra: Presentato in Questura' }).click();
    await pageW.getByRole('heading', { name: 'Passaggio: Presentato in Questura' }).waitFor();
    await expectAxeClean(pageW, 'permit step form');
    await pageW.getByRole('button', { name: 'Salva il passaggio' }).click();
    await pageW.getByText('Passaggio registrato.').waitFor();
    await pageW.getByRole('button', { name: 'Registra: Rilasciato' }).click();
    await pageW.getByRole('button', { name: 'Salva il passaggio' }).click();
    await pageW.locator('[id$="-expires-error"]').waitFor();
    await pageW.locator('input[id^="step-"][id$="-expires"]').fill(italianDay(30));
    await pageW.locator('input[id^="step-"][id$="-number"]').fill('I0P9QZ1122');
    await pageW.getByRole('button', { name: 'Salva il passaggio' }).click();
    await pageW.getByText('Passaggio registrato.').waitFor();
    await pageW.locator('.permit-card .badge', { hasText: 'Rilasciato' }).waitFor();
    // 30 days ahead: inside the renewal window.
    await pageW.locator('.permit-card .badge', { hasText: 'Rinnovo da chiedere' }).waitFor();
    const history = await pageW.locator('.permit-history tbody tr').allInnerTexts();
    expect(history).toHaveLength(3);
    expect(await pageW.getByRole('button', { name: 'Registra: Rinnovo richiesto' }).count()).toBe(1);
    await expectAxeClean(pageW, 'permits tab, issued');
    await screenshot(pageW, 'case-permits');
  });

  it('shows the legal status on the person page', async () => {
    await pageW.goto(personPath);
    await pageW.getByRole('heading', { level: 2, name: 'Situazione giuridica (permessi di soggiorno)' }).waitFor();
    await pageW.locator('#legal-status tbody tr').first().waitFor();
    expect(await pageW.locator('#legal-status').innerText()).toContain('Rilasciato');
    await pageW.getByText(/Permesso in vigore: Art\. 18/).waitFor();
    await expectAxeClean(pageW, 'person legal status');
  });

  it('a coordinator reads the tab in English, without write controls', async () => {
    await pageC.goto(`${casePath}?tab=permits`);
    await pageC.getByRole('heading', { level: 2, name: 'Residence permit' }).waitFor();
    await pageC.locator('.permit-card .badge', { hasText: 'Issued' }).waitFor();
    expect(await pageC.getByRole('button', { name: /^Record:/ }).count()).toBe(0);
    expect(await pageC.locator('#permit-type').count()).toBe(0);
    await expectAxeClean(pageC, 'permits tab in English');
  });
});
