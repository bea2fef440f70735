/**
 * Acceptance of training events in Chromium, with JavaScript off for the visitors: a visitor
 * registers for an event with one place and a waiting list and gets the confirmation mail (caught
 * by an SMTP sink); a second visitor lands on the waiting list; the first cancels through the link
 * in the mail and the second is promoted and mailed; on a full event without waiting list a further
 * registration is refused clearly. axe on the event page in Italian and Arabic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { completeMfaSetup, expectAxeClean, launchBrowser, openPage, seedOrganisation, seedUser, startPonte, submitLogin, type Ponte, type SeededUser } from './support/ponte.ts';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../mail/fake-smtp.ts';

describe('training events: public registration', () => {
  let ponte: Ponte;
  let browser: Browser;
  let smtp: FakeSmtp;
  let trainer: SeededUser;
  const contexts: BrowserContext[] = [];

  async function insertEvent(options: { slug: string; title: string; waitingList: boolean }): Promise<void> {
    const start = Date.now() + 14 * 86_400_000;
    await ponte.database.db
      .insertInto('events')
      .values({
        slug: options.slug,
        title: options.title,
        audience: 'Assistenti sociali, forze dell’ordine, enti del terzo settore',
        description: 'Come riconoscere gli indicatori di sfruttamento.\n\nCasi di studio e lavoro di gruppo.',
        starts_at: new Date(start).toISOString(),
        ends_at: new Date(start + 4 * 3_600_000).toISOString(),
        place: 'Sala Rossa, Via dei Mille 10, Torino',
        online_url: null,
        capacity: 1,
        registration_deadline: new Date(start - 86_400_000).toISOString(),
        waiting_list: options.waitingList,
        form_fields: JSON.stringify([
          { key: 'ente', label: 'Ente di appartenenza', type: 'text', required: true },
          { key: 'ruolo', label: 'Ruolo', type: 'select', required: false, options: ['Assistente sociale', 'Educatore', 'Altro'] },
        ]),
        consent_text: 'I dati servono solo a gestire l’iscrizione e sono cancellati 90 giorni dopo l’evento.',
        credits_code: 'CROAS-PROVA-1',
        credits_hours: '4',
        status: 'published',
      })
      .execute();
  }

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    ponte = await startPonte({ PONTE_SMTP_URL: smtp.url, PONTE_MAIL_INTERVAL_MS: '1000', PONTE_MAIL_FROM: 'Rete antitratta <eventi@example.org>' });
    await insertEvent({ slug: 'indicatori-di-tratta', title: 'Indicatori di tratta: seminario', waitingList: true });
    await insertEvent({ slug: 'seminario-completo', title: 'Seminario a posti limitati', waitingList: false });
    const org = await seedOrganisation(ponte, { code: 'ente-formazione', name: 'Ente di formazione (prova)' });
    trainer = await seedUser(ponte, { email: 'formatore@example.org', displayName: 'Franco Formatore', memberships: [{ organisationId: org, role: 'trainer' }] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await ponte?.stop();
    await smtp?.close();
  });

  /** A visitor without JavaScript; any request leaving the site is a problem. */
  async function visitor(locale = 'it-IT'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ baseURL: ponte.url, locale, javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(ponte.url) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`);
    });
    return { page, problems };
  }

  /** The form refuses submissions made within seconds of serving it (bots): wait until its token is old enough. */
  async function waitFormAge(page: Page): Promise<void> {
    const token = await page.locator('input[name="token"]').getAttribute('value');
    const servedAt = Number((token ?? '0').split('.')[0]);
    await expect.poll(() => Date.now() - servedAt, { timeout: 10_000, interval: 250 }).toBeGreaterThan(3_500);
  }

  async function fillAndSend(page: Page, fields: { name: string; email: string; ente: string }, send: RegExp): Promise<void> {
    await page.locator('#reg-name').fill(fields.name);
    await page.locator('#reg-email').fill(fields.email);
    await page.locator('#reg-f-ente').fill(fields.ente);
    await page.locator('#reg-consent').check();
    await waitFormAge(page);
    await page.getByRole('button', { name: send }).click();
  }

  async function mailTo(address: string, subject: RegExp): Promise<ReceivedMail> {
    await expect.poll(() => smtp.received.some((m) => m.to.includes(address) && subject.test(m.subject)), { timeout: 20_000, interval: 250 }).toBe(true);
    const mail = smtp.received.find((m) => m.to.includes(address) && subject.test(m.subject));
    if (!mail) throw new Error('no mail');
    return mail;
  }

  it('registration, waiting list, cancellation through the mailed link and promotion', async () => {
    const first = await visitor();
    await first.page.goto('/p/it/events');
    await first.page.getByRole('link', { name: 'Indicatori di tratta: seminario' }).click();
    await first.page.getByRole('heading', { level: 1, name: 'Indicatori di tratta: seminario' }).waitFor();
    await first.page.getByText('Posti disponibili: 1').waitFor();
    await fillAndSend(first.page, { name: 'Giulia Bianchi', email: 'giulia.bianchi@example.org', ente: 'Cooperativa Esempio' }, /^Invia l’iscrizione$/);
    await first.page.getByRole('heading', { level: 1, name: 'Iscrizione ricevuta' }).waitFor();
    await first.page.getByText('Il tuo posto è confermato.', { exact: false }).waitFor();
    const confirmation = await mailTo('giulia.bianchi@example.org', /^Iscrizione confermata: Indicatori di tratta/);
    expect(confirmation.text).toContain('Sala Rossa, Via dei Mille 10, Torino');
    const link = /\/p\/it\/events\/cancel\/[A-Za-z0-9_-]{43}/.exec(confirmation.text)?.[0];
    expect(link).toBeDefined();

    const second = await visitor('en-GB');
    await second.page.goto('/p/en/events/indicatori-di-tratta');
    await second.page.getByText('Fully booked: you can join the waiting list.').waitFor();
    await fillAndSend(second.page, { name: 'Marco Rossi', email: 'marco.rossi@example.org', ente: 'Comune di Esempio' }, /^Send registration$/);
    await second.page.getByRole('heading', { level: 1, name: 'Registration received' }).waitFor();
    await second.page.getByText('you are on the waiting list', { exact: false }).waitFor();
    await mailTo('marco.rossi@example.org', /^Waiting list: /);

    await first.page.goto(link ?? '/');
    await first.page.getByText('Vuoi annullare la tua iscrizione a questo evento?').waitFor();
    await first.page.getByRole('button', { name: 'Annulla l’iscrizione' }).click();
    await first.page.getByRole('heading', { level: 1, name: 'Iscrizione annullata' }).waitFor();
    const promoted = await mailTo('marco.rossi@example.org', /^A place is free: /);
    expect(promoted.text).toContain('/p/en/events/cancel/');
    const statuses = await ponte.database.db.selectFrom('event_registrations').select('status').orderBy('seq').execute();
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'confirmed']);
    expect([...first.problems, ...second.problems]).toEqual([]);
  });

  it('a full event without waiting list refuses a further registration clearly', async () => {
    const late = await visitor();
    await late.page.goto('/p/it/events/seminario-completo');
    await late.page.locator('#reg-name').waitFor();
    const early = await visitor();
    await early.page.goto('/p/it/events/seminario-completo');
    await fillAndSend(early.page, { name: 'Sara Verdi', email: 'sara.verdi@example.org', ente: 'Associazione Esempio' }, /^Invia l’iscrizione$/);
    await early.page.getByRole('heading', { level: 1, name: 'Iscrizione ricevuta' }).waitFor();
    // The second visitor had the form open before the place was taken.
    const response = late.page.waitForResponse((r) => r.request().method() === 'POST');
    await fillAndSend(late.page, { name: 'Luca Neri', email: 'luca.neri@example.org', ente: 'Cooperativa Altra' }, /^Invia l’iscrizione$/);
    expect((await response).status()).toBe(409);
    await late.page.getByRole('alert').getByText('I posti sono esauriti e non c’è lista d’attesa: non è possibile iscriversi.').waitFor();
    await late.page.goto('/p/it/events/seminario-completo');
    await late.page.getByText('Posti esauriti.', { exact: true }).waitFor();
    expect(await late.page.locator('#reg-name').count()).toBe(0);
  });

  it('the event page is accessible in Italian and in Arabic (right to left), and at 360 px', async () => {
    const context = await browser.newContext({ baseURL: ponte.url, locale: 'it-IT', viewport: { width: 360, height: 800 }, reducedMotion: 'reduce' });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto('/p/it/events/indicatori-di-tratta');
    await page.getByRole('heading', { level: 1, name: 'Indicatori di tratta: seminario' }).waitFor();
    await expectAxeClean(page, '/p/it/events/indicatori-di-tratta');
    await page.goto('/p/ar/events/indicatori-di-tratta');
    await page.getByRole('heading', { level: 2, name: 'التسجيل' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('note').waitFor();
    await expectAxeClean(page, '/p/ar/events/indicatori-di-tratta');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.goto('/p/ar/events');
    await page.getByRole('heading', { level: 1, name: 'الفعاليات التدريبية' }).waitFor();
    await expectAxeClean(page, '/p/ar/events');
    expect(errors).toEqual([]);
  });

  it('staff create an event with an extra field and publish it, then mark attendance and get the certificate link (axe on each page)', async () => {
    const { context, page, problems } = await openPage(browser, ponte.url);
    contexts.push(context);
    await submitLogin(page, trainer.email, trainer.password);
    await completeMfaSetup(page, new Set());
    await page.getByRole('link', { name: 'Eventi formativi' }).first().click();
    await page.locator('#events-table').waitFor();
    await page.getByRole('link', { name: 'Indicatori di tratta: seminario', exact: true }).waitFor();
    await expectAxeClean(page, '/events');

    await page.getByRole('link', { name: 'Nuovo evento' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuovo evento formativo' }).waitFor();
    await page.locator('#ev-title').fill('Webinar sulla rete antitratta');
    await page.locator('#ev-slug').fill('webinar-rete');
    await page.locator('#ev-audience').fill('Enti della rete');
    await page.locator('#ev-starts').fill('2030-03-10T10:00');
    await page.locator('#ev-ends').fill('2030-03-10T12:00');
    await page.locator('#ev-deadline').fill('2030-03-08T18:00');
    await page.locator('#ev-online').fill('https://webinar.example.org/rete');
    await page.locator('#ev-capacity').fill('40');
    await page.locator('#ev-consent').fill('I dati servono solo per l’iscrizione.');
    await page.getByRole('button', { name: 'Aggiungi un campo' }).click();
    await page.locator('#ev-field-0-key').fill('ente');
    await page.locator('#ev-field-0-label').fill('Ente di appartenenza');
    await page.locator('#ev-field-0-type').selectOption('select');
    await page.locator('#ev-field-0-options').fill('Comune\nASL\nAltro');
    await expectAxeClean(page, '/events/new');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('heading', { level: 1, name: 'Evento «Webinar sulla rete antitratta»' }).waitFor();
    await page.getByRole('button', { name: 'Pubblica' }).click();
    await page.getByText('Evento pubblicato.').waitFor();
    await expectAxeClean(page, '/events/:id');
    const visitorPage = await context.newPage();
    await visitorPage.goto('/p/it/events/webinar-rete');
    await visitorPage.locator('#reg-f-ente').waitFor();
    expect(await visitorPage.locator('#reg-f-ente option').allInnerTexts()).toEqual(['', 'Comune', 'ASL', 'Altro']);
    await visitorPage.close();

    await page.goto('/events');
    await page.getByRole('link', { name: 'Iscritti: Indicatori di tratta: seminario' }).click();
    await page.locator('#registrations-table').waitFor();
    await page.getByRole('cell', { name: /^Marco Rossi/ }).waitFor();
    await expectAxeClean(page, '/events/:id/registrations');
    await page.getByLabel('Presente: Marco Rossi').check({ force: true });
    await page.getByRole('link', { name: 'Attestato (PDF) di Marco Rossi' }).waitFor();
    const href = await page.getByRole('link', { name: 'Attestato (PDF) di Marco Rossi' }).getAttribute('href');
    const pdf = await page.request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(problems).toEqual([]);
  });
});
