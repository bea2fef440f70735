/**
 * Browser-test support: a real Ponte server in-process on an in-memory database, seeded with an
 * organisation, users and memberships, and Debian's Chromium driven by playwright-core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { generate } from 'otplib';
import { loadConfig } from '../../../src/server/platform/config.ts';
import { openAndMigrate, startServer } from '../../../src/server/start.ts';
import { hashPassword } from '../../../src/server/platform/auth/password.ts';
import type { Database } from '../../../src/db/client.ts';
import type { BuiltinRoleKey } from '../../../src/domain/permissions.ts';

export const PASSWORD = 'prova-Ponte-2026!';

export interface SeededUser {
  id: string;
  email: string;
  displayName: string;
  password: string;
}

export interface Ponte {
  url: string;
  database: Database;
  stop(): Promise<void>;
}

export async function startPonte(env: Record<string, string> = {}): Promise<Ponte> {
  if (!existsSync(new URL('../../../dist/web/index.html', import.meta.url))) {
    throw new Error('dist/web is missing: run `npm run test:browser` (it builds the web app first) or `npm run build`.');
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    PONTE_DATA_DIR: 'memory://',
    PONTE_LOG_LEVEL: 'silent',
    PONTE_MASTER_KEY: Buffer.alloc(32, 11).toString('base64'),
    PONTE_AUDIT_SEAL_INTERVAL_MS: '60000',
    ...env,
  });
  const database = await openAndMigrate({ config });
  const server = await startServer({ config, database, logger: false });
  return {
    url: server.url.replace('[::1]', '127.0.0.1'),
    database,
    async stop() {
      await server.stop();
      await database.close();
    },
  };
}

export async function seedOrganisation(
  ponte: Ponte,
  org: { code: string; name: string; type?: string; provinces?: string[] },
): Promise<string> {
  const row = await ponte.database.db
    .insertInto('organisations')
    .values({ code: org.code, name: org.name, org_type: org.type ?? 'ngo', provinces: org.provinces ?? [] })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedUser(
  ponte: Ponte,
  user: { email: string; displayName: string; locale?: 'it' | 'en'; memberships: Array<{ organisationId: string; role: BuiltinRoleKey }> },
): Promise<SeededUser> {
  const db = ponte.database.db;
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      display_name: user.displayName,
      password_hash: await hashPassword(PASSWORD),
      locale: user.locale ?? 'it',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of user.memberships) {
    const role = await db.selectFrom('roles').select('id').where('key', '=', m.role).executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ user_id: row.id, organisation_id: m.organisationId, role_id: role.id }).execute();
  }
  return { id: row.id, email: user.email, displayName: user.displayName, password: PASSWORD };
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
}

/** A fresh context (cookies, storage) with problems the page reports collected for the test. */
export async function openPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  // Reduced motion: no colour transitions half-way through when axe measures contrast.
  const context = await browser.newContext({ baseURL, locale: 'it-IT', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    // Expected 401s (anonymous /api/me, wrong codes) are logged by Chromium as failed loads.
    if (msg.type() === 'error' && !/status of 40[0-9]/.test(text)) problems.push(`console: ${text}`);
  });
  page.on('requestfailed', (r) => {
    if (!r.url().startsWith(baseURL)) problems.push(`external request: ${r.url()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(baseURL) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`);
  });
  return { context, page, problems };
}

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string; html: string }>;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page; returns the violations as readable text. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // page.addScriptTag inlines the file into a <script> element, which Ponte's CSP
    // (script-src 'self', no 'unsafe-inline') rightly blocks. The pages are tested under the real
    // CSP, so axe is evaluated through the DevTools protocol instead, which CSP does not govern.
    axeSource ??= readFileSync(axePath, 'utf8');
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations;
  });
  return violations.map(
    (v) =>
      `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
      v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n'),
  );
}

/** Whether the page fits the viewport's width (no horizontal scrolling, e.g. at 360 px). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Fails the test with every violation printed, one per paragraph. */
export async function expectAxeClean(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    throw new Error(`axe found ${violations.length} accessibility violation(s) on ${where}:\n\n${violations.join('\n\n')}`);
  }
}

/**
 * A TOTP code for the secret. Ponte never accepts a time step twice and allows one step of clock
 * drift, so after a code of the current step this uses the next step, and waits only when that is
 * taken too.
 */
export async function totpCode(secret: string, usedSteps: Set<number>): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / 1000 / 30);
    const step = Math.max(current, ...[...usedSteps].map((s) => s + 1));
    if (step <= current + 1) {
      usedSteps.add(step);
      return generate({ secret, epoch: step * 30 });
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/ponte-${name}.png`, fullPage: true });
}

/** Logs in through the form; does not wait for what follows (home, verification or set-up). */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/^(E-mail)/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
}

/**
 * Completes the first two-factor set-up in the browser and returns the secret (for later codes).
 * Expects the set-up page to be showing.
 */
export async function completeMfaSetup(page: Page, usedSteps: Set<number>): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.waitForURL('**/login/setup');
  const secretEl = page.locator('#totp-secret');
  await secretEl.waitFor();
  const secret = (await secretEl.innerText()).replace(/\s/g, '');
  await page.getByLabel(/^Codice di verifica|^Verification code/).fill(await totpCode(secret, usedSteps));
  await page.getByRole('button', { name: /^(Conferma|Confirm)$/ }).click();
  await page.locator('.recovery-codes').waitFor();
  const recoveryCodes = await page.locator('.recovery-codes code').allInnerTexts();
  // Bootstrap Italia draws the box on the label, which therefore receives the pointer events.
  await page.getByLabel(/salvati in un luogo sicuro|saved them/).check({ force: true });
  await page.getByRole('button', { name: /^(Continua|Continue)$/ }).click();
  await page.waitForURL((u) => u.pathname === '/');
  return { secret, recoveryCodes };
}
