/** Two-factor verification: first set-up with the QR code and recovery codes, then login with a TOTP code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectAxeClean,
  launchBrowser,
  openPage,
  screenshot,
  seedOrganisation,
  seedUser,
  startPonte,
  submitLogin,
  totpCode,
  type Ponte,
  type SeededUser,
} from './support/ponte.ts';

describe('two-factor verification', () => {
  let ponte: Ponte;
  let browser: Browser;
  let caseWorker: SeededUser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const usedSteps = new Set<number>();
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'on-the-road', name: 'Associazione On the Road', provinces: ['067'] });
    caseWorker = await seedUser(ponte, {
      email: 'operatrice@example.org',
      displayName: 'Marta Operatrice',
      memberships: [{ organisationId: org, role: 'case_worker' }],
    });
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser, ponte.url));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('a role with personal data goes through set-up: QR code, key, code, recovery codes, then home', async () => {
    await submitLogin(page, caseWorker.email, caseWorker.password);
    await page.waitForURL('**/login/setup');
    await page.locator('#totp-qr').waitFor();
    const qrSrc = await page.locator('#totp-qr').getAttribute('src');
    expect(qrSrc).toMatch(/^data:image\/(svg\+xml|png)/);
    expect(await page.locator('#totp-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.getByRole('img', { name: /Codice QR/ }).count()).toBe(1);
    await expectAxeClean(page, '2FA set-up');
    await screenshot(page, 'mfa-setup');

    // Navigation is not offered before the second factor.
    expect(await page.getByRole('navigation', { name: 'Navigazione principale' }).count()).toBe(0);

    const secretText = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    expect(secretText).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel(/^Codice di verifica/).fill(await totpCode(secretText, usedSteps));
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.locator('.recovery-codes').waitFor();
    recoveryCodes = await page.locator('.recovery-codes code').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await expectAxeClean(page, 'recovery codes');
    await screenshot(page, 'mfa-recovery');
    const proceed = page.getByRole('button', { name: 'Continua' });
    expect(await proceed.isDisabled()).toBe(true);
    await page.getByLabel('Li ho salvati in un luogo sicuro').check({ force: true });
    await proceed.click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { level: 1, name: /Marta Operatrice/ }).waitFor();
    expect(await page.locator('#home-role').innerText()).toBe('Operatore di presa in carico');
    expect(await page.locator('#home-organisation').innerText()).toBe('Associazione On the Road');
    secret = secretText;
    expect(problems).toEqual([]);
  });

  it('logs out and back in with a code from the app; a wrong code shows the Italian error', async () => {
    expect(secret).not.toBe('');
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL('**/login');
    await page.getByText('Sei uscito da Ponte.').waitFor();

    await submitLogin(page, caseWorker.email, caseWorker.password);
    await page.waitForURL('**/login/verify');
    await expectAxeClean(page, '2FA verification');

    await page.getByLabel(/^Codice di verifica/).fill('000000');
    await page.getByRole('button', { name: 'Verifica' }).click();
    await page.locator('#mfa-code-error').waitFor();
    expect(await page.locator('#mfa-code-error').innerText()).toBe('Codice di verifica non valido.');
    expect(await page.getByRole('alert').filter({ hasText: 'Codice di verifica non valido.' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'mfa-wrong-code');
    await expectAxeClean(page, '2FA verification with an error');

    await page.getByLabel(/^Codice di verifica/).fill(await totpCode(secret, usedSteps));
    await page.getByRole('button', { name: 'Verifica' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { level: 1, name: /Marta Operatrice/ }).waitFor();
  });

  it('a recovery code works once in place of the app code', async () => {
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL('**/login');
    await submitLogin(page, caseWorker.email, caseWorker.password);
    await page.waitForURL('**/login/verify');
    await page.getByRole('button', { name: 'Usa un codice di recupero' }).click();
    await page.getByLabel(/^Codice di recupero/).fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verifica' }).click();
    await page.waitForURL((u) => u.pathname === '/');
  });

  it('the profile issues new recovery codes and logs out everywhere', async () => {
    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Profilo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profilo' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: /Verifica in due passaggi/ }).innerText()).toContain('Attiva');
    await page.locator('#rc-code').fill(await totpCode(secret, usedSteps));
    await page.getByRole('button', { name: 'Genera nuovi codici di recupero' }).click();
    await page.locator('.recovery-codes').waitFor();
    const fresh = await page.locator('.recovery-codes code').allInnerTexts();
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[1]);

    // Changing the password: the client checks the repetition, the server the current password.
    await page.locator('#pw-current').fill('wrong-current-password');
    await page.locator('#pw-new').fill('una-nuova-password-lunga');
    await page.locator('#pw-confirm').fill('una-nuova-password-diversa');
    await page.getByRole('button', { name: 'Cambia password' }).click();
    expect(await page.locator('#pw-confirm-error').innerText()).toBe('Le due password non coincidono.');
    await page.locator('#pw-confirm').fill('una-nuova-password-lunga');
    await page.getByRole('button', { name: 'Cambia password' }).click();
    await page.locator('section[aria-labelledby="profile-password"] .alert-danger').waitFor();
    await page.locator('#pw-current').fill(caseWorker.password);
    await page.getByRole('button', { name: 'Cambia password' }).click();
    await page.getByText('Password cambiata. Le altre sessioni sono terminate.').waitFor();
    await expectAxeClean(page, 'profile after changes');

    await page.getByRole('button', { name: 'Esci da tutti i dispositivi' }).click();
    await page.waitForURL('**/login');
    await page.getByText('Sei uscito da Ponte.').waitFor();
    await page.goto('/profile');
    await page.waitForURL('**/login');
    expect(problems).toEqual([]);
  });
});
