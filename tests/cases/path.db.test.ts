/**
 * The case path on both engines: transitions allowed and refused (domain messages in Italian and
 * English, nothing written on refusal), closure and reopening through approval requests
 * (request → notification → approve / reject / withdraw), the phase history and notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs as loginMember } from '../helpers/login.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { auditSince, call, makeWorld, openCase, person, setLocale, type CaseWorld } from './helpers.ts';

describe.each(await engineCases())('the case path on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    w = await makeWorld(t);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  async function newCase(phase: 'contact' | 'screening' | 'identification' = 'contact'): Promise<{ id: string; code: string }> {
    const c = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id, phase });
    return { id: c.id as string, code: c.code as string };
  }

  async function notificationsOf(userId: string): Promise<{ kind: string; record_type: string; record_id: string }[]> {
    return t.database.db.selectFrom('notifications').select(['kind', 'record_type', 'record_id']).where('user_id', '=', userId).orderBy('created_at').execute();
  }

  it.skipIf(skip)('an allowed move changes phase and status and writes a history row; audited by field names', async () => {
    const c = await newCase();
    const mark = await lastAuditId(t.database.db);
    const r = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'screening' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ phase: 'screening', status: 'Active', version: 2 });
    const urgent = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'first_assistance', reason: 'Bisogno urgente di accoglienza: minacce ricevute ieri.' });
    expect(urgent.status).toBe(200);
    const rows = await t.database.db.selectFrom('case_phase_history').selectAll().where('case_id', '=', c.id).orderBy('id').execute();
    expect(rows.map((h) => [h.from_phase, h.to_phase])).toEqual([[null, 'contact'], ['contact', 'screening'], ['screening', 'first_assistance']]);
    expect(rows[2]!.reason_enc).toMatch(/^v1:/);
    expect(rows[2]!.reason_enc).not.toContain('urgente');
    const audit = await auditSince(t, mark);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([['case.transition', 'success'], ['case.transition', 'success']]);
    expect(audit[1]!.fields).toEqual(['phase', 'status', 'reason']);
    const history = await call(t, w.coordinator, 'GET', `/api/cases/${c.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((i: { toPhase: string; reason: string | null }) => [i.toPhase, i.reason])).toEqual([
      ['contact', null], ['screening', null], ['first_assistance', 'Bisogno urgente di accoglienza: minacce ricevute ieri.'],
    ]);
    expect(history.body.items[2].changedBy).toEqual({ id: w.worker.userId, displayName: expect.any(String) });
  });

  it.skipIf(skip)('a refused move answers with the domain’s message in the user’s language and writes nothing', async () => {
    const c = await newCase();
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    const notAllowed = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'inclusion' });
    expect(notAllowed.status).toBe(409);
    expect(notAllowed.body.error.message).toBe('Il passaggio da questa fase a quella richiesta non è previsto.');
    const same = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'contact' });
    expect(same.status).toBe(409);
    expect(same.body.error.message).toBe('Il caso è già in questa fase.');
    const closure = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'autonomy', reason: 'Autonomia raggiunta.' });
    expect(closure.status).toBe(400);
    expect(closure.body.error.message).toBe('Questo motivo di chiusura non è ammesso nella fase attuale.');
    expect(closure.body.error.issues).toEqual([{ path: 'body.closureReason', message: 'Questo motivo di chiusura non è ammesso nella fase attuale.' }]);
    const noReason = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'lost_contact' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues).toEqual([{ path: 'body.reason', message: 'Indica la motivazione del passaggio.' }]);
    const unexpected = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'screening', closureReason: 'lost_contact' });
    expect(unexpected.status).toBe(400);
    await setLocale(t, w.worker, 'en');
    try {
      const en = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'inclusion' });
      expect(en.status).toBe(409);
      expect(en.body.error.message).toBe('Moving from this phase to the requested one is not allowed.');
      const enReason = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'lost_contact', reason: '   ' });
      expect(enReason.status).toBe(400);
    } finally {
      await setLocale(t, w.worker, 'it');
    }
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
  });

  it.skipIf(skip)('closure: request → coordinators notified → approve closes the case with a history row referencing the request; requester notified', async () => {
    const c = await newCase('identification');
    const coordinatorBefore = (await notificationsOf(w.coordinator.userId)).length;
    const r = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'not_a_victim', reason: 'Nessun indicatore di sfruttamento dopo due colloqui.' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const request = r.body.approvalRequest;
    expect(request).toMatchObject({ caseId: c.id, kind: 'close', toPhase: 'closed', closureReason: 'not_a_victim', status: 'pending', requestedBy: { id: w.worker.userId } });
    const detail = await call(t, w.worker, 'GET', `/api/cases/${c.id}`);
    expect(detail.body).toMatchObject({ phase: 'identification', pendingApproval: { id: request.id, status: 'pending' } });
    const coordinatorNotes = await notificationsOf(w.coordinator.userId);
    expect(coordinatorNotes).toHaveLength(coordinatorBefore + 1);
    expect(coordinatorNotes.at(-1)).toEqual({ kind: 'case.approval_requested', record_type: 'case_approval_request', record_id: request.id });
    expect(await notificationsOf(w.worker.userId)).toEqual([]);
    // one pending request per case
    const second = await call(t, w.worker2, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'lost_contact', reason: 'Irreperibile.' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('Il caso ha già una richiesta di approvazione in attesa.');

    const inbox = await call(t, w.coordinator, 'GET', '/api/case-approvals?status=pending');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toContainEqual(expect.objectContaining({ id: request.id, caseCode: c.code, reason: 'Nessun indicatore di sfruttamento dopo due colloqui.' }));

    const mark = await lastAuditId(t.database.db);
    const decided = await call(t, w.coordinator, 'POST', `/api/case-approvals/${request.id}/decision`, { decision: 'approve', note: 'Concordo.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.approvalRequest).toMatchObject({ status: 'approved', decidedBy: { id: w.coordinator.userId }, decisionNote: 'Concordo.' });
    expect(decided.body.case).toMatchObject({ phase: 'closed', closureReason: 'not_a_victim', status: 'Closed', pendingApproval: null, closedAt: '2026-06-15T10:00:00.000Z' });
    expect(decided.body.case.nextPhases).toEqual(['screening', 'identification']);
    const audit = await auditSince(t, mark);
    expect(audit.map((a) => a.action)).toEqual(['case.transition', 'case.approval_decide']);
    const history = await call(t, w.worker, 'GET', `/api/cases/${c.id}/history`);
    expect(history.body.items.at(-1)).toMatchObject({
      fromPhase: 'identification', toPhase: 'closed', closureReason: 'not_a_victim', approvalRequestId: request.id,
      reason: 'Nessun indicatore di sfruttamento dopo due colloqui.', changedBy: { id: w.coordinator.userId },
    });
    expect(await notificationsOf(w.worker.userId)).toEqual([{ kind: 'case.approval_decided', record_type: 'case_approval_request', record_id: request.id }]);
    const again = await call(t, w.coordinator, 'POST', `/api/case-approvals/${request.id}/decision`, { decision: 'approve' });
    expect(again.status).toBe(409);

    // reopening: not into first assistance after "not a victim"; into identification with approval
    const refused = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'first_assistance', reason: 'Nuovi elementi.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('Con il motivo di chiusura registrato il caso non può essere riaperto in questa fase.');
    const reopen = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'identification', reason: 'La persona è tornata con nuovi elementi.' });
    expect(reopen.status).toBe(202);
    expect(reopen.body.approvalRequest).toMatchObject({ kind: 'reopen', toPhase: 'identification', closureReason: null });
    const approved = await call(t, w.coordinator, 'POST', `/api/case-approvals/${reopen.body.approvalRequest.id}/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.case).toMatchObject({ phase: 'identification', closureReason: null, status: 'Active' });
  });

  it.skipIf(skip)('reject keeps the case as it was and records the note; the requester is notified', async () => {
    const c = await newCase('screening');
    const r = await call(t, w.worker2, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'interrupted', reason: 'La persona ha lasciato il programma.' });
    expect(r.status).toBe(202);
    const id = r.body.approvalRequest.id as string;
    const rejected = await call(t, w.coordinator, 'POST', `/api/case-approvals/${id}/decision`, { decision: 'reject', note: 'Proviamo prima un nuovo contatto tramite la mediatrice.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.approvalRequest).toMatchObject({ status: 'rejected', decisionNote: 'Proviamo prima un nuovo contatto tramite la mediatrice.' });
    expect(rejected.body.case).toMatchObject({ phase: 'screening', status: 'Active', pendingApproval: null });
    const row = await t.database.db.selectFrom('case_approval_requests').select(['decision_note_enc', 'reason_enc']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.decision_note_enc).not.toContain('mediatrice');
    expect(row.reason_enc).not.toContain('programma');
    expect(await notificationsOf(w.worker2.userId)).toContainEqual({ kind: 'case.approval_decided', record_type: 'case_approval_request', record_id: id });
    const history = await t.database.db.selectFrom('case_phase_history').select('to_phase').where('case_id', '=', c.id).execute();
    expect(history).toHaveLength(1);
    const inbox = await call(t, w.coordinator, 'GET', '/api/case-approvals?status=rejected');
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it.skipIf(skip)('nobody approves their own request; only the requester withdraws', async () => {
    const both = await loginMember({ t, roleKey: 'worker_and_approver', orgCode: 'cases-org', permissions: ['cases.read', 'cases.write', 'cases.approve', 'persons.read'] });
    const c = await newCase('screening');
    const r = await call(t, both, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'lost_contact', reason: 'Irreperibile da due mesi.' });
    expect(r.status).toBe(202);
    const id = r.body.approvalRequest.id as string;
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    const self = await call(t, both, 'POST', `/api/case-approvals/${id}/decision`, { decision: 'approve' });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('Chi chiede il passaggio non può approvarlo.');
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);

    const notMine = await call(t, w.worker, 'POST', `/api/case-approvals/${id}/withdraw`);
    expect(notMine.status).toBe(404);
    expect((await call(t, both, 'POST', `/api/case-approvals/${id}/withdraw`, { force: true })).status).toBe(400);
    const withdrawn = await call(t, both, 'POST', `/api/case-approvals/${id}/withdraw`, {});
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.approvalRequest.status).toBe('withdrawn');
    expect((await call(t, both, 'POST', `/api/case-approvals/${id}/withdraw`)).status).toBe(409);
    expect((await call(t, w.coordinator, 'POST', `/api/case-approvals/${id}/decision`, { decision: 'approve' })).status).toBe(409);
    const detail = await call(t, w.worker, 'GET', `/api/cases/${c.id}`);
    expect(detail.body).toMatchObject({ phase: 'screening', pendingApproval: null });
  });

  it.skipIf(skip)('approving a request the case has moved away from is refused and changes nothing', async () => {
    const c = await newCase('identification');
    expect((await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'protection_territorial', reason: 'Identificata, alloggio proprio.' })).status).toBe(200);
    const r = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'autonomy', reason: 'Lavoro stabile e casa.' });
    expect(r.status).toBe(202);
    // meanwhile an emergency: back to residential protection, where "autonomy" is no closure reason
    expect((await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'protection_residential', reason: 'Perso l’alloggio.' })).status).toBe(200);
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    const stale = await call(t, w.coordinator, 'POST', `/api/case-approvals/${r.body.approvalRequest.id}/decision`, { decision: 'approve' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('la richiesta non corrisponde più allo stato del caso');
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
    const rejected = await call(t, w.coordinator, 'POST', `/api/case-approvals/${r.body.approvalRequest.id}/decision`, { decision: 'reject', note: 'Superata dagli eventi.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.case.phase).toBe('protection_residential');
  });

  it.skipIf(skip)('every step of the approval flow is audited with field names only', async () => {
    const c = await newCase('screening');
    const mark = await lastAuditId(t.database.db);
    const r = await call(t, w.worker, 'POST', `/api/cases/${c.id}/transitions`, { to: 'closed', closureReason: 'transferred', reason: 'Trasferita al progetto di Genova, riservato.' });
    const id = r.body.approvalRequest.id as string;
    await call(t, w.coordinator, 'GET', '/api/case-approvals');
    await call(t, w.worker, 'POST', `/api/case-approvals/${id}/withdraw`);
    await call(t, w.worker, 'GET', `/api/cases/${c.id}/history`);
    const notes = await call(t, w.coordinator, 'GET', '/api/notifications');
    await call(t, w.coordinator, 'POST', `/api/notifications/${notes.body.items[0].id}/read`);
    const audit = await auditSince(t, mark);
    expect(audit.map((a) => [a.action, a.outcome, a.record_type])).toEqual([
      ['case.approval_request', 'success', 'case'],
      ['case.list', 'success', 'case_approval_request'],
      ['case.approval_withdraw', 'success', 'case_approval_request'],
      ['case.history_read', 'success', 'case'],
      ['notification.list', 'success', 'notification'],
      ['notification.read', 'success', 'notification'],
    ]);
    expect(audit[0]!.fields).toEqual(['toPhase', 'closureReason', 'reason']);
    const details = await t.database.db.selectFrom('audit_log').select('details').where('id', '>', mark).execute();
    expect(JSON.stringify([audit, details])).not.toMatch(/Genova|transferred/);
  });

  it.skipIf(skip)('notifications: own list newest first with unread count, mark read, nobody else’s', async () => {
    const mine = await call(t, w.worker, 'GET', '/api/notifications');
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    const unread = mine.body.unread as number;
    expect(unread).toBe(mine.body.items.filter((n: { readAt: string | null }) => n.readAt === null).length);
    const first = mine.body.items[0];
    expect(Object.keys(first).sort()).toEqual(['createdAt', 'id', 'kind', 'readAt', 'recordId', 'recordType']);
    const stranger = await call(t, w.coordinator, 'POST', `/api/notifications/${first.id}/read`);
    expect(stranger.status).toBe(404);
    const read = await call(t, w.worker, 'POST', `/api/notifications/${first.id}/read`);
    expect(read.status).toBe(204);
    const after = await call(t, w.worker, 'GET', '/api/notifications');
    expect(after.body.unread).toBe(unread - 1);
    expect(after.body.items.find((n: { id: string }) => n.id === first.id).readAt).toBe('2026-06-15T10:00:00.000Z');
    const onlyUnread = await call(t, w.worker, 'GET', '/api/notifications?unread=true');
    expect(onlyUnread.body.items.map((n: { id: string }) => n.id)).not.toContain(first.id);
  });
});
