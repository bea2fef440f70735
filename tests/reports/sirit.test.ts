/**
 * The SIRIT tables (pure): phases grouped into the five stages, the three breakdowns adding up to
 * the same persons, and, when suppressed, no published count in 1..k−1, margins hidden wherever
 * the indicator tables hide them, and the table withheld rather than hiding a margin they publish.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { casePhases } from '../../src/domain/cases/index.ts';
import { siritContactTables, siritStageLabels, siritStageOfPhase, siritStages, siritTables, type SiritContactRows, type SiritKnown } from '../../src/domain/monitoring/sirit.ts';
import type { CountRow } from '../../src/domain/monitoring/index.ts';

const row = (phase: string, sex: string, age: string, citizenship: string, n: number): CountRow => ({ values: { phase, sex, age_group: age, citizenship }, n });

describe('SIRIT tables', () => {
  it('group the phases into stages; the three breakdowns count the same persons', () => {
    const rows = [
      row('contact', 'female', 'adult', 'NG', 12),
      row('screening', 'male', 'adult', 'PK', 3),
      row('identification', 'female', 'minor', 'NG', 1),
      row('protection_residential', 'female', 'adult', 'RO', 2),
      row('inclusion', 'transgender', 'adult', 'BR', 4),
      row('closed', 'female', 'possibly_minor', 'NG', 5),
    ];
    const [bySex, byAge, byCitizenship] = siritTables(rows);
    expect(bySex!.stages).toEqual([...siritStages]);
    expect(bySex!.stageTotals).toEqual([12, 4, 2, 4, 5]);
    expect(bySex!.values).toEqual(['female', 'male', 'transgender', 'other_unknown']);
    expect(bySex!.cells[1]).toEqual([1, 3, 0, 0]);
    expect(byAge!.cells[1]).toEqual([1, 0, 3, 0]);
    expect(byCitizenship!.values).toEqual(['BR', 'NG', 'PK', 'RO']);
    expect(byCitizenship!.valueTotals).toEqual([4, 18, 3, 2]);
    for (const t of [bySex!, byAge!, byCitizenship!]) {
      expect(t.total).toBe(27);
      expect(t.stageTotals).toEqual([12, 4, 2, 4, 5]);
    }
    // Every phase has a stage; the stages are in path order.
    for (const p of casePhases) expect(siritStages).toContain(siritStageOfPhase[p]);
  });

  it('withholds a table whose protection would hide a margin the indicator tables publish', () => {
    const rows = [row('contact', 'female', 'adult', 'NG', 12), row('identification', 'female', 'minor', 'NG', 1), row('screening', 'male', 'adult', 'PK', 3)];
    // The age totals are published elsewhere (minor hidden, adult published): hiding the minor's cell needs more.
    const known: SiritKnown = { total: 16, stageTotals: { contact: 12, assessment: 4, in_charge: 0, inclusion: 0, follow_up: 0 }, valueTotals: { age_group: { minor: null, adult: 15, possibly_minor: 0, unknown: 0 } } };
    const byAge = siritTables(rows, { k: 3, known })[1]!;
    expect(byAge.withheld).toBe(true);
    expect(byAge.cells.flat().every((c) => c === null)).toBe(true);
    expect(byAge.total).toBeNull();
  });

  it('suppressed: no published count in 1..k−1, margins hidden where the indicators hide them, published ones as published', () => {
    const phases = ['contact', 'screening', 'first_assistance', 'inclusion', 'closed'];
    const arb = fc.array(
      fc.record({ phase: fc.constantFrom(...phases), sex: fc.constantFrom('female', 'male', 'other_unknown'), age: fc.constantFrom('adult', 'minor'), cit: fc.constantFrom('NG', 'RO', 'PK'), n: fc.integer({ min: 1, max: 30 }) }),
      { minLength: 1, maxLength: 12 },
    );
    const k = 5;
    fc.assert(
      fc.property(arb, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (raw, hideStage) => {
        const rows = raw.map((r) => row(r.phase, r.sex, r.age, r.cit, r.n));
        const plain = siritTables(rows);
        const known: SiritKnown = { stageTotals: Object.fromEntries(siritStages.map((s, i) => [s, hideStage[i] ? null : (plain[0]!.stageTotals[i] as number)])) };
        for (const t of siritTables(rows, { k, known })) {
          const published = [...t.cells.flat(), ...t.stageTotals, ...t.valueTotals, t.total];
          for (const v of published) if (v !== null) expect(v === 0 || v >= k).toBe(true);
          if (t.withheld) continue;
          siritStages.forEach((s, i) => {
            const x = known.stageTotals?.[s];
            if (x === null && (plain[0]!.stageTotals[i] ?? 0) > 0) expect(t.stageTotals[i]).toBeNull();
            if (typeof x === 'number') expect(t.stageTotals[i]).toBe(x);
          });
          // What is published is the true count.
          const truth = plain.find((p) => p.by === t.by)!;
          t.cells.forEach((r, i) => r.forEach((c, j) => c !== null && expect(c).toBe(truth.cells[i]![j])));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the contact-phase row of the path says what it counts (persons whose case is in that phase, not contacts)', () => {
    expect(siritStageLabels.contact).toEqual({ it: 'Casi in fase di contatto', en: 'Cases in the contact phase' });
  });

  it('the contacts stage: the network’s contacts by channel, by sex, minors and nationality group, by hand', () => {
    const c = (channel: string, value: string, n: number) => ({ values: { channel, value }, n });
    // Street: 10 (F 8, M 2; minors 3, adults 7; Nigeria 10); desk: 4 interviews, of a session that
    // gave them by sex (F 2, other 1) and age (adults 3) and one that gave nothing (1, not recorded);
    // hotline: 6 calls (nothing recorded).
    const rows: SiritContactRows = {
      sex: [c('street', 'female', 8), c('street', 'male', 2), c('desk', 'female', 2), c('desk', 'other_unknown', 2), c('hotline', 'other_unknown', 6)],
      minor: [c('street', 'minor', 3), c('street', 'adult', 7), c('desk', 'adult', 3), c('desk', 'unknown', 1), c('hotline', 'unknown', 6)],
      nationality: [c('street', 'nigeria', 10), c('desk', 'other_unknown', 4), c('hotline', 'other_unknown', 6)],
    };
    const [bySex, byMinor, byNationality] = siritContactTables(rows);
    expect(bySex!.channels).toEqual(['street', 'indoor', 'drop_in', 'desk', 'hotline']);
    expect(bySex!.cells).toEqual([[8, 2, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [2, 0, 0, 2], [0, 0, 0, 6]]);
    expect(bySex!.valueTotals).toEqual([10, 2, 0, 8]);
    expect(byMinor!.values).toEqual(['minor', 'adult', 'unknown']);
    expect(byMinor!.valueTotals).toEqual([3, 10, 7]);
    expect(byNationality!.valueTotals).toEqual([10, 0, 0, 0, 0, 0, 0, 10]);
    for (const t of [bySex!, byMinor!, byNationality!]) {
      expect(t.channelTotals).toEqual([10, 0, 0, 4, 6]);
      expect(t.total).toBe(20);
    }

    // Suppressed (k = 5), linked to the indicator: the desk's 4 hidden there, the rest published.
    const known = { total: 20, channelTotals: { street: 10, indoor: 0, drop_in: 0, desk: null, hotline: 6 } };
    const [sexP, minorP] = siritContactTables(rows, { k: 5, known });
    for (const t of [sexP!, minorP!]) {
      const published = [...t.cells.flat(), ...t.channelTotals, ...t.valueTotals, t.total];
      for (const v of published) if (v !== null) expect(v === 0 || v >= 5).toBe(true);
      if (!t.withheld) {
        expect(t.channelTotals[3]).toBeNull();
        expect(t.channelTotals[0] === null || t.channelTotals[0] === 10).toBe(true);
      }
    }
    // By sex: the 2 men are hidden, so is what would give them away; the table stays consistent with the indicator or is withheld.
    expect(sexP!.withheld || sexP!.cells[0]![1] === null).toBe(true);
  });
});
