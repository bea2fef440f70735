import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { engineCases, openTestDatabase, type TestDatabase } from '../helpers/engines.ts';
import { createEncoder } from '../../src/domain/linkage/index.ts';
import { findCandidates, indexPerson, linkageIdentity } from '../../src/server/features/persons/linkage-store.ts';

describe.each(await engineCases())('database linkage index on $engine', ({ engine, skip }) => {
  let t: TestDatabase;
  const encoder = createEncoder({ key: randomBytes(32) });
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    if (skip) return;
    t = await openTestDatabase(engine);
    const org = await t.database.db
      .insertInto('organisations')
      .values({ code: 'org-a', name: 'Org A', org_type: 'NGO' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const people = {
      olena: { names: [{ kind: 'primary' as const, given: 'Olena', family: 'Kovalenko' }], birth: { birthDate: '1994-03-07' }, documents: [], phones: [] },
      mohamed: { names: [{ kind: 'primary' as const, given: 'Mohamed', family: 'Diallo' }], birth: { estimatedYear: 1990 }, documents: [], phones: [] },
      other: { names: [{ kind: 'primary' as const, given: 'Grace', family: 'Okafor' }], birth: { birthDate: '2001-11-30' }, documents: [], phones: [] },
    };
    let n = 0;
    for (const [k, identity] of Object.entries(people)) {
      n++;
      const row = await t.database.db
        .insertInto('persons')
        .values({ code: `P-0000-000${n}`, owner_org_id: org.id, identity_enc: 'v1:test' })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[k] = row.id;
      await indexPerson({ db: t.database.db, encoder, personId: row.id, identity: linkageIdentity({ identity, sex: 'Feminine' }) });
    }
  });
  afterAll(async () => {
    if (!skip) await t.drop();
  });

  it.skipIf(skip)('finds a transliterated, day/month-swapped re-registration first', async () => {
    const query = encoder.encodePerson(
      linkageIdentity({ identity: { names: [{ kind: 'primary', full: 'Елена Коваленко' }], birth: { birthDate: '1994-07-03' }, documents: [], phones: [] }, sex: 'Feminine' }),
    );
    const found = await findCandidates({ db: t.database.db, person: query });
    expect(found[0]?.personId).toBe(ids.olena);
    expect(found.map((c) => c.personId)).not.toContain(ids.other);
  });

  it.skipIf(skip)('leaves out excluded and merged-away persons', async () => {
    const query = encoder.encodePerson(
      linkageIdentity({ identity: { names: [{ kind: 'primary', given: 'Muhammad', family: 'Diallo' }], birth: { estimatedYear: 1991 }, documents: [], phones: [] } }),
    );
    const before = await findCandidates({ db: t.database.db, person: query, includeNone: true });
    expect(before.map((c) => c.personId)).toContain(ids.mohamed);
    const excluded = await findCandidates({ db: t.database.db, person: query, includeNone: true, excludeIds: [ids.mohamed as string] });
    expect(excluded.map((c) => c.personId)).not.toContain(ids.mohamed);
    await t.database.db.updateTable('persons').set({ merged_into_id: ids.other as string }).where('id', '=', ids.mohamed as string).execute();
    const merged = await findCandidates({ db: t.database.db, person: query, includeNone: true });
    expect(merged.map((c) => c.personId)).not.toContain(ids.mohamed);
  });
});
