/**
 * The outreach staff pages at 360 px, for a desk worker (outreach.write and persons.write):
 * editing an outing online (a change made meanwhile by someone else gives the conflict message and
 * a reload), and the "possible victim" path — from the contact to the duplicate check filled with
 * what the contact holds, the person's agreement required, the person registered and the contact
 * linked, the screening offered, and the outing showing the person's code; and cancelling a contact
 * recorded by mistake (reason required, kept and marked, reason encrypted). Every view with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, fitsWidth, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';
import { insertOuting as insertOutingOf } from './support/outreach.ts';

const NICKNAME = 'Mira del Porto';

describe('outreach: editing an outing and the possible-victim path', () => {
  let ponte: Ponte;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let worker: SeededUser;
  let orgId: string;
  let outingId: string;
  let linkedCode = '';

  beforeAll(async () => {
    ponte = await startPonte();
    orgId = await seedOrganisation(ponte, { code: 'sportello-porto', name: 'Sportello del Porto', provinces: ['063'] });
    worker = await seedUser(ponte, { email: 'sportello-porto@example.org', displayName: 'Carla Porto', memberships: [{ organisationId: orgId, role: 'desk_worker' }] });
    // An outing of two contacts, recorded yesterday.
    outingId = await insertOuting(2);
    browser = await launchBrowser();
    ({ context: ctx, page } = await openPage(browser, ponte.url));
    await page.setViewportSize({ width: 360, height: 780 });
    await submitLogin(page, worker.email, worker.password);
    await completeMfaSetup(page, new Set<number>());
  });

  /** An outing of `n` women aged 18–24 from Romania, recorded yesterday, with no contact yet. */
  const insertOuting = (n: number): Promise<string> => insertOutingOf(ponte.database.db, { orgId, unitName: 'Unità Porto', contacts: n, nationality: 'romania' });

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await ponte?.stop();
  });

  it('edits the outing online; a change made meanwhile gives the conflict message and a reload', async () => {
    const p = page;
    await p.goto(`${ponte.url}/outreach/outings/${outingId}`);
    await p.getByRole('heading', { level: 1, name: /^Uscita del / }).waitFor();
    await p.getByRole('link', { name: 'Modifica l’uscita' }).click();
    await p.getByRole('heading', { level: 1, name: /^Modifica l’uscita del / }).waitFor();
    expect(await p.locator('#outing-unitName').inputValue()).toBe('Unità Porto');
    expect(await p.locator('#bySex-female').inputValue()).toBe('2');
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'outing edit form');

    // Someone else saves a change meanwhile.
    await ponte.database.db.updateTable('outreach_outings').set({ end_time: '23:45', version: 2 }).where('id', '=', outingId).execute();
    await p.locator('#outing-unitName').fill('Unità Porto Nord');
    await p.getByRole('button', { name: 'Registra l’uscita' }).click();
    const conflict = p.getByRole('alert').filter({ hasText: 'Qualcun altro ha modificato questo record' });
    await conflict.waitFor();
    await expectAxeClean(p, 'outing edit conflict');
    expect((await ponte.database.db.selectFrom('outreach_outings').select('unit_name').where('id', '=', outingId).executeTakeFirstOrThrow()).unit_name).toBe('Unità Porto');

    await p.getByRole('button', { name: 'Ricarica la versione attuale' }).click();
    await conflict.waitFor({ state: 'detached' });
    await p.locator('#outing-end').and(p.locator('[value="23:45"]')).waitFor();
    await p.locator('#outing-unitName').fill('Unità Porto Nord');
    await p.getByRole('button', { name: 'Registra l’uscita' }).click();
    await p.getByText('Modifiche salvate.', { exact: true }).waitFor();
    await p.locator('dd', { hasText: 'Unità Porto Nord' }).waitFor();
    const row = await ponte.database.db.selectFrom('outreach_outings').select(['unit_name', 'end_time', 'version']).where('id', '=', outingId).executeTakeFirstOrThrow();
    expect(row).toEqual({ unit_name: 'Unità Porto Nord', end_time: '23:45', version: 3 });
  });

  it('registers a possible victim who agreed, links the contact and offers the screening', async () => {
    const p = page;
    await p.goto(`${ponte.url}/outreach/outings/${outingId}`);
    await p.getByRole('heading', { level: 1, name: /^Uscita del / }).waitFor();
    await p.locator('#contact-nickname').fill(NICKNAME);
    await p.locator('#contact-age').selectOption('18_24');
    await p.locator('#contact-nat').selectOption('romania');
    await p.getByLabel('Possibile vittima di tratta o sfruttamento').check({ force: true });
    await p.getByLabel('Ha accettato di essere ricontattata').check({ force: true });
    await p.getByRole('button', { name: 'Salva il contatto' }).click();
    await p.getByText('Contatto registrato.', { exact: true }).waitFor();

    await p.getByRole('link', { name: 'Apri il percorso di emersione' }).click();
    await p.getByRole('heading', { level: 1, name: 'Registra la persona del contatto' }).waitFor();
    // What the contact held fills the duplicate check.
    await p.locator('#name-0-full').and(p.locator(`[value="${NICKNAME}"]`)).waitFor();
    expect(await p.locator('#name-0-kind').inputValue()).toBe('alias');
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'possible victim: duplicate check');

    await p.getByRole('button', { name: 'Controlla se è già registrata' }).click();
    await p.locator('#duplicate-results').waitFor();
    await p.locator('#create-anyway').click();
    await p.locator('#person-form').waitFor();
    // Without the person's agreement nothing is registered.
    await p.getByRole('button', { name: 'Registra e collega il contatto' }).click();
    await p.locator('#link-consent-error').waitFor();
    expect(await p.locator('#link-consent-error').innerText()).toContain('Conferma che la persona ha acconsentito');
    await expectAxeClean(p, 'possible victim: consent missing');
    expect((await ponte.database.db.selectFrom('persons').select('id').execute()).length).toBe(0);

    await p.getByLabel('La persona ha acconsentito a essere registrata e a collegare questo contatto alla sua scheda').check({ force: true });
    await p.locator('#link-consent-method').selectOption('oral_with_witness');
    await p.getByRole('button', { name: 'Registra e collega il contatto' }).click();
    const done = p.locator('#link-done');
    await done.waitFor();
    const code = /P-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await done.locator('h2').innerText())?.[0] ?? '';
    expect(code).not.toBe('');
    linkedCode = code;
    // A desk worker does not open cases: the page says who to ask for the screening.
    await p.locator('#screening-ask').waitFor();
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'possible victim: linked');

    const contact = await ponte.database.db
      .selectFrom('outreach_contacts')
      .innerJoin('persons', 'persons.id', 'outreach_contacts.person_id')
      .select(['persons.code', 'outreach_contacts.link_consent_method', 'outreach_contacts.linked_by'])
      .where('outreach_contacts.outing_id', '=', outingId)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ code, link_consent_method: 'oral_with_witness', linked_by: worker.id });
    const audit = await ponte.database.db.selectFrom('audit_log').select('details').where('action', '=', 'contact.link_person').where('outcome', '=', 'success').execute();
    expect(audit).toHaveLength(1);

    // Back on the outing: the person's code, and the path is no longer offered.
    await p.getByRole('link', { name: 'Torna all’uscita' }).click();
    await p.locator('.contact-person', { hasText: code }).waitFor();
    expect(await p.getByRole('link', { name: 'Apri il percorso di emersione' }).count()).toBe(0);
    await expectAxeClean(p, 'outing with the linked contact');
  });

  it('links a second contact to the person already registered, by code, with the agreement required', async () => {
    const p = page;
    expect(linkedCode).not.toBe('');
    await p.goto(`${ponte.url}/outreach/outings/${outingId}`);
    await p.getByRole('heading', { level: 1, name: /^Uscita del / }).waitFor();
    await p.locator('#contact-nickname').fill('Stella del Molo');
    await p.getByLabel('Possibile vittima di tratta o sfruttamento').check({ force: true });
    await p.getByLabel('Ha accettato di essere ricontattata').check({ force: true });
    await p.getByRole('button', { name: 'Salva il contatto' }).click();
    await p.getByText('Contatto registrato.', { exact: true }).waitFor();

    await p.getByRole('button', { name: 'Collega Stella del Molo a una persona registrata' }).click();
    await p.getByRole('heading', { name: 'Collega Stella del Molo a una persona già registrata' }).waitFor();
    // Nothing filled: the code's form, the agreement and the method are asked for, nothing is sent.
    await p.getByRole('button', { name: 'Collega il contatto' }).click();
    await p.getByText('Il codice ha la forma P-XXXX-XXXX.').waitFor();
    await p.getByText('Conferma che la persona ha acconsentito.').waitFor();
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'link to a registered person: errors');

    await p.getByLabel('Codice della persona').fill(linkedCode.toLowerCase());
    await p.getByLabel('La persona ha acconsentito a collegare questo contatto alla sua scheda').check({ force: true });
    await p.getByLabel('Come ha dato il consenso').selectOption('oral');
    await p.getByRole('button', { name: 'Collega il contatto' }).click();
    await p.getByText(`Contatto collegato a ${linkedCode}.`, { exact: true }).waitFor();
    await expectAxeClean(p, 'link to a registered person: done');

    const rows = await ponte.database.db
      .selectFrom('outreach_contacts')
      .innerJoin('persons', 'persons.id', 'outreach_contacts.person_id')
      .select(['persons.code', 'outreach_contacts.link_consent_method'])
      .where('outreach_contacts.outing_id', '=', outingId)
      .orderBy('outreach_contacts.link_consent_method')
      .execute();
    expect(rows).toEqual([
      { code: linkedCode, link_consent_method: 'oral' },
      { code: linkedCode, link_consent_method: 'oral_with_witness' },
    ]);
  });

  it('cancels a contact recorded by mistake: the reason is required, the contact stays marked and counts no more', async () => {
    const p = page;
    const REASON = 'Registrato due volte nella stessa uscita';
    const oneContact = await insertOuting(1);
    await p.goto(`${ponte.url}/outreach/outings/${oneContact}`);
    await p.getByRole('heading', { level: 1, name: /^Uscita del / }).waitFor();
    await p.locator('#contact-nickname').fill('Contatto Doppio');
    await p.getByRole('button', { name: 'Salva il contatto' }).click();
    await p.getByText('Contatto registrato.', { exact: true }).waitFor();

    await p.getByRole('button', { name: 'Annulla Contatto Doppio', exact: true }).click();
    await p.getByRole('heading', { name: 'Annulla il contatto Contatto Doppio registrato per errore' }).waitFor();
    // No reason: asked for, nothing sent.
    await p.getByRole('button', { name: 'Annulla il contatto', exact: true }).click();
    await p.getByText('Campo obbligatorio.', { exact: true }).waitFor();
    const before = await ponte.database.db.selectFrom('outreach_contacts').select(['id', 'cancelled_at', 'cancel_reason_enc']).where('outing_id', '=', oneContact).where('cancelled_at', 'is not', null).execute();
    expect(before).toEqual([]);
    expect(await fitsWidth(p)).toBe(true);
    await expectAxeClean(p, 'cancel a contact: error');

    await p.getByLabel('Motivo dell’annullamento').fill(REASON);
    await p.getByRole('button', { name: 'Annulla il contatto', exact: true }).click();
    await p.getByText('Contatto annullato.', { exact: true }).waitFor();
    await p.getByText(`Annullato: ${REASON}`, { exact: true }).waitFor();
    await expectAxeClean(p, 'cancel a contact: done');

    // Kept, marked, the reason stored encrypted; and the outing's one contact can be recorded again.
    await p.locator('#contact-nickname').waitFor();
    const rows = await ponte.database.db.selectFrom('outreach_contacts').select(['id', 'cancelled_at', 'cancel_reason_enc']).where('outing_id', '=', oneContact).where('cancelled_at', 'is not', null).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cancel_reason_enc).not.toContain('Registrato');
    const entries = await ponte.database.db.selectFrom('audit_log').select(['fields']).where('action', '=', 'contact.cancel').where('record_id', '=', rows[0]?.id ?? '').execute();
    expect(entries.map((e) => e.fields)).toEqual([['cancelled', 'cancelReason']]);
  });
});
