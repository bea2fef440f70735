/**
 * The public site in Chromium: the home page in each of the eight languages with JavaScript off
 * and on (axe on each; Arabic right to left; no request leaves the site; the inline script runs
 * under the CSP without errors), the quick exit (history entry replaced, Esc twice, plain link
 * without JavaScript), and the staff editor (a translation saved, previewed and published).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, screenshot, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { publicLanguages } from '../../src/domain/public/languages.ts';

const EXIT = 'https://meteo.example.org/oggi';
const neutral = '<!doctype html><html lang="it"><head><title>Meteo</title></head><body><h1>Meteo</h1></body></html>';

describe('public site', () => {
  let ponte: Ponte;
  let browser: Browser;
  let trainer: SeededUser;

  beforeAll(async () => {
    ponte = await startPonte({ PONTE_PUBLIC_EXIT_URL: EXIT });
    await systemSeedDemo({ db: ponte.database.db, passwordHash: 'not-used-in-this-test' });
    const region = await ponte.database.db.selectFrom('organisations').select('id').where('code', '=', 'regione-demo').executeTakeFirstOrThrow();
    // Demo accounts are on the reserved domain; the editor is tested with an account of its own.
    trainer = await seedUser(ponte, { email: 'formatrice@example.org', displayName: 'Franca Formatrice', memberships: [{ organisationId: region.id, role: 'trainer' }] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await scriptless?.context.close();
    await browser?.close();
    await ponte?.stop();
  });

  /** A context for anonymous visitors: the neutral site is served locally, any other outside request is a problem. */
  async function visitor(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ baseURL: ponte.url, locale: 'it-IT', javaScriptEnabled, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await context.route('https://meteo.example.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: neutral }));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(ponte.url) && !url.startsWith(EXIT) && !url.startsWith('data:')) problems.push(`external request: ${url}`);
    });
    return { context, page, problems };
  }

  /**
   * axe needs script (and timers, which Chromium does not run in a page with JavaScript off). For
   * the JavaScript-off pass, axe runs in a second page that got the same response with its only
   * script (the quick exit) removed: the document a browser without JavaScript renders.
   */
  let scriptless: { context: BrowserContext; page: Page } | null = null;
  async function axe(page: Page, javaScriptEnabled: boolean, where: string): Promise<void> {
    if (javaScriptEnabled) return expectAxeClean(page, where);
    if (!scriptless) {
      const context = await browser.newContext({ baseURL: ponte.url, locale: 'it-IT', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
      await context.route(`${ponte.url}/p/**`, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/<script>[\s\S]*?<\/script>/g, '');
        await route.fulfill({ response, body });
      });
      scriptless = { context, page: await context.newPage() };
    }
    await scriptless.page.goto(new URL(page.url()).pathname);
    expect(await scriptless.page.locator('script').count()).toBe(0);
    await expectAxeClean(scriptless.page, where);
  }

  for (const javaScriptEnabled of [false, true]) {
    it(`home page in every language, JavaScript ${javaScriptEnabled ? 'on' : 'off'}: accessible, right to left in Arabic, nothing loaded from elsewhere`, async () => {
      const { context, page, problems } = await visitor(javaScriptEnabled);
      try {
        for (const lang of publicLanguages) {
          const response = await page.goto(`/p/${lang}/`);
          expect(response?.status(), lang).toBe(200);
          expect(await response?.headerValue('set-cookie'), lang).toBeNull();
          expect(await page.locator('html').getAttribute('lang')).toBe(lang);
          expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
          await page.getByRole('heading', { level: 1 }).waitFor();
          expect(await page.locator('#quick-exit').getAttribute('href')).toBe(EXIT);
          expect(await page.getByRole('link', { name: /800 290 290/ }).count()).toBe(1);
          // ro, sq, ar and zh have no translation of the demo home page: the notice says so in the visitor's language.
          expect(await page.locator('.notice').count(), lang).toBe(['ro', 'sq', 'ar', 'zh'].includes(lang) ? 1 : 0);
          if (lang === 'ar') {
            const exitBox = await page.locator('#quick-exit').boundingBox();
            const siteBox = await page.locator('header .site').boundingBox();
            // Right to left: the site name starts on the right, the quick exit is on the left.
            expect(exitBox && siteBox && exitBox.x < siteBox.x).toBe(true);
            await screenshot(page, `public-ar-js-${javaScriptEnabled ? 'on' : 'off'}`);
          }
          await axe(page, javaScriptEnabled, `/p/${lang}/ (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
        }
        for (const path of ['/p/it/help', '/p/ar/help', '/p/en/contacts', '/p/en/projects/piano-antitratta-demo-5']) {
          expect((await page.goto(path))?.status(), path).toBe(200);
          await axe(page, javaScriptEnabled, path);
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('quick exit replaces the history entry: going back does not return to the page', async () => {
    const { context, page, problems } = await visitor(true);
    try {
      await page.goto('/p/it/help');
      await page.getByRole('link', { name: 'Esci subito' }).click();
      await page.waitForURL(EXIT);
      await page.goBack();
      expect(page.url()).not.toContain('/p/');

      // Esc pressed twice does the same.
      await page.goto('/p/en/');
      await page.keyboard.press('Escape');
      expect(page.url()).toContain('/p/en/');
      await page.keyboard.press('Escape');
      await page.waitForURL(EXIT);
      await page.goBack();
      expect(page.url()).not.toContain('/p/en/');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the quick exit is a plain link that leaves the site', async () => {
    const { context, page } = await visitor(false);
    try {
      await page.goto('/p/fr/');
      await page.getByRole('link', { name: 'Sortie rapide' }).click();
      await page.waitForURL(EXIT);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Meteo');
    } finally {
      await context.close();
    }
  });

  it('staff translate the home page into Romanian, preview it and publish it: the fallback notice goes away', async () => {
    const { context, page, problems } = await openPage(browser, ponte.url);
    try {
      await submitLogin(page, trainer.email, trainer.password);
      await completeMfaSetup(page, new Set());
      await page.getByRole('link', { name: 'Sito pubblico' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Pagine del sito pubblico' }).waitFor();
      await page.locator('#public-page-table').waitFor();
      await expectAxeClean(page, '/public-pages');
      await page.getByRole('link', { name: 'home', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /Pagina «home»/ }).waitFor();
      await page.locator('#pub-language').selectOption('ro');
      await page.getByText('Nessuna versione in questa lingua').waitFor();
      await page.getByLabel(/^Titolo/).fill('Planul împotriva traficului de persoane');
      await page.getByLabel(/^Testo/).fill('## Obiective\n\nAjutor pentru victimele traficului.\n\n<script>alert(1)</script>');
      const preview = page.locator('.public-preview');
      await preview.getByRole('heading', { name: 'Obiective' }).waitFor();
      expect(await preview.locator('script').count()).toBe(0);
      expect(await preview.innerText()).toContain('<script>alert(1)</script>');
      await expectAxeClean(page, '/public-pages/:id (editor)');
      await page.getByRole('button', { name: 'Salva una nuova versione' }).click();
      await page.getByText('Versione 1 salvata.').waitFor();
      await page.getByRole('button', { name: /^Pubblica/ }).click();
      await page.getByText('Versione 1 pubblicata in Rumeno.').waitFor();
      await expectAxeClean(page, '/public-pages/:id (published)');
      expect(problems).toEqual([]);

      const anonymous = await visitor(false);
      try {
        await anonymous.page.goto('/p/ro/');
        expect(await anonymous.page.getByRole('heading', { level: 1 }).innerText()).toBe('Planul împotriva traficului de persoane');
        expect(await anonymous.page.locator('.notice').count()).toBe(0);
      } finally {
        await anonymous.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('a visitor without JavaScript leaves feedback from the Arabic help page; staff read it and mark it read', async () => {
    const { context, page } = await visitor(false);
    try {
      await page.goto('/p/ar/help');
      await page.getByRole('link', { name: 'اترك تعليقًا على هذه الصفحة' }).click();
      await page.getByRole('heading', { level: 1, name: 'اترك تعليقًا' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/p/ar/feedback');
      await axe(page, false, '/p/ar/feedback');
      // Sent at once, with nothing filled in: the form comes back with the error, nothing kept.
      await page.waitForTimeout(3200);
      await page.getByRole('button', { name: 'إرسال' }).click();
      await page.getByRole('alert').getByText('أجب عن السؤال أو اكتب تعليقًا.').waitFor();
      await page.waitForTimeout(3200);
      await page.getByRole('radio', { name: 'نعم' }).check();
      await page.getByLabel('تعليق (اختياري)').fill('الصفحة واضحة، شكرًا.');
      await page.getByRole('button', { name: 'إرسال' }).click();
      await page.getByRole('heading', { level: 1, name: 'شكرًا' }).waitFor();
      await axe(page, false, '/p/ar/feedback/sent');
    } finally {
      await context.close();
    }
    const region = await ponte.database.db.selectFrom('organisations').select('id').where('code', '=', 'regione-demo').executeTakeFirstOrThrow();
    const reader = await seedUser(ponte, { email: 'redazione@example.org', displayName: 'Rita Redazione', memberships: [{ organisationId: region.id, role: 'trainer' }] });
    const staff = await openPage(browser, ponte.url);
    try {
      await submitLogin(staff.page, reader.email, reader.password);
      await completeMfaSetup(staff.page, new Set());
      await staff.page.goto('/public-pages/feedback');
      await staff.page.getByRole('heading', { level: 1, name: 'Commenti dei visitatori' }).waitFor();
      const row = staff.page.locator('#feedback-table tbody tr', { hasText: 'الصفحة واضحة، شكرًا.' });
      await row.waitFor();
      expect(await row.innerText()).toContain('/help');
      await expectAxeClean(staff.page, '/public-pages/feedback');
      await row.getByRole('button', { name: 'Segna come letto' }).click();
      await staff.page.getByText('Commento spostato in «Letti».').waitFor();
      await staff.page.locator('#feedback-empty').waitFor();
      expect(staff.problems).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });
});
