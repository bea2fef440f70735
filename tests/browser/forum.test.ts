/**
 * The consultation forum in the browser: a case worker asks a question, sees the live
 * personal-data warning while typing a phone number and is stopped until it is removed; an expert
 * (the coordinator, in English) answers, accepts the answer and locks the thread with a reason; the
 * question is then found in the knowledge base by search. Every view is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';

describe('consultation forum', () => {
  let ponte: Ponte;
  let browser: Browser;
  let worker: SeededUser;
  let expert: SeededUser;
  let ctxW: BrowserContext;
  let pageW: Page;
  let ctxE: BrowserContext;
  let pageE: Page;
  let threadPath = '';
  const title = 'Conversione del permesso per casi speciali con un contratto a termine';

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'coop-forum', name: 'Cooperativa Forum' });
    worker = await seedUser(ponte, { email: 'operatrice-forum@example.org', displayName: 'Marta Operatrice', memberships: [{ organisationId: org, role: 'case_worker' }] });
    expert = await seedUser(ponte, { email: 'coordinator-forum@example.org', displayName: 'Paola Coordinator', locale: 'en', memberships: [{ organisationId: org, role: 'coordinator' }] });
    browser = await launchBrowser();
    ({ context: ctxW, page: pageW } = await openPage(browser, ponte.url));
    await submitLogin(pageW, worker.email, worker.password);
    await completeMfaSetup(pageW, new Set());
    ({ context: ctxE, page: pageE } = await openPage(browser, ponte.url));
    await submitLogin(pageE, expert.email, expert.password);
    await completeMfaSetup(pageE, new Set());
  });

  afterAll(async () => {
    await ctxW?.close();
    await ctxE?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('asks a question: the live warning names the phone number and holds the form until it is gone', async () => {
    await pageW.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Forum di consulenza', exact: true }).click();
    await pageW.getByRole('heading', { level: 1, name: 'Forum di consulenza' }).waitFor();
    await pageW.locator('#forum-count').waitFor();
    await expectAxeClean(pageW, 'forum list, empty');
    await pageW.getByRole('link', { name: 'Fai una domanda' }).click();
    await pageW.getByRole('heading', { level: 1, name: 'Nuova domanda' }).waitFor();
    await expect(pageW.locator('#forum-no-personal-data').textContent()).resolves.toContain('Niente dati personali');
    await pageW.locator('#forum-title').fill(title);
    await pageW.locator('#forum-new-category').selectOption('residence_permits');
    await pageW.locator('#forum-tags').fill('conversione, Art 18');
    await pageW.locator('#forum-body').fill('Serve un contratto a tempo indeterminato? La persona ci ha lasciato il numero 333 123 4567 per aggiornamenti.');
    const warning = pageW.locator('.forum-pii-list li');
    await warning.first().waitFor();
    expect(await warning.allTextContents()).toEqual(['testo: numero di telefono «333 123 4567»']);
    await expectAxeClean(pageW, 'ask form with the personal-data warning');
    await pageW.getByRole('button', { name: 'Invia la domanda' }).click();
    await pageW.getByText('Il testo sembra contenere dati personali: correggilo prima di inviare.').waitFor();
    expect(pageW.url()).toMatch(/\/forum\/new$/);

    await pageW.locator('#forum-body').fill('Serve un contratto a tempo indeterminato o basta un contratto a termine?');
    await warning.first().waitFor({ state: 'detached' });
    await pageW.getByRole('button', { name: 'Invia la domanda' }).click();
    await pageW.getByRole('heading', { level: 1, name: title }).waitFor();
    threadPath = new URL(pageW.url()).pathname;
    expect(threadPath).toMatch(/^\/forum\/[0-9a-f-]{36}$/);
    await pageW.getByText('Ancora nessuna risposta.').waitFor();
    expect(await pageW.locator('#forum-thread-meta').textContent()).toContain('#art-18');
    await expectAxeClean(pageW, 'question page, no answers');
  });

  it('an expert answers, accepts and locks the thread; the question is in the knowledge base', async () => {
    await pageE.goto(threadPath);
    await pageE.getByRole('heading', { level: 1, name: title }).waitFor();
    await pageE.locator('#forum-answer').fill('A **fixed-term** contract is enough; an internship is not.');
    await pageE.getByRole('button', { name: 'Publish the answer' }).click();
    await pageE.locator('#forum-answers li').first().waitFor();
    expect(await pageE.locator('#forum-answers li strong').first().textContent()).toBe('fixed-term');
    await pageE.getByRole('button', { name: 'Accept this answer' }).click();
    await pageE.getByText('Accepted answer', { exact: true }).waitFor();
    await pageE.getByRole('button', { name: 'Lock the thread' }).click();
    await pageE.locator('#forum-mod-reason').fill('Complete answer');
    await pageE.getByRole('button', { name: 'Confirm' }).click();
    await pageE.locator('#forum-moderation-log li').first().waitFor();
    expect(await pageE.locator('#forum-moderation-log li').first().textContent()).toMatch(/Lock the thread — Complete answer$/);
    await pageE.getByText('The thread is closed or locked: it takes no new answers.').waitFor();
    await expectAxeClean(pageE, 'thread with accepted answer and moderation');

    await pageW.goto('/forum');
    await pageW.locator('#forum-search').fill('contratti termine');
    await pageW.locator('#forum-status').selectOption('answered');
    await pageW.getByRole('button', { name: 'Cerca', exact: true }).click();
    await pageW.locator('#forum-threads li').first().waitFor();
    expect(await pageW.locator('#forum-threads h2').allTextContents()).toEqual([title]);
    expect(await pageW.locator('#forum-threads li').first().textContent()).toContain('Con risposta');
    await expectAxeClean(pageW, 'forum list, search results');
  });
});
