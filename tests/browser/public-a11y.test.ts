/**
 * The public site on a small phone (360 px wide) in every public language: the home page and the
 * other pages (help, contacts, a project page, the feedback form) are axe-clean, have the right
 * lang and dir, fit the width without scrolling sideways, and arrive compressed. And the quick
 * exit in the browser: the history entry is replaced (going back does not return to the page
 * left), the site is left, and it works from the keyboard (Tab to the button then Enter; Esc
 * twice), in Arabic too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAxeClean, launchBrowser, startPonte, type Ponte } from './support/ponte.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { chrome } from '../../src/server/features/public/chrome.ts';
import { publicLanguages } from '../../src/domain/public/languages.ts';

const EXIT = 'https://meteo.example.org/oggi';
const BEFORE = 'https://ricerca.example.org/';
const page = (title: string) => `<!doctype html><html lang="it"><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

describe('public site: every language at 360 px, and the quick exit', () => {
  let ponte: Ponte;
  let browser: Browser;
  let projectPath: string;

  beforeAll(async () => {
    ponte = await startPonte({ PONTE_PUBLIC_EXIT_URL: EXIT });
    await systemSeedDemo({ db: ponte.database.db, passwordHash: 'not-used-in-this-test' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ponte?.stop();
  });

  /** A visitor on a small phone; the page before the site and the exit's destination are served locally; any other outside request is a problem. */
  async function phone(): Promise<{ context: BrowserContext; tab: Page; problems: string[] }> {
    const context = await browser.newContext({ baseURL: ponte.url, locale: 'it-IT', viewport: { width: 360, height: 740 }, reducedMotion: 'reduce' });
    await context.route('https://meteo.example.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: page('Meteo') }));
    await context.route('https://ricerca.example.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: page('Ricerca') }));
    const tab = await context.newPage();
    tab.setDefaultTimeout(15_000);
    const problems: string[] = [];
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    tab.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(ponte.url) && !url.startsWith(EXIT) && !url.startsWith(BEFORE) && !url.startsWith('data:')) problems.push(`external request: ${url}`);
    });
    return { context, tab, problems };
  }

  it('every page in every language: axe-clean at 360 px, lang and dir set, no sideways scrolling, compressed', async () => {
    const { context, tab, problems } = await phone();
    try {
      await tab.goto('/p/it/');
      const href = await tab.locator('main a[href^="/p/it/projects/"]').first().getAttribute('href');
      expect(href).toMatch(/^\/p\/it\/projects\/[a-z0-9-]+$/);
      projectPath = (href ?? '').replace('/p/it', '');
      for (const lang of publicLanguages) {
        for (const path of ['/', '/help', '/contacts', projectPath, '/feedback?page=%2Fhelp']) {
          const where = `/p/${lang}${path} at 360 px`;
          const response = await tab.goto(`/p/${lang}${path}`);
          expect(response?.status(), where).toBe(200);
          const headers = await response!.allHeaders();
          expect(['br', 'gzip'], where).toContain(headers['content-encoding']);
          expect(headers.vary, where).toContain('Accept-Encoding');
          expect(headers['set-cookie'], where).toBeUndefined();
          await tab.getByRole('heading', { level: 1 }).waitFor();
          expect(await tab.locator('html').getAttribute('lang'), where).toBe(lang);
          expect(await tab.locator('html').getAttribute('dir'), where).toBe(lang === 'ar' ? 'rtl' : 'ltr');
          expect(await tab.getByRole('link', { name: chrome[lang].quickExit }).count(), where).toBe(1);
          const widths = await tab.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
          expect(widths.page, `${where}: the page is wider than the screen`).toBeLessThanOrEqual(widths.view);
          await expectAxeClean(tab, where);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('quick exit: arriving from another site, the exit replaces the page, so going back returns to that site, not to the page', async () => {
    const { context, tab, problems } = await phone();
    try {
      await tab.goto(BEFORE);
      await tab.goto('/p/ar/help');
      await tab.getByRole('heading', { level: 1 }).waitFor();
      const before = await tab.evaluate(() => history.length);
      await tab.getByRole('link', { name: chrome.ar.quickExit }).click();
      await tab.waitForURL(EXIT);
      await tab.getByRole('heading', { level: 1, name: 'Meteo' }).waitFor();
      // Replaced, not added: the history has as many entries as before.
      expect(await tab.evaluate(() => history.length)).toBe(before);
      await tab.goBack();
      expect(tab.url()).toBe(BEFORE);
      await tab.getByRole('heading', { level: 1, name: 'Ricerca' }).waitFor();
      // And forward goes to the exit's destination, not back to the site.
      await tab.goForward();
      expect(tab.url()).toBe(EXIT);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('quick exit after two pages of the site: only the page left is replaced (an earlier page stays in the history)', async () => {
    const { context, tab, problems } = await phone();
    try {
      await tab.goto('/p/it/');
      await tab.getByRole('navigation', { name: chrome.it.nav }).getByRole('link', { name: chrome.it.help }).click();
      await tab.waitForURL('**/p/it/help');
      await tab.getByRole('link', { name: chrome.it.quickExit }).click();
      await tab.waitForURL(EXIT);
      await tab.goBack();
      // What a page can do: the help page is gone from the history; the home page seen before it is not.
      expect(new URL(tab.url()).pathname).toBe('/p/it/');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('quick exit from the keyboard: the third Tab stop is the button, Enter leaves; Esc twice leaves from any language', async () => {
    const { context, tab, problems } = await phone();
    try {
      await tab.goto(BEFORE);
      await tab.goto('/p/ar/');
      await tab.getByRole('heading', { level: 1 }).waitFor();
      // Tab stops at the top: the skip link, the site's name (home), then the quick exit.
      const stops: string[] = [];
      for (let i = 0; i < 3; i++) {
        await tab.keyboard.press('Tab');
        stops.push(await tab.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
      }
      expect(stops).toEqual(['skip', 'site', 'quick-exit']);
      await tab.keyboard.press('Enter');
      await tab.waitForURL(EXIT);
      await tab.goBack();
      expect(tab.url()).toBe(BEFORE);

      for (const lang of publicLanguages) {
        await tab.goto(BEFORE);
        await tab.goto(`/p/${lang}/contacts`);
        await tab.getByRole('heading', { level: 1 }).waitFor();
        await tab.keyboard.press('Escape');
        expect(new URL(tab.url()).pathname, lang).toBe(`/p/${lang}/contacts`);
        await tab.keyboard.press('Escape');
        await tab.waitForURL(EXIT);
        await tab.goBack();
        expect(tab.url(), lang).toBe(BEFORE);
      }

      // Esc twice while writing in the feedback form leaves too.
      await tab.goto('/p/zh/feedback');
      await tab.locator('#comment').fill('测试');
      await tab.locator('#comment').press('Escape');
      await tab.locator('#comment').press('Escape');
      await tab.waitForURL(EXIT);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
