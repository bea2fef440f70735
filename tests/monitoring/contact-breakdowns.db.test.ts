/**
 * The SIRIT contacts stage over desk sessions and hotline calls, by hand, on both engines: a
 * session may give its interviews by sex/gender, apparent age band and apparent nationality group
 * (the outing lists), a call the sex/gender, age (under 18, adult, unknown) and nationality group
 * of the person it is about; what is given is counted under those values, what is not under "not
 * recorded", in one pass per source. Cancelled sessions and records outside the period count
 * nowhere; a desk shift (an outing) adds to the same desk channel; an actor sees only their own
 * body's sessions (and, without a call scope, no calls).
 *
 * | record | interviews | sex | age band | nationality |
 * |---|---|---|---|---|
 * | A session 1 March | 4 | F 3, T 1 | under 18 1, 25–34 2, unknown 1 | Nigeria 2, other 2 |
 * | A session 1 April | 3 | M 3 | – | – |
 * | A session 1 May | 5 | – | – | – |
 * | A desk shift 1 June (outing) | 2 | F 2 | 18–24 2 | Romania 2 |
 * | B session 1 March | 1 | F 1 | 45+ 1 | – |
 * | (A cancelled session, 6; A session of January 2027, 2) | not counted | | | |
 * | call 1 | 1 | F | under 18 | Nigeria |
 * | call 2 | 1 | – | adult | – |
 * | call 3 | 1 | – | – | – |
 * | (a call of January 2027) | not counted | | | |
 *
 * Network: desk 15; sex F 6, M 3, T 1, not recorded 5; minors 1, adults 5, not recorded 9;
 * Nigeria 2, Romania 2, other or not recorded 11; hotline 3: F 1, not recorded 2; minors 1,
 * adults 1, not recorded 1; Nigeria 1, not recorded 2. Body A: 14; F 5, M 3, T 1, not recorded 5;
 * minors 1, adults 4, not recorded 9; Nigeria 2, Romania 2, other or not recorded 10.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs } from '../access/login-fixture.ts';
import * as q from '../../src/server/features/monitoring/queries.ts';
import { ageBands, nationalityGroups, sexGenders } from '../../src/domain/outreach/index.ts';
import type { CountRow } from '../../src/domain/monitoring/index.ts';
import { newHotlineCallCode } from '../../src/domain/hotline/index.ts';

const zero = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
const counts = (keys: readonly string[], given: Record<string, number> | null) => (given ? JSON.stringify({ ...zero(keys), ...given }) : null);

/** Rows as "channel value" → n, for comparison by hand. */
const table = (rows: readonly CountRow[]) => Object.fromEntries(rows.map((r) => [`${r.values.channel} ${r.values.value}`, r.n]));

describe.each(await engineCases())('contact breakdowns of desk sessions on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let a: string;
  let userId: string;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    const db = t.database.db;
    a = await ensureTestOrganisation({ db, code: 'breakdowns-a' });
    const b = await ensureTestOrganisation({ db, code: 'breakdowns-b' });
    userId = (await loginAs({ t, roleKey: 'desk_worker', orgId: a })).userId;
    const desk = async (orgId: string) =>
      (await db.insertInto('outreach_desks').values({ org_id: orgId, name: `Sportello ${orgId.slice(0, 4)}`, kind: 'asylum_commission', province_code: '058', municipality: 'Roma' }).returning('id').executeTakeFirstOrThrow()).id;
    const deskA = await desk(a);
    const deskB = await desk(b);
    const session = (deskId: string, orgId: string, day: string, interviews: number, by: { sex?: Record<string, number>; age?: Record<string, number>; nationality?: Record<string, number> }, cancelled = false) =>
      db.insertInto('outreach_desk_sessions').values({
        desk_id: deskId, org_id: orgId, session_date: day, start_time: '09:00', end_time: '13:00', worker_user_id: userId, interviews, advice: JSON.stringify({}),
        by_sex: counts(sexGenders, by.sex ?? null), by_age: counts(ageBands, by.age ?? null), by_nationality: counts(nationalityGroups, by.nationality ?? null),
        cancelled_at: cancelled ? new Date('2026-03-02T10:00:00Z') : null, cancelled_by: cancelled ? userId : null,
      }).execute();
    await session(deskA, a, '2026-03-01', 4, { sex: { female: 3, transgender: 1 }, age: { under_18: 1, '25_34': 2, unknown: 1 }, nationality: { nigeria: 2, other_unknown: 2 } });
    await session(deskA, a, '2026-04-01', 3, { sex: { male: 3 } });
    await session(deskA, a, '2026-05-01', 5, {});
    await session(deskB, b, '2026-03-01', 1, { sex: { female: 1 }, age: { '45_plus': 1 } });
    await session(deskA, a, '2026-03-01', 6, { sex: { female: 6 }, age: { under_18: 6 }, nationality: { china: 6 } }, true);
    await session(deskA, a, '2027-01-10', 2, { sex: { female: 2 }, age: { under_18: 2 }, nationality: { china: 2 } });
    await db.insertInto('outreach_outings').values({
      id: randomUUID(), org_id: a, unit_kind: 'desk_shift', unit_name: 'Turno sportello', outing_date: '2026-06-01', start_time: '09:00', end_time: '12:00', province_code: '058', municipality: 'Roma',
      total_contacts: 2, by_sex: counts(sexGenders, { female: 2 })!, by_age: counts(ageBands, { '18_24': 2 })!, by_nationality: counts(nationalityGroups, { romania: 2 })!,
      by_history: JSON.stringify({ first_time: 2, known: 0 }), offered: JSON.stringify({}), accompaniments: JSON.stringify({}),
    }).execute();
    const hotline = (day: string, subject: { subject_sex?: string; subject_age?: string; subject_nationality?: string }) =>
      db.insertInto('hotline_calls').values({
        code: newHotlineCallCode(2026), hotline_org_id: b, operator_user_id: userId, received_at: new Date(`${day}T10:00:00Z`), language: 'it', caller_type: 'citizen', province: '058',
        urgency: 'routine', anonymous: true, outcome: 'information_given', ...subject,
      }).execute();
    await hotline('2026-03-15', { subject_sex: 'female', subject_age: 'under_18', subject_nationality: 'nigeria' });
    await hotline('2026-04-15', { subject_age: 'adult' });
    await hotline('2026-05-15', {});
    await hotline('2027-01-15', { subject_sex: 'male', subject_age: 'adult', subject_nationality: 'china' });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const filters = (): q.Filters => ({
    from: new Date('2025-12-31T23:00:00Z'), toEx: new Date('2026-12-31T23:00:00Z'), fromDay: '2026-01-01', toDay: '2026-12-31',
    provinces: null, projectOrgIds: null, projectProvinces: null, now: t.clock.now(),
  });

  it.skipIf(skip)('network: given breakdowns and call values under their values, the rest not recorded; cancelled and out of period nowhere', async () => {
    const rows = await q.contactBreakdownCounts(t.database.db, filters(), { kind: 'network' });
    expect(table(rows.sex)).toEqual({ 'desk female': 6, 'desk male': 3, 'desk transgender': 1, 'desk other_unknown': 5, 'hotline female': 1, 'hotline other_unknown': 2 });
    expect(table(rows.minor)).toEqual({ 'desk minor': 1, 'desk adult': 5, 'desk unknown': 9, 'hotline minor': 1, 'hotline adult': 1, 'hotline unknown': 1 });
    expect(table(rows.nationality)).toEqual({ 'desk nigeria': 2, 'desk romania': 2, 'desk other_unknown': 11, 'hotline nigeria': 1, 'hotline other_unknown': 2 });
    // The same contacts as "Contacts by channel".
    expect(await q.contactChannelCounts(t.database.db, filters(), { kind: 'network' })).toEqual([{ values: { channel: 'desk' }, n: 15 }, { values: { channel: 'hotline' }, n: 3 }]);
  });

  it.skipIf(skip)('a body sees its own sessions only', async () => {
    const scope: q.MonitoringScope = { kind: 'actor', actor: { orgId: a, userId, permissions: new Set() }, calls: null, referralsSent: false, referralsReceived: false, beds: false };
    const rows = await q.contactBreakdownCounts(t.database.db, filters(), scope);
    expect(table(rows.sex)).toEqual({ 'desk female': 5, 'desk male': 3, 'desk transgender': 1, 'desk other_unknown': 5 });
    expect(table(rows.minor)).toEqual({ 'desk minor': 1, 'desk adult': 4, 'desk unknown': 9 });
    expect(table(rows.nationality)).toEqual({ 'desk nigeria': 2, 'desk romania': 2, 'desk other_unknown': 10 });
  });
});
