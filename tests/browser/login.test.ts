/** The login page: accessible in Italian and English, language switch, and the server's Italian error message. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAxeClean, launchBrowser, openPage, screenshot, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';

describe('login page', () => {
  let ponte: Ponte;
  let browser: Browser;
  let analyst: SeededUser;

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'osservatorio', name: 'Osservatorio regionale' });
    analyst = await seedUser(ponte, { email: 'analista@example.org', displayName: 'Giulia Analista', memberships: [{ organisationId: org, role: 'observatory_analyst' }] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ponte?.stop();
  });

  it('is axe-clean in Italian, switches to English and is axe-clean there too', async () => {
    const { context, page, problems } = await openPage(browser, ponte.url);
    // The app runs under the server's strict CSP (a violation would show up in `problems`).
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await page.waitForURL('**/login');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Accedi a Ponte');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('it');
    expect(await page.locator('main#main').count()).toBe(1);
    await expectAxeClean(page, 'login (it)');
    await screenshot(page, 'login-it');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Log in to Ponte' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAxeClean(page, 'login (en)');
    await screenshot(page, 'login-en');

    // The choice is remembered before login.
    await page.reload();
    await page.getByRole('heading', { name: 'Log in to Ponte' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('has landmarks, a skip link to the main content and a visible focus', async () => {
    const { context, page } = await openPage(browser, ponte.url);
    await page.goto('/login');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').count()).toBe(1);
    expect(await page.locator('h1').count()).toBe(1);

    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, visible: el.getBoundingClientRect().width > 1, outline: style.outlineStyle, outlineWidth: style.outlineWidth };
    });
    expect(skip.text).toBe('Vai al contenuto principale');
    expect(skip.visible).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Every control shows where the focus is.
    await page.locator('#login-email').focus();
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { id: el.id, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(focus.id).toBe('login-password');
    expect(focus.outline).not.toBe('none');
    expect(focus.width).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('validates on the client before asking the server', async () => {
    const { context, page } = await openPage(browser, ponte.url);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.locator('#login-email-error').waitFor();
    expect(await page.locator('#login-email-error').innerText()).toBe('Campo obbligatorio.');
    expect(await page.locator('#login-email').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('shows the server error in Italian for a wrong password', async () => {
    const { context, page } = await openPage(browser, ponte.url);
    await submitLogin(page, analyst.email, 'not-the-password-at-all');
    const alert = page.getByRole('alert').filter({ hasText: 'E-mail o password non corretti.' });
    await alert.waitFor();
    expect(page.url()).toContain('/login');
    await expectAxeClean(page, 'login with an error');
    await screenshot(page, 'login-error');

    // In English, the server answers in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel(/^Password/).fill('still-not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    await context.close();
  });
});
