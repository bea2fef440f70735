/**
 * E-mail notifications on both engines: a referral sent to a body queues one mail per receiving
 * user who wants e-mail, in the same transaction as the in-app notification; the sender job hands
 * them to an SMTP server (a fake one here) with a link and no personal data; a refused delivery is
 * retried later; answers and completion reach the sender; a user who turns e-mail off gets none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { sharingConsent } from '../referrals/fixtures.ts';
import { smtpTransport, systemSendMail, type MailTransport } from '../../src/server/features/mail/sender.ts';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.ts';

const secretName = { given: 'Ilinca', family: 'Vrabieskova' };
const passport = 'QP4433221';
const settings = { from: 'Ponte <ponte@test.ponte.invalid>', publicUrl: 'https://ponte.example.org' };

describe.each(await engineCases())('e-mail notifications on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let smtp: FakeSmtp;
  let transport: MailTransport;
  let orgA: string;
  let orgB: string;
  let aWorker: LoggedIn;
  let bWorker: LoggedIn;
  let bCoordinator: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgA = await ensureTestOrganisation({ db, code: 'mail-a' });
    orgB = await ensureTestOrganisation({ db, code: 'mail-b' });
    aWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgA });
    bWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgB });
    bCoordinator = await loginAs({ t, roleKey: 'coordinator', orgId: orgB });
    smtp = await startFakeSmtp();
    transport = smtpTransport(smtp.url);
  });
  afterAll(async () => {
    if (skip) return;
    transport.close?.();
    await smtp.close();
    await t.close();
  });

  function call(user: LoggedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function newReferral(): Promise<{ id: string; code: string; caseCode: string; personCode: string }> {
    const db = t.database.db;
    const person = await insertPerson({
      db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgA,
      identity: { names: [{ kind: 'primary', ...secretName }], birth: { birthDate: '1998-02-11' }, documents: [{ type: 'passport', number: passport }] },
      sex: 'Feminine', citizenships: ['RO'],
    });
    const c = await insertCase({ db, orgId: orgA, personId: person.id, phase: 'identification' });
    await sharingConsent(db, { caseId: c.id, toOrgId: orgB, recordedBy: aWorker.userId });
    const r = await call(aWorker, 'POST', '/api/referrals', {
      caseId: c.id, toOrgId: orgB, reason: 'additional_services', urgency: 'routine', message: `Per ${secretName.given} ${secretName.family}`, shareFields: ['person.code', 'person.names'],
    });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json<{ id: string; code: string }>();
    return { id: body.id, code: body.code, caseCode: c.code, personCode: person.code };
  }

  async function outboxOf(recordId: string) {
    return t.database.db.selectFrom('mail_outbox').selectAll().where('record_id', '=', recordId).orderBy('created_at').orderBy('id').execute();
  }

  async function sendAll() {
    return systemSendMail({ db: t.database.db, transport, settings, now: t.clock.now() });
  }

  it.skipIf(skip)('a received referral is mailed to the receiving body’s users, with a link and no personal data', async () => {
    const ref = await newReferral();
    const queued = await outboxOf(ref.id);
    expect(queued.map((m) => m.recipient_user_id).sort()).toEqual([bWorker.userId, bCoordinator.userId].sort());
    expect(queued.every((m) => m.template === 'referral_received' && m.status === 'queued' && m.record_type === 'referral')).toBe(true);

    const before = smtp.received.length;
    const result = await sendAll();
    expect(result.sent).toBeGreaterThanOrEqual(2);
    const mails = smtp.received.slice(before).filter((m) => m.text.includes(ref.id));
    expect(mails.map((m) => m.to[0]).sort()).toEqual([bWorker.email, bCoordinator.email].sort());
    for (const m of mails) {
      expect(m.subject).toBe('Ponte: un invio attende la risposta del vostro ente');
      expect(m.text).toContain(`https://ponte.example.org/referrals/${ref.id}`);
      for (const secret of [secretName.given, secretName.family, passport, ref.code, ref.caseCode, ref.personCode, '1998']) {
        expect(m.subject).not.toContain(secret);
        expect(m.text).not.toContain(secret);
        expect(m.raw).not.toContain(secret);
      }
    }
    const after = await outboxOf(ref.id);
    expect(after.every((m) => m.status === 'sent' && m.attempts === 1 && m.sent_at !== null)).toBe(true);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'record_id', 'details']).where('action', '=', 'mail.send').where('record_id', 'in', after.map((m) => m.id)).execute();
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit)).not.toContain('@');
  });

  it.skipIf(skip)('a refused delivery is retried after the backoff, then delivered', async () => {
    const ref = await newReferral();
    smtp.refuseNext(2);
    const first = await sendAll();
    expect(first.retried).toBe(2);
    let rows = await outboxOf(ref.id);
    for (const m of rows) {
      expect(m.status).toBe('queued');
      expect(m.attempts).toBe(1);
      // Only the class and codes are kept: the server's answer named the recipient's address.
      expect(m.last_error).toBe('smtp 451 4.2.1 EENVELOPE RCPT TO');
      expect(m.last_error).not.toContain('@');
      expect(new Date(m.next_attempt_at).getTime()).toBe(t.clock.now().getTime() + 60_000);
    }
    // Not yet due: nothing is attempted.
    const early = await sendAll();
    expect(early).toEqual({ sent: 0, retried: 0, failed: 0 });
    t.clock.advance({ minutes: 2 });
    const before = smtp.received.length;
    const second = await sendAll();
    expect(second.sent).toBe(2);
    rows = await outboxOf(ref.id);
    expect(rows.every((m) => m.status === 'sent' && m.attempts === 2)).toBe(true);
    expect(smtp.received.slice(before).filter((m) => m.text.includes(ref.id)).length).toBe(2);
  });

  it.skipIf(skip)('gives up after the last attempt', async () => {
    const ref = await newReferral();
    smtp.refuseNext(1000);
    for (let i = 0; i < 6; i++) {
      await sendAll();
      t.clock.advance({ hours: 5 });
    }
    smtp.refuseNext(0);
    // The clock jumped past the sessions' idle timeout: log in again for the next tests.
    aWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgA, email: aWorker.email });
    bWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgB, email: bWorker.email });
    bCoordinator = await loginAs({ t, roleKey: 'coordinator', orgId: orgB, email: bCoordinator.email });
    const rows = await outboxOf(ref.id);
    expect(rows.every((m) => m.status === 'failed' && m.attempts === 6)).toBe(true);
    expect(await sendAll()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it.skipIf(skip)('the sender hears of the answer and of the completion, not of the intermediate step', async () => {
    const ref = await newReferral();
    await sendAll();
    const move = async (to: string, extra: Record<string, unknown> = {}) => {
      t.clock.advance({ minutes: 1 });
      const version = (await t.database.db.selectFrom('referrals').select('version').where('id', '=', ref.id).executeTakeFirstOrThrow()).version;
      const r = await call(bWorker, 'POST', `/api/referrals/${ref.id}/transitions`, { version, to, ...extra });
      expect(r.statusCode, r.body).toBe(200);
    };
    await move('accepted');
    await move('in_progress');
    await move('completed', { outcome: 'service_provided', feedback: `Percorso avviato per ${secretName.given}` });
    const toSender = (await outboxOf(ref.id)).filter((m) => m.recipient_user_id === aWorker.userId);
    expect(toSender.map((m) => m.template)).toEqual(['referral_answered', 'referral_completed']);
    const before = smtp.received.length;
    await sendAll();
    const mails = smtp.received.slice(before).filter((m) => m.to.includes(aWorker.email));
    expect(mails.map((m) => m.subject)).toEqual(['Ponte: un vostro invio ha ricevuto una risposta', 'Ponte: un vostro invio è stato concluso']);
    for (const m of mails) expect(m.raw).not.toContain(secretName.given);
  });

  it.skipIf(skip)('a user who turns e-mail off gets no more mails; English users get English mails', async () => {
    const off = await call(bCoordinator, 'PUT', '/api/me/mail-preferences', { notifyByMail: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ notifyByMail: false, mailEnabled: false });
    expect((await call(bCoordinator, 'GET', '/api/me/mail-preferences')).json()).toEqual({ notifyByMail: false, mailEnabled: false });
    expect((await call(bWorker, 'GET', '/api/me/mail-preferences')).json()).toEqual({ notifyByMail: true, mailEnabled: false });
    const bad = await call(bWorker, 'PUT', '/api/me/mail-preferences', { notifyByMail: 'no' });
    expect(bad.statusCode).toBe(400);
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', bWorker.userId).execute();
    const ref = await newReferral();
    const rows = await outboxOf(ref.id);
    expect(rows.map((m) => [m.recipient_user_id, m.locale])).toEqual([[bWorker.userId, 'en']]);
    const before = smtp.received.length;
    await sendAll();
    const mail = smtp.received.slice(before).find((m) => m.text.includes(ref.id));
    expect(mail?.subject).toBe('Ponte: a referral is waiting for your body');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'fields']).where('action', '=', 'mail.preference_update').where('actor_user_id', '=', bCoordinator.userId).execute();
    expect(audit).toEqual([{ action: 'mail.preference_update', fields: ['notifyByMail'] }]);
    await call(bCoordinator, 'PUT', '/api/me/mail-preferences', { notifyByMail: true });
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', bWorker.userId).execute();
  });

  it.skipIf(skip)('mails queued before e-mail was turned off are dropped, not sent', async () => {
    const ref = await newReferral();
    await call(bWorker, 'PUT', '/api/me/mail-preferences', { notifyByMail: false });
    const before = smtp.received.length;
    await sendAll();
    expect(smtp.received.slice(before).filter((m) => m.to.includes(bWorker.email))).toEqual([]);
    const mine = (await outboxOf(ref.id)).find((m) => m.recipient_user_id === bWorker.userId);
    expect(mine?.status).toBe('failed');
    await call(bWorker, 'PUT', '/api/me/mail-preferences', { notifyByMail: true });
  });
});
