import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoPersons, storedIdentityOf } from '../../src/server/features/demo/persons.ts';
import { casePhases, findTransition, isCasePhase, type CasePhase } from '../../src/domain/cases/index.ts';
import { isHtcdsValue } from '../../src/domain/htcds/index.ts';
import { generateLabelledSet } from '../../src/domain/linkage/index.ts';
import { personInputSchema, type StoredIdentity } from '../../src/domain/persons/index.ts';
import { fieldAad } from '../../src/server/platform/crypto.ts';
import { findCandidates } from '../../src/server/features/persons/linkage-store.ts';
import { fromStoredEncoding } from '../../src/domain/linkage/storage.ts';
import { caseAgeBand } from '../../src/server/features/cases/age-band.ts';

const demoSet = { seed: 20261123, count: 320, duplicateRate: 0.08, homonymRate: 0.03 };

describe('demo persons', () => {
  it('generated identities are valid person records', () => {
    for (const r of generateLabelledSet(demoSet).records) {
      const identity = storedIdentityOf(r.identity);
      const parsed = personInputSchema.safeParse({ names: identity.names, ...(identity.birth ? { birth: identity.birth } : {}), documents: identity.documents, phones: identity.phones });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });
});

describe.each(await engineCases())('demo persons seed on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let result: Awaited<ReturnType<typeof systemSeedDemoPersons>>;
  const services = (): Parameters<typeof systemSeedDemoPersons>[0] => ({
    db: t.database.db,
    cipher: t.app.services.cipher,
    linkage: t.app.services.linkage,
    blindIndex: t.app.services.blindIndex,
  });
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_DEMO: 'true' } });
    await systemSeedDemo({ db: t.database.db, passwordHash: 'not-used' });
    result = await systemSeedDemoPersons(services());
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('creates a few hundred persons and cases, and a second run adds nothing', async () => {
    expect(result.personsCreated).toBe(320);
    expect(result.casesCreated).toBeGreaterThan(200);
    expect(result.plantedDuplicates).toBe(23); // as README says
    expect(await systemSeedDemoPersons(services())).toEqual({ personsCreated: 0, casesCreated: 0, plantedDuplicates: 0 });
  });

  it.skipIf(skip)('every demo case carries the age band of its person’s birth on the day it was opened', async () => {
    const db = t.database.db;
    const cases = await db.selectFrom('cases').innerJoin('persons', 'persons.id', 'cases.person_id').select(['cases.age_band', 'cases.opened_at', 'persons.id as person_id', 'persons.identity_enc']).execute();
    let banded = 0;
    for (const c of cases) {
      const identity = JSON.parse(await t.app.services.cipher.decrypt({ value: c.identity_enc, aad: fieldAad({ table: 'persons', column: 'identity_enc', rowId: c.person_id }) })) as StoredIdentity;
      expect(c.age_band).toBe(caseAgeBand(identity.birth, c.opened_at));
      if (c.age_band !== null) banded++;
    }
    expect(banded).toBeGreaterThan(100);
  });

  it.skipIf(skip)('spreads cases over every phase, with a history that follows the transition table', async () => {
    const cases = await t.database.db.selectFrom('cases').select(['id', 'phase', 'closure_reason', 'exploitation_types', 'minor_status']).execute();
    expect(new Set(cases.map((c) => c.phase))).toEqual(new Set(casePhases));
    expect(cases.some((c) => c.minor_status === 'minor' || c.minor_status === 'possibly_minor')).toBe(true);
    for (const c of cases) for (const v of c.exploitation_types) expect(isHtcdsValue({ field: 'vic_TypeOfExploitation', value: v })).toBe(true);
    const history = await t.database.db.selectFrom('case_phase_history').select(['case_id', 'from_phase', 'to_phase', 'closure_reason']).orderBy('id').execute();
    for (const h of history) {
      if (h.from_phase === null) {
        expect(h.to_phase).toBe('contact');
        continue;
      }
      expect(isCasePhase(h.from_phase) && isCasePhase(h.to_phase)).toBe(true);
      const rule = findTransition({ from: h.from_phase as CasePhase, to: h.to_phase as CasePhase });
      expect(rule, `${h.from_phase} → ${h.to_phase}`).toBeDefined();
      if (rule?.kind === 'close') expect(rule.closureReasons).toContain(h.closure_reason);
    }
    for (const c of cases) expect(history.filter((h) => h.case_id === c.id).at(-1)?.to_phase).toBe(c.phase);
  });

  it.skipIf(skip)('stores identities encrypted, and the planted duplicates find each other', async () => {
    const rows = await t.database.db
      .selectFrom('persons')
      .innerJoin('person_linkage', 'person_linkage.person_id', 'persons.id')
      .select(['persons.id', 'persons.identity_enc', 'persons.external_ref_enc', 'person_linkage.encoding'])
      .execute();
    const set = generateLabelledSet(demoSet);
    const clusterOfRef = new Map(set.records.map((r) => [`DEMO-${r.externalRef}`, r.clusterId]));
    const cluster = new Map<string, number>();
    for (const r of rows) {
      const identity = JSON.parse(await t.app.services.cipher.decrypt({ value: r.identity_enc, aad: fieldAad({ table: 'persons', column: 'identity_enc', rowId: r.id }) })) as StoredIdentity;
      expect(identity.names.length).toBeGreaterThan(0);
      const ref = await t.app.services.cipher.decrypt({ value: r.external_ref_enc ?? '', aad: fieldAad({ table: 'persons', column: 'external_ref_enc', rowId: r.id }) });
      const c = clusterOfRef.get(ref);
      expect(c, ref).toBeDefined();
      cluster.set(r.id, c ?? -1);
    }
    let pairs = 0;
    let listed = 0;
    for (const r of rows) {
      const same = rows.filter((o) => o.id !== r.id && cluster.get(o.id) === cluster.get(r.id)).map((o) => o.id);
      if (same.length === 0) continue;
      const candidates = await findCandidates({ db: t.database.db, person: fromStoredEncoding(r.encoding), excludeIds: [r.id] });
      for (const id of same) {
        pairs++;
        if (candidates.some((c) => c.personId === id)) listed++;
      }
    }
    expect(pairs).toBeGreaterThan(20);
    expect(listed / pairs).toBeGreaterThan(0.85);
  });
});
