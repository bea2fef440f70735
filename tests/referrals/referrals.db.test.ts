/**
 * Referrals on both engines — the acceptance points of the referral network: the receiver sees
 * exactly the share set and nothing else, only while the referral is open; a third body sees
 * nothing; every view is audited; no consent, no referral (unless overridden with a reason by a
 * holder of the permission); minors need the guardian's consent; deadlines with a manual clock;
 * the status machine's sides and versions; bad input changes nothing; no plaintext in a dump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { insertCase, insertPerson } from '../helpers/records.ts';
import { recordFixtures, tinyPng } from '../case-records/fixtures.ts';
import { pgDump } from '../helpers/pg-dump.ts';
import { scanForSecrets } from '../helpers/secrets.ts';
import { sharingConsent } from './fixtures.ts';
import { shareFields } from '../../src/domain/referrals/index.ts';
import { startReferralDeadlines, systemExpireReferrals } from '../../src/server/features/referrals/service.ts';
import { ManualClock } from '../../src/server/platform/clock.ts';

const secretName = { given: 'Zenobia', family: 'Okwuosa' };
const passport = 'ZX9988776';
const phoneNumber = '+39 333 7654321';
const noteText = 'Nota riservata sul percorso di Zenobia';

describe.each(await engineCases())('referrals on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let commission: string;
  let aWorker: LoggedIn;
  let aCoordinator: LoggedIn;
  let aSpecialist: LoggedIn;
  let bWorker: LoggedIn;
  let bCoordinator: LoggedIn;
  let bSpecialist: LoggedIn;
  let cWorker: LoggedIn;
  let liaison: LoggedIn;
  let fx: ReturnType<typeof recordFixtures>;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgA = await ensureTestOrganisation({ db, code: 'ref-a' });
    orgB = await ensureTestOrganisation({ db, code: 'ref-b' });
    orgC = await ensureTestOrganisation({ db, code: 'ref-c' });
    commission = await ensureTestOrganisation({ db, code: 'ref-commission', type: 'immigration' });
    aWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgA });
    aCoordinator = await loginAs({ t, roleKey: 'coordinator', orgId: orgA });
    aSpecialist = await loginAs({ t, roleKey: 'specialist', orgId: orgA });
    bWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgB });
    bCoordinator = await loginAs({ t, roleKey: 'coordinator', orgId: orgB });
    bSpecialist = await loginAs({ t, roleKey: 'specialist', orgId: orgB });
    cWorker = await loginAs({ t, roleKey: 'case_worker', orgId: orgC });
    liaison = await loginAs({ t, roleKey: 'agency_liaison', orgId: commission });
    fx = recordFixtures(db);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  type Method = 'GET' | 'POST';
  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  /** A case of org A for a person with identity, a note, two documents; sharing consent for org B unless `consent: false`. */
  async function newCase(options: { consent?: boolean; minor?: 'minor' | 'possibly_minor'; givenBy?: 'person' | 'guardian' } = {}) {
    const db = t.database.db;
    const person = await insertPerson({
      db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgA,
      identity: { names: [{ kind: 'primary', ...secretName }], birth: { birthDate: '1999-04-03' }, documents: [{ type: 'passport', number: passport }], phones: [phoneNumber] },
      sex: 'Feminine', citizenships: ['NG'],
    });
    const c = await insertCase({ db, orgId: orgA, personId: person.id, phase: 'identification' });
    await db.updateTable('cases').set({ exploitation_types: ['SexualExploitation'], minor_status: options.minor ?? 'adult' }).where('id', '=', c.id).execute();
    const note = await call(aWorker, 'POST', `/api/cases/${c.id}/notes`, { text: noteText });
    expect(note.statusCode, note.body).toBe(201);
    const doc1 = await fx.document(c.id, aWorker.userId);
    const doc2 = await fx.document(c.id, aWorker.userId);
    if (options.consent !== false) await sharingConsent(db, { caseId: c.id, toOrgId: orgB, recordedBy: aWorker.userId, givenBy: options.givenBy ?? 'person' });
    return { caseId: c.id, personId: person.id, personCode: person.code, caseCode: c.code, doc1, doc2 };
  }

  async function send(user: LoggedIn, body: Record<string, unknown>) {
    return call(user, 'POST', '/api/referrals', { toOrgId: orgB, reason: 'additional_services', urgency: 'routine', ...body });
  }

  async function sendOk(body: Record<string, unknown>, user: LoggedIn = aWorker): Promise<string> {
    const r = await send(user, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  }

  async function counts() {
    const db = t.database.db;
    const n = async (table: 'referrals' | 'referral_events' | 'notifications') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return { referrals: await n('referrals'), events: await n('referral_events'), notifications: await n('notifications') };
  }

  /** Calls and expects a refusal that changes nothing but (optionally) the audit trail. */
  async function expectNothingWritten(user: LoggedIn, method: Method, url: string, payload: unknown, status: number, rawPayload?: string) {
    const db = t.database.db;
    const before = await snapshot({ db });
    const r = rawPayload !== undefined
      ? await t.app.inject({ method, url, headers: { ...user.headers, 'content-type': 'application/json' }, payload: rawPayload })
      : await call(user, method, url, payload);
    expect(r.statusCode, r.body).toBe(status);
    expect(await snapshot({ db })).toEqual(before);
    return r;
  }

  async function auditSince(mark: string) {
    return t.database.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_user_id', 'fields', 'details', 'record_id']).where('id', '>', mark).orderBy('id').execute();
  }

  async function version(id: string): Promise<number> {
    return (await t.database.db.selectFrom('referrals').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  }

  async function move(user: LoggedIn, id: string, body: Record<string, unknown>) {
    return call(user, 'POST', `/api/referrals/${id}/transitions`, { version: await version(id), ...body });
  }

  // -------------------------------------------------------------------------------------------
  it.skipIf(skip)('the receiver sees exactly the share set, read live, and nothing else; every view audited', async () => {
    const c = await newCase();
    const id = await sendOk({ caseId: c.caseId, shareFields: ['person.code', 'person.age', 'person.sex', 'case.phase'], shareDocumentIds: [c.doc1], message: 'Chiediamo un posto in accoglienza.' });
    const mark = await lastAuditId(t.database.db);
    const r = await call(bWorker, 'GET', `/api/referrals/${id}`);
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json();
    expect(d.side).toBe('receiver');
    expect(d.status).toBe('sent');
    expect(Object.keys(d.shared.fields).sort()).toEqual(['case.phase', 'person.age', 'person.code', 'person.sex']);
    expect(d.shared.fields).toEqual({ 'person.code': c.personCode, 'person.age': '25_34', 'person.sex': 'Feminine', 'case.phase': { phase: 'identification', status: 'Active' } });
    expect(d.shared.documents.map((x: { id: string }) => x.id)).toEqual([c.doc1]);
    expect(d.shared.documents[0].fileName).toBe('foto.png');
    expect(d.caseId).toBeNull();
    expect(d.caseCode).toBeNull();
    expect(d.overrideReason).toBeNull();
    expect(d.message).toBe('Chiediamo un posto in accoglienza.');
    expect(d.allowedMoves.sort()).toEqual(['accepted', 'declined']);
    // Nothing outside the share set anywhere in the answer.
    for (const absent of [secretName.given, secretName.family, passport, '333 7654321', noteText, c.doc2, c.caseCode, 'SexualExploitation', 'NG', '1999']) {
      expect(r.body, absent).not.toContain(absent);
    }
    // Read live: a change to the case shows at once.
    await t.database.db.updateTable('cases').set({ phase: 'first_assistance' }).where('id', '=', c.caseId).execute();
    expect((await call(bWorker, 'GET', `/api/referrals/${id}`)).json().shared.fields['case.phase'].phase).toBe('first_assistance');
    const entries = await auditSince(mark);
    expect(entries.filter((e) => e.action === 'referral.read')).toHaveLength(2);
    expect(entries[0]).toMatchObject({ action: 'referral.read', outcome: 'success', actor_user_id: bWorker.userId, record_id: id });
    expect(entries[0]?.fields).toEqual(expect.arrayContaining(['person.code', 'person.age', 'person.sex', 'case.phase', 'documents']));
    expect(entries[0]?.fields).not.toContain('person.names');

    // The shared document opens; the one not shared is a 404 audited as denied.
    const m2 = await lastAuditId(t.database.db);
    const doc = await call(bWorker, 'GET', `/api/referrals/${id}/documents/${c.doc1}`);
    expect(doc.statusCode).toBe(200);
    expect(doc.rawPayload.equals(tinyPng)).toBe(true);
    expect(await auditSince(m2)).toMatchObject([{ action: 'referral.document_read', outcome: 'success', record_id: c.doc1 }]);
    const m3 = await lastAuditId(t.database.db);
    await expectNothingWritten(bWorker, 'GET', `/api/referrals/${id}/documents/${c.doc2}`, undefined, 404);
    expect(await auditSince(m3)).toMatchObject([{ action: 'referral.document_read', outcome: 'denied', actor_user_id: bWorker.userId }]);

    // The receiver does not see the case, the person, the notes or the documents through their own endpoints.
    for (const url of [`/api/cases/${c.caseId}`, `/api/persons/${c.personId}`, `/api/cases/${c.caseId}/notes`, `/api/cases/${c.caseId}/documents/${c.doc1}/content`]) {
      expect((await call(bWorker, 'GET', url)).statusCode, url).toBe(404);
    }
    // A specialist of the receiver (no referrals.receive) sees nothing.
    expect((await call(bSpecialist, 'GET', `/api/referrals/${id}`)).statusCode).toBe(404);

    // Boxes: codes only, no names; the person code because person.code is shared.
    const inbox = await call(bWorker, 'GET', '/api/referrals?box=in');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const item = inbox.json().items.find((x: { id: string }) => x.id === id);
    expect(item).toMatchObject({ personCode: c.personCode, caseCode: null, status: 'sent', otherOrganisation: { id: orgA } });
    expect(inbox.body).not.toContain(secretName.given);
    const outbox = await call(aWorker, 'GET', '/api/referrals?box=out');
    expect(outbox.json().items.find((x: { id: string }) => x.id === id)).toMatchObject({ personCode: c.personCode, caseCode: c.caseCode, otherOrganisation: { id: orgB } });
    // The sender sees the whole referral (its own case), without the receiver's view.
    const sender = (await call(aWorker, 'GET', `/api/referrals/${id}`)).json();
    expect(sender).toMatchObject({ side: 'sender', caseId: c.caseId, caseCode: c.caseCode, shared: null, consentBasis: 'consent', allowedMoves: ['revoked'] });
    // A specialist of the sender sees it only if they see the case.
    expect((await call(aSpecialist, 'GET', `/api/referrals/${id}`)).statusCode).toBe(404);
    await t.database.db.updateTable('cases').set({ case_worker_id: aSpecialist.userId }).where('id', '=', c.caseId).execute();
    expect((await call(aSpecialist, 'GET', `/api/referrals/${id}`)).json()).toMatchObject({ side: 'sender', allowedMoves: [] });
  });

  it.skipIf(skip)('every field of the catalogue reads back in its documented shape', async () => {
    const c = await newCase();
    const db = t.database.db;
    await fx.action(c.caseId);
    await fx.service(c.caseId);
    await db.updateTable('cases').set({ trafficking_status: 'PossibleVictimOfTrafficking', age_assessment: 'not_needed' }).where('id', '=', c.caseId).execute();
    const id = await sendOk({ caseId: c.caseId, shareFields: [...shareFields] });
    const r = await call(bWorker, 'GET', `/api/referrals/${id}`);
    expect(r.statusCode, r.body).toBe(200);
    const f = r.json().shared.fields;
    expect(Object.keys(f).sort()).toEqual([...shareFields].sort());
    expect(f['person.names']).toEqual([{ kind: 'primary', ...secretName }]);
    expect(f['person.birth']).toEqual({ birthDate: '1999-04-03' });
    expect(f['person.documents']).toEqual([{ type: 'passport', number: passport }]);
    expect(f['person.phones']).toEqual([phoneNumber]);
    expect(f['person.citizenships']).toEqual(['NG']);
    expect(f['case.exploitation'].types).toEqual(['SexualExploitation']);
    expect(f['case.trafficking_status']).toMatchObject({ status: 'PossibleVictimOfTrafficking' });
    expect(f['case.minor']).toMatchObject({ status: 'adult', ageAssessment: 'not_needed' });
    expect(f['case.guardian']).toBeNull();
    expect(f['case.plan']).toEqual([{ title: 'Autonomia abitativa', status: 'open', actions: [{ what: 'Cercare un alloggio', status: 'open', dueOn: null }] }]);
    expect(f['case.services']).toEqual([{ type: 'language_course', status: 'planned', startsOn: null, endsOn: null }]);
    // Notes are not in the catalogue at all.
    expect(r.body).not.toContain(noteText);
  });

  it.skipIf(skip)('a third body sees nothing: 404 like a missing referral, audited as denied, nothing written', async () => {
    const c = await newCase();
    const id = await sendOk({ caseId: c.caseId, shareDocumentIds: [c.doc1] });
    const attempts: Array<{ method: Method; url: string; payload?: unknown; action: string }> = [
      { method: 'GET', url: `/api/referrals/${id}`, action: 'referral.read' },
      { method: 'GET', url: `/api/referrals/${id}/documents/${c.doc1}`, action: 'referral.document_read' },
      { method: 'POST', url: `/api/referrals/${id}/transitions`, payload: { to: 'accepted', version: 1 }, action: 'referral.transition' },
      { method: 'POST', url: `/api/referrals/${id}/messages`, payload: { text: 'Ciao' }, action: 'referral.message' },
    ];
    for (const a of attempts) {
      const mark = await lastAuditId(t.database.db);
      const r = await expectNothingWritten(cWorker, a.method, a.url, a.payload, 404);
      expect(await auditSince(mark)).toMatchObject([{ action: a.action, outcome: 'denied', actor_user_id: cWorker.userId }]);
      const missing = await call(cWorker, a.method, a.url.replace(id, '00000000-0000-4000-8000-000000000000'), a.payload);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toBe(r.json().error.message);
    }
    const inbox = await call(cWorker, 'GET', '/api/referrals?box=in');
    expect(inbox.json().items).toEqual([]);
  });

  it.skipIf(skip)('the receiver loses access when the referral closes: declined, revoked, completed, expired', async () => {
    const closers: Array<{ name: string; close(id: string): Promise<void> }> = [
      {
        name: 'declined',
        async close(id) {
          const noReason = await move(bWorker, id, { to: 'declined' });
          expect(noReason.statusCode).toBe(400);
          expect((await move(bWorker, id, { to: 'declined', reason: 'Nessun posto disponibile' })).statusCode).toBe(200);
        },
      },
      {
        name: 'revoked',
        async close(id) {
          expect((await move(bWorker, id, { to: 'accepted' })).statusCode).toBe(200);
          expect((await move(aWorker, id, { to: 'revoked', reason: 'La persona ha cambiato idea' })).statusCode).toBe(200);
        },
      },
      {
        name: 'completed',
        async close(id) {
          expect((await move(bWorker, id, { to: 'accepted' })).statusCode).toBe(200);
          expect((await move(bWorker, id, { to: 'in_progress' })).statusCode).toBe(200);
          expect((await move(bWorker, id, { to: 'completed', outcome: 'service_provided' })).statusCode).toBe(400);
          const done = await move(bWorker, id, { to: 'completed', outcome: 'service_provided', feedback: 'Accolta e seguita.' });
          expect(done.statusCode, done.body).toBe(200);
          expect(done.json()).toMatchObject({ status: 'completed', outcome: 'service_provided', feedback: 'Accolta e seguita.', shared: null });
        },
      },
      {
        name: 'expired',
        async close(id) {
          const due = (await t.database.db.selectFrom('referrals').select('answer_due_at').where('id', '=', id).executeTakeFirstOrThrow()).answer_due_at;
          await systemExpireReferrals({ db: t.database.db, now: new Date(new Date(due).getTime() + 1000) });
        },
      },
    ];
    for (const closer of closers) {
      const c = await newCase();
      const id = await sendOk({ caseId: c.caseId, shareFields: ['person.code', 'person.names'], shareDocumentIds: [c.doc1] });
      const openView = (await call(bWorker, 'GET', `/api/referrals/${id}`)).json();
      expect(openView.shared.fields['person.names'][0].given, closer.name).toBe(secretName.given);
      await closer.close(id);
      const mark = await lastAuditId(t.database.db);
      const r = await call(bWorker, 'GET', `/api/referrals/${id}`);
      expect(r.statusCode, r.body).toBe(200);
      const d = r.json();
      expect(d.status, closer.name).toBe(closer.name);
      expect(d.open).toBe(false);
      expect(d.shared).toBeNull();
      expect(d.personCode).toBeNull();
      expect(d.personId).toBeNull();
      expect(d.shareDocumentIds).toEqual([]);
      expect(r.body).not.toContain(secretName.given);
      expect(r.body).not.toContain(c.personCode);
      expect(d.timeline.at(-1)).toMatchObject({ kind: 'access_ended', side: 'system' });
      // The first read after closing (the transition's own answer, or this one) ended the access, once.
      expect((await auditSince(mark)).map((e) => e.action)).toContain('referral.read');
      const ended = await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'referral.access_ended').where('record_id', '=', id).execute();
      expect(ended).toHaveLength(1);
      expect(d.timeline.filter((e: { kind: string }) => e.kind === 'access_ended')).toHaveLength(1);
      // Once only.
      const mark2 = await lastAuditId(t.database.db);
      await call(bWorker, 'GET', `/api/referrals/${id}`);
      expect((await auditSince(mark2)).map((e) => e.action)).toEqual(['referral.read']);
      // The document is gone for the receiver, still there for the sender.
      expect((await call(bWorker, 'GET', `/api/referrals/${id}/documents/${c.doc1}`)).statusCode).toBe(404);
      expect((await call(aWorker, 'GET', `/api/referrals/${id}/documents/${c.doc1}`)).statusCode).toBe(200);
      // The in-box no longer shows the person code.
      const inbox = (await call(bWorker, 'GET', '/api/referrals?box=in')).json();
      expect(inbox.items.find((x: { id: string }) => x.id === id).personCode).toBeNull();
      // No more messages.
      expect((await call(bWorker, 'POST', `/api/referrals/${id}/messages`, { text: 'Ancora?' })).statusCode).toBe(409);
    }
  });

  it.skipIf(skip)('no consent: refused with 409 consent_required and nothing written; override only by a holder with a reason', async () => {
    const c = await newCase({ consent: false });
    const before = await counts();
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', 'in', [aWorker.userId, aCoordinator.userId]).execute();
    const mark = await lastAuditId(t.database.db);
    const r = await expectNothingWritten(aWorker, 'POST', '/api/referrals', { caseId: c.caseId, toOrgId: orgB, reason: 'identification', urgency: 'urgent' }, 409);
    expect(r.json().error.code).toBe('consent_required');
    expect(r.json().error.message).toMatch(/consent/);
    expect(await auditSince(mark)).toMatchObject([{ action: 'referral.create', outcome: 'denied', details: { reason: 'consent_required', consentStatus: 'none' } }]);
    // Italian message for an Italian user.
    await t.database.db.updateTable('users').set({ locale: 'it' }).where('id', '=', aWorker.userId).execute();
    const it = await send(aWorker, { caseId: c.caseId, reason: 'identification' });
    expect(it.json().error.message).toMatch(/consenso/);
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', aWorker.userId).execute();
    // A non-holder is refused even with a reason.
    const m2 = await lastAuditId(t.database.db);
    const nonHolder = await expectNothingWritten(aWorker, 'POST', '/api/referrals', { caseId: c.caseId, toOrgId: orgB, reason: 'identification', urgency: 'urgent', overrideReason: 'Pericolo imminente per la persona' }, 403);
    expect(nonHolder.json().error.code).toBe('forbidden');
    expect(await auditSince(m2)).toMatchObject([{ action: 'referral.create', outcome: 'denied', details: { missing: 'referrals.override_consent' } }]);
    // A holder needs a reason of at least 10 characters.
    await expectNothingWritten(aCoordinator, 'POST', '/api/referrals', { caseId: c.caseId, toOrgId: orgB, reason: 'identification', urgency: 'urgent', overrideReason: 'urgente' }, 400);
    await expectNothingWritten(aCoordinator, 'POST', '/api/referrals', { caseId: c.caseId, toOrgId: orgB, reason: 'identification', urgency: 'urgent' }, 409);
    expect(await counts()).toEqual(before);
    // A refused or withdrawn consent, or a consent for another body, is no consent.
    await sharingConsent(t.database.db, { caseId: c.caseId, toOrgId: orgC, recordedBy: aWorker.userId });
    await sharingConsent(t.database.db, { caseId: c.caseId, toOrgId: orgB, recordedBy: aWorker.userId, status: 'refused' });
    expect((await send(aWorker, { caseId: c.caseId, reason: 'identification' })).statusCode).toBe(409);
    // Override by the coordinator, with a reason: basis override, the reason encrypted, audited.
    const m3 = await lastAuditId(t.database.db);
    const ok = await send(aCoordinator, { caseId: c.caseId, reason: 'identification', overrideReason: 'Pericolo imminente per la persona' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().consentBasis).toBe('override');
    const row = await t.database.db.selectFrom('referrals').select(['consent_basis', 'override_reason_enc', 'consent_id']).where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(row.consent_basis).toBe('override');
    expect(row.consent_id).toBeNull();
    expect(row.override_reason_enc).not.toContain('Pericolo');
    expect((await auditSince(m3)).find((e) => e.action === 'referral.create')).toMatchObject({ outcome: 'success', details: { consentBasis: 'override' } });
    const seen = (await call(aCoordinator, 'GET', `/api/referrals/${ok.json().id}`)).json();
    expect(seen.overrideReason).toBe('Pericolo imminente per la persona');
    expect((await call(bWorker, 'GET', `/api/referrals/${ok.json().id}`)).json().overrideReason).toBeNull();
    // Only non-identifying fields and no documents: may go without consent.
    const anon = await send(aWorker, { caseId: c.caseId, shareFields: ['person.code', 'person.age', 'case.phase'] });
    expect(anon.statusCode, anon.body).toBe(201);
    expect(anon.json().consentBasis).toBe('no_personal_data');
    // …but a document makes it identifying.
    expect((await send(aWorker, { caseId: c.caseId, shareFields: ['person.code'], shareDocumentIds: [c.doc1] })).statusCode).toBe(409);
  });

  it.skipIf(skip)('minors: the sharing consent must be the guardian’s', async () => {
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', aWorker.userId).execute();
    const byPerson = await newCase({ minor: 'minor', givenBy: 'person' });
    const r = await expectNothingWritten(aWorker, 'POST', '/api/referrals', { caseId: byPerson.caseId, toOrgId: orgB, reason: 'minor_protection', urgency: 'urgent' }, 409);
    expect(r.json().error.code).toBe('consent_required');
    expect(r.json().error.message).toMatch(/guardian/);
    const possibly = await newCase({ minor: 'possibly_minor', givenBy: 'person' });
    expect((await send(aWorker, { caseId: possibly.caseId, reason: 'minor_protection' })).statusCode).toBe(409);
    const byGuardian = await newCase({ minor: 'minor', givenBy: 'guardian' });
    const ok = await send(aWorker, { caseId: byGuardian.caseId, reason: 'minor_protection' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().consentBasis).toBe('guardian_consent');
    const row = await t.database.db.selectFrom('referrals').select(['consent_id', 'share_fields']).where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(row.consent_id).not.toBeNull();
    // The reason's preset when no share set is given.
    expect([...row.share_fields].sort()).toEqual(['case.guardian', 'case.minor', 'person.age', 'person.birth', 'person.citizenships', 'person.code', 'person.languages', 'person.names', 'person.sex'].sort());
  });

  it.skipIf(skip)('deadlines with a manual clock: warned once when a quarter of the window is left, then expired by Ponte', async () => {
    const db = t.database.db;
    const c = await newCase();
    const id = await sendOk({ caseId: c.caseId, reason: 'shelter', urgency: 'emergency' });
    const created = await db.selectFrom('referrals').select(['answer_due_at', 'sent_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const sentAt = new Date(created.sent_at);
    expect(new Date(created.answer_due_at).getTime() - sentAt.getTime()).toBe(24 * 3_600_000);
    // The job's own clock (the app's sessions keep theirs).
    const clock = new ManualClock(sentAt);
    const dueSoon = async () => db.selectFrom('notifications').select(['user_id']).where('record_id', '=', id).where('kind', '=', 'referral.due_soon').execute();
    // 17 h in: more than a quarter (6 h) left.
    clock.advance({ hours: 17 });
    await systemExpireReferrals({ db, now: clock.now() });
    expect(await dueSoon()).toEqual([]);
    // 18 h in: warned, once, every receiver.
    clock.advance({ hours: 1 });
    await systemExpireReferrals({ db, now: clock.now() });
    const warned = await dueSoon();
    expect(warned.map((w) => w.user_id)).toEqual(expect.arrayContaining([bWorker.userId, bCoordinator.userId]));
    expect(warned.map((w) => w.user_id)).not.toContain(bSpecialist.userId);
    const row = await db.selectFrom('referrals').select(['warned_at', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(new Date(row.warned_at!).getTime()).toBe(clock.now().getTime());
    clock.advance({ hours: 5, minutes: 59 });
    await systemExpireReferrals({ db, now: clock.now() });
    expect(await dueSoon()).toHaveLength(warned.length);
    expect((await db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('sent');
    // Past the deadline: expired, by Ponte.
    clock.advance({ minutes: 1, seconds: 1 });
    const mark = await lastAuditId(db);
    const run = await systemExpireReferrals({ db, now: clock.now() });
    expect(run.expired).toBeGreaterThanOrEqual(1);
    const expired = await db.selectFrom('referrals').select(['status', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(expired.status).toBe('expired');
    expect(new Date(expired.closed_at!).getTime()).toBe(clock.now().getTime());
    const events = await db.selectFrom('referral_events').selectAll().where('referral_id', '=', id).orderBy('id').execute();
    expect(events.at(-1)).toMatchObject({ kind: 'status', from_status: 'sent', to_status: 'expired', org_id: null, user_id: null });
    const audit = (await auditSince(mark)).filter((e) => e.record_id === id);
    expect(audit).toMatchObject([{ action: 'referral.expire', outcome: 'success', actor_user_id: null }]);
    const toSender = await db.selectFrom('notifications').select('user_id').where('record_id', '=', id).where('kind', '=', 'referral.expired').execute();
    expect(toSender).toEqual([{ user_id: aWorker.userId }]);
    // Nothing more to do; a late answer is refused.
    expect((await systemExpireReferrals({ db, now: clock.now() })).expired).toBe(0);
    expect((await move(bWorker, id, { to: 'accepted' })).statusCode).toBe(409);
    // An accepted referral does not expire.
    const id2 = await sendOk({ caseId: (await newCase()).caseId, reason: 'shelter' });
    expect((await move(bWorker, id2, { to: 'accepted' })).statusCode).toBe(200);
    clock.advance({ days: 7 });
    await systemExpireReferrals({ db, now: clock.now() });
    expect((await db.selectFrom('referrals').select('status').where('id', '=', id2).executeTakeFirstOrThrow()).status).toBe('accepted');
  });

  it.skipIf(skip)('the background job runs the deadlines on its clock', async () => {
    const db = t.database.db;
    const id = await sendOk({ caseId: (await newCase()).caseId, reason: 'shelter' });
    const sentAt = new Date((await db.selectFrom('referrals').select('sent_at').where('id', '=', id).executeTakeFirstOrThrow()).sent_at);
    const clock = new ManualClock(sentAt);
    const job = startReferralDeadlines({ db, clock, intervalMs: 3_600_000 });
    try {
      await job.runNow();
      expect((await db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('sent');
      clock.advance({ hours: 24, seconds: 1 });
      const r = await job.runNow();
      expect(r.expired).toBeGreaterThanOrEqual(1);
      expect((await db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('expired');
    } finally {
      await job.stop();
    }
  });

  it.skipIf(skip)('moves by the wrong side, stale versions and impossible moves are refused, nothing written', async () => {
    const c = await newCase();
    const id = await sendOk({ caseId: c.caseId });
    const wrongSide = await expectNothingWritten(aWorker, 'POST', `/api/referrals/${id}/transitions`, { to: 'accepted', version: 1 }, 403);
    expect(wrongSide.json().error.code).toBe('forbidden');
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/transitions`, { to: 'revoked', version: 1, reason: 'Non possiamo' }, 403);
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/transitions`, { to: 'expired', version: 1 }, 403);
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/transitions`, { to: 'completed', version: 1, outcome: 'service_provided', feedback: 'x' }, 409);
    const accepted = await call(bWorker, 'POST', `/api/referrals/${id}/transitions`, { to: 'accepted', version: 1 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', version: 2, to: { user: { id: bWorker.userId } } });
    const stale = await expectNothingWritten(bCoordinator, 'POST', `/api/referrals/${id}/transitions`, { to: 'in_progress', version: 1 }, 409);
    expect(stale.json().error.code).toBe('conflict');
    // The sender was told.
    const told = await t.database.db.selectFrom('notifications').select('user_id').where('record_id', '=', id).where('kind', '=', 'referral.status_changed').execute();
    expect(told).toEqual([{ user_id: aWorker.userId }]);
    const timeline = (await call(aWorker, 'GET', `/api/referrals/${id}`)).json().timeline;
    expect(timeline.map((e: { toStatus: string | null; side: string }) => [e.toStatus, e.side])).toEqual([['sent', 'sender'], ['accepted', 'receiver']]);
  });

  it.skipIf(skip)('bad input is a clear 4xx and writes nothing', async () => {
    const c = await newCase();
    const base = { caseId: c.caseId, toOrgId: orgB, reason: 'additional_services', urgency: 'routine' };
    const cases: Array<{ name: string; body: unknown; status: number; path?: string }> = [
      { name: 'unknown share field', body: { ...base, shareFields: ['person.code', 'person.notes'] }, status: 400, path: 'body.shareFields.1' },
      { name: 'unknown organisation', body: { ...base, toOrgId: '00000000-0000-4000-8000-000000000001' }, status: 400, path: 'body.toOrgId' },
      { name: 'sender = receiver', body: { ...base, toOrgId: orgA }, status: 400, path: 'body.toOrgId' },
      { name: 'oversize message', body: { ...base, message: 'x'.repeat(4001) }, status: 400, path: 'body.message' },
      { name: 'unknown reason', body: { ...base, reason: 'holiday' }, status: 400 },
      { name: 'both case and subject', body: { ...base, subject: { consent: { method: 'written', date: '2026-01-01' } } }, status: 400, path: 'body.caseId' },
      { name: 'neither case nor subject', body: { toOrgId: orgB, reason: 'other', urgency: 'routine' }, status: 400 },
      { name: 'a document of another case', body: { ...base, shareDocumentIds: [(await newCase()).doc1] }, status: 400, path: 'body.shareDocumentIds.0' },
      { name: 'an unknown field', body: { ...base, notes: 'x' }, status: 400 },
      { name: 'agency referral from a user who holds cases', body: { toOrgId: orgB, reason: 'other', urgency: 'routine', subject: { consent: { method: 'written', date: '2026-01-01' } } }, status: 400, path: 'body.subject' },
    ];
    for (const x of cases) {
      const r = await expectNothingWritten(aWorker, 'POST', '/api/referrals', x.body, x.status);
      if (x.path) expect(r.json().error.issues.map((i: { path: string }) => i.path), x.name).toContain(x.path);
    }
    const inactive = await ensureTestOrganisation({ db: t.database.db, code: 'ref-inactive' });
    await t.database.db.updateTable('organisations').set({ is_active: false }).where('id', '=', inactive).execute();
    await sharingConsent(t.database.db, { caseId: c.caseId, toOrgId: inactive, recordedBy: aWorker.userId });
    await expectNothingWritten(aWorker, 'POST', '/api/referrals', { ...base, toOrgId: inactive }, 400);
    const malformed = await expectNothingWritten(aWorker, 'POST', '/api/referrals', undefined, 400, '{"caseId": ');
    expect(malformed.json().error.code).toBe('malformed_json');
    const id = await sendOk({ caseId: c.caseId });
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/messages`, { text: 'y'.repeat(4001) }, 400);
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/messages`, { text: '' }, 400);
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/transitions`, { to: 'accepted', version: 1, outcome: 'service_provided' }, 400);
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/transitions`, { to: 'nowhere', version: 1 }, 400);
    await expectNothingWritten(bWorker, 'GET', '/api/referrals?box=sideways', undefined, 400);
  });

  it.skipIf(skip)('messages between the two sides, encrypted, in the timeline of both, each side notified', async () => {
    const c = await newCase();
    const id = await sendOk({ caseId: c.caseId });
    const m1 = await call(bWorker, 'POST', `/api/referrals/${id}/messages`, { text: 'Possiamo sentirla domani?' });
    expect(m1.statusCode, m1.body).toBe(201);
    expect(m1.json()).toMatchObject({ kind: 'message', side: 'receiver', note: 'Possiamo sentirla domani?' });
    expect((await call(aWorker, 'POST', `/api/referrals/${id}/messages`, { text: 'Sì, alle 10.' })).statusCode).toBe(201);
    for (const user of [aWorker, bWorker]) {
      const tl = (await call(user, 'GET', `/api/referrals/${id}`)).json().timeline;
      expect(tl.filter((e: { kind: string }) => e.kind === 'message').map((e: { note: string; side: string }) => [e.side, e.note])).toEqual([['receiver', 'Possiamo sentirla domani?'], ['sender', 'Sì, alle 10.']]);
    }
    const stored = await t.database.db.selectFrom('referral_events').select('note_enc').where('referral_id', '=', id).where('kind', '=', 'message').execute();
    for (const s of stored) expect(s.note_enc).not.toContain('domani');
    const kinds = await t.database.db.selectFrom('notifications').select(['user_id', 'kind']).where('record_id', '=', id).where('kind', '=', 'referral.message').execute();
    expect(kinds.map((k) => k.user_id)).toEqual(expect.arrayContaining([aWorker.userId, bCoordinator.userId]));
  });

  it.skipIf(skip)('an agency (the commission) refers someone it holds no case for; the receiver links its case', async () => {
    const subject = { names: [{ kind: 'primary', given: 'Wilhelmina', family: 'Zzyzx' }], birth: { estimatedYear: 1998 }, sex: 'Feminine', citizenships: ['NG'], languages: ['en'], contactPhone: '+39 320 1112223', fileReference: 'CT-MI-2026-0042', consent: { method: 'written', date: '2026-02-01' } };
    const r = await call(liaison, 'POST', '/api/referrals', { toOrgId: orgB, reason: 'identification', urgency: 'urgent', subject, message: 'Audizione sospesa: indicatori di tratta.' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().consentBasis).toBe('consent');
    const id = r.json().id as string;
    // A share set makes no sense without a case.
    await expectNothingWritten(liaison, 'POST', '/api/referrals', { toOrgId: orgB, reason: 'identification', urgency: 'urgent', subject, shareFields: ['person.code'] }, 400);
    const seen = (await call(bWorker, 'GET', `/api/referrals/${id}`)).json();
    expect(seen).toMatchObject({ source: 'agency', side: 'receiver', subject, shared: { fields: {}, documents: [] } });
    // The liaison sees its own referral and the answers.
    expect((await move(bWorker, id, { to: 'accepted' })).statusCode).toBe(200);
    expect((await call(liaison, 'GET', `/api/referrals/${id}`)).json()).toMatchObject({ side: 'sender', status: 'accepted', subject });
    // The receiver registers the person and opens its case, then links it.
    const person = await insertPerson({ db: t.database.db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId: orgB });
    const own = await insertCase({ db: t.database.db, orgId: orgB, personId: person.id });
    const foreign = await newCase();
    await expectNothingWritten(bWorker, 'POST', `/api/referrals/${id}/link-case`, { caseId: foreign.caseId }, 400);
    expect((await call(liaison, 'POST', `/api/referrals/${id}/link-case`, { caseId: own.id })).statusCode).toBe(404);
    const linked = await call(bWorker, 'POST', `/api/referrals/${id}/link-case`, { caseId: own.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ receiverCaseId: own.id, personId: person.id });
    expect((await call(bWorker, 'POST', `/api/referrals/${id}/link-case`, { caseId: own.id })).statusCode).toBe(409);
    // Closed: the subject is gone for the receiver.
    expect((await move(bWorker, id, { to: 'in_progress' })).statusCode).toBe(200);
    expect((await move(bWorker, id, { to: 'completed', outcome: 'report_sent', feedback: 'Relazione inviata alla Commissione.' })).statusCode).toBe(200);
    const closed = await call(bWorker, 'GET', `/api/referrals/${id}`);
    expect(closed.json().subject).toBeNull();
    expect(closed.body).not.toContain('Wilhelmina');
    expect((await call(liaison, 'GET', `/api/referrals/${id}`)).json()).toMatchObject({ outcome: 'report_sent', feedback: 'Relazione inviata alla Commissione.' });
  });

  it.skipIf(skip)('taking in charge: the receiver of an accepted referral opens its own case for the person, then sees the person', async () => {
    const c = await newCase();
    const id = await sendOk({ caseId: c.caseId });
    // Not visible without the referral, nor while it is only sent.
    await expectNothingWritten(bWorker, 'POST', '/api/cases', { personId: c.personId }, 400);
    await expectNothingWritten(bWorker, 'POST', '/api/cases', { personId: c.personId, referralId: id }, 400);
    // A third body cannot use someone else's referral.
    expect((await move(bWorker, id, { to: 'accepted' })).statusCode).toBe(200);
    const mark = await lastAuditId(t.database.db);
    await expectNothingWritten(cWorker, 'POST', '/api/cases', { personId: c.personId, referralId: id }, 400);
    expect(await auditSince(mark)).toMatchObject([{ action: 'case.create', outcome: 'denied', actor_user_id: cWorker.userId, record_id: id }]);
    expect((await call(bWorker, 'GET', `/api/persons/${c.personId}`)).statusCode).toBe(404);
    const opened = await call(bWorker, 'POST', '/api/cases', { personId: c.personId, referralId: id });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    const row = await t.database.db.selectFrom('referrals').select(['receiver_case_id', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.receiver_case_id).toBe(caseId);
    expect((await call(bWorker, 'GET', `/api/referrals/${id}`)).json().receiverCaseId).toBe(caseId);
    // Holding its own case, the receiver now sees the person (and still not the sender's case).
    expect((await call(bWorker, 'GET', `/api/persons/${c.personId}`)).statusCode).toBe(200);
    expect((await call(bWorker, 'GET', `/api/cases/${c.caseId}`)).statusCode).toBe(404);
  });

  it.skipIf(skip)('no plaintext of messages, subjects or reasons in a dump', async () => {
    const db = t.database.db;
    const secrets = ['Quokka riservato', 'Xylofonico urgente', 'Declino Pangolino', 'Riscontro Ornitorinco', 'Soggetto Zanzibarico', 'CT-ZB-777', 'Nota di stato Lemure'];
    const c = await newCase({ consent: false });
    const over = await send(aCoordinator, { caseId: c.caseId, reason: 'identification', overrideReason: secrets[1], message: secrets[0] });
    expect(over.statusCode, over.body).toBe(201);
    expect((await move(bWorker, over.json().id, { to: 'declined', reason: secrets[2] })).statusCode).toBe(200);
    const ag = await call(liaison, 'POST', '/api/referrals', { toOrgId: orgB, reason: 'identification', urgency: 'urgent', subject: { names: [{ kind: 'alias', full: secrets[4] }], fileReference: secrets[5], consent: { method: 'written', date: '2026-02-01' } } });
    expect(ag.statusCode, ag.body).toBe(201);
    const agId = ag.json().id as string;
    expect((await move(bWorker, agId, { to: 'accepted', reason: secrets[6] })).statusCode).toBe(200);
    expect((await move(bWorker, agId, { to: 'in_progress' })).statusCode).toBe(200);
    expect((await move(bWorker, agId, { to: 'completed', outcome: 'report_sent', feedback: secrets[3] })).statusCode).toBe(200);
    const control = 'Test organisation ref-commission';
    let dump: Buffer;
    if (engine === 'postgresql') {
      dump = await pgDump(t.url!);
    } else {
      const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
      const parts: string[] = [];
      for (const { name } of tables.rows) {
        const rows = await sql<{ r: string }>`select t::text as r from ${sql.table(name)} t`.execute(db);
        parts.push(...rows.rows.map((x) => x.r));
      }
      dump = Buffer.from(parts.join('\n'), 'utf8');
    }
    expect(scanForSecrets({ secrets, buffers: [{ name: 'dump', data: dump }] })).toEqual([]);
    expect(scanForSecrets({ secrets: [control], buffers: [{ name: 'dump', data: dump }] }).length).toBeGreaterThan(0);
  });
});
