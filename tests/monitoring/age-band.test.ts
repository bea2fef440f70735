/**
 * The age-band breakdown of persons in charge (pure): the rows the SQL groups (one per person, with
 * the band kept on their case) become the age band × sex table, every band in order and "not
 * recorded" last; protected for the observatory like every other table of persons.
 */
import { describe, expect, it } from 'vitest';
import { crossTab, dimensions, indicatorById, suppress2D, type CountRow } from '../../src/domain/monitoring/index.ts';

const row = (band: string, sex: string, n: number): CountRow => ({ values: { age_band: band, sex, age_group: 'adult' }, n });

describe('persons in charge by age band', () => {
  it('is defined once, counts persons, shares the persons-in-charge population, and labels every band in both languages', () => {
    const def = indicatorById('persons_in_charge_age_band')!;
    expect(def).toMatchObject({ unit: 'persons', kind: 'count', source: 'cases', dimensions: ['age_band', 'sex'], personal: true, population: 'in_charge' });
    expect(def.definition.it).toContain('0–8, 9–17, 18–20');
    expect(def.definition.en).toContain('middle day');
    expect(dimensions.age_band.label('48+', 'it')).toBe('48 anni e più');
    expect(dimensions.age_band.label('9-17', 'en')).toBe('9–17 years');
    expect(dimensions.age_band.label('unknown', 'it')).toBe('Non indicata');
  });

  it('the table over known rows, by hand', () => {
    // 14 women: 4 of 18-20, 6 of 21-23, 3 of 24-26, 1 unknown; 13 men: 12 of 30-38, 1 of 48+.
    const rows = [row('18-20', 'female', 4), row('21-23', 'female', 6), row('24-26', 'female', 3), row('unknown', 'female', 1), row('30-38', 'male', 12), row('48+', 'male', 1)];
    const t = crossTab(rows, ['age_band', 'sex']);
    expect(t.rows).toEqual(['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown']);
    expect(t.cols).toEqual(['female', 'male', 'transgender', 'other_unknown']);
    expect(t.cells.map((r) => r.slice(0, 2))).toEqual([[0, 0], [0, 0], [4, 0], [6, 0], [3, 0], [0, 0], [0, 12], [0, 0], [0, 1], [1, 0]]);

    // Observatory, k = 5: 4, 3, 1 and 1 are below k; the rest is hidden until none can be recomputed.
    const p = suppress2D({ cells: t.cells, k: 5 });
    const published = [...p.cells.flat(), ...p.rowTotals, ...p.colTotals, p.total];
    for (const v of published) if (v !== null) expect(v === 0 || v >= 5).toBe(true);
    // 12 men of 30-38 would be 13 − 1 if the 48+ cell and the men's total were both known: one of them is hidden.
    expect(p.cells[6]![1] === null || p.colTotals[1] === null || p.rowTotals[6] === null).toBe(true);
    expect(p.cells[8]![1]).toBeNull();
    expect(p.cells[2]![0]).toBeNull();
  });
});
