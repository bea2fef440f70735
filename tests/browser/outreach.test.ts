/**
 * The outreach staff pages in Chromium on a 360 px screen: an outreach worker names a zone, records
 * an outing with the +/- steppers (team chosen among the organisation's people, contacts counted
 * in the zone), adds a possible victim who agreed to be contacted again, finds the outing in the
 * list (also filtered by zone), and sees it in the contacts by zone and month (table and chart).
 * Then the header's "Esci" wipes the field store kept in this browser. Every view is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, fitsWidth, launchBrowser, openPage, screenshot, seedOrganisation, seedUser, startPonte, submitLogin, totpCode, type Ponte, type SeededUser } from './support/ponte.ts';

const ZONE = 'Lungomare Sud';
const MUNICIPALITY = 'Castel Volturno';
const UNIT = 'Unità Litorale';
const NICKNAME = 'Rosa del Faro';

/** Every row of every store of the field app's IndexedDB, as text. */
async function fieldStoreRows(page: Page): Promise<string> {
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

describe('outreach staff pages', () => {
  let ponte: Ponte;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let worker: SeededUser;
  let colleague: SeededUser;
  let mfaSecret = '';
  const usedSteps = new Set<number>();

  beforeAll(async () => {
    ponte = await startPonte();
    const org = await seedOrganisation(ponte, { code: 'coop-litorale', name: 'Cooperativa Litorale', provinces: ['061'] });
    worker = await seedUser(ponte, { email: 'operatrice-litorale@example.org', displayName: 'Anna Litorale', memberships: [{ organisationId: org, role: 'outreach_worker' }] });
    colleague = await seedUser(ponte, { email: 'operatore-litorale@example.org', displayName: 'Bruno Litorale', memberships: [{ organisationId: org, role: 'outreach_worker' }] });
    browser = await launchBrowser();
    ({ context: ctx, page } = await openPage(browser, ponte.url));
    await page.setViewportSize({ width: 360, height: 780 });
    await submitLogin(page, worker.email, worker.password);
    mfaSecret = (await completeMfaSetup(page, usedSteps)).secret;
  });

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('names a zone, records an outing with steppers, sees it in the list and in contacts by zone', async () => {
    const p = page;
    await p.locator('#main').getByRole('link', { name: 'Unità di strada', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Uscite' }).waitFor();
    await p.getByText('Nessuna uscita con questi filtri.').waitFor();
    await expectAxeClean(p, 'outings, empty');

    // A zone of the municipality.
    await p.getByRole('link', { name: 'Zone', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Zone' }).waitFor();
    await p.locator('#zone-new-name').fill(ZONE);
    await p.locator('#zone-new-province').selectOption('061');
    await p.locator('#zone-new-municipality').fill(MUNICIPALITY);
    await p.getByRole('button', { name: 'Aggiungi la zona' }).click();
    await p.getByText('Zona aggiunta.').waitFor();
    await p.locator('#zones-table').getByRole('cell', { name: ZONE, exact: true }).waitFor();
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'zones');

    // The outing, with the steppers.
    await p.getByRole('link', { name: 'Uscite', exact: true }).click();
    await p.getByRole('link', { name: 'Nuova uscita' }).click();
    await p.getByRole('heading', { level: 1, name: 'Nuova uscita' }).waitFor();
    await p.locator('#outing-unitName').fill(UNIT);
    await p.locator('#outing-province').selectOption('061');
    await p.locator('#outing-municipality').fill(MUNICIPALITY);
    await p.getByLabel(colleague.displayName).check({ force: true });
    await p.getByRole('button', { name: 'Aggiungi uno: Donne' }).click();
    await p.getByRole('button', { name: 'Aggiungi uno: Donne' }).click();
    await p.getByRole('button', { name: 'Aggiungi uno: Persone transgender' }).click();
    await p.getByText('Totale contatti: 3').waitFor();
    const inZone = p.getByRole('button', { name: `Aggiungi uno: Contatti in ${ZONE}` });
    await inZone.click();
    await inZone.click();
    await inZone.click();
    await p.locator('#byHistory-first_time').fill('3');
    await p.getByRole('button', { name: 'Aggiungi uno: Nigeria' }).click();
    await p.locator('#offered-condoms').fill('20');
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'outing form');
    await p.getByRole('button', { name: 'Registra l’uscita' }).click();
    await p.getByText('Uscita registrata.').waitFor();
    await p.getByRole('heading', { level: 1, name: /^Uscita del / }).waitFor();
    expect((await p.locator('#outing-total-view').innerText()).trim()).toBe('3');
    await p.getByText(`${ZONE}: 3`).waitFor();

    // A possible victim who agreed to be contacted again.
    await p.locator('#contact-nickname').fill(NICKNAME);
    await p.getByLabel('Possibile vittima di tratta o sfruttamento').check({ force: true });
    await p.getByLabel('Ha accettato di essere ricontattata').check({ force: true });
    await p.getByRole('button', { name: 'Salva il contatto' }).click();
    await p.getByText('Contatto registrato.').waitFor();
    await p.getByText(NICKNAME, { exact: true }).waitFor();
    // An outreach worker does not register persons: the registration path is offered to those who do.
    await p.getByText('Possibile vittima', { exact: true }).waitFor();
    expect(await p.getByRole('link', { name: 'Apri il percorso di emersione' }).count()).toBe(0);
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'outing view');

    // Stored on the server with its team and zone.
    const outingId = new URL(p.url()).pathname.split('/').pop() ?? '';
    const row = await ponte.database.db.selectFrom('outreach_outings').select(['total_contacts', 'team_user_ids', 'unit_name']).where('id', '=', outingId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ total_contacts: 3, unit_name: UNIT });
    expect([...row.team_user_ids].sort()).toEqual([worker.id, colleague.id].sort());

    // The list, also filtered by the zone.
    await p.getByRole('link', { name: 'Torna alle uscite' }).click();
    const open = p.getByRole('link', { name: new RegExp(`^Apri l’uscita del .*, ${UNIT}$`) });
    await open.waitFor();
    await p.locator('#filter-zone').selectOption({ label: `${ZONE} (${MUNICIPALITY})` });
    await p.getByRole('button', { name: 'Applica i filtri' }).click();
    await open.waitFor();
    await p.locator('#filter-kind').selectOption('indoor');
    await p.getByRole('button', { name: 'Applica i filtri' }).click();
    await p.getByText('Nessuna uscita con questi filtri.').waitFor();
    await expectAxeClean(p, 'outings, filtered');

    // Contacts by zone and month: the table and the chart show the outing.
    await p.getByRole('link', { name: 'Contatti per zona e mese' }).click();
    await p.getByRole('heading', { level: 1, name: 'Contatti per zona e mese' }).waitFor();
    const zoneRow = p.locator('#byzone-table tbody tr').filter({ hasText: ZONE });
    await zoneRow.waitFor();
    expect((await zoneRow.locator('td').last().innerText()).trim()).toBe('3');
    expect((await p.locator('#byzone-total').innerText()).trim()).toBe('3');
    await p.locator('#byzone-chart .recharts-bar-rectangle').first().waitFor();
    await p.locator('#byzone-chart .recharts-legend-item-text', { hasText: ZONE }).waitFor();
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'contacts by zone');
    await screenshot(p, 'outreach-by-zone');
  });

  it('the header’s "Esci" wipes the field store kept in this browser', async () => {
    const p = page;
    // What a field session would leave behind: the device row and an encrypted record.
    await p.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('ponte-field', 1);
        req.onupgradeneeded = () => {
          for (const name of ['meta', 'records', 'outbox']) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: name === 'outbox' ? 'batchId' : 'key' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error('cannot open'));
      });
      const tx = db.transaction(['meta', 'records'], 'readwrite');
      tx.objectStore('meta').put({ key: 'device', userId: 'someone', salt: 'c2FsdA', iterations: 310000 });
      tx.objectStore('records').put({ key: 'outing:1', state: 'synced', sealed: 'cifrato' });
      await new Promise<void>((resolve) => {
        tx.oncomplete = () => resolve();
      });
      db.close();
    });
    expect(await fieldStoreRows(p)).toContain('cifrato');
    await p.getByRole('button', { name: 'Esci' }).click();
    await p.waitForURL('**/login');
    expect(await fieldStoreRows(p)).toBe('[]');
  });

  it('with unsent field changes, the header’s "Esci" asks first', async () => {
    const p = page;
    await submitLogin(p, worker.email, worker.password);
    await p.getByLabel(/^Codice di verifica/).fill(await totpCode(mfaSecret, usedSteps));
    await p.getByRole('button', { name: 'Verifica' }).click();
    await p.getByRole('button', { name: 'Esci' }).waitFor();
    await p.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('ponte-field', 1);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error('cannot open'));
      });
      const tx = db.transaction(['records'], 'readwrite');
      tx.objectStore('records').put({ key: 'outing:2', state: 'pending', sealed: 'non-inviato' });
      await new Promise<void>((resolve) => {
        tx.oncomplete = () => resolve();
      });
      db.close();
    });
    await p.getByRole('button', { name: 'Esci' }).click();
    const dialog = p.getByRole('alertdialog', { name: 'Modifiche non inviate' });
    await dialog.waitFor();
    await dialog.getByText('non ancora inviate: 1').waitFor();
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Resta e invia prima');
    await expectAxeClean(p, 'logout warning');
    // Staying keeps the session and the data.
    await dialog.getByRole('button', { name: 'Resta e invia prima' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await fieldStoreRows(p)).toContain('non-inviato');
    // Confirming logs out and wipes.
    await p.getByRole('button', { name: 'Esci' }).click();
    await dialog.getByRole('button', { name: 'Esci e cancella' }).click();
    await p.waitForURL('**/login');
    expect(await fieldStoreRows(p)).toBe('[]');
  });
});
