/**
 * Persons in the browser: a case worker of one organisation registers a person through the
 * duplicate check and the form; a second registration of a variant of the same person shows the
 * first as a ranked candidate with its reasons; a case worker of another organisation (in English)
 * sees only "a match is held by …" with the referral link; search finds the person only where it
 * is visible. Every page visited is checked with axe.
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

describe('persons', () => {
  let ponte: Ponte;
  let browser: Browser;
  let orgA: string;
  let worker: SeededUser;
  let other: SeededUser;
  let ctxA: BrowserContext;
  let pageA: Page;
  let problemsA: string[];
  let ctxB: BrowserContext;
  let pageB: Page;
  let problemsB: string[];
  let personPath = '';

  beforeAll(async () => {
    ponte = await startPonte();
    orgA = await seedOrganisation(ponte, { code: 'coop-approdo', name: 'Cooperativa Approdo' });
    const orgB = await seedOrganisation(ponte, { code: 'ass-faro', name: 'Associazione Faro' });
    worker = await seedUser(ponte, { email: 'operatrice@example.org', displayName: 'Ilaria Operatrice', memberships: [{ organisationId: orgA, role: 'case_worker' }] });
    other = await seedUser(ponte, { email: 'worker@example.org', displayName: 'Marta Worker', locale: 'en', memberships: [{ organisationId: orgB, role: 'case_worker' }] });
    browser = await launchBrowser();
    ({ context: ctxA, page: pageA, problems: problemsA } = await openPage(browser, ponte.url));
    await submitLogin(pageA, worker.email, worker.password);
    await completeMfaSetup(pageA, new Set());
    ({ context: ctxB, page: pageB, problems: problemsB } = await openPage(browser, ponte.url));
    await submitLogin(pageB, other.email, other.password);
    await completeMfaSetup(pageB, new Set());
  });

  afterAll(async () => {
    await ctxA?.close();
    await ctxB?.close();
    await browser?.close();
    await ponte?.stop();
  });

  /** The duplicate check of a variant of the registered person: a typo in the given name, day and month swapped (as happens between date formats). */
  async function checkVariant(): Promise<void> {
    await pageA.goto('/persons/new');
    await pageA.locator('#name-0-given').fill('Blesing');
    await pageA.locator('#name-0-family').fill('Okafor');
    await pageA.locator('#person-birth-mode').selectOption('exact');
    await pageA.locator('#person-birth-date').fill('1998-12-04');
    await pageA.getByRole('button', { name: 'Controlla se è già registrata' }).click();
  }

  it('offers persons in the navigation and an axe-clean search page', async () => {
    const nav = pageA.getByRole('navigation', { name: 'Navigazione principale' });
    await nav.getByRole('link', { name: 'Persone' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Persone' }).waitFor();
    await pageA.locator('#person-table').waitFor();
    await expectAxeClean(pageA, '/persons');
  });

  it('checks for duplicates first, then registers a person with the form', async () => {
    await pageA.getByRole('link', { name: 'Nuova persona' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Nuova persona' }).waitFor();
    await expectAxeClean(pageA, '/persons/new (check)');

    // Client validation mirrors the shared schema: a name needs one of its parts.
    await pageA.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageA.locator('#name-0-error').waitFor();
    expect(await pageA.locator('#name-0-error').innerText()).toMatch(/nome/i);

    await pageA.getByLabel(/^Nome$/).first().fill('Blessing');
    await pageA.getByLabel(/^Cognome$/).first().fill('Okafor');
    await pageA.locator('#person-birth-mode').selectOption('exact');
    await pageA.locator('#person-birth-date').fill('1998-04-12');
    await pageA.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await pageA.getByText('Nessuna corrispondenza trovata nella rete.').waitFor();
    await expectAxeClean(pageA, '/persons/new (no candidates)');
    await pageA.getByRole('button', { name: 'Prosegui con la registrazione' }).click();

    await pageA.locator('#person-form').waitFor();
    expect(await pageA.locator('#name-0-given').inputValue()).toBe('Blessing');
    await pageA.locator('#person-citizenships-filter').fill('Nigeria');
    await pageA.getByLabel('Nigeria', { exact: true }).check({ force: true });
    await pageA.getByRole('button', { name: 'Aggiungi un documento' }).click();
    // A future birth date is refused on the client, next to the field, in Italian.
    await pageA.locator('#person-birth-date').fill('2999-01-01');
    await pageA.getByRole('button', { name: 'Registra la persona' }).click();
    await pageA.locator('#person-birth-date-error').waitFor();
    expect(await pageA.locator('#person-birth-date-error').innerText()).toBe('La data di nascita non può essere futura.');
    expect(await pageA.locator('#doc-0-number-error').innerText()).toBe('Campo obbligatorio.');
    await pageA.locator('#person-birth-date').fill('1998-04-12');
    await pageA.locator('#doc-0-number').fill('A1234567');
    await pageA.locator('#doc-0-country').selectOption('NG');
    await expectAxeClean(pageA, '/persons/new (form)');
    await pageA.getByRole('button', { name: 'Registra la persona' }).click();

    await pageA.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    personPath = new URL(pageA.url()).pathname;
    await pageA.getByRole('heading', { level: 1, name: /Blessing Okafor/ }).waitFor();
    await pageA.getByText(/Persona registrata con codice/).waitFor();
    expect(await pageA.locator('#person-names').innerText()).toContain('Blessing Okafor');
    expect(await pageA.getByText('Passaporto: A1234567 (Nigeria)').count()).toBe(1);
    await expectAxeClean(pageA, 'person page');
    await screenshot(pageA, 'person-page');
    expect(problemsA).toEqual([]);
  });

  it('changes the person with the same form, keeping what was not touched', async () => {
    await pageA.getByRole('link', { name: 'Modifica' }).click();
    await pageA.getByRole('heading', { level: 1, name: /^Modifica la persona / }).waitFor();
    expect(await pageA.locator('#doc-0-number').inputValue()).toBe('A1234567');
    await pageA.getByRole('button', { name: 'Aggiungi un telefono' }).click();
    await pageA.locator('#phone-0').fill('telefono?');
    await pageA.getByRole('button', { name: 'Salva' }).click();
    expect(await pageA.locator('#phone-0-error').innerText()).toBe('Solo cifre, spazi e i segni + ( ) . / -');
    await pageA.locator('#phone-0').fill('+39 333 000 1111');
    await expectAxeClean(pageA, 'person edit');
    await pageA.getByRole('button', { name: 'Salva' }).click();
    await pageA.waitForURL((u) => u.pathname === personPath);
    await pageA.getByText('Modifiche salvate.').waitFor();
    await pageA.getByText('+39 333 000 1111').waitFor();
    expect(await pageA.getByText('Passaporto: A1234567 (Nigeria)').count()).toBe(1);
  });

  it('shows the registered person as a ranked candidate for a variant of the same identity', async () => {
    await checkVariant();
    const candidate = pageA.locator('.duplicate-candidate').first();
    await candidate.waitFor();
    expect(await candidate.getByRole('link').first().innerText()).toBe('Blessing Okafor');
    const reasons = await candidate.locator('.dup-reasons li').allInnerTexts();
    expect(reasons.some((r) => /^Nomi simili al \d+%$/.test(r))).toBe(true);
    expect(reasons).toContain('Data di nascita con giorno e mese scambiati');
    expect(await pageA.getByRole('button', { name: 'Registra comunque' }).count()).toBe(1);
    await expectAxeClean(pageA, '/persons/new (candidates)');
    await screenshot(pageA, 'person-duplicates');
  });

  it('finds the person by name and by document number in the search', async () => {
    await pageA.goto('/persons');
    await pageA.locator('#person-q').fill('Blessing Okafor');
    await pageA.getByRole('button', { name: 'Cerca' }).click();
    const row = pageA.locator('#person-table tbody tr').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('Blessing Okafor');
    expect(await row.innerText()).toContain('1998');
    expect(await row.innerText()).toContain('Nigeria');
    await pageA.locator('#person-q').fill('A1234567');
    await pageA.getByRole('button', { name: 'Cerca' }).click();
    await pageA.waitForURL(/q=A1234567/);
    await pageA.locator('#person-table tbody tr', { hasText: 'Blessing Okafor' }).waitFor();
    await expectAxeClean(pageA, '/persons?q=');
  });

  it('tells another organisation only who holds a possible match, in English, with the referral link', async () => {
    await pageB.goto('/persons/new');
    await pageB.getByRole('heading', { level: 1, name: 'New person' }).waitFor();
    await pageB.locator('#name-0-given').fill('Blessing');
    await pageB.locator('#name-0-family').fill('Okafor');
    await pageB.locator('#person-birth-mode').selectOption('exact');
    await pageB.locator('#person-birth-date').fill('1998-04-12');
    await pageB.getByRole('button', { name: 'Check whether already registered' }).click();
    const held = pageB.locator('.held-elsewhere').first();
    await held.waitFor();
    expect(await held.innerText()).toMatch(/A (possible )?match is held by Cooperativa Approdo\./);
    const link = held.getByRole('link', { name: 'Ask them through a referral' });
    expect(await link.getAttribute('href')).toBe(`/referrals/new?to=${orgA}`);
    // Nothing about the person crosses the boundary.
    expect(await pageB.locator('#duplicate-results').innerText()).not.toContain('Blessing');
    expect(await pageB.locator('.duplicate-candidate').count()).toBe(0);
    await expectAxeClean(pageB, '/persons/new in English (held elsewhere)');
    await screenshot(pageB, 'person-held-elsewhere');

    // The person of the other organisation is not found, and its page answers "not found".
    await pageB.goto('/persons?q=Blessing%20Okafor');
    await pageB.locator('#person-table').waitFor();
    expect(await pageB.locator('#person-table tbody tr').count()).toBe(0);
    await pageB.goto(personPath);
    await pageB.locator('.alert-danger').waitFor();
    expect(problemsB.filter((p) => !/status of 404/.test(p))).toEqual([]);
  });

  it('lists a registered person\'s possible duplicates on its page and starts a merge request with one', async () => {
    // register the variant anyway, as a worker who missed the candidate would
    await checkVariant();
    await pageA.getByRole('button', { name: 'Registra comunque' }).click();
    await pageA.locator('#person-form').waitFor();
    await pageA.getByRole('button', { name: 'Registra la persona' }).click();
    await pageA.waitForURL((u) => /^\/persons\/[0-9a-f-]{36}$/.test(u.pathname) && u.pathname !== personPath);
    await pageA.getByRole('heading', { level: 1, name: /Blesing Okafor/ }).waitFor();

    const section = pageA.locator('#registry-duplicates');
    await section.getByRole('heading', { level: 2, name: 'Possibili doppioni nella rete' }).waitFor();
    await section.getByRole('button', { name: 'Cerca possibili doppioni' }).click();
    const candidate = section.locator('.duplicate-candidate').first();
    await candidate.waitFor();
    expect(await candidate.getByRole('link').first().innerText()).toBe('Blessing Okafor');
    expect(await candidate.locator('.dup-reasons li').allInnerTexts()).toContain('Data di nascita con giorno e mese scambiati');
    // the page's own person is not its own duplicate, and there is nothing to register here
    expect(await section.getByRole('link', { name: 'Blesing Okafor' }).count()).toBe(0);
    expect(await section.getByRole('button', { name: 'Registra comunque' }).count()).toBe(0);
    const code = (await candidate.locator('.text-secondary').first().innerText()).trim();
    expect(code).not.toBe('');
    await candidate.getByRole('button', { name: `Chiedi l’unione con ${code}` }).click();
    expect(await pageA.locator('#merge-code').inputValue()).toBe(code);
    expect(await pageA.evaluate(() => document.activeElement?.id)).toBe('merge-code');
    await expectAxeClean(pageA, 'person page (possible duplicates)');
    expect(problemsA).toEqual([]);
  });
});
