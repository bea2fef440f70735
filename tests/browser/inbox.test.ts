/**
 * The inbox in the browser: a case worker's header badge counts what waits (a procedure step
 * overdue, a transfer proposed by the hotline) with an accessible label listing each kind; the
 * inbox page shows one section per kind with codes and links; the worker refuses the hotline's
 * proposal and the badge goes down; the hotline operator sees the status. Axe on every view,
 * also at 360 px.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newCaseCode, newPersonCode } from '../../src/domain/persons/codes.ts';
import { startRun, systemSeedBuiltinProcedures } from '../../src/server/features/procedures/runs.ts';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';

describe('inbox', () => {
  let ponte: Ponte;
  let browser: Browser;
  let worker: SeededUser;
  let operator: SeededUser;
  let ctxW: BrowserContext;
  let pageW: Page;
  let ctxO: BrowserContext;
  let pageO: Page;
  let caseCode = '';

  beforeAll(async () => {
    ponte = await startPonte();
    const db = ponte.database.db;
    const orgA = await seedOrganisation(ponte, { code: 'inbox-alfa', name: 'Cooperativa Alfa' });
    const orgB = await seedOrganisation(ponte, { code: 'inbox-beta', name: 'Associazione Beta' });
    const hotline = await seedOrganisation(ponte, { code: 'inbox-nv', name: 'Numero Verde', type: 'hotline' });
    worker = await seedUser(ponte, { email: 'operatrice-inbox@example.org', displayName: 'Nadia Alfa', memberships: [{ organisationId: orgA, role: 'case_worker' }] });
    operator = await seedUser(ponte, { email: 'nv-inbox@example.org', displayName: 'Paolo Verde', memberships: [{ organisationId: hotline, role: 'hotline_operator' }] });

    // A case of Alfa (the person's identity is never read here), and the hotline's proposal to move it to Beta.
    const person = await db.insertInto('persons').values({ code: newPersonCode(), owner_org_id: orgA, identity_enc: 'v1:not-read-in-this-test' }).returning('id').executeTakeFirstOrThrow();
    caseCode = newCaseCode(2026);
    const c = await db.insertInto('cases').values({ code: caseCode, person_id: person.id, org_id: orgA, phase: 'first_assistance', status: 'Active', case_worker_id: worker.id }).returning('id').executeTakeFirstOrThrow();
    await db
      .insertInto('transfer_coordinations')
      .values({ id: randomUUID(), hotline_org_id: hotline, case_id: c.id, from_org_id: orgA, to_org_id: orgB, reason: 'safety', status: 'proposed', proposed_by: operator.id, proposed_at: new Date() })
      .execute();
    // A hotline first-contact step Alfa acts on, already overdue.
    await systemSeedBuiltinProcedures({ db });
    const run = await startRun({ db }, { procedureKey: 'hotline_first_contact', subjectType: 'hotline_call', subjectId: randomUUID(), orgIds: [hotline, orgA], now: new Date(Date.now() - 30 * 3_600_000) });
    expect(run.currentStep).toBe('first_contact');

    browser = await launchBrowser();
    ({ context: ctxW, page: pageW } = await openPage(browser, ponte.url));
    await submitLogin(pageW, worker.email, worker.password);
    await completeMfaSetup(pageW, new Set());
    ({ context: ctxO, page: pageO } = await openPage(browser, ponte.url));
    await submitLogin(pageO, operator.email, operator.password);
    await completeMfaSetup(pageO, new Set());
  });

  afterAll(async () => {
    await ctxW?.close();
    await ctxO?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('the header badge counts what waits and names each kind', async () => {
    await pageW.goto('/');
    const badge = pageW.locator('#inbox-badge');
    await badge.waitFor();
    await expectBadge(pageW, '2');
    // Its accessible name: the visible text, then the count of each kind.
    await pageW.getByRole('link', { name: /^Da fare 2\b.*1 passi di procedura.*1 trasferimenti coordinati/ }).waitFor();
    await expectAxeClean(pageW, 'home with the inbox badge');
  });

  it('the inbox page lists each kind with codes and links, at 360 px too', async () => {
    await pageW.locator('#inbox-badge').click();
    await pageW.getByRole('heading', { level: 1, name: 'Da fare' }).waitFor();
    const coordinations = pageW.locator('#inbox-coordinations li');
    await coordinations.first().waitFor();
    const text = await coordinations.first().innerText();
    expect(text).toContain(caseCode);
    expect(text).toContain('Cooperativa Alfa → Associazione Beta');
    const step = pageW.locator('#inbox-steps li').first();
    await step.waitFor();
    expect(await step.innerText()).toContain('Scaduto');
    await pageW.getByRole('heading', { level: 2, name: /Segnalazioni ricevute/ }).waitFor();
    await expectAxeClean(pageW, 'inbox page');
    await pageW.setViewportSize({ width: 360, height: 780 });
    expect(await pageW.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAxeClean(pageW, 'inbox page at 360 px');
    await pageW.setViewportSize({ width: 1280, height: 900 });
  });

  it('the body refuses the hotline’s proposal; the badge goes down; the hotline sees the status', async () => {
    await pageW.locator('#inbox-coordinations li a').first().click();
    await pageW.getByRole('heading', { level: 1, name: 'Trasferimenti coordinati dal Numero Verde' }).waitFor();
    await pageW.getByRole('button', { name: 'Conferma e chiedi il trasferimento' }).waitFor();
    await expectAxeClean(pageW, 'coordinations, sending body');
    await pageW.getByLabel('Motivo del rifiuto').selectOption('handled_locally');
    await pageW.getByRole('button', { name: 'Rifiuta' }).click();
    await pageW.getByText('Risposta registrata.').waitFor();
    await pageW.getByText('Rifiutato dall’ente').waitFor();
    await expectBadge(pageW, '1');

    await pageO.goto('/transfer-coordinations');
    await pageO.getByRole('heading', { level: 2, name: 'Proponi un trasferimento' }).waitFor();
    const item = pageO.locator('#coord-list li').first();
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toContain(caseCode);
    expect(text).toContain('Rifiutato dall’ente');
    expect(text).toContain('la situazione si gestisce sul territorio');
    expect(text).not.toMatch(/P-[0-9A-Z]{4}-/);
    await expectAxeClean(pageO, 'coordinations, hotline');
  });
});

async function expectBadge(page: Page, total: string): Promise<void> {
  await page.locator('#inbox-badge .badge', { hasText: new RegExp(`^${total}$`) }).waitFor();
}
