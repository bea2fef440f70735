/**
 * Small-cell protection of the boards (pure), on random inputs (fast-check): no published count of
 * a protected figure lies between 1 and k − 1; every published count is the true one; free beds are
 * always exact; bed counts are hidden exactly with their occupied counts; and no single hidden
 * figure stands alone in a table whose total is published (it could be recomputed).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { protectAvailability, protectBreakdown, protectInclusion, protectScalar, publishedCounts } from '../../src/domain/protection/boards.ts';

const small = (v: number | null, k: number) => v !== null && v > 0 && v < k;

describe('availability board protection', () => {
  const cell = fc.record({ beds: fc.integer({ min: 1, max: 30 }), share: fc.double({ min: 0, max: 1, noNaN: true }), facilities: fc.integer({ min: 1, max: 4 }) });
  it('publishes free beds exactly and hides every occupied count below k with a complement', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 12 }), fc.integer({ min: 2, max: 15 }), (cells, k) => {
        const items = cells.map((c, i) => {
          const free = Math.floor(c.beds * c.share);
          return { facilityType: `t${i % 3}`, province: `00${i}`, facilities: c.facilities, beds: c.beds, free };
        });
        const out = protectAvailability(items, k);
        const occupied = items.map((i) => i.beds - i.free);
        out.items.forEach((row, i) => {
          const source = items[i]!;
          expect(row.free).toBe(source.free);
          expect(row.facilities).toBe(source.facilities);
          expect(small(row.occupied, k)).toBe(false);
          expect(row.beds === null).toBe(row.occupied === null);
          if (row.occupied !== null) expect(row.occupied).toBe(occupied[i]);
          if (row.beds !== null) expect(row.beds).toBe(source.beds);
        });
        const hidden = out.items.filter((r) => r.occupied === null).length + (out.totals.occupied === null ? 1 : 0);
        expect(hidden === 0 || hidden >= 2).toBe(true);
        expect(small(out.totals.occupied, k)).toBe(false);
        expect(out.totals.free).toBe(items.reduce((s, i) => s + i.free, 0));
        expect(out.totals.beds === null).toBe(out.totals.occupied === null);
        if (out.totals.beds !== null) expect(out.totals.beds).toBe(items.reduce((s, i) => s + i.beds, 0));
      }),
    );
  });

  it('hides a single occupied bed and one more figure so it cannot be worked out', () => {
    const out = protectAvailability(
      [
        { facilityType: 'escape_house', province: '005', facilities: 1, beds: 3, free: 2 },
        { facilityType: 'semi_autonomy_flat', province: '006', facilities: 2, beds: 20, free: 5 },
        { facilityType: 'residential_community', province: '001', facilities: 3, beds: 30, free: 10 },
      ],
      11,
    );
    expect(out.items[0]).toEqual({ facilityType: 'escape_house', province: '005', facilities: 1, beds: null, free: 2, occupied: null });
    // the smallest other cell is hidden too, the total (36) stays
    expect(out.items[1]).toMatchObject({ occupied: null, beds: null, free: 5 });
    expect(out.items[2]).toMatchObject({ occupied: 20, beds: 30, free: 10 });
    expect(out.totals).toEqual({ beds: 53, free: 17, occupied: 36 });
  });
});

describe('inclusion board protection', () => {
  const breakdown = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 1, max: 25 }));
  it('publishes no protected count between 1 and k − 1, and only true counts', () => {
    fc.assert(
      fc.property(
        fc.record({
          courses: fc.integer({ min: 0, max: 5 }), coursesRunning: fc.integer({ min: 0, max: 5 }), enrolmentsActive: fc.integer({ min: 0, max: 25 }),
          enrolmentOutcomes: breakdown, attendance: breakdown, internshipsActive: fc.integer({ min: 0, max: 25 }), internshipOutcomes: breakdown,
          placementsActive: fc.integer({ min: 0, max: 25 }), placementsByContract: breakdown, housingMoves: fc.integer({ min: 0, max: 25 }), returnsByStatus: breakdown,
        }),
        fc.integer({ min: 2, max: 15 }),
        (c, k) => {
          const counts = { ...c, enrolments: c.enrolmentsActive + Object.values(c.enrolmentOutcomes).reduce((a, b) => a + b, 0) };
          const out = protectInclusion(counts, k);
          const { courses, coursesRunning, ...protectedPart } = out;
          expect([courses, coursesRunning]).toEqual([counts.courses, counts.coursesRunning]);
          for (const n of publishedCounts(protectedPart)) expect(n === 0 || n >= k).toBe(true);
          if (out.enrolments !== null) expect(out.enrolments).toBe(counts.enrolments);
          if (out.enrolmentsActive !== null) expect(out.enrolmentsActive).toBe(counts.enrolmentsActive);
          for (const [key, v] of Object.entries(out.placementsByContract)) if (v !== null) expect(v).toBe(counts.placementsByContract[key]);
          // the enrolment table (active + outcomes = total) never leaves one hidden figure alone
          const hidden = [out.enrolments, out.enrolmentsActive, ...Object.values(out.enrolmentOutcomes)].filter((v) => v === null).length;
          expect(hidden === 0 || hidden >= 2).toBe(true);
        },
      ),
    );
  });

  it('a scalar and a breakdown', () => {
    expect([protectScalar(0, 5), protectScalar(1, 5), protectScalar(4, 5), protectScalar(5, 5)]).toEqual([0, null, null, 5]);
    expect(protectBreakdown({ seasonal: 1, apprenticeship: 40, permanent: 12 }, 11)).toEqual({ apprenticeship: 40, permanent: null, seasonal: null });
  });
});
