/**
 * Training events on both engines: the staff API (create, edit with versions, publish, cancel), a
 * public registration stored encrypted with its consent text, capacity held under concurrent
 * registrations, the waiting list served in order when a place frees up, double registration of an
 * address refused, the event mail (confirmation with the cancellation link, promotion) delivered
 * over SMTP, attendance, certificate PDF, export, audit entries without personal data, retention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { startFakeSmtp, type FakeSmtp } from '../mail/fake-smtp.ts';
import { smtpTransport } from '../../src/server/features/mail/sender.ts';
import { systemSendEventMail } from '../../src/server/features/events/mail.ts';
import { systemPurgeRegistrations } from '../../src/server/features/events/retention.ts';
import { createPublishedEvent, eventBody, registerVisitor, postForm, openForm } from './helpers.ts';

const fontDir = `${dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`;

async function pdfText(data: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: fontDir }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  return content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
}

describe.each(await engineCases())('training events on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let trainer: LoggedIn;
  let smtp: FakeSmtp;

  beforeAll(async () => {
    if (skip) return;
    smtp = await startFakeSmtp();
    t = await openTestApp({ engine, env: { PONTE_EVENT_RETENTION_DAYS: '30', PONTE_EVENT_MAX_PER_HOUR: '1000', PONTE_PUBLIC_URL: 'https://ponte.example.org' } });
    trainer = await loginAs({ t, roleKey: 'trainer' });
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await smtp.close();
  });

  const sendMail = () =>
    systemSendEventMail({
      db: t.database.db,
      cipher: t.app.services.cipher,
      blindIndex: (o) => t.app.services.blindIndex(o),
      transport: smtpTransport(smtp.url),
      settings: { from: 'Ponte <ponte@example.org>', publicUrl: 'https://ponte.example.org' },
      now: t.clock.now(),
    });

  const regs = (eventId: string) => t.database.db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).orderBy('seq').execute();

  it.skipIf(skip)('staff create, validate, edit with versions and publish; a draft is not public', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/events', headers: trainer.headers, payload: eventBody(t, { place: null, onlineUrl: null, capacity: 0 }) });
    expect(bad.statusCode).toBe(400);
    const created = await t.app.inject({ method: 'POST', url: '/api/events', headers: trainer.headers, payload: eventBody(t) });
    expect(created.statusCode, created.body).toBe(201);
    const ev = created.json<{ id: string; slug: string; version: number; status: string }>();
    expect(ev.status).toBe('draft');
    expect((await t.app.inject({ method: 'GET', url: `/p/it/events/${ev.slug}` })).statusCode).toBe(404);
    const taken = await t.app.inject({ method: 'POST', url: '/api/events', headers: trainer.headers, payload: eventBody(t, { slug: ev.slug }) });
    expect(taken.statusCode).toBe(409);
    const edited = await t.app.inject({ method: 'PUT', url: `/api/events/${ev.id}`, headers: trainer.headers, payload: { ...eventBody(t, { slug: ev.slug, title: 'Titolo nuovo' }), version: ev.version } });
    expect(edited.statusCode, edited.body).toBe(200);
    const stale = await t.app.inject({ method: 'PUT', url: `/api/events/${ev.id}`, headers: trainer.headers, payload: { ...eventBody(t, { slug: ev.slug }), version: ev.version } });
    expect(stale.statusCode).toBe(409);
    const pub = await t.app.inject({ method: 'POST', url: `/api/events/${ev.id}/publish`, headers: trainer.headers, payload: { version: ev.version + 1 } });
    expect(pub.statusCode, pub.body).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: `/p/en/events/${ev.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Titolo nuovo');
    expect(page.body).toContain('This page is not yet available in English');
    expect(page.headers['set-cookie']).toBeUndefined();
    const list = await t.app.inject({ method: 'GET', url: '/p/ar/events' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('dir="rtl"');
    expect(list.body).toContain(`/p/ar/events/${ev.slug}`);
  });

  it.skipIf(skip)('event pages are sent compressed like the rest of the public site, and decompress to the same page', async () => {
    const ev = await createPublishedEvent(t, trainer);
    for (const url of ['/p/it/events', `/p/it/events/${ev.slug}`, '/p/it/events/cancel/nessun-token']) {
      const plain = await t.app.inject({ method: 'GET', url });
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(br.statusCode, url).toBe(plain.statusCode);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers.vary, url).toContain('Accept-Encoding');
      expect(br.headers['content-security-policy'], url).toBe(plain.headers['content-security-policy']);
      expect(br.headers['cache-control'], url).toBe('no-store');
      expect(br.headers['referrer-policy'], url).toBe('no-referrer');
      const html = brotliDecompressSync(br.rawPayload).toString('utf8');
      expect(br.rawPayload.length, url).toBeLessThan(Buffer.byteLength(html));
      // The form carries a fresh signed token per request: compare the pages without it.
      const untokened = (s: string) => s.replace(/name="token" value="[^"]*"/g, '');
      expect(untokened(html), url).toBe(untokened(plain.body));
      const gz = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      expect(untokened(gunzipSync(gz.rawPayload).toString('utf8')), url).toBe(untokened(plain.body));
    }
  });

  it.skipIf(skip)('registers with data encrypted and consent kept; waiting list beyond capacity; same address refused; cancellation promotes and mails', async () => {
    const ev = await createPublishedEvent(t, trainer);
    const first = await registerVisitor(t, ev.slug, { name: 'Giulia Bianchi', email: 'giulia.bianchi@example.org', phone: '+39 011 555 0101', f_ruolo: 'Educatore', f_crediti: 'yes' });
    expect(first.statusCode, first.body).toBe(303);
    expect(first.headers.location).toBe(`/p/it/events/${ev.slug}/registered?status=confirmed`);
    const second = await registerVisitor(t, ev.slug, { name: 'Marco Rossi', email: 'marco.rossi@example.org' }, 'en');
    expect(second.headers.location).toBe(`/p/en/events/${ev.slug}/registered?status=waiting`);
    const twice = await registerVisitor(t, ev.slug, { name: 'Giulia B.', email: ' Giulia.Bianchi@EXAMPLE.org ' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Questo indirizzo e-mail è già iscritto');
    const rows = await regs(ev.id);
    expect(rows.map((r) => r.status)).toEqual(['confirmed', 'waiting']);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('Giulia');
    expect(stored).not.toContain('example.org');
    expect(stored).not.toContain('+39 011 555');
    expect(rows[0]?.consent_text).toContain('cancellati 90 giorni');
    // Retention: the event's end plus 30 days.
    const end = new Date(Date.parse(String(eventBody(t).endsAt)));
    expect(rows[0]?.delete_after).toBeDefined();
    expect(Date.parse(`${rows[0]?.delete_after}T00:00:00Z`)).toBeGreaterThan(end.getTime() + 28 * 86_400_000);

    // The mails: confirmation with the cancellation link, waiting list.
    const before = smtp.received.length;
    expect((await sendMail()).sent).toBe(2);
    const mails = smtp.received.slice(before);
    const toGiulia = mails.find((m) => m.to.includes('giulia.bianchi@example.org'));
    expect(toGiulia?.subject).toContain('Iscrizione confermata');
    expect(toGiulia?.text).toContain('Sala convegni');
    const link = /https:\/\/ponte\.example\.org\/p\/it\/events\/cancel\/([A-Za-z0-9_-]{43})/.exec(toGiulia?.text ?? '');
    expect(link).not.toBeNull();
    expect(mails.find((m) => m.to.includes('marco.rossi@example.org'))?.subject).toContain('Waiting list');

    // Audit entries of the public writes carry no address and no personal data.
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'event_registration.create').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).not.toMatch(/Giulia|Marco|example\.org|198\.51\.100/);

    // Cancel: the page asks, the POST cancels and promotes Marco, who is mailed.
    const token = link?.[1] ?? '';
    const ask = await t.app.inject({ method: 'GET', url: `/p/it/events/cancel/${token}` });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Annulla l’iscrizione');
    const done = await postForm(t, `/p/it/events/cancel/${token}`, '');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Iscrizione annullata');
    expect((await regs(ev.id)).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    const again = await postForm(t, `/p/it/events/cancel/${token}`, '');
    expect(again.statusCode).toBe(200);
    expect((await regs(ev.id)).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    const unknown = await postForm(t, `/p/it/events/cancel/${'A'.repeat(43)}`, '');
    expect(unknown.statusCode).toBe(404);
    const n = smtp.received.length;
    await sendMail();
    const promoted = smtp.received.slice(n).find((m) => m.to.includes('marco.rossi@example.org'));
    expect(promoted?.subject).toContain('A place is free');
    expect(promoted?.text).toContain('/p/en/events/cancel/');
    expect(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'event_registration.promote').execute()).not.toHaveLength(0);
  });

  it.skipIf(skip)('a full event without waiting list refuses clearly, also under concurrent registrations', async () => {
    const ev = await createPublishedEvent(t, trainer, { capacity: 2, waitingList: false });
    const forms = await Promise.all(Array.from({ length: 6 }, () => openForm(t, 'fr', ev.slug)));
    t.clock.advance({ seconds: 5 });
    const answers = await Promise.all(
      forms.map((f, i) => postForm(t, `/p/fr/events/${ev.slug}`, { token: f.token, website: '', consent: 'yes', f_ente: 'Ente', name: `Persona ${i}`, email: `persona${i}@example.org` })),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([303, 303, 409, 409, 409, 409]);
    const refused = answers.find((a) => a.statusCode === 409);
    expect(refused?.body).toContain('L’événement est complet et sans liste d’attente');
    expect((await regs(ev.id)).filter((r) => r.status === 'confirmed')).toHaveLength(2);
    // Mail speaks the registrant's language (French here), with the French cancellation page.
    const n = smtp.received.length;
    await sendMail();
    const french = smtp.received.slice(n).filter((m) => m.to.some((to) => to.startsWith('persona')));
    expect(french).toHaveLength(2);
    expect(french.every((m) => m.subject.startsWith('Inscription confirmée : ') && m.text.includes('/p/fr/events/cancel/'))).toBe(true);
  });

  it.skipIf(skip)('after the deadline registration is closed', async () => {
    const ev = await createPublishedEvent(t, trainer, { registrationDeadline: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    const f = await openForm(t, 'es', ev.slug);
    t.clock.advance({ minutes: 2 });
    const r = await postForm(t, `/p/es/events/${ev.slug}`, { token: f.token, website: '', consent: 'yes', f_ente: 'Ente', name: 'Ana', email: 'ana@example.org' });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('Las inscripciones a este evento están cerradas.');
    expect(await regs(ev.id)).toHaveLength(0);
  });

  it.skipIf(skip)('staff read registrations (audited), mark attendance, download the certificate and the export', async () => {
    const ev = await createPublishedEvent(t, trainer, { capacity: 5 });
    await registerVisitor(t, ev.slug, { name: 'Sara Verdi', email: 'sara.verdi@example.org', f_ruolo: 'Assistente sociale' });
    await registerVisitor(t, ev.slug, { name: '=HYPERLINK("x")', email: 'formula@example.org' });
    const list = await t.app.inject({ method: 'GET', url: `/api/events/${ev.id}/registrations`, headers: trainer.headers });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: Array<{ id: string; name: string; answers: Record<string, unknown>; attended: boolean }> }>().items;
    expect(items.map((i) => i.name)).toEqual(['Sara Verdi', '=HYPERLINK("x")']);
    expect(items[0]?.answers).toMatchObject({ ente: 'Cooperativa Esempio', ruolo: 'Assistente sociale', crediti: false });
    const audited = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'event_registration.list').where('actor_user_id', '=', trainer.userId).execute();
    expect(audited).toHaveLength(1);
    const sara = items[0]?.id ?? '';
    const noCert = await t.app.inject({ method: 'GET', url: `/api/events/${ev.id}/registrations/${sara}/certificate`, headers: trainer.headers });
    expect(noCert.statusCode).toBe(409);
    const mark = await t.app.inject({ method: 'PUT', url: `/api/events/${ev.id}/registrations/${sara}/attendance`, headers: trainer.headers, payload: { attended: true } });
    expect(mark.statusCode, mark.body).toBe(200);
    const cert = await t.app.inject({ method: 'GET', url: `/api/events/${ev.id}/registrations/${sara}/certificate`, headers: trainer.headers });
    expect(cert.statusCode).toBe(200);
    expect(cert.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(cert.rawPayload);
    expect(text).toContain('Sara Verdi');
    expect(text).toContain('CROAS-2026-117');
    expect(text).toContain('Attestato di partecipazione');
    const csv = await t.app.inject({ method: 'GET', url: `/api/events/${ev.id}/registrations/export?format=csv`, headers: trainer.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('sara.verdi@example.org');
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.body).toContain('Ente di appartenenza');
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/events/${ev.id}/registrations/export?format=xlsx`, headers: trainer.headers });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = book.worksheets[0]?.getRow(4).values as unknown[];
    expect(values).toContain('Sara Verdi');
    expect(await t.database.db.selectFrom('audit_log').select('id').where('action', 'in', ['event_registration.export', 'event_registration.certificate']).execute()).toHaveLength(3);
  });

  it.skipIf(skip)('cancelling the event mails everyone registered; retention deletes registrations after the event', async () => {
    const ev = await createPublishedEvent(t, trainer, { capacity: 3 });
    await registerVisitor(t, ev.slug, { name: 'Luca Neri', email: 'luca.neri@example.org' });
    const cancel = await t.app.inject({ method: 'POST', url: `/api/events/${ev.id}/cancel`, headers: trainer.headers, payload: { version: ev.version } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const n = smtp.received.length;
    await sendMail();
    const toLuca = smtp.received.slice(n).filter((m) => m.to.includes('luca.neri@example.org')).map((m) => m.subject);
    expect(toLuca.some((s) => s.startsWith('Evento annullato'))).toBe(true);
    const page = await t.app.inject({ method: 'GET', url: `/p/it/events/${ev.slug}` });
    expect(page.body).toContain('Questo evento è stato annullato.');
    expect(page.body).not.toContain('<form class="feedback registration"');
    expect(await systemPurgeRegistrations({ db: t.database.db, now: t.clock.now() })).toBe(0);
    const later = new Date(t.clock.now().getTime() + 45 * 86_400_000);
    expect(await systemPurgeRegistrations({ db: t.database.db, now: later })).toBeGreaterThan(0);
    expect(await regs(ev.id)).toHaveLength(0);
    expect(await t.database.db.selectFrom('event_mail_outbox').select('id').execute()).toHaveLength(0);
  });

  it.skipIf(skip)('a refused delivery is retried later, and the address never reaches the audit trail', async () => {
    const ev = await createPublishedEvent(t, trainer, { capacity: 3 });
    await registerVisitor(t, ev.slug, { name: 'Nadia Costa', email: 'nadia.costa@example.org' });
    await sendMail();
    smtp.refuseNext(1);
    await registerVisitor(t, ev.slug, { name: 'Pietro Villa', email: 'pietro.villa@example.org' });
    expect(await sendMail()).toMatchObject({ sent: 0, retried: 1 });
    const row = await t.database.db.selectFrom('event_mail_outbox').selectAll().where('status', '=', 'queued').executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(await sendMail()).toMatchObject({ sent: 0, retried: 0 });
    t.clock.advance({ minutes: 2 });
    expect(await sendMail()).toMatchObject({ sent: 1 });
    expect(smtp.received.some((m) => m.to.includes('pietro.villa@example.org'))).toBe(true);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'event_mail.send').execute();
    expect(audit.some((a) => a.outcome === 'failure')).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/example\.org|Nadia|Pietro/);
  });

  it.skipIf(skip)('the retention and hourly cap settings are validated', async () => {
    const { loadConfig } = await import('../../src/server/platform/config.ts');
    expect(() => loadConfig({ NODE_ENV: 'test', PONTE_EVENT_RETENTION_DAYS: '0' })).toThrow(/PONTE_EVENT_RETENTION_DAYS/);
    expect(() => loadConfig({ NODE_ENV: 'test', PONTE_EVENT_MAX_PER_HOUR: 'many' })).toThrow(/PONTE_EVENT_MAX_PER_HOUR/);
    expect(loadConfig({ NODE_ENV: 'test' }).PONTE_EVENT_RETENTION_DAYS).toBe(90);
  });
});

