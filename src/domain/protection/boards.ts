/**
 * Small-cell protection of the operational boards (issue 7, point 5): the availability board of
 * accommodation and the inclusion board. Pure: the server applies it, tests check it.
 *
 * Both boards show counts, and a count of 1 in a small province or a small organisation can point
 * to a person. The rules of src/domain/monitoring/suppression.ts apply (k = PONTE_SMALL_CELL_K,
 * cells below k hidden, then complementary suppression so that no hidden count can be recomputed
 * from the published ones).
 *
 * Availability board (decision):
 * - Free beds are published exactly, to everyone who may see the board: a free bed describes no
 *   person, and the board exists to find a place for someone tonight. Hiding free beds would stop
 *   the referral without protecting anybody.
 * - Occupied beds describe people (someone is placed there). No role reads every placement in the
 *   network (managers read their own facilities, the lead body's coordinator its partners'), so
 *   occupied counts are protected for every caller. Since beds = free + occupied, the bed count
 *   of a row is published only when its occupied count is; the same for the totals.
 * - Facility counts describe no person and stay published.
 *
 * Inclusion board (decision): protected when the caller reads the board of organisations whose
 * case records they do not read: the network, or another organisation (coordinators with
 * stats.aggregate). A case worker's board of their own organisation stays exact. Course counts
 * describe no person and stay published; every count of enrolments, attendance marks, internships,
 * job placements, housing moves and voluntary returns is protected, each breakdown as a table
 * with its total where the total is published.
 */
import { suppress1D, type Published } from '../monitoring/suppression.ts';

/** A count alone: hidden when 0 < n < k. */
export function protectScalar(n: number, k: number): Published {
  return n > 0 && n < k ? null : n;
}

/** A breakdown by key (zero keys absent) protected as a one-way table; its total is not published. */
export function protectBreakdown(counts: Readonly<Record<string, number>>, k: number): Record<string, Published> {
  const keys = Object.keys(counts).sort();
  const out = suppress1D({ cells: keys.map((key) => counts[key] ?? 0), k });
  return Object.fromEntries(keys.map((key, i) => [key, out.cells[i] ?? null]));
}

// --- availability ------------------------------------------------------------------------------

export interface AvailabilityCell {
  facilityType: string;
  province: string;
  facilities: number;
  beds: number;
  free: number;
}

export interface ProtectedAvailabilityCell {
  facilityType: string;
  province: string;
  facilities: number;
  beds: Published;
  free: number;
  occupied: Published;
}

export interface ProtectedAvailability {
  items: ProtectedAvailabilityCell[];
  totals: { beds: Published; free: number; occupied: Published };
}

export function protectAvailability(items: readonly AvailabilityCell[], k: number): ProtectedAvailability {
  const occupied = items.map((i) => i.beds - i.free);
  const out = suppress1D({ cells: occupied, k });
  const freeTotal = items.reduce((s, i) => s + i.free, 0);
  return {
    items: items.map((i, n) => {
      const occ = out.cells[n] ?? null;
      return { facilityType: i.facilityType, province: i.province, facilities: i.facilities, beds: occ === null ? null : i.beds, free: i.free, occupied: occ };
    }),
    totals: { beds: out.total === null ? null : out.total + freeTotal, free: freeTotal, occupied: out.total },
  };
}

// --- inclusion ---------------------------------------------------------------------------------

export interface InclusionCounts {
  courses: number;
  coursesRunning: number;
  enrolments: number;
  enrolmentsActive: number;
  enrolmentOutcomes: Record<string, number>;
  attendance: Record<string, number>;
  internshipsActive: number;
  internshipOutcomes: Record<string, number>;
  placementsActive: number;
  placementsByContract: Record<string, number>;
  housingMoves: number;
  returnsByStatus: Record<string, number>;
}

export interface ProtectedInclusionCounts {
  courses: number;
  coursesRunning: number;
  enrolments: Published;
  enrolmentsActive: Published;
  enrolmentOutcomes: Record<string, Published>;
  attendance: Record<string, Published>;
  internshipsActive: Published;
  internshipOutcomes: Record<string, Published>;
  placementsActive: Published;
  placementsByContract: Record<string, Published>;
  housingMoves: Published;
  returnsByStatus: Record<string, Published>;
}

/**
 * Enrolments are one table: the active ones (no outcome yet) and one cell per outcome add up to
 * the published total. The other breakdowns publish no total of their own.
 */
export function protectInclusion(c: InclusionCounts, k: number): ProtectedInclusionCounts {
  const outcomeKeys = Object.keys(c.enrolmentOutcomes).sort();
  const enrolments = suppress1D({ cells: [c.enrolmentsActive, ...outcomeKeys.map((key) => c.enrolmentOutcomes[key] ?? 0)], k });
  return {
    courses: c.courses,
    coursesRunning: c.coursesRunning,
    enrolments: enrolments.total,
    enrolmentsActive: enrolments.cells[0] ?? null,
    enrolmentOutcomes: Object.fromEntries(outcomeKeys.map((key, i) => [key, enrolments.cells[i + 1] ?? null])),
    attendance: protectBreakdown(c.attendance, k),
    internshipsActive: protectScalar(c.internshipsActive, k),
    internshipOutcomes: protectBreakdown(c.internshipOutcomes, k),
    placementsActive: protectScalar(c.placementsActive, k),
    placementsByContract: protectBreakdown(c.placementsByContract, k),
    housingMoves: protectScalar(c.housingMoves, k),
    returnsByStatus: protectBreakdown(c.returnsByStatus, k),
  };
}

/** Every published count of a protected board, to check that none lies in (0, k). */
export function publishedCounts(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(publishedCounts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(publishedCounts);
  return [];
}
