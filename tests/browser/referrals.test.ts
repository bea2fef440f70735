/**
 * Referrals in the browser: a case worker of body A registers a person, opens a case, records the
 * sharing consent for body B and refers the case to B through the wizard (share set narrowed, the
 * preview checked); a referral to body C without consent is blocked in the wizard, and a
 * coordinator sends it only with a written override reason. B's worker sees
 * the badge and the referral in the in-box, opens it and sees only the shared fields, accepts,
 * writes a message and takes the person in charge; A sees the status and the message. An agency
 * liaison sends a referral with the agency form; A accepts it and links one of its cases by code.
 * Every page is checked with axe in it and en.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  expectAxeClean,
  screenshot,
  seedOrganisation,
  seedUser,
  type Ponte,
} from './support/ponte.ts';
import { startStage, type Stage } from './support/stage.ts';

async function toEnglish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('html[lang="en"]').waitFor();
}

async function toItalian(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Italiano' }).click();
  await page.locator('html[lang="it"]').waitFor();
}

describe('referrals', () => {
  let stage: Stage;
  let ponte: Ponte;
  let pageA: Page;
  let pageB: Page;
  let pageL: Page;
  let pageC: Page;
  let problemsC: string[];
  let problemsA: string[];
  let problemsB: string[];
  let problemsL: string[];
  let casePath = '';
  let caseCode = '';
  let referralPath = '';
  let referralCode = '';

  beforeAll(async () => {
    stage = await startStage();
    ponte = stage.ponte;
    const orgA = await seedOrganisation(ponte, { code: 'coop-alfa', name: 'Cooperativa Alfa' });
    const orgB = await seedOrganisation(ponte, { code: 'asl-beta', name: 'Azienda Sanitaria Beta', type: 'health_authority' });
    await seedOrganisation(ponte, { code: 'casa-gamma', name: 'Casa Gamma' });
    const commission = await seedOrganisation(ponte, { code: 'ct-delta', name: 'Commissione Territoriale Delta', type: 'asylum_commission' });
    const workerA = await seedUser(ponte, { email: 'alfa@example.org', displayName: 'Anna Alfa', memberships: [{ organisationId: orgA, role: 'case_worker' }] });
    const workerB = await seedUser(ponte, { email: 'beta@example.org', displayName: 'Bruno Beta', memberships: [{ organisationId: orgB, role: 'case_worker' }] });
    const coordinator = await seedUser(ponte, { email: 'coord@example.org', displayName: 'Carla Coordinatrice', memberships: [{ organisationId: orgA, role: 'coordinator' }] });
    const liaison = await seedUser(ponte, { email: 'delta@example.org', displayName: 'Dora Delta', memberships: [{ organisationId: commission, role: 'agency_liaison' }] });
    ({ page: pageA, problems: problemsA } = await stage.login(workerA));
    ({ page: pageB, problems: problemsB } = await stage.login(workerB));
    ({ page: pageL, problems: problemsL } = await stage.login(liaison));
    ({ page: pageC, problems: problemsC } = await stage.login(coordinator));
  });

  afterAll(async () => {
    await stage?.close();
  });

  it('A opens a case and records sharing consent for B', async () => {
    await pageA.goto('/persons/new');
    await pageA.locator('#name-0-full').fill('Joy Osagie');
    await pageA.locator('#person-birth-mode').selectOption('year');
    await pageA.locator('#person-birth-year').fill('1998');
    await pageA.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageA.getByRole('button', { name: 'Prosegui con la registrazione' }).click();
    await pageA.getByRole('button', { name: 'Registra la persona' }).click();
    await pageA.getByRole('heading', { level: 1, name: /Joy Osagie/ }).waitFor();
    await pageA.getByRole('button', { name: 'Apri una presa in carico' }).click();
    await pageA.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    casePath = new URL(pageA.url()).pathname;
    const caseH1 = pageA.getByRole('heading', { level: 1, name: /^Presa in carico / });
    await caseH1.waitFor();
    caseCode = (await caseH1.innerText()).replace('Presa in carico ', '');

    await pageA.getByRole('tab', { name: 'Consensi' }).click();
    await pageA.getByText('Nessun consenso registrato.').waitFor();
    await pageA.locator('#consent-purpose').selectOption('sharing');
    await pageA.locator('#consent-org').selectOption({ label: 'Azienda Sanitaria Beta' });
    await pageA.getByRole('button', { name: 'Registra', exact: true }).click();
    await pageA.getByText('Consenso registrato.', { exact: true }).waitFor();
    await pageA.locator('#consent-current tr', { hasText: 'Azienda Sanitaria Beta' }).getByText('Dato', { exact: true }).waitFor();
  });

  it('A refers the case to B: receiver and reason, share set with preview, consent check', async () => {
    await pageA.goto(casePath);
    await pageA.getByRole('link', { name: 'Segnala a un altro ente' }).click();
    await pageA.waitForURL(/\/refer$/);
    await pageA.locator('#referral-step-title').waitFor();
    expect(await pageA.locator('#referral-step-title').innerText()).toBe('Passo 1 di 3: Ente e motivo');
    // Own organisation is not offered; others are grouped by type.
    const offered = await pageA.locator('#referral-to option').allInnerTexts();
    expect(offered).toContain('Azienda Sanitaria Beta');
    expect(offered).not.toContain('Cooperativa Alfa');
    expect(await pageA.locator('#referral-to optgroup[label="Azienda sanitaria (ASL) o ospedaliera"]').count()).toBe(1);
    await pageA.getByRole('button', { name: 'Avanti' }).click();
    expect(await pageA.locator('#referral-to-error').innerText()).toBe('Campo obbligatorio.');
    await expectAxeClean(pageA, 'wizard step 1 with errors');

    await pageA.locator('#referral-to').selectOption({ label: 'Azienda Sanitaria Beta' });
    await pageA.locator('#referral-reason').selectOption('health');
    await pageA.locator('#referral-urgency').selectOption('urgent');
    await pageA.locator('#referral-message-text').fill('Chiediamo una visita ginecologica entro la settimana.');
    await pageA.getByRole('button', { name: 'Avanti' }).click();
    // The step heading takes the focus and the change is announced.
    await pageA.waitForFunction(() => document.activeElement?.id === 'referral-step-title');
    expect(await pageA.locator('#referral-step-live').innerText()).toBe('Passo 2 di 3: Dati da condividere');

    // The reason's preset is ticked; identifying fields are marked.
    expect(await pageA.locator('#share-person-names').isChecked()).toBe(true);
    expect(await pageA.locator('#share-person-phones').isChecked()).toBe(false);
    expect(await pageA.locator('label[for="share-person-names"]').innerText()).toContain('identifica la persona');
    const preview = pageA.locator('#referral-preview');
    expect(await preview.innerText()).toContain('Anteprima: cosa vedrà Azienda Sanitaria Beta');
    expect(await preview.innerText()).toContain('Joy Osagie');
    expect(await preview.innerText()).toContain('circa 1998');
    // Narrow the set: without the birth date, the preview drops it.
    await pageA.locator('label[for="share-person-birth"]').click();
    await preview.locator('[data-share-field="person.birth"]').waitFor({ state: 'detached' });
    const previewFields = await preview.locator('[data-share-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-share-field')));
    expect(previewFields).toEqual(['person.code', 'person.names', 'person.age', 'person.sex', 'person.citizenships', 'person.languages', 'person.vulnerabilities']);
    await expectAxeClean(pageA, 'wizard step 2');
    await pageA.getByRole('button', { name: 'Avanti' }).click();
    await pageA.waitForFunction(() => document.activeElement?.id === 'referral-step-title');

    await pageA.locator('#referral-consent-ok').waitFor();
    expect(await pageA.locator('#referral-consent-ok').innerText()).toContain('Consenso alla condivisione con Azienda Sanitaria Beta in vigore');
    await expectAxeClean(pageA, 'wizard step 3');
    await pageA.getByRole('button', { name: 'Invia la segnalazione' }).click();
    await pageA.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    referralPath = new URL(pageA.url()).pathname;
    const h1 = pageA.getByRole('heading', { level: 1, name: /^Segnalazione / });
    await h1.waitFor();
    referralCode = (await h1.innerText()).replace('Segnalazione ', '');
    await pageA.getByText(`Segnalazione ${referralCode} inviata.`).waitFor();
    expect(await pageA.locator('#referral-timeline li').first().innerText()).toContain('Segnalazione inviata');
    expect(await pageA.locator('#referral-facts').innerText()).toContain('Consenso della persona');
    expect(await pageA.locator('#referral-facts').innerText()).toContain('Inviata');
    await expectAxeClean(pageA, 'referral page (sender)');
  });

  it('blocks a referral without consent in the wizard; a non-identifying set may go', async () => {
    await pageA.goto(`${casePath}/refer`);
    await pageA.locator('#referral-to').selectOption({ label: 'Casa Gamma' });
    await pageA.locator('#referral-reason').selectOption('health');
    await pageA.getByRole('button', { name: 'Avanti' }).click();
    await pageA.getByRole('button', { name: 'Avanti' }).click();
    await pageA.locator('#referral-consent-missing').waitFor();
    expect(await pageA.locator('#referral-consent-missing').innerText()).toContain('Non c’è un consenso alla condivisione con Casa Gamma.');
    expect(await pageA.getByRole('link', { name: 'Registra il consenso nella scheda Consensi' }).getAttribute('href')).toBe(`${casePath}?tab=consents`);
    expect(await pageA.getByRole('button', { name: 'Invia la segnalazione' }).isDisabled()).toBe(true);
    await pageA.locator('#referral-blocked').waitFor();
    await expectAxeClean(pageA, 'wizard step 3, consent missing');
    // Without the names the set identifies nobody: it may go as no personal data.
    await pageA.getByRole('button', { name: 'Indietro' }).click();
    await pageA.locator('label[for="share-person-names"]').click();
    await pageA.locator('label[for="share-person-birth"]').click();
    await pageA.getByRole('button', { name: 'Avanti' }).click();
    await pageA.getByText('I dati scelti non identificano la persona').waitFor();
    expect(await pageA.getByRole('button', { name: 'Invia la segnalazione' }).isDisabled()).toBe(false);
    expect(problemsA).toEqual([]);
  });

  it('a coordinator may send without consent, writing the reason', async () => {
    await pageC.goto(`${casePath}/refer`);
    await pageC.locator('#referral-to').selectOption({ label: 'Casa Gamma' });
    await pageC.locator('#referral-reason').selectOption('shelter');
    await pageC.locator('#referral-urgency').selectOption('emergency');
    await pageC.getByRole('button', { name: 'Avanti' }).click();
    await pageC.locator('#referral-preview').waitFor();
    await pageC.getByRole('button', { name: 'Avanti' }).click();
    await pageC.locator('#referral-consent-missing').waitFor();
    await pageC.getByRole('button', { name: 'Invia la segnalazione' }).click();
    expect(await pageC.locator('#referral-override-error').innerText()).toBe('Scrivi un motivo di almeno 10 caratteri.');
    await expectAxeClean(pageC, 'wizard step 3, override');
    await pageC.locator('#referral-override').fill('Pericolo immediato: serve un posto letto stanotte.');
    await pageC.getByRole('button', { name: 'Invia la segnalazione' }).click();
    await pageC.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    const facts = pageC.locator('#referral-facts');
    await facts.waitFor();
    expect(await facts.innerText()).toContain('Senza consenso, con motivazione scritta');
    expect(await facts.innerText()).toContain('Pericolo immediato: serve un posto letto stanotte.');
    expect(problemsC).toEqual([]);
  });

  it('B sees the badge and the in-box, opens the referral and sees only the shared fields', async () => {
    await pageB.goto('/');
    const nav = pageB.getByRole('navigation', { name: 'Navigazione principale' });
    // The header's to-do badge counts the waiting referral.
    await pageB.getByRole('link', { name: /^Da fare 1\b.*1 segnalazioni/ }).waitFor();
    const link = nav.getByRole('link', { name: 'Segnalazioni', exact: true });
    await link.waitFor();
    await pageB.locator('#home-referrals').waitFor();
    await pageB.locator('#notifications').getByRole('link', { name: 'Hai ricevuto una nuova segnalazione' }).waitFor();
    await expectAxeClean(pageB, 'home with a waiting referral');
    await link.click();
    await pageB.getByRole('heading', { level: 1, name: 'Segnalazioni' }).waitFor();
    const row = pageB.locator('#referral-table tbody tr', { hasText: referralCode });
    await row.waitFor();
    expect(await row.innerText()).toContain('Assistenza sanitaria');
    expect(await row.innerText()).toContain('Cooperativa Alfa');
    expect(await row.innerText()).toContain('Urgente');
    expect(await row.innerText()).toContain('Inviata');
    await expectAxeClean(pageB, '/referrals in-box');
    await pageB.locator('#referral-status-filter').selectOption('completed');
    await pageB.getByText('Nessuna segnalazione.').waitFor();
    await pageB.locator('#referral-status-filter').selectOption('');
    await row.getByRole('link', { name: referralCode }).click();

    const shared = pageB.locator('#referral-shared');
    await shared.waitFor();
    expect(await shared.getByRole('heading', { name: 'Cosa è stato condiviso con voi' }).count()).toBe(1);
    const fields = await shared.locator('[data-share-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-share-field')));
    expect(fields).toEqual(['person.code', 'person.names', 'person.age', 'person.sex', 'person.citizenships', 'person.languages', 'person.vulnerabilities']);
    expect(await shared.innerText()).toContain('Joy Osagie');
    expect(await shared.innerText()).not.toContain('1998');
    expect(await pageB.locator('#referral-facts').innerText()).toContain('Chiediamo una visita ginecologica entro la settimana.');
    await expectAxeClean(pageB, 'referral page (receiver, sent)');
    await screenshot(pageB, 'referral-receiver');
  });

  it('B accepts, writes a message and takes the person in charge', async () => {
    await pageB.getByRole('button', { name: 'Rifiuta' }).click();
    await pageB.getByRole('button', { name: 'Conferma: Rifiuta' }).click();
    expect(await pageB.locator('#move-reason-error').innerText()).toBe('Campo obbligatorio.');
    await expectAxeClean(pageB, 'decline form with error');
    await pageB.getByRole('button', { name: 'Annulla' }).click();
    await pageB.getByRole('button', { name: 'Accetta' }).click();
    await pageB.getByText('Fatto. Stato: Accettata.').waitFor();
    await pageB.locator('#referral-timeline li', { hasText: 'Stato: Accettata' }).waitFor();

    await pageB.locator('#referral-message').fill('Visita fissata per giovedì alle 10.');
    await pageB.getByRole('button', { name: 'Invia il messaggio' }).click();
    await pageB.locator('#referral-timeline li', { hasText: 'Visita fissata per giovedì alle 10.' }).waitFor();
    await expectAxeClean(pageB, 'referral page (receiver, accepted)');

    await pageB.getByRole('button', { name: 'Prendi in carico' }).click();
    await pageB.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await pageB.getByText('Presa in carico aperta dalla segnalazione.').waitFor();
    await pageB.getByRole('heading', { level: 1, name: /^Presa in carico / }).waitFor();
    expect(problemsB).toEqual([]);
  });

  it('A sees the new status and the message in the out-box and on the referral page', async () => {
    await pageA.goto('/referrals?box=out');
    const row = pageA.locator('#referral-table tbody tr', { hasText: referralCode });
    await row.waitFor();
    expect(await row.innerText()).toContain('Accettata');
    expect(await row.innerText()).toContain('Azienda Sanitaria Beta');
    await expectAxeClean(pageA, '/referrals out-box');
    await row.getByRole('link', { name: referralCode }).click();
    await pageA.locator('#referral-timeline li', { hasText: 'Visita fissata per giovedì alle 10.' }).waitFor();
    await pageA.locator('#referral-moves').getByRole('button', { name: 'Ritira la segnalazione' }).waitFor();
    expect(problemsA).toEqual([]);
  });

  it('an agency liaison sends a referral with the agency form', async () => {
    await pageL.goto('/referrals');
    await pageL.getByRole('link', { name: 'Nuova segnalazione' }).click();
    await pageL.getByRole('heading', { level: 1, name: 'Nuova segnalazione' }).waitFor();
    await pageL.getByRole('button', { name: 'Invia la segnalazione' }).click();
    expect(await pageL.locator('#referral-to-error').innerText()).toBe('Campo obbligatorio.');
    await expectAxeClean(pageL, '/referrals/new with errors');
    await pageL.locator('#referral-to').selectOption({ label: 'Cooperativa Alfa' });
    await pageL.locator('#agency-reason').selectOption('identification');
    await pageL.locator('#agency-given').fill('Blessing');
    await pageL.locator('#agency-birth-year').fill('2001');
    await pageL.locator('#agency-file').fill('CT-2026-0042');
    await pageL.locator('#agency-consent-method').selectOption('written');
    await pageL.locator('#agency-consent-date').fill('2026-01-10');
    await pageL.getByRole('button', { name: 'Invia la segnalazione' }).click();
    await pageL.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    expect(await pageL.locator('#referral-subject').innerText()).toContain('CT-2026-0042');
    await expectAxeClean(pageL, 'referral page (agency sender)');
    expect(problemsL).toEqual([]);
  });

  it('A accepts the agency referral and links one of its cases by code', async () => {
    await pageA.goto('/referrals?box=in');
    const row = pageA.locator('#referral-table tbody tr', { hasText: 'Commissione Territoriale Delta' });
    await row.getByRole('link').click();
    await pageA.locator('#referral-subject').waitFor();
    expect(await pageA.locator('#referral-subject').innerText()).toContain('Blessing');
    await pageA.getByRole('button', { name: 'Accetta' }).click();
    await pageA.getByText('Fatto. Stato: Accettata.').waitFor();
    await pageA.locator('#link-case-code').fill('C-0000-NESSUNO');
    await pageA.getByRole('button', { name: 'Collega' }).click();
    expect(await pageA.locator('#link-case-code-error').innerText()).toBe('Nessuna presa in carico del vostro ente con questo codice.');
    await expectAxeClean(pageA, 'referral page (receiver, link a case)');
    await pageA.locator('#link-case-code').fill(caseCode);
    await pageA.getByRole('button', { name: 'Collega' }).click();
    await pageA.getByText(`Collegata alla presa in carico ${caseCode}.`).waitFor();
    await pageA.getByRole('link', { name: 'Apri la presa in carico' }).waitFor();
    expect(problemsA).toEqual([]);
  });

  it('a body that holds cases is sent from the agency form to its cases', async () => {
    await pageA.goto('/referrals/new');
    await pageA.locator('#referral-from-case').waitFor();
    await expectAxeClean(pageA, '/referrals/new for a case worker');
  });

  it('every referral page is axe-clean in English', async () => {
    await toEnglish(pageA);
    await pageA.goto('/referrals?box=out');
    await pageA.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    await pageA.locator('#referral-table tbody tr', { hasText: 'Accepted' }).waitFor();
    await expectAxeClean(pageA, '/referrals out-box (en)');
    await pageA.goto(referralPath);
    await pageA.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    await expectAxeClean(pageA, 'referral page, sender (en)');
    await pageA.goto(`${casePath}/refer`);
    await pageA.locator('#referral-to').selectOption({ label: 'Casa Gamma' });
    await pageA.locator('#referral-reason').selectOption('legal');
    await expectAxeClean(pageA, 'wizard step 1 (en)');
    await pageA.getByRole('button', { name: 'Next' }).click();
    await pageA.getByRole('heading', { name: 'Preview: what Casa Gamma will see' }).waitFor();
    await expectAxeClean(pageA, 'wizard step 2 (en)');
    await pageA.getByRole('button', { name: 'Next' }).click();
    await pageA.getByText('There is no consent to share with Casa Gamma.').waitFor();
    await expectAxeClean(pageA, 'wizard step 3 (en)');
    await toItalian(pageA);

    await toEnglish(pageB);
    await pageB.goto('/referrals');
    await pageB.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    await pageB.locator('#referral-table tbody tr').first().waitFor();
    await expectAxeClean(pageB, '/referrals in-box (en)');
    await pageB.goto(referralPath);
    await pageB.getByRole('heading', { name: 'What was shared with you' }).waitFor();
    await expectAxeClean(pageB, 'referral page, receiver (en)');

    await toEnglish(pageL);
    await pageL.goto('/referrals/new');
    await pageL.getByRole('heading', { level: 1, name: 'New referral' }).waitFor();
    await expectAxeClean(pageL, '/referrals/new (en)');
    expect([...problemsA, ...problemsB, ...problemsL]).toEqual([]);
  });
});
