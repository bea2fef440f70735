/**
 * Cases in the browser: a case worker registers a person, opens a case, moves it to screening,
 * adds a note and asks to close it (approval needed); the coordinator (in English) finds the
 * request in the approvals inbox and a notification on the home page, approves it, and sees the
 * case closed and its access log. Every case tab and list is checked with axe in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  completeMfaSetup,
  expectAxeClean,
  launchBrowser,
  openPage,
  screenshot,
  seedOrganisation,
  seedUser,
  startPonte,
  submitLogin,
  type Ponte,
  type SeededUser,
} from './support/ponte.ts';

describe('cases', () => {
  let ponte: Ponte;
  let browser: Browser;
  let worker: SeededUser;
  let coordinator: SeededUser;
  let ctxW: BrowserContext;
  let pageW: Page;
  let problemsW: string[];
  let ctxC: BrowserContext;
  let pageC: Page;
  let problemsC: string[];
  let casePath = '';
  let caseCode = '';

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'coop-approdo', name: 'Cooperativa Approdo' });
    await seedOrganisation(ponte, { code: 'asl-approdo', name: 'Azienda Sanitaria Approdo' });
    worker = await seedUser(ponte, { email: 'operatrice@example.org', displayName: 'Ilaria Operatrice', memberships: [{ organisationId: org, role: 'case_worker' }] });
    coordinator = await seedUser(ponte, { email: 'coordinator@example.org', displayName: 'Paola Coordinator', locale: 'en', memberships: [{ organisationId: org, role: 'coordinator' }] });
    browser = await launchBrowser();
    ({ context: ctxW, page: pageW, problems: problemsW } = await openPage(browser, ponte.url));
    await submitLogin(pageW, worker.email, worker.password);
    await completeMfaSetup(pageW, new Set());
    ({ context: ctxC, page: pageC, problems: problemsC } = await openPage(browser, ponte.url));
    await submitLogin(pageC, coordinator.email, coordinator.password);
    await completeMfaSetup(pageC, new Set());
  });

  afterAll(async () => {
    await ctxW?.close();
    await ctxC?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('opens a case from the person page', async () => {
    await pageW.goto('/persons/new');
    await pageW.locator('#name-0-full').fill('Grace Ehigiator');
    await pageW.locator('#person-birth-mode').selectOption('year');
    await pageW.locator('#person-birth-year').fill('1999');
    await pageW.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageW.getByRole('button', { name: 'Prosegui con la registrazione' }).click();
    await pageW.getByRole('button', { name: 'Registra la persona' }).click();
    await pageW.getByRole('heading', { level: 1, name: /Grace Ehigiator/ }).waitFor();
    expect(await pageW.getByText('circa 1999 (stimato)').count()).toBe(1);

    await pageW.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageW.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    casePath = new URL(pageW.url()).pathname;
    const h1 = pageW.getByRole('heading', { level: 1, name: /^Presa in carico / });
    await h1.waitFor();
    caseCode = (await h1.innerText()).replace('Presa in carico ', '');
    await pageW.getByText(/Presa in carico .* aperta\./).waitFor();
    expect(await pageW.getByRole('tab', { name: 'Riepilogo' }).getAttribute('aria-selected')).toBe('true');
    expect(await pageW.locator('#panel-summary').innerText()).toContain('Contatto');
    await expectAxeClean(pageW, 'case summary');
    await screenshot(pageW, 'case-summary');
  });

  it('moves the case to screening through the transition form, shown on the timeline', async () => {
    await pageW.getByRole('tab', { name: 'Percorso e storia' }).click();
    await pageW.locator('#phase-timeline li').first().waitFor();
    expect(await pageW.locator('#phase-timeline li').count()).toBe(1);
    await pageW.locator('#transition-to').selectOption('screening');
    await pageW.locator('#transition-reason').fill('Primo colloquio svolto con mediatrice.');
    await expectAxeClean(pageW, 'case path tab');
    await pageW.getByRole('button', { name: 'Cambia fase' }).click();
    await pageW.getByText('Fase cambiata: Emersione e valutazione preliminare.').waitFor();
    await pageW.locator('#phase-timeline li').nth(1).waitFor();
    expect(await pageW.locator('#phase-timeline').innerText()).toContain('Primo colloquio svolto con mediatrice.');
    expect(await pageW.locator('#transition-to option').allInnerTexts()).toContain('Identificazione');
  });

  it('refuses a closure without its reason on the client, then asks for approval', async () => {
    await pageW.locator('#transition-to').selectOption('closed');
    await pageW.locator('#approval-notice').waitFor();
    await pageW.getByRole('button', { name: 'Chiedi l’approvazione' }).click();
    expect(await pageW.locator('#transition-closure-error').innerText()).toBe('Campo obbligatorio.');
    expect(await pageW.locator('#transition-reason-error').innerText()).toBe('Per questo passaggio il motivo è obbligatorio.');
    await pageW.locator('#transition-closure').selectOption('lost_contact');
    await pageW.locator('#transition-reason').fill('Nessun contatto da tre settimane.');
    await pageW.getByRole('button', { name: 'Chiedi l’approvazione' }).click();
    await pageW.getByText('Richiesta inviata: il passaggio sarà applicato dopo l’approvazione.').waitFor();
    await pageW.getByText(/attende l’approvazione di chi coordina/).first().waitFor();
  });

  it('adds a note, and the other tabs are axe-clean', async () => {
    await pageW.getByRole('tab', { name: 'Note' }).click();
    await pageW.getByText('Nessuna nota.').waitFor();
    await pageW.locator('#note-text').fill('Concordato appuntamento con l’avvocata per giovedì.');
    await pageW.getByRole('button', { name: 'Aggiungi la nota' }).click();
    await pageW.getByText('Nota aggiunta.').waitFor();
    await pageW.locator('#note-list li', { hasText: 'Concordato appuntamento con l’avvocata per giovedì.' }).waitFor();
    expect(await pageW.locator('#note-list').innerText()).toContain('Ilaria Operatrice');
    await expectAxeClean(pageW, 'case notes tab');

    for (const [tab, ready] of [
      ['Valutazione preliminare', '#screening-form'],
      ['Progetto individuale', '#goal-title'],
      ['Servizi', '#service-type'],
      ['Documenti', '#document-file'],
    ] as const) {
      await pageW.getByRole('tab', { name: tab }).click();
      await pageW.locator(ready).waitFor();
      await expectAxeClean(pageW, `case tab ${tab}`);
    }
    // The indicative result follows the answers as they are given.
    await pageW.getByRole('tab', { name: 'Valutazione preliminare' }).click();
    expect(await pageW.locator('#screening-result h4').innerText()).toContain('Indicatori insufficienti');
    await screenshot(pageW, 'case-screening');
    // The access log tab is for roles that read the audit trail only.
    expect(await pageW.getByRole('tab', { name: 'Registro accessi' }).count()).toBe(0);
  });

  it('records a screening with the professional’s decision and keeps an uploaded document', async () => {
    await pageW.getByRole('tab', { name: 'Valutazione preliminare' }).click();
    await pageW.locator('#screening-form').waitFor();
    await pageW.locator('#screening-form input[type="radio"][id$="-yes"]').first().check({ force: true });
    await pageW.locator('#screen-decision').selectOption('further_assessment');
    await pageW.locator('#screen-reason').fill('Servono altri colloqui con la mediatrice.');
    await pageW.getByRole('button', { name: 'Registra la valutazione' }).click();
    await pageW.getByText('Valutazione registrata.', { exact: true }).waitFor();
    await pageW.getByText(/Servono ulteriori approfondimenti — Servono altri colloqui con la mediatrice\./).waitFor();

    await pageW.getByRole('tab', { name: 'Documenti' }).click();
    await pageW.getByText('Nessun documento.').waitFor();
    // A file the server does not accept is refused on the client, next to the field.
    await pageW.locator('#document-file').setInputFiles({ name: 'appunti.txt', mimeType: 'text/plain', buffer: Buffer.from('testo') });
    await pageW.getByRole('button', { name: 'Carica', exact: true }).click();
    expect(await pageW.locator('#document-file-error').innerText()).toBe('Sono accettati solo file PDF, PNG o JPEG.');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await pageW.locator('#document-file').setInputFiles({ name: 'verbale.png', mimeType: 'image/png', buffer: png });
    await pageW.getByRole('button', { name: 'Carica', exact: true }).click();
    await pageW.getByText('Documento caricato.').waitFor();
    const link = pageW.locator('#document-table').getByRole('link', { name: 'verbale.png' });
    await link.waitFor();
    const answer = await pageW.request.get(new URL((await link.getAttribute('href')) ?? '', ponte.url).toString());
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await answer.body()).equals(png)).toBe(true);
    await expectAxeClean(pageW, 'case documents tab with a document');
  });

  it('records sharing consent, withdraws it, and keeps tasks with a due date', async () => {
    await pageW.getByRole('tab', { name: 'Consensi' }).click();
    await pageW.getByText('Nessun consenso registrato.').waitFor();
    // Sharing needs the organisation: refused on the client, next to the field.
    await pageW.locator('#consent-purpose').selectOption('sharing');
    await pageW.getByRole('button', { name: 'Registra', exact: true }).click();
    expect(await pageW.locator('#consent-org-error').innerText()).toBe('Campo obbligatorio.');
    await pageW.locator('#consent-org').selectOption({ label: 'Azienda Sanitaria Approdo' });
    await pageW.locator('#consent-interpreter').fill('pcm');
    await pageW.getByRole('button', { name: 'Registra', exact: true }).click();
    await pageW.getByText('Consenso registrato.', { exact: true }).waitFor();
    const row = pageW.locator('#consent-current tr', { hasText: 'Azienda Sanitaria Approdo' });
    await row.getByText('Dato', { exact: true }).waitFor();
    await expectAxeClean(pageW, 'case consent tab');

    await row.getByRole('button', { name: /^Revoca/ }).click();
    await pageW.getByRole('heading', { name: /Revoca del consenso: Condivisione con un ente – Azienda Sanitaria Approdo/ }).waitFor();
    await expectAxeClean(pageW, 'case consent withdrawal form');
    await pageW.getByRole('button', { name: 'Registra la revoca' }).click();
    await pageW.getByText('Revoca registrata.', { exact: true }).waitFor();
    await pageW.locator('#consent-current tr', { hasText: 'Azienda Sanitaria Approdo' }).getByText('Revocato', { exact: true }).waitFor();
    // Both records stay in the history.
    await pageW.locator('summary', { hasText: 'Storico delle registrazioni' }).click();
    expect(await pageW.locator('#consent-history tbody tr').count()).toBe(2);

    await pageW.getByRole('tab', { name: 'Attività' }).click();
    await pageW.getByText('Nessuna attività.').waitFor();
    await pageW.locator('#task-title').fill('Prenotare la visita medica');
    await pageW.locator('#task-due').fill('2020-01-15');
    await pageW.getByRole('button', { name: 'Aggiungi attività' }).click();
    await pageW.getByText('Attività aggiunta.').waitFor();
    const task = pageW.locator('#task-table tr', { hasText: 'Prenotare la visita medica' });
    await task.getByText('Scaduta').waitFor();
    expect(await task.innerText()).toContain('Ilaria Operatrice');
    await expectAxeClean(pageW, 'case tasks tab');
    await task.getByRole('checkbox', { name: 'Segna come fatta: Prenotare la visita medica' }).click({ force: true });
    await task.locator('td.text-decoration-line-through').waitFor();
    expect(await task.getByText('Scaduta').count()).toBe(0);
  });

  it('edits the case: team, trafficking status and exploitation', async () => {
    await pageW.getByRole('tab', { name: 'Riepilogo' }).click();
    await pageW.getByRole('button', { name: 'Modifica la presa in carico' }).click();
    await pageW.locator('#edit-trafficking-status').selectOption('PossibleVictimOfTrafficking');
    await pageW.locator('#edit-exploitation-types-SexualExploitation').check({ force: true });
    await pageW.getByRole('button', { name: 'Aggiungi un componente' }).click();
    // A member without a role is refused on the client.
    await pageW.locator('#edit-team-0-user').selectOption({ label: 'Paola Coordinator (Coordinatore di progetto)' });
    await pageW.getByRole('button', { name: 'Salva', exact: true }).click();
    expect(await pageW.locator('#edit-team-0-role-error').innerText()).toBe('Campo obbligatorio.');
    await pageW.locator('#edit-team-0-role').fill('coordinamento');
    await pageW.locator('#edit-from').fill('2025-03-01');
    await pageW.locator('#edit-to').fill('2025-01-01');
    await pageW.getByRole('button', { name: 'Salva', exact: true }).click();
    expect(await pageW.locator('#edit-to-error').innerText()).toBe('La data di fine non può precedere quella di inizio.');
    await pageW.locator('#edit-to').fill('2025-09-30');
    await expectAxeClean(pageW, 'case edit form');
    await pageW.getByRole('button', { name: 'Salva', exact: true }).click();
    await pageW.getByText('Presa in carico aggiornata.').waitFor();
    const summary = await pageW.locator('#panel-summary').innerText();
    expect(summary).toContain('Paola Coordinator');
    expect(summary).toContain('Sfruttamento sessuale');
  });

  it('follows the individual plan: a goal, an action, their status', async () => {
    await pageW.getByRole('tab', { name: 'Progetto individuale' }).click();
    await pageW.locator('#goal-title').fill('Autonomia abitativa');
    await pageW.getByRole('button', { name: 'Aggiungi l’obiettivo' }).click();
    const goal = pageW.locator('section', { has: pageW.getByRole('heading', { name: 'Autonomia abitativa' }) });
    await goal.waitFor();
    await goal.getByLabel('Azione').fill('Cercare un alloggio in semi-autonomia');
    await goal.getByRole('button', { name: 'Aggiungi l’azione' }).click();
    const action = goal.getByLabel('Stato dell’azione: Cercare un alloggio in semi-autonomia');
    await action.waitFor();
    await action.selectOption('done');
    await goal.locator('li', { hasText: 'Cercare un alloggio in semi-autonomia · fatta' }).waitFor();
    await goal.getByLabel('Stato dell’obiettivo: Autonomia abitativa').selectOption('achieved');
    await expect.poll(async () => goal.getByLabel('Stato dell’obiettivo: Autonomia abitativa').inputValue()).toBe('achieved');
    await pageW.reload();
    await pageW.getByLabel('Stato dell’obiettivo: Autonomia abitativa').waitFor();
    expect(await pageW.getByLabel('Stato dell’obiettivo: Autonomia abitativa').inputValue()).toBe('achieved');
    await expectAxeClean(pageW, 'case plan with statuses');
  });

  it('flags a minor on the case page', async () => {
    await pageW.goto('/persons/new');
    await pageW.locator('#name-0-full').fill('Joy Osagie');
    await pageW.locator('#person-birth-mode').selectOption('year');
    await pageW.locator('#person-birth-year').fill(String(new Date().getFullYear() - 15));
    await pageW.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageW.getByRole('button', { name: /^(Prosegui con la registrazione|Registra comunque)$/ }).click();
    await pageW.getByRole('button', { name: 'Registra la persona' }).click();
    await pageW.locator('#minor-banner').waitFor();
    await pageW.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageW.locator('#case-minor-banner').waitFor();
    expect(await pageW.locator('#case-minor-banner').innerText()).toContain('Tutore non ancora registrato.');
    await pageW.locator('#guardian-name').fill('Avv. Chiara Tutrice');
    await pageW.locator('#juvenile-court').fill('Tribunale per i minorenni di Bari');
    await pageW.getByRole('button', { name: 'Salva' }).click();
    await pageW.getByText('Tutore: Avv. Chiara Tutrice.').waitFor();
    expect(await pageW.locator('#case-minor-banner').innerText()).toContain('Tribunale per i minorenni registrato.');
    await pageW.getByRole('tab', { name: 'Valutazione preliminare' }).click();
    await pageW.getByText(/si usa la lista di indicatori per minori/).waitFor();
    await expectAxeClean(pageW, 'case of a minor');
  });

  it('lists the case with filters', async () => {
    await pageW.goto('/cases?mine=false');
    await pageW.locator('#case-table').waitFor();
    const row = pageW.locator('#case-table tbody tr', { hasText: caseCode });
    await row.waitFor();
    expect(await row.innerText()).toContain('In attesa di approvazione');
    await pageW.locator('#case-phase-filter').selectOption('inclusion');
    await pageW.getByRole('button', { name: 'Filtra' }).click();
    await pageW.waitForURL(/phase=inclusion/);
    await pageW.getByText('Nessun risultato.').waitFor();
    await expectAxeClean(pageW, '/cases');
    expect(problemsW).toEqual([]);
  });

  it('lets the coordinator approve the closure from the inbox, in English', async () => {
    await pageC.goto('/');
    await pageC.locator('#notifications').getByRole('link', { name: 'A case awaits your approval' }).waitFor();
    await expectAxeClean(pageC, 'home with notifications (en)');
    await pageC.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Approvals' }).click();
    await pageC.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    const request = pageC.locator('#approval-list li', { hasText: caseCode });
    await request.waitFor();
    expect(await request.innerText()).toContain('Contact lost');
    expect(await request.innerText()).toContain('Nessun contatto da tre settimane.');
    await expectAxeClean(pageC, '/case-approvals (en)');
    expect(await pageC.locator('#merge-inbox-title').innerText()).toBe('Requests to merge records');
    await request.getByRole('button', { name: 'Approve' }).click();
    await request.waitFor({ state: 'detached' });

    await pageC.goto(casePath);
    await pageC.getByRole('heading', { level: 1, name: `Case ${caseCode}` }).waitFor();
    expect(await pageC.locator('#panel-summary').innerText()).toContain('Closed');
    await pageC.getByRole('tab', { name: 'Path and history' }).click();
    await pageC.locator('#phase-timeline li').nth(2).waitFor();
    expect(await pageC.locator('#phase-timeline').innerText()).toContain('Contact lost');
    await expectAxeClean(pageC, 'case path (en)');
    await pageC.getByRole('tab', { name: 'Access log' }).click();
    await pageC.locator('#case-audit tbody tr').first().waitFor();
    expect(await pageC.locator('#case-audit').innerText()).toContain('case.read');
    await expectAxeClean(pageC, 'case access log (en)');
    await screenshot(pageC, 'case-audit-en');
    expect(problemsC).toEqual([]);
  });
});
