/**
 * The field app's sync protocol (docs/outreach-sync.md) on both engines: devices, an upload batch
 * retried changes nothing and gets the same answer, field-by-field merges and conflicts with
 * base/mine/theirs, per-change validation (the other changes still apply), audit per change, a
 * forgotten device gets 410, the download returns the last 30 days with contacts, and no nickname
 * in clear in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { snapshot } from '../access/snapshot.ts';
import { contactBody, newId, outingBody } from './fixtures.ts';

type Method = 'GET' | 'POST';

describe.each(await engineCases())('outreach sync on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgId: string;
  let worker: LoggedIn;
  let colleague: LoggedIn;
  let admin: LoggedIn;
  let otherWorker: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgId = await ensureTestOrganisation({ db, code: 'sync-org' });
    const otherOrgId = await ensureTestOrganisation({ db, code: 'sync-other' });
    worker = await loginAs({ t, roleKey: 'outreach_worker', orgId });
    colleague = await loginAs({ t, roleKey: 'outreach_worker', orgId });
    admin = await loginAs({ t, roleKey: 'system_admin', orgId });
    otherWorker = await loginAs({ t, roleKey: 'outreach_worker', orgId: otherOrgId });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function device(user: LoggedIn): Promise<string> {
    const r = await call(user, 'POST', '/api/outreach/devices', { label: 'Telefono unità 1' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ deviceId: string }>().deviceId;
  }

  interface Result { id: string; kind: string; status: string; version?: number; record?: Record<string, unknown>; conflicts?: Array<{ field: string; base: unknown; mine: unknown; theirs: unknown }>; error?: { code: string; message: string; fields?: Record<string, string> } }

  async function upload(user: LoggedIn, deviceId: string, changes: unknown[], batchId = newId()): Promise<{ batchId: string; results: Result[]; serverTime: string }> {
    const r = await call(user, 'POST', '/api/outreach/sync', { deviceId, batchId, changes });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  }

  it.skipIf(skip)('a retried batch gets the same answer and creates no duplicates; each applied change is audited with the device', async () => {
    const db = t.database.db;
    const deviceId = await device(worker);
    const outingId = newId();
    const contactId = newId();
    const batchId = newId();
    const changes = [
      { kind: 'outing', id: outingId, baseVersion: null, fields: outingBody({ now: t.clock.now(), teamUserIds: [worker.userId] }) },
      { kind: 'contact', id: contactId, baseVersion: null, fields: contactBody(outingId) },
    ];
    const first = await upload(worker, deviceId, changes, batchId);
    expect(first.results.map((r) => [r.kind, r.status, r.version])).toEqual([['outing', 'applied', 1], ['contact', 'applied', 1]]);
    expect(first.results[1]?.record).toMatchObject({ nickname: 'Stella', outingId });
    const audits = await db.selectFrom('audit_log').select(['action', 'record_id', 'details', 'fields']).where('action', '=', 'outreach.sync').where('record_id', 'in', [outingId, contactId]).execute();
    expect(audits).toHaveLength(2);
    expect(audits.every((a) => (a.details as { deviceId?: string }).deviceId === deviceId)).toBe(true);
    expect(JSON.stringify(audits)).not.toContain('Stella');

    const before = await snapshot({ db });
    const again = await upload(worker, deviceId, changes, batchId);
    expect(again).toEqual(first);
    expect(await snapshot({ db })).toEqual(before);
    expect(await db.selectFrom('outreach_outings').select('id').where('id', '=', outingId).execute()).toHaveLength(1);
    expect(await db.selectFrom('outreach_contacts').select('id').where('outing_id', '=', outingId).execute()).toHaveLength(1);

    // The same creation in a new batch (the app lost the answer): unchanged, still one record.
    const third = await upload(worker, deviceId, changes);
    expect(third.results.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(await db.selectFrom('outreach_contacts').select('id').where('outing_id', '=', outingId).execute()).toHaveLength(1);

    // Nicknames, traits, notes and stored answers are encrypted.
    const dump = await sql<{ t: string }>`select (select string_agg(c::text, '|') from outreach_contacts c) || (select string_agg(o::text, '|') from outreach_outings o) || (select string_agg(b::text, '|') from outreach_sync_batches b) as t`.execute(db);
    expect(dump.rows[0]?.t).not.toMatch(/Stella|Giacca rossa|pattuglia/);
  });

  it.skipIf(skip)('two devices edit different fields: both apply; the same field changed elsewhere is a conflict with base, mine and theirs', async () => {
    const db = t.database.db;
    const mine = await device(worker);
    const theirs = await device(colleague);
    const outingId = newId();
    const body = outingBody({ now: t.clock.now() });
    await upload(worker, mine, [{ kind: 'outing', id: outingId, baseVersion: null, fields: body }]);

    const a = await upload(colleague, theirs, [{ kind: 'outing', id: outingId, baseVersion: 1, fields: { notes: 'Nota del collega' }, base: { notes: body.notes } }]);
    expect(a.results[0]).toMatchObject({ status: 'applied', version: 2 });
    // A different field on version 1 still applies (nobody else changed it).
    const b = await upload(worker, mine, [{ kind: 'outing', id: outingId, baseVersion: 1, fields: { endTime: '03:00' }, base: { endTime: body.endTime } }]);
    expect(b.results[0]).toMatchObject({ status: 'applied', version: 3, record: { endTime: '03:00', notes: 'Nota del collega' } });

    const before = await snapshot({ db });
    const c = await upload(worker, mine, [{ kind: 'outing', id: outingId, baseVersion: 1, fields: { notes: 'La mia nota', endTime: '03:00' }, base: { notes: body.notes, endTime: body.endTime } }]);
    expect(c.results[0]).toMatchObject({ status: 'conflict', version: 3 });
    expect(c.results[0]?.conflicts).toEqual([{ field: 'notes', base: body.notes, mine: 'La mia nota', theirs: 'Nota del collega' }]);
    const after = await snapshot({ db });
    expect(after.outreach_outings).toEqual(before.outreach_outings);

    // The worker keeps theirs-or-mine with the server's current values as base: applies.
    const d = await upload(worker, mine, [{ kind: 'outing', id: outingId, baseVersion: 3, fields: { notes: 'La mia nota' }, base: { notes: 'Nota del collega' } }]);
    expect(d.results[0]).toMatchObject({ status: 'applied', version: 4, record: { notes: 'La mia nota' } });
  });

  it.skipIf(skip)('each change is validated like the online API: absurd and inconsistent counts are rejected with field errors, the rest of the batch applies', async () => {
    const db = t.database.db;
    const deviceId = await device(worker);
    const good = newId();
    const absurd = newId();
    const inconsistent = newId();
    const tooMany = newId();
    const r = await upload(worker, deviceId, [
      { kind: 'outing', id: absurd, baseVersion: null, fields: { ...outingBody({ now: t.clock.now() }), totalContacts: 10_000 } },
      { kind: 'outing', id: inconsistent, baseVersion: null, fields: { ...outingBody({ now: t.clock.now(), total: 4 }), bySex: { female: 1, male: 1, transgender: 0, other_unknown: 0 } } },
      { kind: 'outing', id: good, baseVersion: null, fields: outingBody({ now: t.clock.now(), total: 1 }) },
      { kind: 'contact', id: newId(), baseVersion: null, fields: contactBody(good) },
      { kind: 'contact', id: tooMany, baseVersion: null, fields: contactBody(good, { nickname: 'Luna' }) },
      { kind: 'outing', id: newId(), baseVersion: null, fields: { ...outingBody({ now: t.clock.now() }), bySex: { female: -1, male: 7, transgender: 0, other_unknown: 0 } } },
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'applied', 'applied', 'rejected', 'rejected']);
    expect(r.results[0]?.error?.fields).toMatchObject({ totalContacts: expect.stringContaining('500') });
    expect(r.results[1]?.error?.fields).toMatchObject({ bySex: expect.stringMatching(/sesso|sex/) });
    expect(r.results[4]?.error?.fields).toMatchObject({ outingId: expect.stringMatching(/individual/) });
    expect(await db.selectFrom('outreach_outings').select('id').where('id', 'in', [absurd, inconsistent]).execute()).toEqual([]);
    expect(await db.selectFrom('outreach_contacts').select('id').where('id', '=', tooMany).execute()).toEqual([]);
  });

  it.skipIf(skip)('more than 500 changes is 413; another user’s device is 404; a forgotten device gets 410 on upload and download', async () => {
    const db = t.database.db;
    const deviceId = await device(worker);
    const many = Array.from({ length: 501 }, () => ({ kind: 'contact', id: newId(), baseVersion: null, fields: {} }));
    const big = await call(worker, 'POST', '/api/outreach/sync', { deviceId, batchId: newId(), changes: many });
    expect(big.statusCode).toBe(413);

    const notMine = await call(colleague, 'POST', '/api/outreach/sync', { deviceId, batchId: newId(), changes: [] });
    expect(notMine.statusCode).toBe(404);
    const foreign = await call(otherWorker, 'POST', `/api/outreach/devices/${deviceId}/forget`);
    expect(foreign.statusCode).toBe(404);

    // An administrator of the organisation forgets it.
    const list = await call(admin, 'GET', '/api/outreach/devices');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((d) => d.id)).toContain(deviceId);
    const forget = await call(admin, 'POST', `/api/outreach/devices/${deviceId}/forget`);
    expect(forget.statusCode, forget.body).toBe(200);

    const before = await snapshot({ db });
    const up = await call(worker, 'POST', '/api/outreach/sync', { deviceId, batchId: newId(), changes: [{ kind: 'outing', id: newId(), baseVersion: null, fields: outingBody({ now: t.clock.now() }) }] });
    expect(up.statusCode).toBe(410);
    expect(up.json()).toMatchObject({ code: 'device_forgotten' });
    const down = await call(worker, 'GET', `/api/outreach/sync?deviceId=${deviceId}`);
    expect(down.statusCode).toBe(410);
    const after = await snapshot({ db });
    expect(after.outreach_outings).toEqual(before.outreach_outings);
  });

  it.skipIf(skip)('download: the organisation’s outings of the last 30 days changed since a time, with their contacts; nothing of another organisation', async () => {
    const deviceId = await device(worker);
    const otherDevice = await device(otherWorker);
    const recent = newId();
    const old = newId();
    const foreign = newId();
    const oldBody = { ...outingBody({ now: t.clock.now() }), date: '2020-01-10' };
    await upload(worker, deviceId, [
      { kind: 'outing', id: recent, baseVersion: null, fields: outingBody({ now: t.clock.now() }) },
      { kind: 'contact', id: newId(), baseVersion: null, fields: contactBody(recent) },
      { kind: 'outing', id: old, baseVersion: null, fields: oldBody },
    ]);
    await upload(otherWorker, otherDevice, [{ kind: 'outing', id: foreign, baseVersion: null, fields: outingBody({ now: t.clock.now() }) }]);
    const r = await call(worker, 'GET', `/api/outreach/sync?deviceId=${deviceId}`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ records: Array<{ kind: string; id: string; outingId?: string }>; serverTime: string }>();
    const ids = body.records.map((x) => x.id);
    expect(ids).toContain(recent);
    expect(ids).not.toContain(old);
    expect(ids).not.toContain(foreign);
    expect(body.records.filter((x) => x.kind === 'contact' && x.outingId === recent)).toHaveLength(1);

    // Later, nothing changed: an empty download (after the overlap window).
    t.clock.advance({ minutes: 10 });
    const later = await call(worker, 'GET', `/api/outreach/sync?deviceId=${deviceId}&since=${encodeURIComponent(t.clock.now().toISOString())}`);
    expect(later.json<{ records: unknown[] }>().records).toEqual([]);
  });
});
