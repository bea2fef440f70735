/**
 * The report reads the persons in charge once (the monitoring service's rows feed the SIRIT tables
 * too). This test proves that changed no figure, on both engines: over a generated fictional
 * network (three bodies, two in the project; persons of every sex, several citizenships, minors,
 * every phase, some with two cases, some closed before or opened after the period), the report
 * model built by buildReport equals the one built the way it was built before — the monitoring
 * answer, then the persons in charge read again on their own with the report's filters, then the
 * SIRIT tables over them — for the coordinator (unsuppressed) and for a role without access to the
 * records (suppressed, k = 3), for the whole project and for one province.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../access/login-fixture.ts';
import { insertPerson } from '../helpers/records.ts';
import { newCaseCode } from '../../src/domain/persons/index.ts';
import { DataAccess } from '../../src/server/platform/access.ts';
import { builtinRoles, type Permission } from '../../src/domain/permissions.ts';
import { addDaysToDate, romeInstant } from '../../src/domain/calendar/index.ts';
import { sexGroup } from '../../src/domain/monitoring/index.ts';
import { siritContactTables, siritTables } from '../../src/domain/monitoring/sirit.ts';
import { buildReportModel, type ReportModel } from '../../src/domain/monitoring/report.ts';
import * as monitoring from '../../src/server/features/monitoring/service.ts';
import * as q from '../../src/server/features/monitoring/queries.ts';
import { buildReport, knownContactMargins, knownMargins, type ReportQuery } from '../../src/server/features/reports/build.ts';

const k = 3;
const phases = ['contact', 'screening', 'identification', 'first_assistance', 'protection_residential', 'protection_territorial', 'inclusion', 'closed'];
const sexes = ['Feminine', 'Feminine', 'Masculine', 'TransgenderFeminine', 'Unknown'];
const citizenships = [['NG'], ['NG'], ['RO'], ['PK'], ['AL'], [], ['NG', 'IT']];
const minors = ['adult', 'adult', 'minor', 'possibly_minor', null] as const;
const at = (day: string) => new Date(`${day}T10:00:00Z`);

/** The report model as it was built before: the persons in charge read a second time, with the report's own filters. */
async function reportBuiltTwice(access: DataAccess, db: Kysely<DB>, query: ReportQuery): Promise<ReportModel> {
  const actor = access.requireActor();
  const coordinator = actor.permissions.has('cases.read') && !!actor.orgId;
  const monitoringQuery = { from: query.from, to: query.to, project: query.project, ...(query.province ? { province: query.province } : {}) };
  const figures = coordinator ? await monitoring.coordinatorDashboard({ access, k, query: monitoringQuery }) : await monitoring.observatory({ access, k, query: monitoringQuery });
  const bodies = await q.projectBodies(db, query.project);
  const filters: q.Filters = {
    from: romeInstant({ date: figures.from }),
    toEx: romeInstant({ date: addDaysToDate(figures.to, 1) }),
    fromDay: figures.from,
    toDay: figures.to,
    provinces: query.province ? [query.province] : null,
    projectOrgIds: bodies?.orgIds ?? [],
    projectProvinces: bodies?.provinces ?? [],
    now: access.clock.now(),
  };
  const scope: q.MonitoringScope = coordinator && actor.orgId
    ? { kind: 'actor', actor: { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions }, calls: null, referralsSent: false, referralsReceived: false, beds: false }
    : { kind: 'network' };
  const rows = (await q.inChargeCounts(db, filters, scope)).map((r) => ({ ...r, values: { ...r.values, sex: sexGroup(r.values.sex || null) } }));
  const sirit = coordinator ? siritTables(rows) : siritTables(rows, { k, known: knownMargins(figures) });
  // The contacts stage, read on its own too (this network records no outing, desk session or call).
  const contacts = await q.contactBreakdownCounts(db, filters, scope);
  const siritContacts = coordinator ? siritContactTables(contacts) : siritContactTables(contacts, { k, known: knownContactMargins(figures) });
  const project = await db.selectFrom('projects').select(['code', 'name', 'funder']).where('id', '=', query.project).executeTakeFirstOrThrow();
  return buildReportModel({
    kind: 'funder',
    locale: 'it',
    project: { code: project.code, name: project.name, funder: project.funder },
    territory: query.province ? 'Roma (058)' : null,
    figures,
    sirit,
    siritContacts,
    generatedAt: access.clock.now().toISOString(),
  });
}

describe.each(await engineCases())('the report reads the persons in charge once, on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let db: Kysely<DB>;
  let projectId: string;
  let coordinator: DataAccess;
  let funder: DataAccess;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_SMALL_CELL_K: String(k) } });
    db = t.database.db;
    const org = async (code: string, provinces: string[]) =>
      (await db.insertInto('organisations').values({ code, name: `Ente ${code}`, org_type: 'ngo', provinces }).returning('id').executeTakeFirstOrThrow()).id;
    const a = await org('one-a', ['058']);
    const b = await org('one-b', ['001']);
    const c = await org('one-c', ['015']);
    projectId = (await db.insertInto('projects').values({ code: 'one-p', name: 'Piano una lettura', period_start: '2026-01-01', period_end: '2026-12-31', funder: 'DPO', budget_total: '1000.00', lead_org_id: a }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('project_partners').values([{ project_id: projectId, organisation_id: a, provinces: ['058'] }, { project_id: projectId, organisation_id: b, provinces: ['001'] }]).execute();
    const bodies = [a, a, b, c];
    for (let n = 0; n < 90; n++) {
      const orgId = bodies[n % bodies.length]!;
      const p = await insertPerson({ db, cipher: t.app.services.cipher, linkage: t.app.services.linkage, orgId, sex: sexes[n % sexes.length]!, citizenships: citizenships[n % citizenships.length]! });
      // Two cases for one person in five: an older one, then the one that counts.
      for (const [i, opened] of (n % 5 === 0 ? ['2025-03-01', '2026-02-10'] : [`${n % 7 === 0 ? '2025' : '2026'}-0${1 + (n % 8)}-1${n % 10}`]).entries()) {
        const phasePath = phases.slice(0, 1 + ((n + i) % phases.length));
        const last = phasePath[phasePath.length - 1]!;
        const closed = last === 'closed';
        const kase = await db
          .insertInto('cases')
          .values({
            code: newCaseCode(2026),
            person_id: p.id,
            org_id: orgId,
            phase: last,
            status: closed ? 'Closed' : 'Active',
            closure_reason: closed ? 'autonomy' : null,
            opened_at: at(opened),
            closed_at: closed ? at(n % 3 === 0 ? '2025-12-20' : '2026-05-30') : null,
            minor_status: minors[n % minors.length] ?? null,
            exploitation_types: n % 3 === 0 ? ['SexualExploitation'] : n % 3 === 1 ? ['ForcedLabour', 'ForcedCriminality'] : [],
            labour_sectors: n % 4 === 1 ? ['A_AgricultureForestryAndFishing'] : [],
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        let from: string | null = null;
        for (const [j, to] of phasePath.entries()) {
          // Some changes fall after the period's end: the phase on 30 June is an earlier one.
          const day = addDaysToDate(opened, j * (n % 2 === 0 ? 9 : 40));
          await db.insertInto('case_phase_history').values({ case_id: kase.id, from_phase: from, to_phase: to, changed_at: at(day) }).execute();
          from = to;
        }
      }
    }
    const access = (userId: string, orgId: string, roleKey: string, permissions: Iterable<Permission>) =>
      new DataAccess(
        db,
        { userId, email: `${roleKey}@example.org`, displayName: roleKey, orgId, roleKey, permissions: new Set(permissions), sessionId: randomUUID(), mfaVerified: true, mfaPending: false },
        { ip: '127.0.0.1', requestId: randomUUID(), locale: 'it' },
        t.clock,
      );
    const coordinatorUser = await loginAs({ t, roleKey: 'coordinator', orgId: a });
    coordinator = access(coordinatorUser.userId, a, 'coordinator', builtinRoles.find((r) => r.key === 'coordinator')?.permissions ?? []);
    const funderUser = await loginAs({ t, roleKey: 'observatory_analyst', orgId: c });
    funder = access(funderUser.userId, c, 'funder_analyst', ['network.read', 'stats.aggregate', 'reports.generate']);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const siritCells = (m: ReportModel) => m.sections.flatMap((s) => s.tables).filter((x) => x.id.startsWith('sirit_')).flatMap((x) => x.cells.flat());

  for (const province of [undefined, '058']) {
    it.skipIf(skip)(`the coordinator's report equals the one built with a second read${province ? ' (one province)' : ''}`, async () => {
      const query: ReportQuery = { project: projectId, from: '2026-01-01', to: '2026-06-30', ...(province ? { province } : {}) };
      const before = await reportBuiltTwice(coordinator, db, query);
      const after = await buildReport({ access: coordinator, k, kind: 'funder', query });
      expect(after).toEqual(before);
      expect(after.view).toBe('coordinator');
      const inCharge = after.keyFigures.find((f) => f.id === 'persons_in_charge_phase')?.value;
      expect(Number(inCharge)).toBeGreaterThan(province ? 10 : 30);
      expect(siritCells(after).some((c) => typeof c === 'number' && c > 0)).toBe(true);
    });

    it.skipIf(skip)(`the suppressed report equals the one built with a second read${province ? ' (one province)' : ''}`, async () => {
      const query: ReportQuery = { project: projectId, from: '2026-01-01', to: '2026-06-30', ...(province ? { province } : {}) };
      const before = await reportBuiltTwice(funder, db, query);
      const after = await buildReport({ access: funder, k, kind: 'funder', query });
      expect(after).toEqual(before);
      expect(after.view).toBe('observatory');
      // Not a vacuous comparison: figures published and small cells hidden in the SIRIT tables.
      const cells = siritCells(after);
      expect(cells.some((c) => typeof c === 'number' && c >= k)).toBe(true);
      expect(cells.some((c) => c === null)).toBe(true);
    });
  }
});
