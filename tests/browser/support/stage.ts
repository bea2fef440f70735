/**
 * The usual stage of a browser test: a Ponte server, Chromium, and users each logged in in their
 * own browser context with their first two-factor set-up done. `close()` closes every context,
 * the browser and the server, whatever was started.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, launchBrowser, openPage, startPonte, submitLogin, type Ponte } from './ponte.ts';

export interface LoggedInPage {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and external requests seen on the page. */
  problems: string[];
}

export interface Stage {
  ponte: Ponte;
  browser: Browser;
  /** Opens a fresh context, logs the user in and sets up their second factor; ends on the home page. */
  login(user: { email: string; password: string }): Promise<LoggedInPage>;
  close(): Promise<void>;
}

export async function startStage(env: Record<string, string> = {}): Promise<Stage> {
  const ponte = await startPonte(env);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await ponte.stop();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  return {
    ponte,
    browser,
    async login(user) {
      const opened = await openPage(browser, ponte.url);
      contexts.push(opened.context);
      await submitLogin(opened.page, user.email, user.password);
      await completeMfaSetup(opened.page, new Set());
      return opened;
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await ponte.stop();
    },
  };
}
