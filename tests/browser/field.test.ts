/**
 * The field app in Chromium: an outreach worker logs in at /field (password and second factor:
 * the same password derives the store key), goes offline, records an outing with an individual
 * contact on a 360 px screen, reloads while still offline (the service worker serves the app,
 * the password opens the data again), and the raw IndexedDB holds no nickname, trait, note or
 * place in clear. Back online the records are sent and found on the server through the API, with
 * audit entries. Then two workers edit the same contact offline: the second to send gets the
 * conflict prompt (base / mine / theirs) and keeps their own value. Every view is checked with axe.
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
  totpCode,
  type Ponte,
  type SeededUser,
} from './support/ponte.ts';

const NICKNAME = 'Stella del Nord';
const TRAITS = 'giacca rossa, parla piemontese';
const NOTES = 'Giro notturno lungo la Domiziana';
const UNIT = 'Unità Litorale Nord';
const MUNICIPALITY = 'Castel Volturno';
const ZONE = 'Domiziana km 30';

interface Worker {
  user: SeededUser;
  ctx: BrowserContext;
  page: Page;
  secret: string;
  used: Set<number>;
}

/** Everything the field app's IndexedDB holds, as raw rows (what a lost phone would show). */
async function rawStore(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('ponte-field');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error('cannot open'));
    });
    const rows: unknown[] = [];
    for (const name of Array.from(db.objectStoreNames)) {
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(name, 'readonly').objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(new Error('cannot read'));
      });
      rows.push(...all);
    }
    db.close();
    return JSON.stringify(rows);
  });
}

/** Logs in at /field: e-mail, password, then the second-factor code. */
async function fieldLogin(w: Worker): Promise<void> {
  await w.page.goto('/field');
  await w.page.getByRole('heading', { level: 1, name: /^(Accedi alle uscite sul campo|Log in to field work)$/ }).waitFor();
  await w.page.locator('#field-email').fill(w.user.email);
  await w.page.locator('#field-password').fill(w.user.password);
  await w.page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
  await w.page.locator('#field-code').fill(await totpCode(w.secret, w.used));
  await w.page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
  await w.page.getByRole('heading', { level: 1, name: /^(Uscite sul campo|Field work)$/ }).waitFor();
}

async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return Boolean(reg?.active) && navigator.serviceWorker.controller !== null;
  });
}

/** GET /api/outings/:id (the outing with its individual contacts) in the worker's session. */
async function outingFromApi(page: Page, id: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (outing) => {
    const r = await fetch(`/api/outings/${outing}`, { headers: { Accept: 'application/json' } });
    return { status: r.status, body: (await r.json()) as unknown };
  }, id);
}

async function unsentText(page: Page): Promise<string> {
  return (await page.locator('#field-unsent').innerText()).trim();
}

describe('field app (offline first)', () => {
  let ponte: Ponte;
  let browser: Browser;
  let a: Worker;
  let b: Worker;
  let outingId = '';
  let contactId = '';
  let zoneId = '';

  async function worker(email: string, name: string, org: string): Promise<Worker> {
    const user = await seedUser(ponte, { email, displayName: name, memberships: [{ organisationId: org, role: 'outreach_worker' }] });
    const { context, page } = await openPage(browser, ponte.url);
    const used = new Set<number>();
    await submitLogin(page, user.email, user.password);
    const { secret } = await completeMfaSetup(page, used);
    return { user, ctx: context, page, secret, used };
  }

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'coop-strada', name: 'Cooperativa Strada Aperta', provinces: ['061'] });
    zoneId = (await ponte.database.db.insertInto('outreach_zones').values({ org_id: org, name: ZONE, province_code: '061', municipality: MUNICIPALITY }).returning('id').executeTakeFirstOrThrow()).id;
    browser = await launchBrowser();
    a = await worker('operatrice-strada@example.org', 'Giulia Strada', org);
    b = await worker('operatore-strada@example.org', 'Marco Strada', org);
  });

  afterAll(async () => {
    await a?.ctx.close();
    await b?.ctx.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('records an outing offline, survives a reload offline, keeps nothing in clear, then syncs', async () => {
    const p = a.page;
    await p.setViewportSize({ width: 360, height: 780 });
    await fieldLogin(a);
    await waitForServiceWorker(p);
    await p.getByText('Nessuna uscita su questo dispositivo.').waitFor();
    await expectAxeClean(p, 'field home, empty');

    // Online, the zones and the team are fetched and kept in the store for offline use.
    await p.getByRole('link', { name: 'Nuova uscita' }).click();
    await p.locator('#outing-province').selectOption('061');
    await p.locator('#outing-municipality').fill(MUNICIPALITY);
    await p.getByRole('button', { name: `Aggiungi uno: Contatti in ${ZONE}` }).waitFor();
    await p.getByLabel(b.user.displayName).waitFor();
    await p.getByRole('link', { name: 'Torna alle uscite' }).click();

    await a.ctx.setOffline(true);
    await p.getByText('Senza rete', { exact: true }).waitFor();
    await p.getByRole('link', { name: 'Nuova uscita' }).click();
    await p.getByRole('heading', { level: 1, name: 'Nuova uscita' }).waitFor();
    await p.locator('#outing-unitName').fill(UNIT);
    await p.locator('#outing-province').selectOption('061');
    await p.locator('#outing-municipality').fill(MUNICIPALITY);
    await p.getByRole('button', { name: 'Aggiungi uno: Donne' }).click();
    await p.getByRole('button', { name: 'Aggiungi uno: Donne' }).click();
    await p.getByRole('button', { name: 'Aggiungi uno: Persone transgender' }).click();
    await p.getByText('Totale contatti: 3').waitFor();
    // Offline: the zone of the municipality and the team come from the store.
    await p.getByLabel(b.user.displayName).check({ force: true });
    for (let i = 0; i < 3; i++) await p.getByRole('button', { name: `Aggiungi uno: Contatti in ${ZONE}` }).click();
    await p.locator('#byHistory-first_time').fill('2');
    await p.getByRole('button', { name: 'Aggiungi uno: Già conosciuta' }).click();
    await p.getByRole('button', { name: 'Aggiungi uno: Nigeria' }).click();
    await p.locator('#offered-condoms').fill('40');
    await p.locator('#outing-notes').fill(NOTES);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAxeClean(p, 'outing form');
    await p.getByRole('button', { name: 'Salva sul dispositivo' }).click();
    await p.getByText('Uscita salvata sul dispositivo.').waitFor();
    outingId = new URL(p.url()).pathname.split('/').pop() ?? '';
    expect(outingId).toMatch(/^[0-9a-f-]{36}$/);

    await p.getByRole('link', { name: 'Aggiungi un contatto' }).click();
    await p.getByRole('heading', { level: 1, name: 'Nuovo contatto' }).waitFor();
    await p.locator('#contact-nickname').fill(NICKNAME);
    await p.locator('#contact-traits').fill(TRAITS);
    await p.locator('#contact-nationality').selectOption('nigeria');
    await p.getByLabel('Possibile vittima di tratta o sfruttamento').check({ force: true });
    await expectAxeClean(p, 'contact form');
    await p.getByRole('button', { name: 'Salva il contatto' }).click();
    await p.getByRole('heading', { level: 2, name: 'Contatti individuali' }).waitFor();
    const contactLink = p.getByRole('link', { name: NICKNAME, exact: true });
    await contactLink.waitFor();
    contactId = ((await contactLink.getAttribute('href')) ?? '').split('/').pop() ?? '';

    // Reload with no network: the service worker serves the app, the password opens the data.
    await p.reload();
    await p.getByText('Sei senza rete: inserisci la password per aprire i dati salvati su questo dispositivo.').waitFor();
    await p.locator('#field-password').fill('una-password-sbagliata');
    await p.getByRole('button', { name: 'Apri i dati' }).click();
    await p.getByText('Password errata.').waitFor();
    await p.locator('#field-password').fill(a.user.password);
    await p.getByRole('button', { name: 'Apri i dati' }).click();
    // The reload was on the outing page: it opens again there.
    await p.getByRole('link', { name: NICKNAME, exact: true }).waitFor();
    await p.getByRole('link', { name: 'Torna alle uscite' }).click();
    await p.getByRole('link', { name: NICKNAME, exact: true }).waitFor();
    expect(await unsentText(p)).toBe('Modifiche da inviare: 2');
    await expectAxeClean(p, 'field home, offline with pending records');
    await screenshot(p, 'field-offline');

    const raw = await rawStore(p);
    expect(raw).toContain(outingId);
    for (const secret of [NICKNAME, 'Stella', TRAITS, 'giacca', NOTES, 'Domiziana', MUNICIPALITY, UNIT, a.user.email]) expect(raw).not.toContain(secret);

    // Back online: the records go to the server.
    await a.ctx.setOffline(false);
    await p.waitForFunction(() => document.querySelector('#field-unsent')?.textContent?.trim() === 'Tutto inviato.');

    const fromServer = await outingFromApi(p, outingId);
    expect(fromServer.status).toBe(200);
    expect(JSON.stringify(fromServer.body)).toContain(MUNICIPALITY);
    expect(JSON.stringify(fromServer.body)).toContain(NICKNAME);
    expect(JSON.stringify(fromServer.body)).toContain(contactId);
    expect(fromServer.body).toMatchObject({ zones: [{ zoneId, contacts: 3 }] });
    expect([...((fromServer.body as { teamUserIds: string[] }).teamUserIds)].sort()).toEqual([a.user.id, b.user.id].sort());

    const audit = await ponte.database.db
      .selectFrom('audit_log')
      .select(['action', 'record_id', 'outcome'])
      .where('record_id', 'in', [outingId, contactId])
      .where('action', '=', 'outreach.sync')
      .execute();
    expect(audit.map((e) => e.record_id).sort()).toEqual([outingId, contactId].sort());
    expect(audit.every((e) => e.outcome === 'success')).toBe(true);
    // The stored nickname is not in clear in the server's database either.
    const rawRows = JSON.stringify(await ponte.database.db.selectFrom('outreach_contacts' as never).selectAll().execute());
    expect(rawRows).not.toContain(NICKNAME);
  });

  it('asks field by field when two workers changed the same contact offline', async () => {
    // The second worker gets the team's records on their phone.
    await fieldLogin(b);
    const bLink = b.page.getByRole('link', { name: NICKNAME, exact: true });
    await bLink.waitFor();

    await a.ctx.setOffline(true);
    await b.ctx.setOffline(true);
    for (const [w, nickname] of [[a, 'Stella A'], [b, 'Stella B']] as const) {
      await w.page.getByRole('link', { name: NICKNAME, exact: true }).click();
      await w.page.locator('#contact-nickname').fill(nickname);
      await w.page.getByRole('button', { name: 'Salva il contatto' }).click();
      await w.page.getByText('Contatto salvato sul dispositivo.').waitFor();
      await w.page.getByRole('link', { name: 'Torna all’uscita' }).click();
      await w.page.getByRole('link', { name: 'Torna alle uscite' }).click();
      await w.page.getByRole('link', { name: nickname, exact: true }).waitFor();
    }

    // B sends first and wins; A then finds a conflict.
    await b.ctx.setOffline(false);
    await b.page.waitForFunction(() => document.querySelector('#field-unsent')?.textContent?.trim() === 'Tutto inviato.');
    await a.ctx.setOffline(false);
    await a.page.getByRole('link', { name: 'Risolvi il conflitto' }).first().waitFor();
    await a.page.getByRole('link', { name: 'Risolvi il conflitto' }).first().click();
    await a.page.getByRole('heading', { level: 1, name: 'Conflitto da risolvere' }).waitFor();
    const group = a.page.getByRole('group', { name: 'Soprannome' });
    await group.getByText('Stella B', { exact: true }).waitFor();
    await expect(group.getByText(NICKNAME, { exact: true }).count()).resolves.toBe(1);
    await expect(group.getByText('Stella A', { exact: true }).count()).resolves.toBe(1);
    await expectAxeClean(a.page, 'conflict prompt');
    await screenshot(a.page, 'field-conflict');
    await group.getByLabel('Tieni la mia versione').check({ force: true });
    await a.page.getByRole('button', { name: 'Conferma le scelte' }).click();
    await a.page.waitForFunction(() => document.querySelector('#field-unsent')?.textContent?.trim() === 'Tutto inviato.');
    await a.page.getByRole('link', { name: 'Stella A', exact: true }).waitFor();

    const contact = (await outingFromApi(a.page, outingId)).body;
    expect(JSON.stringify(contact)).not.toContain('Stella B');
    expect(JSON.stringify(contact)).toContain('Stella A');
  });

  it('warns before a logout loses unsent changes, and wipes a device its owner forgot', async () => {
    // B: an unsent change, then logout offline.
    await b.ctx.setOffline(true);
    await b.page.getByRole('link', { name: /^Stella [AB]$/ }).click();
    await b.page.locator('#contact-traits').fill('capelli corti');
    await b.page.getByRole('button', { name: 'Salva il contatto' }).click();
    await b.page.getByText('Contatto salvato sul dispositivo.').waitFor();
    await b.page.getByRole('link', { name: 'Torna all’uscita' }).click();
    await b.page.getByRole('link', { name: 'Torna alle uscite' }).click();
    await b.page.getByRole('button', { name: 'Esci e cancella i dati' }).click();
    await b.page.getByText('Ci sono modifiche non inviate: 1. Uscendo andranno perse.').waitFor();
    await expectAxeClean(b.page, 'logout warning');
    await b.page.getByRole('button', { name: 'Esci comunque e cancella' }).click();
    await b.page.getByText('Dati del dispositivo cancellati.').waitFor();
    expect(await rawStore(b.page)).toBe('[]');

    // A: the device is forgotten (here by its owner); the next sync wipes it and logs out.
    const forgotten = await a.page.evaluate(async () => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const devices = (await (await fetch('/api/outreach/devices')).json()) as { items: Array<{ id: string }> };
      const id = devices.items[0]?.id ?? '';
      const r = await fetch(`/api/outreach/devices/${id}/forget`, { method: 'POST', headers: { 'X-CSRF-Token': me.csrfToken } });
      return { status: r.status, count: devices.items.length };
    });
    expect(forgotten).toEqual({ status: 200, count: 1 });
    await a.page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await a.page.getByText('Questo dispositivo è stato scollegato: i dati locali sono stati cancellati.').waitFor();
    await a.page.waitForURL('**/login');
    expect(await rawStore(a.page)).toBe('[]');
    expect((await a.page.evaluate(async () => (await fetch('/api/me')).status))).toBe(401);
  });
});
