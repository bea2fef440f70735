/**
 * The batched sync upload answers exactly like the one-change-at-a-time way, on both engines: the
 * same batch (new records, a duplicate id, an update, rejected changes of every kind, a contact
 * over the outing's total, a creation of a record that already exists) is applied both ways with
 * fresh ids, and the answers, the stored rows and the audit entries are compared.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { DataAccess } from '../../src/server/platform/access.ts';
import { builtinRoles, type Permission } from '../../src/domain/permissions.ts';
import { upload } from '../../src/server/features/outreach/sync.ts';
import type { SyncUpload } from '../../src/domain/outreach/index.ts';
import { addDays, contactBody, outingBody } from './fixtures.ts';

describe.each(await engineCases())('batched sync upload on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let orgId: string;
  let worker: LoggedIn;
  let zoneId: string;
  let deviceId: string;
  let access: DataAccess;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    orgId = await ensureTestOrganisation({ db, code: 'batch-org' });
    worker = await loginAs({ t, roleKey: 'outreach_worker', orgId });
    zoneId = (await db.insertInto('outreach_zones').values({ org_id: orgId, name: 'Stazione', province_code: '058', municipality: 'Roma' }).returning('id').executeTakeFirstOrThrow()).id;
    deviceId = (await db.insertInto('outreach_devices').values({ org_id: orgId, user_id: worker.userId, label: 'Telefono' }).returning('id').executeTakeFirstOrThrow()).id;
    const permissions = new Set<Permission>(builtinRoles.find((r) => r.key === 'outreach_worker')?.permissions ?? []);
    access = new DataAccess(
      db,
      { userId: worker.userId, email: 'w@example.org', displayName: 'W', orgId, roleKey: 'outreach_worker', permissions, sessionId: randomUUID(), mfaVerified: true, mfaPending: false },
      { ip: '127.0.0.1', requestId: randomUUID(), locale: 'it' },
      t.clock,
    );
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  /** The batch, with symbolic ids replaced by fresh ones. */
  function batch(ids: Record<string, string>): SyncUpload {
    const now = t.clock.now();
    const a = outingBody({ now, total: 2, teamUserIds: [worker.userId], zones: [{ zoneId, contacts: 2 }] });
    return {
      deviceId,
      batchId: randomUUID(),
      changes: [
        { kind: 'outing', id: ids.A!, baseVersion: null, fields: a },
        { kind: 'contact', id: ids.A1!, baseVersion: null, fields: contactBody(ids.A!) },
        { kind: 'contact', id: ids.A2!, baseVersion: null, fields: contactBody(ids.A!, { nickname: 'Luna', possibleVictim: true, consentToFollowUp: true }) },
        { kind: 'contact', id: ids.A3!, baseVersion: null, fields: contactBody(ids.A!, { nickname: 'Terza' }) },
        { kind: 'outing', id: ids.A!, baseVersion: null, fields: a },
        { kind: 'outing', id: ids.A!, baseVersion: 1, fields: { notes: 'Cambiata' }, base: { notes: a.notes } },
        { kind: 'outing', id: ids.B!, baseVersion: null, fields: { ...outingBody({ now }), colour: 'red' } },
        { kind: 'outing', id: ids.C!, baseVersion: null, fields: { ...outingBody({ now }), date: addDays(now.toISOString().slice(0, 10), 3) } },
        { kind: 'contact', id: ids.C1!, baseVersion: null, fields: contactBody(ids.C!) },
        { kind: 'outing', id: ids.D!, baseVersion: null, fields: outingBody({ now, teamUserIds: [randomUUID()] }) },
        { kind: 'outing', id: ids.X!, baseVersion: null, fields: outingBody({ now, total: 1, notes: null }) },
        { kind: 'contact', id: ids.X1!, baseVersion: null, fields: contactBody(ids.X!, { traits: null }) },
      ],
    };
  }

  async function run(oneByOne: boolean): Promise<{ answer: string; rows: string; audits: string }> {
    const ids = Object.fromEntries(['A', 'A1', 'A2', 'A3', 'B', 'C', 'C1', 'D', 'X', 'X1'].map((k) => [k, randomUUID()]));
    // X exists before the batch (recorded earlier): its creation in the batch is a retry.
    const x = outingBody({ now: t.clock.now(), total: 1, notes: null });
    const pre = await upload({ access, cipher: t.app.services.cipher, body: { deviceId, batchId: randomUUID(), changes: [{ kind: 'outing', id: ids.X!, baseVersion: null, fields: x }] }, oneByOne: true });
    expect(pre.results[0]?.status).toBe('applied');
    const body = batch(ids);
    const answer = await upload({ access, cipher: t.app.services.cipher, body, oneByOne });
    const db = t.database.db;
    const outings = await db.selectFrom('outreach_outings').select(['id', 'version', 'total_contacts', 'team_user_ids', 'notes_enc']).where('id', 'in', Object.values(ids)).orderBy('id').execute();
    const zones = await db.selectFrom('outreach_outing_zones').select(['outing_id', 'zone_id', 'contacts']).where('outing_id', 'in', Object.values(ids)).execute();
    const contacts = await db.selectFrom('outreach_contacts').select(['id', 'outing_id', 'version', 'possible_victim', 'consent_follow_up']).where('id', 'in', Object.values(ids)).execute();
    const audits = await db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'record_type', 'record_id', 'fields', 'details'])
      .where('action', '=', 'outreach.sync')
      .where('request_id', '=', access.meta.requestId)
      .orderBy('id')
      .execute();
    const mine = audits.filter((e) => (e.details as { batchId?: string }).batchId === body.batchId);
    const symbolic = (text: string): string => Object.entries(ids).reduce((s, [k, v]) => s.split(v).join(`<${k}>`), text.split(body.batchId).join('<batch>'));
    const stamp = (text: string): string => text.replace(/"updatedAt":"[^"]+"/g, '"updatedAt":"<t>"').replace(/"serverTime":"[^"]+"/g, '"serverTime":"<t>"');
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)])) : v;
    return {
      answer: symbolic(stamp(JSON.stringify(sortKeys(answer)))),
      rows: symbolic(JSON.stringify(sortKeys({ outings: outings.map((o) => ({ ...o, notes_enc: o.notes_enc !== null, team_user_ids: [...o.team_user_ids].sort() })).sort((p, q) => symbolic(p.id).localeCompare(symbolic(q.id))), zones, contacts: contacts.sort((p, q) => symbolic(p.id).localeCompare(symbolic(q.id))) }))),
      audits: symbolic(JSON.stringify(sortKeys(mine))),
    };
  }

  it.skipIf(skip)('answers, stored rows and audit entries are the same both ways', async () => {
    const slow = await run(true);
    const fast = await run(false);
    const statuses = (JSON.parse(fast.answer) as { results: Array<{ id: string; status: string }> }).results.map((r) => `${r.id}:${r.status}`);
    expect(statuses).toEqual([
      '<A>:applied', '<A1>:applied', '<A2>:applied', '<A3>:rejected', '<A>:unchanged', '<A>:applied',
      '<B>:rejected', '<C>:rejected', '<C1>:rejected', '<D>:rejected', '<X>:unchanged', '<X1>:applied',
    ]);
    expect(fast.answer).toEqual(slow.answer);
    expect(fast.rows).toEqual(slow.rows);
    expect(fast.audits).toEqual(slow.audits);
    expect(JSON.parse(fast.audits)).toHaveLength(12);
    expect(fast.audits).not.toContain('Luna');
  });
});
