/**
 * Administration pages for a system administrator (after the first two-factor set-up), creating an
 * organisation and a project through the forms, the profile, and navigation that differs by role.
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

async function navLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: /Navigazione principale|Main navigation/ }).getByRole('link').allInnerTexts();
}

describe('administration', () => {
  let ponte: Ponte;
  let browser: Browser;
  let admin: SeededUser;
  let analyst: SeededUser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ponte = await startPonte();
    const region = await seedOrganisation(ponte, { code: 'regione-abruzzo', name: 'Regione Abruzzo', type: 'local_government', provinces: ['066', '067', '068', '069'] });
    const observatory = await seedOrganisation(ponte, { code: 'osservatorio', name: 'Osservatorio regionale', type: 'local_government' });
    admin = await seedUser(ponte, { email: 'admin@example.org', displayName: 'Anna Amministratrice', memberships: [{ organisationId: region, role: 'system_admin' }] });
    analyst = await seedUser(ponte, {
      email: 'analista@example.org',
      displayName: 'Giulia Analista',
      memberships: [
        { organisationId: observatory, role: 'observatory_analyst' },
        { organisationId: region, role: 'observatory_analyst' },
      ],
    });
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser, ponte.url));
    await submitLogin(page, admin.email, admin.password);
    await completeMfaSetup(page, new Set());
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('home greets the administrator and offers every administration page', async () => {
    await page.getByRole('heading', { level: 1, name: /Anna Amministratrice/ }).waitFor();
    expect(await navLinks(page)).toEqual(['Home', 'Organizzazioni', 'Progetti', 'Utenti', 'Ruoli', 'Registro accessi', 'Procedure', 'Scadenze e tempi', 'Profilo']);
    expect(await page.locator('#home-role').innerText()).toBe('Amministratore di sistema');
    await expectAxeClean(page, 'home');
    await screenshot(page, 'home-admin');
  });

  const pages: Array<{ path: string; heading: string; ready: string }> = [
    { path: '/organisations', heading: 'Organizzazioni', ready: '#organisation-table' },
    { path: '/organisations/new', heading: 'Nuova organizzazione', ready: '#org-name' },
    { path: '/projects', heading: 'Progetti', ready: '#project-table' },
    { path: '/projects/new', heading: 'Nuovo progetto', ready: '#project-name' },
    { path: '/users', heading: 'Utenti', ready: '#user-table' },
    { path: '/users/new', heading: 'Nuovo utente', ready: '#user-email' },
    { path: '/roles', heading: 'Ruoli', ready: '#role-table' },
    { path: '/roles/new', heading: 'Nuovo ruolo', ready: '#perm-users-manage' },
    { path: '/audit', heading: 'Registro accessi', ready: '#audit-table' },
    { path: '/profile', heading: 'Profilo', ready: '#session-table' },
  ];

  it.each(pages)('$path renders and is axe-clean', async ({ path, heading, ready }) => {
    await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
    // Client-side navigation where a link exists, a full load otherwise (both must work).
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.locator(ready).first().waitFor({ state: 'attached' });
    expect(await page.title()).toBe(`${heading} — Ponte`);
    expect(await page.locator('h1').count()).toBe(1);
    await expectAxeClean(page, path);
    if (['/organisations/new', '/roles/new', '/audit', '/profile', '/users'].includes(path)) await screenshot(page, path.slice(1).replace(/\//g, '-'));
  });

  it('creates an organisation through the form and finds it in the list', async () => {
    await page.goto('/organisations');
    await page.getByRole('link', { name: 'Nuova organizzazione' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuova organizzazione' }).waitFor();

    // Client-side validation first.
    await page.getByRole('button', { name: 'Crea' }).click();
    await page.locator('#org-name-error').waitFor();
    expect(await page.locator('#org-name-error').innerText()).toBe('Campo obbligatorio.');

    await page.getByLabel(/^Nome/).fill('Cooperativa Sociale Il Ponte');
    await page.getByLabel(/^Codice/).fill('coop-il-ponte');
    await page.locator('#org-type').selectOption({ index: 1 });
    const typeLabel = await page.locator('#org-type option:checked').innerText();
    await page.locator('#org-provinces-filter').fill('Pescara');
    await page.getByLabel('Pescara (PE)').check({ force: true });
    await page.getByLabel(/^Sportello$/).check({ force: true });
    await page.getByLabel(/^E-mail istituzionale/).fill('info@ilponte.example.org');
    await page.getByRole('button', { name: 'Crea' }).click();

    await page.waitForURL((u) => u.pathname === '/organisations');
    await page.getByText('Organizzazione creata.').waitFor();
    const row = page.locator('#organisation-table tbody tr', { hasText: 'Cooperativa Sociale Il Ponte' });
    await row.waitFor();
    expect(await row.innerText()).toContain('coop-il-ponte');
    expect(await row.innerText()).toContain(typeLabel);
    expect(await row.innerText()).toContain('PE');

    // Search narrows the list on the server.
    await page.getByLabel(/^Cerca per nome o codice/).fill('il ponte');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.getByText('1 risultati').waitFor();
    await screenshot(page, 'organisations-list');
  });

  it('edits an organisation and keeps the change', async () => {
    await page.goto('/organisations');
    await page.locator('#organisation-table').getByRole('link', { name: 'Cooperativa Sociale Il Ponte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modifica organizzazione' }).waitFor();
    expect(await page.locator('#org-code').inputValue()).toBe('coop-il-ponte');
    expect(await page.getByLabel('Pescara (PE)').isChecked()).toBe(true);
    // The client checks the telephone number...
    await page.getByLabel(/^Telefono/).fill('telefono?');
    await page.getByRole('button', { name: 'Salva' }).click();
    expect(await page.locator('#org-phone-error').innerText()).toBe('Solo cifre, spazi e i segni + ( ) . / -');
    // ...only the server the length of the name: its issue lands next to the field, its message above the form.
    await page.getByLabel(/^Telefono/).fill('+39 085 123456');
    const name = await page.getByLabel(/^Nome/).inputValue();
    await page.getByLabel(/^Nome/).fill('x'.repeat(301));
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.locator('#org-name-error').waitFor();
    await page.locator('.alert-danger', { hasText: 'Alcuni dati non sono validi.' }).waitFor();
    expect(await page.locator('#org-name').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'organisation-server-issue');
    await page.getByLabel(/^Nome/).fill(name);

    await page.getByLabel(/^Telefono/).fill('+39 085 123456');
    await page.getByLabel(/^Sito web/).fill('non-un-indirizzo');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.locator('#org-website-error').waitFor();
    await page.getByLabel(/^Sito web/).fill('https://ilponte.example.org');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Modifiche salvate.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Modifica organizzazione' }).waitFor();
    expect(await page.getByLabel(/^Telefono/).inputValue()).toBe('+39 085 123456');
  });

  it('shows the server error next to the field when the code already exists', async () => {
    await page.goto('/organisations/new');
    await page.getByLabel(/^Nome/).fill('Duplicato');
    await page.getByLabel(/^Codice/).fill('coop-il-ponte');
    await page.locator('#org-type').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Crea' }).click();
    const alert = page.locator('.alert-danger');
    await alert.waitFor();
    expect((await alert.innerText()).length).toBeGreaterThan(5);
    expect(page.url()).toContain('/organisations/new');
  });

  it('creates a project with exact budget amounts', async () => {
    await page.goto('/projects/new');
    await page.getByRole('heading', { level: 1, name: 'Nuovo progetto' }).waitFor();
    await page.getByLabel(/^Nome/).fill('PRAL 4 — Piano regionale antitratta');
    await page.getByLabel(/^Codice/).first().fill('pral-4');
    await page.getByLabel(/^Edizione/).fill('4');
    await page.locator('#project-start').fill('2022-10-01');
    await page.locator('#project-end').fill('2024-02-29');
    await page.getByLabel(/^Ente finanziatore/).fill('Dipartimento per le Pari Opportunità');
    await page.locator('#project-lead').selectOption({ label: 'Regione Abruzzo' });
    await page.getByLabel(/^Importo totale/).fill('1.700.256,47');
    await page.getByRole('button', { name: 'Aggiungi ente attuatore' }).click();
    await page.locator('#partner-0-org').selectOption({ label: 'Cooperativa Sociale Il Ponte' });
    await page.locator('#partner-0-provinces-filter').fill('Pescara');
    await page.getByLabel('Pescara (PE)').check({ force: true });
    await page.getByRole('button', { name: 'Aggiungi voce' }).click();
    await page.locator('#line-0-code').fill('A1');
    await page.locator('#line-0-label').fill('Personale');
    await page.locator('#line-0-amount').fill('1000000,10');
    await page.getByRole('button', { name: 'Aggiungi voce' }).click();
    await page.locator('#line-1-code').fill('A2');
    await page.locator('#line-1-label').fill('Accoglienza');
    await page.locator('#line-1-amount').fill('700256.37');
    expect(await page.locator('#budget-lines-total').innerText()).toContain('€ 1.700.256,47');
    await page.getByRole('button', { name: 'Aggiungi progetto complementare' }).click();
    await page.locator('#comp-0-name').fill('FAMI — Inclusione');
    await expectAxeClean(page, 'project form, filled in');
    await screenshot(page, 'project-form');
    await page.getByRole('button', { name: 'Crea' }).click();
    await page.waitForURL((u) => u.pathname === '/projects');
    const row = page.locator('#project-table tbody tr', { hasText: 'PRAL 4' });
    await row.waitFor();
    expect(await row.innerText()).toContain('€ 1.700.256,47');
  });

  it('creates a user with a membership, then disables them', async () => {
    await page.goto('/users/new');
    await page.getByRole('heading', { level: 1, name: 'Nuovo utente' }).waitFor();
    await page.getByLabel(/^E-mail/).fill('nuovo.operatore@example.org');
    await page.getByLabel(/^Nome visualizzato/).fill('Luca Operatore');
    await page.locator('#m-0-org').selectOption({ label: 'Cooperativa Sociale Il Ponte' });
    await page.locator('#m-0-role').selectOption({ label: 'Operatore di unità di strada' });
    await page.getByRole('button', { name: 'Crea' }).click();
    await page.waitForURL((u) => u.pathname === '/users');
    await page.getByText('Utente creato.').waitFor();
    const row = page.locator('#user-table tbody tr', { hasText: 'Luca Operatore' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Cooperativa Sociale Il Ponte: Operatore di unità di strada');

    await row.getByRole('link', { name: 'Luca Operatore' }).click();
    await page.getByRole('heading', { level: 1, name: /Luca Operatore/ }).waitFor();
    await page.getByRole('button', { name: 'Disattiva utente' }).click();
    await page.getByText('Utente disattivato: le sue sessioni sono terminate.').waitFor();
    await page.getByRole('button', { name: 'Riattiva utente' }).waitFor();
    await expectAxeClean(page, 'user edit');
  });

  it('creates a custom role from grouped permission checkboxes', async () => {
    await page.goto('/roles/new');
    await page.getByLabel(/^Chiave/).fill('referente_statistico');
    await page.getByLabel(/^Nome in italiano/).fill('Referente statistico');
    await page.getByLabel(/^Nome in inglese/).fill('Statistics contact');
    const network = page.getByRole('group', { name: 'Amministrazione della rete' });
    await network.getByLabel(/Vedere organizzazioni e progetti/).check({ force: true });
    await page.getByRole('group', { name: 'Solo dati aggregati' }).getByLabel(/Vedere statistiche aggregate/).check({ force: true });
    await page.getByText('2 permessi').waitFor();
    await page.getByRole('button', { name: 'Crea' }).click();
    await page.waitForURL((u) => u.pathname === '/roles');
    const row = page.locator('#role-table tbody tr', { hasText: 'Referente statistico' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Personalizzato');
    expect(await row.innerText()).toContain('2 permessi');

    // Nobody holds it yet, so it can be deleted (after a confirmation).
    await row.getByRole('link', { name: 'Referente statistico' }).click();
    await page.getByRole('heading', { level: 1, name: /Referente statistico/ }).waitFor();
    expect(await page.getByLabel(/Vedere statistiche aggregate/).isChecked()).toBe(true);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Elimina' }).click();
    await page.waitForURL((u) => u.pathname === '/roles');
    await page.getByText('Ruolo eliminato.').waitFor();
    expect(await page.locator('#role-table tbody tr', { hasText: 'Referente statistico' }).count()).toBe(0);
  });

  it('the audit trail lists the creation and shows who accessed the record', async () => {
    await page.goto('/audit?action=organisation.create');
    const row = page.locator('#audit-table tbody tr').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('admin@example.org');
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /Chi ha avuto accesso/ }).waitFor();
    await page.locator('#audit-table tbody tr').first().waitFor();
    await expectAxeClean(page, 'who accessed this record');
  });

  it('the audit search shows 50 entries, the next ones on request, and starts again on a new search', async () => {
    // 53 entries of one action, the 3 oldest denied.
    await ponte.database.db
      .insertInto('audit_log')
      .values(Array.from({ length: 53 }, (_, i) => ({ action: 'paging.check', outcome: i < 3 ? ('denied' as const) : ('success' as const), record_type: 'paging', record_id: `entry-${i}`, details: '{}' })))
      .execute();
    const rows = page.locator('#audit-table tbody tr');
    const more = page.getByRole('button', { name: 'Carica altri' });
    await page.goto('/audit?action=paging.check');
    await more.waitFor();
    expect(await rows.count()).toBe(50);
    await more.click();
    await more.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(53);
    expect(await rows.last().innerText()).toContain('entry-0');

    await page.locator('#audit-outcome').selectOption('denied');
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('outcome') === 'denied');
    await rows.nth(2).waitFor();
    await rows.nth(3).waitFor({ state: 'detached' });
    expect(await more.count()).toBe(0);
    await expectAxeClean(page, 'audit search after a new search');
  });

  it('remembers the language in the profile', async () => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    // Forget the browser's copy: the language now comes from the profile.
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAxeClean(page, 'profile (en)');
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profilo' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('an observatory analyst sees no users, roles or audit links, and those pages are not found', async () => {
    const other = await openPage(browser, ponte.url);
    const p = other.page;
    await submitLogin(p, analyst.email, analyst.password);
    await p.waitForURL((u) => u.pathname === '/');
    await p.getByRole('heading', { level: 1, name: /Giulia Analista/ }).waitFor();
    expect(await navLinks(p)).toEqual(['Home', 'Organizzazioni', 'Progetti', 'Forum di consulenza', 'Monitoraggio', 'Rapporti', 'Profilo']);
    expect(await p.getByRole('link', { name: 'Utenti' }).count()).toBe(0);
    expect(await p.getByRole('link', { name: 'Registro accessi' }).count()).toBe(0);
    await expectAxeClean(p, 'home (analyst)');
    await screenshot(p, 'home-analyst');

    for (const path of ['/users', '/roles', '/audit', '/organisations/new']) {
      await p.goto(path);
      await p.getByRole('heading', { level: 1, name: 'Pagina non trovata' }).waitFor();
    }

    // Narrow screens: the same page, reflowed, still accessible.
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto('/');
    await p.getByRole('heading', { level: 1, name: /Giulia Analista/ }).waitFor();
    await expectAxeClean(p, 'home (analyst, phone width)');
    await screenshot(p, 'home-analyst-phone');
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await p.setViewportSize({ width: 1280, height: 900 });

    // Read-only organisations: no "new" button.
    await p.goto('/organisations');
    await p.locator('#organisation-table').waitFor();
    expect(await p.getByRole('link', { name: 'Nuova organizzazione' }).count()).toBe(0);

    // Two memberships: the header offers the switch.
    const switcher = p.getByLabel('Operi per');
    const before = await switcher.locator('option:checked').innerText();
    const target = before === 'Regione Abruzzo' ? 'Osservatorio regionale' : 'Regione Abruzzo';
    await switcher.selectOption({ label: target });
    await p.locator('.it-brand-tagline', { hasText: target }).waitFor();

    // Active sessions: a second login shows up in the profile and can be ended from there.
    const second = await openPage(browser, ponte.url);
    await submitLogin(second.page, analyst.email, analyst.password);
    await second.page.waitForURL((u) => u.pathname === '/');
    await p.goto('/profile');
    const rows = p.locator('#session-table tbody tr');
    await p.waitForFunction(() => document.querySelectorAll('#session-table tbody tr').length === 2);
    expect(await rows.filter({ hasText: 'Questa sessione' }).count()).toBe(1);
    await rows.getByRole('button', { name: /^Termina la sessione/ }).click();
    await p.getByText('Sessione terminata.').waitFor();
    await p.waitForFunction(() => document.querySelectorAll('#session-table tbody tr').length === 1);
    await second.page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Organizzazioni' }).click();
    await second.page.waitForURL('**/login');
    await second.page.getByText('La sessione è scaduta. Accedi di nuovo.').waitFor();
    await second.context.close();

    // When the session ends on the server, the next request returns to the login page with the reason.
    await ponte.database.db.updateTable('sessions').set({ revoked_at: new Date(), revoke_reason: 'test' }).where('user_id', '=', analyst.id).execute();
    await p.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Progetti' }).click();
    await p.waitForURL('**/login');
    await p.getByText('La sessione è scaduta. Accedi di nuovo.').waitFor();
    // Logging in again returns to the page that was asked for.
    await p.getByLabel(/^E-mail/).fill(analyst.email);
    await p.getByLabel(/^Password/).fill(analyst.password);
    await p.getByRole('button', { name: 'Accedi' }).click();
    await p.waitForURL((u) => u.pathname === '/projects');
    expect(other.problems).toEqual([]);
    await other.context.close();
  });
});
