/**
 * The demo network (as `ponte demo` seeds it) in demo mode: every built-in role sees the navigation
 * its permissions allow, and the populated pages stay accessible in Italian and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { builtinRole } from '../../src/domain/permissions.ts';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { demoAccounts } from '../../src/server/features/demo/data.ts';
import { navItemVisible, navItems } from '../../src/web/access.ts';
import { translate } from '../../src/web/i18n/index.tsx';
import { expectAxeClean, launchBrowser, openPage, PASSWORD, screenshot, startPonte, submitLogin, type Ponte } from './support/ponte.ts';

describe('demo network', () => {
  let ponte: Ponte;
  let browser: Browser;

  beforeAll(async () => {
    ponte = await startPonte({ PONTE_DEMO: 'true' });
    await systemSeedDemo({ db: ponte.database.db, passwordHash: await hashPassword(PASSWORD) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ponte?.stop();
  });

  it('each built-in role gets the navigation its permissions allow', async () => {
    const { context, page, problems } = await openPage(browser, ponte.url);
    for (const account of demoAccounts) {
      const granted = new Set<string>(builtinRole(account.roleKey).permissions);
      const expected = navItems.filter((n) => navItemVisible(n, (p) => granted.has(p))).map((n) => translate('it', n.label));
      await submitLogin(page, account.email, PASSWORD);
      await page.waitForURL((u) => u.pathname === '/');
      await page.getByRole('heading', { level: 1, name: new RegExp(account.displayName.replace(/[()]/g, '.')) }).waitFor();
      const links = await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link').allInnerTexts();
      expect(links, account.roleKey).toEqual(expected);
      await page.getByRole('button', { name: 'Esci' }).click();
      await page.waitForURL('**/login');
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a coordinator reads organisations and the regional plan (read-only), in Italian and English', async () => {
    const coordinator = demoAccounts.find((a) => a.roleKey === 'coordinator')!;
    const { context, page, problems } = await openPage(browser, ponte.url);
    await submitLogin(page, coordinator.email, PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');

    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Organizzazioni' }).click();
    await page.locator('#organisation-table tbody tr').nth(5).waitFor();
    const all = await page.locator('#organisation-table tbody tr').count();
    await page.locator('#org-type-filter').selectOption('ngo');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#organisation-table tbody tr').length < n, all);
    expect(await page.locator('#organisation-table').innerText()).toContain('Cooperativa Sociale Il Faro');
    expect(await page.getByRole('link', { name: 'Nuova organizzazione' }).count()).toBe(0);
    await expectAxeClean(page, 'organisations (demo, filtered)');

    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Progetti' }).click();
    const plan = page.locator('#project-table tbody tr').first();
    await plan.waitFor();
    await plan.getByRole('link').click();
    await page.locator('#line-0-amount').waitFor();
    expect(await page.locator('#project-name').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Salva' }).count()).toBe(0);
    await expectAxeClean(page, 'project (demo, read-only)');
    await screenshot(page, 'project-demo');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Implementing bodies' }).waitFor();
    await expectAxeClean(page, 'project (demo, read-only, English)');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit trail' }).click();
    await page.locator('#audit-table tbody tr').first().waitFor();
    await expectAxeClean(page, 'audit (demo, English)');
    await screenshot(page, 'audit-demo-en');
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro accessi' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
