/**
 * Case transfers in the browser: a case worker of body A asks body B to take a case over from the
 * case page (the form checks the explanation), and finds the request among the sent transfers; a
 * case worker of B (in English) accepts it from the received transfers; A then reads, read only,
 * what it wrote while it held the case. Every view is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAxeClean, seedOrganisation, seedUser, type Ponte, type SeededUser } from './support/ponte.ts';
import { startStage, type Stage } from './support/stage.ts';

describe('case transfers', () => {
  let stage: Stage;
  let ponte: Ponte;
  let workerA: SeededUser;
  let workerB: SeededUser;
  let orgB = '';
  let pageA: Page;
  let pageB: Page;
  let caseId = '';

  beforeAll(async () => {
    stage = await startStage();
    ponte = stage.ponte;
    const orgA = await seedOrganisation(ponte, { code: 'coop-alfa-tr', name: 'Cooperativa Alfa' });
    orgB = await seedOrganisation(ponte, { code: 'coop-beta-tr', name: 'Associazione Beta' });
    workerA = await seedUser(ponte, { email: 'operatrice-alfa@example.org', displayName: 'Lucia Alfa', memberships: [{ organisationId: orgA, role: 'case_worker' }] });
    workerB = await seedUser(ponte, { email: 'worker-beta@example.org', displayName: 'Sam Beta', locale: 'en', memberships: [{ organisationId: orgB, role: 'case_worker' }] });
    ({ page: pageA } = await stage.login(workerA));
    ({ page: pageB } = await stage.login(workerB));
  });

  afterAll(async () => {
    await stage?.close();
  });

  it('A asks B to take the case over from the case page', async () => {
    await pageA.goto('/persons/new');
    await pageA.locator('#name-0-full').fill('Grace Trasferita');
    await pageA.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageA.getByRole('button', { name: 'Prosegui con la registrazione' }).click();
    await pageA.getByRole('button', { name: 'Registra la persona' }).click();
    await pageA.getByRole('heading', { level: 1, name: /Grace Trasferita/ }).waitFor();
    await pageA.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageA.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = new URL(pageA.url()).pathname.split('/').at(-1) ?? '';
    // The person's sharing consent for B (recorded in the case; here written directly).
    await ponte.database.db
      .insertInto('case_consents')
      .values({ case_id: caseId, purpose: 'sharing', organisation_id: orgB, status: 'given', decided_on: '2026-01-02', method: 'written', given_by: 'person', recorded_by: workerA.id })
      .execute();

    await pageA.locator('#case-transfer').click();
    await pageA.getByRole('heading', { level: 1, name: 'Trasferisci la presa in carico' }).waitFor();
    await pageA.locator('#transfer-to option', { hasText: 'Associazione Beta' }).waitFor({ state: 'attached' });
    await pageA.locator('#transfer-to').selectOption({ label: 'Associazione Beta' });
    await pageA.locator('#transfer-reason').selectOption('change_of_location');
    await pageA.locator('#transfer-explanation').fill('Breve');
    await pageA.getByRole('button', { name: 'Chiedi il trasferimento' }).click();
    expect(await pageA.locator('#transfer-explanation-error').innerText()).toBe('Scrivi almeno 10 caratteri.');
    await expectAxeClean(pageA, 'transfer request form with an error');
    await pageA.locator('#transfer-explanation').fill('La persona si trasferisce dalla sorella in un’altra regione.');
    await pageA.getByRole('button', { name: 'Chiedi il trasferimento' }).click();
    await pageA.getByText('Richiesta di trasferimento inviata.').waitFor();
    await pageA.locator('.transfer-item').first().waitFor();
    const item = await pageA.locator('.transfer-item').first().innerText();
    expect(item).toContain('Associazione Beta');
    expect(item).toContain('In attesa');
    expect(item).toContain('Consenso della persona');
    expect(item).not.toContain('Grace');
    await pageA.getByRole('button', { name: 'Ritira la richiesta' }).waitFor();
    await expectAxeClean(pageA, 'sent transfers');
  });

  it('B accepts it from the received transfers (in English)', async () => {
    await pageB.goto('/transfers');
    await pageB.getByRole('heading', { level: 1, name: 'Case transfers' }).waitFor();
    await pageB.locator('.transfer-item').first().waitFor();
    expect(await pageB.locator('.transfer-item').first().innerText()).toContain('Cooperativa Alfa');
    await expectAxeClean(pageB, 'received transfers');
    // Declining needs a note.
    await pageB.getByRole('button', { name: 'Decline', exact: true }).click();
    await pageB.getByText('Write why you decline.').waitFor();
    await pageB.getByRole('button', { name: 'Accept the transfer' }).click();
    await pageB.getByText('Transfer accepted: the case now belongs to your body.').waitFor();
    await pageB.locator('.transfer-item .badge', { hasText: 'Accepted' }).waitFor();
    const owner = await ponte.database.db.selectFrom('cases').select('org_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(owner.org_id).toBe(orgB);
  });

  it('A reads, read only, what it wrote while it held the case', async () => {
    await pageA.goto('/transfers?box=out');
    await pageA.locator('.transfer-item .badge', { hasText: 'Accettato' }).waitFor();
    await pageA.getByRole('link', { name: 'Quanto avete scritto nel caso' }).click();
    await pageA.getByRole('heading', { level: 1, name: /quanto avete scritto/ }).waitFor();
    await pageA.getByRole('heading', { level: 2, name: 'Note' }).waitFor();
    expect(await pageA.locator('main button').count()).toBe(0);
    await expectAxeClean(pageA, 'former owner records');
  });
});
