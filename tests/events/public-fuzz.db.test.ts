/**
 * Hostile and malformed input on the public event endpoints, on both engines: scripts, huge
 * fields, odd Unicode, wrong types, repeated or missing fields, missing or forged tokens, odd
 * addresses. Each answer is a clear 4xx (or the bot's fake success), nothing is stored, and no
 * script comes back in the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { perAddressLimit } from '../../src/server/features/events/routes.ts';
import { createPublishedEvent, form, nextAddress, openForm, postForm, type CreatedEvent } from './helpers.ts';

const script = '<script>alert(1)</script>';
const imgAttack = '"><img src=x onerror=alert(1)>';

describe.each(await engineCases())('public event endpoints under hostile input on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let trainer: LoggedIn;
  let ev: CreatedEvent;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    trainer = await loginAs({ t, roleKey: 'trainer' });
    ev = await createPublishedEvent(t, trainer, { capacity: 50 });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const stored = async () => Number((await t.database.db.selectFrom('event_registrations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const outbox = async () => Number((await t.database.db.selectFrom('event_mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  function expectSafe(body: string): void {
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toMatch(/at .*\.ts:\d+/);
  }

  async function validToken(lang = 'it'): Promise<string> {
    const f = await openForm(t, lang, ev.slug);
    t.clock.advance({ seconds: 5 });
    return f.token;
  }

  const good = { website: '', consent: 'yes', f_ente: 'Ente', name: 'Nome Prova', email: 'nome.prova@example.org' };

  const cases: Array<[string, Record<string, string>]> = [
    ['script in the name', { name: script }],
    ['attribute breaking in the e-mail', { email: imgAttack }],
    ['script in a staff-defined answer', { f_ente: `${script}x`.repeat(2) }],
    ['name of 100 000 characters', { name: 'a'.repeat(100_000) }],
    ['answer beyond its limit', { f_ente: 'b'.repeat(501) }],
    ['control characters', { name: 'Nome\u0000\u0007Prova' }],
    ['replacement character (a broken surrogate)', { name: 'Nome \uFFFD' }],
    ['bidirectional override only', { name: '\u202E' }],
    ['select value not among the options', { f_ruolo: `Altro${script}` }],
    ['no consent', { consent: '' }],
    ['consent with another value', { consent: 'true' }],
    ['phone with letters', { phone: `+39 ${script}` }],
    ['e-mail without domain', { email: 'nome@' }],
    ['missing required staff-defined field', { f_ente: '' }],
    ['empty name of spaces', { name: '   \u00A0 ' }],
  ];

  cases.forEach(([what, fields], i) => {
    it.skipIf(skip)(`${what} → 4xx, nothing stored, nothing reflected unescaped`, async () => {
      const before = await stored();
      const mails = await outbox();
      // A fresh address each time, so that no answer is a refused double registration.
      const r = await postForm(t, `/p/it/events/${ev.slug}`, { ...good, email: `caso${i}@example.org`, token: await validToken(), ...fields });
      expect(r.statusCode, what).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, what).toBeLessThan(500);
      expectSafe(r.body);
      expect(await stored()).toBe(before);
      expect(await outbox()).toBe(mails);
      expect(r.statusCode, what).not.toBe(409);
    });
  });

  it.skipIf(skip)('missing, forged, tampered and other-event tokens → 400 expired, nothing stored', async () => {
    const before = await stored();
    const other = await createPublishedEvent(t, trainer, { capacity: 5 });
    const otherToken = (await openForm(t, 'it', other.slug)).token;
    const real = await validToken();
    t.clock.advance({ seconds: 5 });
    for (const token of [undefined, '', 'abc', '1.x', `${real}x`, `${real.split('.')[0]}.${'A'.repeat(43)}`, otherToken, String(Date.now() - 60_000)]) {
      const fields: Record<string, string> = { ...good };
      if (token !== undefined) fields.token = token;
      const r = await postForm(t, `/p/it/events/${ev.slug}`, fields);
      expect(r.statusCode, String(token)).toBe(400);
      expect(r.body).toContain('Il modulo è scaduto');
    }
    // A token of the Italian form does not pass on the English page.
    const it = await validToken('it');
    const en = await postForm(t, `/p/en/events/${ev.slug}`, { ...good, token: it });
    expect(en.statusCode).toBe(400);
    expect(await stored()).toBe(before);
  });

  it.skipIf(skip)('a bot: honeypot filled or sent at once → the fake success, nothing stored', async () => {
    const before = await stored();
    const trap = await postForm(t, `/p/it/events/${ev.slug}`, { ...good, token: await validToken(), website: 'https://spam.example' });
    expect(trap.statusCode).toBe(303);
    const f = await openForm(t, 'it', ev.slug);
    const early = await postForm(t, `/p/it/events/${ev.slug}`, { ...good, token: f.token });
    expect(early.statusCode).toBe(303);
    expect(await stored()).toBe(before);
  });

  it.skipIf(skip)('wrong content types, JSON, repeated fields, oversized bodies → 4xx, nothing stored', async () => {
    const before = await stored();
    const token = await validToken();
    const json = await t.app.inject({ method: 'POST', url: `/p/it/events/${ev.slug}`, remoteAddress: nextAddress(), payload: { ...good, token, name: ['a', 'b'] } });
    expect(json.statusCode).toBeGreaterThanOrEqual(400);
    expect(json.statusCode).toBeLessThan(500);
    const text = await t.app.inject({ method: 'POST', url: `/p/it/events/${ev.slug}`, remoteAddress: nextAddress(), headers: { 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(text.statusCode).toBe(415);
    const huge = await postForm(t, `/p/it/events/${ev.slug}`, { ...good, token, name: 'x'.repeat(40_000) });
    expect(huge.statusCode).toBe(413);
    expectSafe(huge.body);
    const broken = await postForm(t, `/p/it/events/${ev.slug}`, `token=${encodeURIComponent(token)}&name=%E0%A4%A&email=%ZZ&consent=yes`);
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    expectSafe(broken.body);
    expect(await stored()).toBe(before);
  });

  it.skipIf(skip)('hostile addresses: unknown language, slug or token, scripts in the path → 404 pages without reflection', async () => {
    for (const url of [
      `/p/xx/events/${ev.slug}`,
      `/p/it/events/${encodeURIComponent(script)}`,
      `/p/it/events/${encodeURIComponent(imgAttack)}/registered`,
      `/p/it/events/cancel/${encodeURIComponent(script)}`,
      `/p/it/events/cancel/${'A'.repeat(43)}`,
      '/p/it/events/nessun-evento',
    ]) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expectSafe(r.body);
      expect(r.headers['content-type']).toContain('text/html');
    }
    const cancel = await t.app.inject({ method: 'POST', url: `/p/it/events/cancel/${encodeURIComponent(imgAttack)}`, remoteAddress: nextAddress(), headers: { 'content-type': form }, payload: '' });
    expect(cancel.statusCode).toBe(404);
    expectSafe(cancel.body);
  });

  it.skipIf(skip)('the public routes take precedence over the public site catch-alls, and need no CSRF token with a staff cookie', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/p/it/events' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Eventi formativi');
    const page = await t.app.inject({ method: 'GET', url: `/p/zh/events/${ev.slug}` });
    expect(page.body).toContain('报名');
    const f = await openForm(t, 'it', ev.slug);
    t.clock.advance({ seconds: 5 });
    const withCookie = await t.app.inject({
      method: 'POST', url: `/p/it/events/${ev.slug}`, remoteAddress: nextAddress(),
      headers: { 'content-type': form, cookie: trainer.cookie },
      payload: new URLSearchParams({ ...good, token: f.token, email: 'staff-cookie@example.org' }).toString(),
    });
    expect(withCookie.statusCode, withCookie.body).toBe(303);
  });

  it.skipIf(skip)('the per-address limit answers 429 in the visitor’s language', async () => {
    const address = '203.0.113.250';
    const answers: number[] = [];
    let body = '';
    for (let i = 0; i <= perAddressLimit; i++) {
      const f = await openForm(t, 'ro', ev.slug);
      t.clock.advance({ seconds: 5 });
      const r = await postForm(t, `/p/ro/events/${ev.slug}`, { ...good, token: f.token, name: '', email: `limite${i}@example.org` }, address);
      answers.push(r.statusCode);
      body = r.body;
    }
    expect(answers.slice(0, perAddressLimit).every((s) => s === 400)).toBe(true);
    expect(answers[perAddressLimit]).toBe(429);
    expect(body).toContain('Prea multe înscrieri într-un timp scurt.');
  });
});
