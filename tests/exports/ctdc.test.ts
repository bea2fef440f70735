import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageBandCtdc, ageOn, ctdcColumns, ctdcQuasiIdentifiers, ctdcRow, kAnonymise, quasiKey, type CtdcSource } from '../../src/domain/exports/ctdc.ts';
import { worldRegionOf } from '../../src/domain/exports/regions.ts';
import { countryList } from '../../src/domain/reference/countries.ts';

const source = (over: Partial<CtdcSource>): CtdcSource => ({
  year: 2024, gender: 'Feminine', age: 25, minorStatus: 'adult', citizenship: 'NG', exploitationTypes: ['SexualExploitation'], meansOfControl: [], recruiterRelations: [], ...over,
});

const arbSource: fc.Arbitrary<CtdcSource> = fc.record({
  year: fc.integer({ min: 2022, max: 2024 }),
  gender: fc.constantFrom('Feminine', 'Masculine', 'TransgenderFeminine', null),
  age: fc.option(fc.integer({ min: 0, max: 70 }), { nil: null }),
  minorStatus: fc.constantFrom('minor', 'adult', 'possibly_minor', null),
  citizenship: fc.option(fc.constantFrom('NG', 'GH', 'RO', 'AL', 'CN', 'MA', 'PE', 'UA', 'BD', 'TN'), { nil: null }),
  exploitationTypes: fc.subarray(['ForcedLabour', 'SexualExploitation', 'ForcedBegging']),
  meansOfControl: fc.subarray(['DebtBondage', 'PhysicalThreats', 'Other']),
  recruiterRelations: fc.subarray(['Familial', 'Acquainted']),
});

describe('CTDC export and k-anonymity', () => {
  it('maps one victim without names or dates finer than the year', () => {
    const row = ctdcRow(source({ meansOfControl: ['DebtBondage', 'Other'], recruiterRelations: ['Familial'] }), 0);
    expect(Object.keys(row).sort()).toEqual([...ctdcColumns].sort());
    expect(row).toMatchObject({ yearOfRegistration: '2024', gender: 'Female', ageBroad: '24-26', majorityStatus: 'Adult', citizenship: 'NG', isSexualExploit: '1', isForcedLabour: '0', meansDebtBondageEarnings: '1', meansOther: '1', meansNotRecorded: '0', recruiterRelationFamily: '1' });
    expect(ctdcRow(source({}), 2)).toMatchObject({ ageBroad: '18-29', citizenship: 'Africa' });
    expect(ctdcRow(source({ age: 16 }), 3)).toMatchObject({ ageBroad: '0-17', majorityStatus: 'Minor' });
    expect(ctdcRow(source({ age: null, minorStatus: 'possibly_minor' }), 0)).toMatchObject({ ageBroad: 'Unknown', majorityStatus: 'Minor' });
  });

  it('computes ages and bands at the edges', () => {
    expect(ageOn('2000-03-02', '2018-03-01')).toBe(17);
    expect(ageOn('2000-03-02', '2018-03-02')).toBe(18);
    expect([0, 8, 9, 17, 18, 20, 29, 30, 47, 48].map(ageBandCtdc)).toEqual(['0-8', '0-8', '9-17', '9-17', '18-20', '18-20', '27-29', '30-38', '39-47', '48+']);
  });

  it('places every country in a region of the world', () => {
    for (const c of countryList) expect(worldRegionOf(c.code), c.code).toBeDefined();
  });

  it('generalises before suppressing, and suppresses a class below k', () => {
    // 12 Nigerian women aged 21-29 in varied bands: no band class reaches 11, the wide band does.
    const many = Array.from({ length: 12 }, (_, i) => source({ age: 21 + (i % 9) }));
    const lone = source({ citizenship: 'PE', gender: 'Masculine', age: 50 });
    const out = kAnonymise([...many, lone], { k: 11 });
    expect(out.level).toBe(1);
    expect(out.rows).toHaveLength(12);
    expect(out.suppressed).toBe(1);
    expect(out.rows.every((r) => r.ageBroad === '18-29' && r.citizenship === 'NG')).toBe(true);
  });

  it('property: every written quasi-identifier class has at least k rows, and nothing is invented', () => {
    fc.assert(
      fc.property(fc.array(arbSource, { maxLength: 120 }), fc.integer({ min: 2, max: 15 }), (sources, k) => {
        const out = kAnonymise(sources, { k });
        const counts = new Map<string, number>();
        for (const r of out.rows) counts.set(quasiKey(r), (counts.get(quasiKey(r)) ?? 0) + 1);
        for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(k);
        expect(out.rows.length + out.suppressed).toBe(sources.length);
        // Each written row is the generalisation of a distinct source row at the chosen level.
        const pool = sources.map((s) => JSON.stringify(ctdcRow(s, out.level)));
        for (const r of out.rows) {
          const i = pool.indexOf(JSON.stringify(r));
          expect(i).toBeGreaterThanOrEqual(0);
          pool.splice(i, 1);
        }
        for (const r of out.rows) for (const q of ctdcQuasiIdentifiers) expect(r[q]).not.toMatch(/\d{4}-\d{2}/);
      }),
      { numRuns: 300 },
    );
  });
});
