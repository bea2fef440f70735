/**
 * The "never lock everyone out" guard: it counts only administrators who can log in (active, with
 * a password, in an active organisation), and guarded changes run one at a time, so two
 * administrators removing each other at the same moment cannot both succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { ensureTestOrganisation, loginAs, type LoggedIn } from '../access/login-fixture.ts';

describe.each(await engineCases())('administrator lock-out guard on $engine', ({ engine, skip }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const guardMessage = 'Operazione rifiutata: nessun utente attivo potrebbe più gestire gli utenti.';

  /** A system administrator of their own organisation, with (or without) a password. */
  async function administrator(code: string, withPassword: boolean): Promise<LoggedIn> {
    const orgId = await ensureTestOrganisation({ db: t.database.db, code });
    const a = await loginAs({ t, roleKey: 'system_admin', orgId });
    if (withPassword) await t.database.db.updateTable('users').set({ password_hash: '$argon2id$test-only' }).where('id', '=', a.userId).execute();
    return a;
  }

  /** Leaves only `keep` as active users: earlier tests' administrators do not count. */
  async function onlyActive(keep: readonly LoggedIn[]): Promise<void> {
    await t.database.db.updateTable('users').set({ is_active: false }).where('id', 'not in', keep.map((k) => k.userId)).execute();
  }

  it.skipIf(skip)('an administrator without a password does not count: the last one who can log in stays', async () => {
    const real = await administrator('guard-real', true);
    const noPassword = await administrator('guard-nopass', false);
    await onlyActive([real, noPassword]);
    const disable = await t.app.inject({ method: 'PATCH', url: `/api/users/${real.userId}`, headers: noPassword.headers, payload: { isActive: false } });
    expect(disable.statusCode, disable.body).toBe(409);
    expect(disable.json().error.message).toBe(guardMessage);
    const demote = await t.app.inject({ method: 'PUT', url: `/api/users/${real.userId}/memberships`, headers: noPassword.headers, payload: [] });
    expect(demote.statusCode, demote.body).toBe(409);
    const close = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${real.orgId}`, headers: noPassword.headers, payload: { isActive: false } });
    expect(close.statusCode, close.body).toBe(409);
    const row = await t.database.db.selectFrom('users').select('is_active').where('id', '=', real.userId).executeTakeFirstOrThrow();
    expect(row.is_active).toBe(true);
    const org = await t.database.db.selectFrom('organisations').select('is_active').where('id', '=', real.orgId).executeTakeFirstOrThrow();
    expect(org.is_active).toBe(true);
    // Once the second administrator can log in, the first may go.
    await t.database.db.updateTable('users').set({ password_hash: '$argon2id$test-only' }).where('id', '=', noPassword.userId).execute();
    const allowed = await t.app.inject({ method: 'PATCH', url: `/api/users/${real.userId}`, headers: noPassword.headers, payload: { isActive: false } });
    expect(allowed.statusCode, allowed.body).toBe(200);
  });

  // A real race needs concurrent connections: PostgreSQL only (PGlite has a single connection).
  // The loser gets the guard's 409; or, when the winner committed before its request resolved its
  // session, a 401 (the change ended that session); or, when its session resolved first but the
  // winner committed before its transaction re-read what it may do, a 404 (it no longer holds the
  // administration permissions, and a missing permission answers not-found). Either way exactly
  // one change is made.
  it.skipIf(skip || engine !== 'postgresql')('two administrators removing each other at once: exactly one succeeds', async () => {
    const losers: number[] = [];
    for (let round = 0; round < 3; round++) {
      const a = await administrator(`race-a-${round}`, true);
      const b = await administrator(`race-b-${round}`, true);
      await onlyActive([a, b]);
      const [ra, rb] = await Promise.all([
        t.app.inject({ method: 'PUT', url: `/api/users/${b.userId}/memberships`, headers: a.headers, payload: [] }),
        t.app.inject({ method: 'PUT', url: `/api/users/${a.userId}/memberships`, headers: b.headers, payload: [] }),
      ]);
      const statuses = [ra.statusCode, rb.statusCode];
      expect(statuses.filter((s) => s === 200), `${ra.body} ${rb.body}`).toHaveLength(1);
      const loser = statuses.find((s) => s !== 200)!;
      expect([401, 404, 409], `${ra.body} ${rb.body}`).toContain(loser);
      losers.push(loser);
      const left = await t.database.db
        .selectFrom('memberships as m')
        .innerJoin('roles as r', 'r.id', 'm.role_id')
        .select('m.user_id')
        .where('r.key', '=', 'system_admin')
        .where('m.user_id', 'in', [a.userId, b.userId])
        .execute();
      expect(left).toHaveLength(1);
    }
    expect(losers.some((s) => s === 409 || s === 404), `the requests overlapped at least once: ${losers.join(', ')}`).toBe(true);
  });
});
