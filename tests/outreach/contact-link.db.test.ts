/**
 * The possible-victim path and contact cancellation on both engines: reading one contact, linking
 * it to a person with the person's agreement confirmed (stored and audited; refused without it,
 * on a stale version, for a person the organisation cannot see, for a contact not flagged), and
 * cancelling a contact recorded by mistake (reason encrypted, no longer counted, no longer
 * editable, not sent to the field app). Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { snapshot } from '../access/snapshot.ts';
import { contactBody, outingBody } from './fixtures.ts';

type Method = 'GET' | 'POST' | 'PATCH';
interface ContactAnswer {
  id: string;
  version: number;
  personCode: string | null;
  consentToFollowUp: boolean;
  screeningPath: string | null;
  link: { consentMethod: string; linkedAt: string } | null;
  cancelled: { at: string; reason: string | null } | null;
}

describe.each(await engineCases())('outreach contact link and cancel on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let desk: LoggedIn;
  let street: LoggedIn;
  let otherDesk: LoggedIn;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    const orgId = await ensureTestOrganisation({ db, code: 'link-org' });
    const otherOrgId = await ensureTestOrganisation({ db, code: 'link-other' });
    desk = await loginAs({ t, roleKey: 'desk_worker', orgId });
    street = await loginAs({ t, roleKey: 'outreach_worker', orgId });
    otherDesk = await loginAs({ t, roleKey: 'desk_worker', orgId: otherOrgId });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  function call(user: LoggedIn, method: Method, url: string, payload?: unknown) {
    return t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }

  async function refused(user: LoggedIn, method: Method, url: string, payload: unknown, status: number) {
    const before = await snapshot({ db: t.database.db, includeAudit: status !== 404 });
    const r = await call(user, method, url, payload);
    expect(r.statusCode, r.body).toBe(status);
    expect(await snapshot({ db: t.database.db, includeAudit: status !== 404 })).toEqual(before);
    return r.json<{ error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } }>();
  }

  async function outing(user: LoggedIn, total: number): Promise<string> {
    const r = await call(user, 'POST', '/api/outings', outingBody({ now: t.clock.now(), total }));
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  }

  async function contact(user: LoggedIn, outingId: string, extra: Record<string, unknown> = {}): Promise<ContactAnswer> {
    const { outingId: _o, ...body } = contactBody(outingId, extra);
    const r = await call(user, 'POST', `/api/outings/${outingId}/contacts`, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json<ContactAnswer>();
  }

  async function person(user: LoggedIn, alias: string): Promise<{ id: string; code: string }> {
    const r = await call(user, 'POST', '/api/persons', { names: [{ kind: 'alias', full: alias }], sex: 'Feminine', citizenships: ['NG'] });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string; code: string }>();
  }

  it.skipIf(skip)('a possible victim who agreed is linked to a person only with the agreement confirmed, audited', async () => {
    const db = t.database.db;
    const outingId = await outing(desk, 3);
    const c = await contact(desk, outingId, { possibleVictim: true, consentToFollowUp: true });
    expect(c.screeningPath).toBe(`/persons/new?outreachContact=${c.id}`);
    expect(c.link).toBeNull();

    // the outreach worker (no persons.write) is not sent to the registration page
    const seenByStreet = await call(street, 'GET', `/api/contacts/${c.id}`);
    expect(seenByStreet.statusCode, seenByStreet.body).toBe(200);
    expect(seenByStreet.json<ContactAnswer>().screeningPath).toBeNull();
    const readAudit = await db.selectFrom('audit_log').select(['action', 'outcome']).where('actor_user_id', '=', street.userId).where('record_id', '=', c.id).execute();
    expect(readAudit).toEqual([{ action: 'contact.read', outcome: 'success' }]);
    // another organisation's desk gets 404
    await refused(otherDesk, 'GET', `/api/contacts/${c.id}`, undefined, 404);

    const p = await person(desk, 'Aurora Okon');
    const url = `/api/contacts/${c.id}/person`;
    const body = { version: c.version, personCode: p.code, consentConfirmed: true, consentMethod: 'oral_with_witness' };

    const noConsent = await refused(desk, 'PATCH', url, { ...body, consentConfirmed: false }, 400);
    expect(noConsent.error.issues).toContainEqual({ path: 'body.consentConfirmed', message: 'conferma che la persona ha acconsentito a essere registrata e collegata' });
    await refused(desk, 'PATCH', url, { ...body, version: c.version + 1 }, 409);
    await refused(desk, 'PATCH', url, { ...body, consentMethod: 'telepathy' }, 400);
    const foreign = await person(otherDesk, 'Luna');
    const unseen = await refused(desk, 'PATCH', url, { ...body, personCode: foreign.code }, 400);
    expect(unseen.error.issues?.[0]?.path).toBe('body.personCode');
    await refused(otherDesk, 'PATCH', url, { ...body, personCode: foreign.code }, 404);

    const linked = await call(desk, 'PATCH', url, body);
    expect(linked.statusCode, linked.body).toBe(200);
    const l = linked.json<ContactAnswer>();
    expect(l.personCode).toBe(p.code);
    expect(l.version).toBe(c.version + 1);
    expect(l.link?.consentMethod).toBe('oral_with_witness');
    expect(l.screeningPath).toBeNull();
    const row = await db.selectFrom('outreach_contacts').select(['person_id', 'link_consent_method', 'linked_by', 'linked_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ person_id: p.id, link_consent_method: 'oral_with_witness', linked_by: desk.userId });
    expect(row.linked_at).not.toBeNull();
    const audit = await db.selectFrom('audit_log').select(['outcome', 'details', 'fields']).where('action', '=', 'contact.link_person').where('record_id', '=', c.id).where('outcome', '=', 'success').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ personId: p.id, consentConfirmed: true, consentMethod: 'oral_with_witness', unchanged: false });

    // the outing page shows the code, not the name
    const detail = await call(street, 'GET', `/api/outings/${outingId}`);
    expect(detail.json<{ contacts: ContactAnswer[] }>().contacts[0]?.personCode).toBe(p.code);
    expect(detail.body).not.toContain('Aurora');

    // the same link again changes nothing; another person is a conflict
    const again = await call(desk, 'PATCH', url, { ...body, version: l.version });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<ContactAnswer>().version).toBe(l.version);
    const second = await person(desk, 'Stella B');
    await refused(desk, 'PATCH', url, { ...body, version: l.version, personCode: second.code }, 409);
  });

  it.skipIf(skip)('a contact not flagged as a possible victim cannot be linked', async () => {
    const outingId = await outing(desk, 2);
    const c = await contact(desk, outingId);
    const p = await person(desk, 'Rosa');
    const r = await refused(desk, 'PATCH', `/api/contacts/${c.id}/person`, { version: c.version, personCode: p.code, consentConfirmed: true, consentMethod: 'oral' }, 400);
    expect(r.error.issues).toContainEqual({ path: 'body.personCode', message: 'solo un contatto segnalato come possibile vittima può essere collegato a una persona' });
  });

  it.skipIf(skip)('a contact recorded by mistake is cancelled with a reason: encrypted, not counted, no longer editable, not synced', async () => {
    const db = t.database.db;
    const outingId = await outing(street, 1);
    const c = await contact(street, outingId, { nickname: 'Doppione' });
    // the outing is full: a second contact is refused
    const { outingId: _o, ...second } = contactBody(outingId, { nickname: 'Vera' });
    await refused(street, 'POST', `/api/outings/${outingId}/contacts`, second, 400);

    const url = `/api/contacts/${c.id}/cancel`;
    const noReason = await refused(street, 'POST', url, { version: c.version, reason: '  ' }, 400);
    expect(noReason.error.issues).toContainEqual({ path: 'body.reason', message: 'campo obbligatorio' });
    await refused(street, 'POST', url, { version: c.version + 3, reason: 'Registrato due volte' }, 409);
    await refused(otherDesk, 'POST', url, { version: c.version, reason: 'Registrato due volte' }, 404);

    const done = await call(street, 'POST', url, { version: c.version, reason: 'Registrato due volte' });
    expect(done.statusCode, done.body).toBe(200);
    const d = done.json<ContactAnswer>();
    expect(d.cancelled?.reason).toBe('Registrato due volte');
    expect(d.version).toBe(c.version + 1);
    const row = await db.selectFrom('outreach_contacts').select(['cancel_reason_enc', 'cancelled_by']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.cancelled_by).toBe(street.userId);
    expect(row.cancel_reason_enc).not.toContain('Registrato');
    const audit = await db.selectFrom('audit_log').select(['action', 'fields']).where('action', '=', 'contact.cancel').where('record_id', '=', c.id).where('outcome', '=', 'success').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Registrato');

    // no longer editable, nor cancellable twice
    await refused(street, 'PATCH', `/api/contacts/${c.id}`, { version: d.version, traits: 'altro' }, 409);
    await refused(street, 'POST', url, { version: d.version, reason: 'di nuovo' }, 409);

    // it no longer counts: the place is free again, and the list counts one individual contact
    const replacement = await call(street, 'POST', `/api/outings/${outingId}/contacts`, second);
    expect(replacement.statusCode, replacement.body).toBe(201);
    const list = await call(street, 'GET', '/api/outings');
    const summary = list.json<{ items: Array<{ id: string; individualContacts: number }> }>().items.find((o) => o.id === outingId);
    expect(summary?.individualContacts).toBe(1);
    const detail = await call(street, 'GET', `/api/outings/${outingId}`);
    const shown = detail.json<{ contacts: ContactAnswer[] }>().contacts;
    expect(shown.find((x) => x.id === c.id)?.cancelled?.reason).toBe('Registrato due volte');
    expect(shown.filter((x) => !x.cancelled)).toHaveLength(1);

    // the field app's download leaves it out
    const device = await call(street, 'POST', '/api/outreach/devices', { label: 'Telefono' });
    const deviceId = device.json<{ deviceId: string }>().deviceId;
    const down = await call(street, 'GET', `/api/outreach/sync?deviceId=${deviceId}`);
    expect(down.statusCode, down.body).toBe(200);
    const ids = down.json<{ records: Array<{ id: string }> }>().records.map((r) => r.id);
    expect(ids).toContain(outingId);
    expect(ids).not.toContain(c.id);
    // and an offline change to it is rejected, not applied
    const up = await call(street, 'POST', '/api/outreach/sync', {
      deviceId, batchId: randomUUID(),
      changes: [{ kind: 'contact', id: c.id, baseVersion: c.version, fields: { traits: 'cambiato offline' } }],
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json<{ results: Array<{ status: string }> }>().results[0]?.status).toBe('rejected');
  });
});
