/**
 * System work for `ponte demo`: facilities of the demo implementing bodies across their provinces,
 * their beds, current and past placements of demo persons who hold a case at the facility's body,
 * and a waiting list. Runs after the demo persons; idempotent (nothing is added once any demo
 * facility exists). Addresses are invented and stored encrypted like real ones.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { italianToday } from '../../../domain/case-records.ts';
import type { BedKind, FacilityType, LeavingReason, TargetGroup, WaitlistNeed } from '../../../domain/accommodation.ts';
import { accommodationColumns } from '../accommodation/encrypted.ts';

interface DemoFacility {
  orgCode: string;
  type: FacilityType;
  name: string;
  address: string;
  province: string;
  municipality: string;
  targetGroups: TargetGroup[];
  beds: Array<{ label: string; kind: BedKind }>;
}

function beds(count: number, prefix = 'Letto', cots = 0): Array<{ label: string; kind: BedKind }> {
  const out: Array<{ label: string; kind: BedKind }> = [];
  for (let i = 1; i <= count; i++) out.push({ label: `${prefix} ${i}`, kind: 'single' });
  for (let i = 1; i <= cots; i++) out.push({ label: `Culla ${i}`, kind: 'cot' });
  return out;
}

export const demoFacilities: readonly DemoFacility[] = [
  { orgCode: 'coop-il-faro', type: 'escape_house', name: 'Casa Airone', address: 'Via delle Betulle Demo 3, Torino', province: '001', municipality: '001272', targetGroups: ['women', 'mothers_with_children'], beds: beds(6, 'Letto', 2) },
  { orgCode: 'coop-il-faro', type: 'first_assistance_shelter', name: 'Pronta accoglienza Gabbiano', address: 'Corso dei Platani Demo 41, Moncalieri', province: '001', municipality: '001156', targetGroups: ['women', 'transgender'], beds: beds(8) },
  { orgCode: 'coop-il-faro', type: 'residential_community', name: 'Comunità Cormorano', address: 'Strada del Mulino Demo 8, Chieri', province: '001', municipality: '001070', targetGroups: ['men'], beds: beds(10) },
  { orgCode: 'coop-la-rondine', type: 'semi_autonomy_flat', name: 'Alloggio Rondine 1', address: 'Via dei Tigli Demo 22, Asti', province: '005', municipality: '005005', targetGroups: ['women'], beds: beds(4) },
  { orgCode: 'coop-la-rondine', type: 'guided_cohabitation', name: 'Convivenza Rondine 2', address: 'Via del Castello Demo 5, Asti', province: '005', municipality: '005005', targetGroups: ['women', 'mothers_with_children'], beds: beds(3, 'Letto', 1) },
  { orgCode: 'assoc-strade-nuove', type: 'residential_community', name: 'Comunità Passero', address: 'Via dei Campi Demo 14, Cuneo', province: '004', municipality: '004078', targetGroups: ['women', 'minors'], beds: beds(7) },
  { orgCode: 'comune-borgo-demo', type: 'first_assistance_shelter', name: 'Accoglienza Borgo', address: 'Piazza del Mercato Demo 2, Alessandria', province: '006', municipality: '006003', targetGroups: ['men', 'women'], beds: beds(5) },
];

export interface DemoAccommodationResult {
  facilitiesCreated: number;
  placementsCreated: number;
  waitlistCreated: number;
}

const leavingReasons: readonly LeavingReason[] = ['programme_completed', 'moved_to_another_facility', 'left_voluntarily', 'programme_completed', 'removed_for_safety', 'rules_breached'];
const needsPool: ReadonlyArray<WaitlistNeed[]> = [['with_children'], [], ['high_risk'], ['health_care'], ['pregnancy', 'with_children'], []];

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function systemSeedDemoAccommodation(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<DemoAccommodationResult> {
  const now = options.now ?? new Date();
  const today = italianToday(now);
  return options.db.transaction().execute(async (trx) => {
    const orgRows = await trx.selectFrom('organisations').select(['id', 'code']).where('code', 'in', [...new Set(demoFacilities.map((f) => f.orgCode))]).execute();
    const orgId = new Map(orgRows.map((r) => [r.code, r.id]));
    if (orgRows.length === 0) return { facilitiesCreated: 0, placementsCreated: 0, waitlistCreated: 0 };
    const existing = await trx.selectFrom('facilities').select('id').where('org_id', 'in', orgRows.map((r) => r.id)).executeTakeFirst();
    if (existing) return { facilitiesCreated: 0, placementsCreated: 0, waitlistCreated: 0 };

    // persons with an open case at each body, oldest case first (a person is placed at most once)
    const cases = await trx
      .selectFrom('cases')
      .select(['cases.id', 'cases.person_id', 'cases.org_id'])
      .where('cases.org_id', 'in', orgRows.map((r) => r.id))
      .where('cases.closed_at', 'is', null)
      .orderBy('cases.opened_at')
      .orderBy('cases.id')
      .execute();
    const queue = new Map<string, Array<{ id: string; person_id: string }>>();
    const used = new Set<string>();
    for (const c of cases) {
      if (!queue.has(c.org_id)) queue.set(c.org_id, []);
      queue.get(c.org_id)?.push(c);
    }
    const next = (org: string): { id: string; person_id: string } | undefined => {
      const list = queue.get(org) ?? [];
      while (list.length > 0) {
        const c = list.shift();
        if (c && !used.has(c.person_id)) {
          used.add(c.person_id);
          return c;
        }
      }
      return undefined;
    };

    let facilitiesCreated = 0;
    let placementsCreated = 0;
    let waitlistCreated = 0;
    let n = 0;
    for (const f of demoFacilities) {
      const org = orgId.get(f.orgCode);
      if (!org) continue;
      const id = randomUUID();
      await trx
        .insertInto('facilities')
        .values({
          id,
          org_id: org,
          facility_type: f.type,
          name: f.name,
          address_enc: await options.cipher.encrypt({ plaintext: f.address, aad: fieldAad({ ...accommodationColumns.facilityAddress, rowId: id }), db: trx }),
          province: f.province,
          municipality: f.municipality,
          target_groups: f.targetGroups,
          created_at: now,
          updated_at: now,
        })
        .execute();
      facilitiesCreated++;
      for (const [i, b] of f.beds.entries()) {
        const bed = await trx.insertInto('facility_beds').values({ facility_id: id, label: b.label, kind: b.kind, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
        if (b.kind === 'cot') continue;
        n++;
        // a past stay on most beds, then a current one on about two beds in three
        // past stays start 341-400 days ago and last 30-149 nights; current ones began 1-110 days ago
        const pastStart = addDays(today, -400 + ((n * 37) % 60));
        const pastEnd = addDays(pastStart, 30 + ((n * 53) % 120));
        const past = next(org);
        if (past && i % 4 !== 3) {
          await trx
            .insertInto('placements')
            .values({ bed_id: bed.id, person_id: past.person_id, case_id: past.id, starts_on: pastStart, ends_on: pastEnd, leaving_reason: leavingReasons[n % leavingReasons.length] ?? 'other', created_at: now, updated_at: now })
            .execute();
          placementsCreated++;
        }
        if (i % 3 !== 2) {
          const current = next(org);
          if (current) {
            await trx
              .insertInto('placements')
              .values({ bed_id: bed.id, person_id: current.person_id, case_id: current.id, starts_on: addDays(today, -((n * 29) % 110) - 1), ends_on: null, created_at: now, updated_at: now })
              .execute();
            placementsCreated++;
          }
        }
      }
      // two persons waiting for a bed of this body
      for (let k = 0; k < 2; k++) {
        const c = next(org);
        if (!c) break;
        const wid = randomUUID();
        await trx
          .insertInto('accommodation_waitlist')
          .values({
            id: wid,
            org_id: org,
            facility_id: k === 0 ? id : null,
            facility_type: f.type,
            person_id: c.person_id,
            case_id: c.id,
            priority: ((n + k) % 3) + 1,
            requested_on: addDays(today, -((n + k * 7) % 20) - 1),
            needs: needsPool[(n + k) % needsPool.length] ?? [],
            status: 'waiting',
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
        waitlistCreated++;
      }
    }
    return { facilitiesCreated, placementsCreated, waitlistCreated };
  });
}
