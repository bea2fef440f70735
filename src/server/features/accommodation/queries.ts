/** Kysely queries of the accommodation feature. Scope decisions are the service's; these only fetch. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { caseVisibleTo, personVisibleTo, type ScopeActor } from '../persons/scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface FacilityRow {
  id: string;
  org_id: string;
  org_name: string;
  facility_type: string;
  name: string;
  address_enc: string | null;
  province: string;
  municipality: string | null;
  target_groups: string[];
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const facilityColumns = [
  'facilities.id',
  'facilities.org_id',
  'organisations.name as org_name',
  'facilities.facility_type',
  'facilities.name',
  'facilities.address_enc',
  'facilities.province',
  'facilities.municipality',
  'facilities.target_groups',
  'facilities.is_active',
  'facilities.created_at',
  'facilities.updated_at',
] as const;

export async function findFacility(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<FacilityRow | undefined> {
  let q = db.selectFrom('facilities').innerJoin('organisations', 'organisations.id', 'facilities.org_id').select(facilityColumns).where('facilities.id', '=', id);
  if (options.forUpdate) q = q.forUpdate('facilities');
  return q.executeTakeFirst();
}

/** Organisations whose facilities the lead body `orgId` coordinates: the partners of the projects it leads. */
export async function coordinatedOrgIds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_partners')
    .innerJoin('projects', 'projects.id', 'project_partners.project_id')
    .select('project_partners.organisation_id')
    .where('projects.lead_org_id', '=', orgId)
    .distinct()
    .execute();
  return rows.map((r) => r.organisation_id);
}

export interface FacilityListRow extends FacilityRow {
  beds: number;
  occupied: number;
}

/** Facilities of the given organisations, with active beds and beds occupied today. */
export async function listFacilities(db: Db, orgIds: string[], today: string): Promise<FacilityListRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('facilities')
    .innerJoin('organisations', 'organisations.id', 'facilities.org_id')
    .select(facilityColumns)
    .select((eb) => [
      eb
        .selectFrom('facility_beds')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('facility_beds.facility_id', '=', 'facilities.id')
        .where('facility_beds.is_active', '=', true)
        .as('beds'),
      eb
        .selectFrom('facility_beds')
        .innerJoin('placements', 'placements.bed_id', 'facility_beds.id')
        .select(sql<number>`count(distinct facility_beds.id)::int`.as('n'))
        .whereRef('facility_beds.facility_id', '=', 'facilities.id')
        .where('placements.starts_on', '<=', today)
        .where((w) => w.or([w('placements.ends_on', 'is', null), w('placements.ends_on', '>', today)]))
        .as('occupied'),
    ])
    .where('facilities.org_id', 'in', orgIds)
    .orderBy('organisations.name')
    .orderBy('facilities.name')
    .execute() as Promise<FacilityListRow[]>;
}

export interface BedRow {
  id: string;
  facility_id: string;
  label: string;
  kind: string;
  is_active: boolean;
}

export async function listBeds(db: Db, facilityId: string): Promise<BedRow[]> {
  return db.selectFrom('facility_beds').select(['id', 'facility_id', 'label', 'kind', 'is_active']).where('facility_id', '=', facilityId).orderBy('label').execute();
}

export async function findBed(db: Db, facilityId: string, bedId: string): Promise<BedRow | undefined> {
  return db.selectFrom('facility_beds').select(['id', 'facility_id', 'label', 'kind', 'is_active']).where('facility_id', '=', facilityId).where('id', '=', bedId).executeTakeFirst();
}

export interface PlacementRow {
  id: string;
  bed_id: string;
  bed_label: string;
  person_id: string;
  person_code: string;
  identity_enc: string;
  case_id: string | null;
  case_code: string | null;
  starts_on: string;
  ends_on: string | null;
  leaving_reason: string | null;
  note_enc: string | null;
  created_at: Date;
}

function placementsQuery(db: Db) {
  return db
    .selectFrom('placements')
    .innerJoin('facility_beds', 'facility_beds.id', 'placements.bed_id')
    .innerJoin('persons', 'persons.id', 'placements.person_id')
    .leftJoin('cases', 'cases.id', 'placements.case_id')
    .select([
      'placements.id',
      'placements.bed_id',
      'facility_beds.label as bed_label',
      'placements.person_id',
      'persons.code as person_code',
      'persons.identity_enc',
      'placements.case_id',
      'cases.code as case_code',
      'placements.starts_on',
      'placements.ends_on',
      'placements.leaving_reason',
      'placements.note_enc',
      'placements.created_at',
    ]);
}

/** Placements of a facility; `openFrom` keeps those not ended by that day (current and future). */
export async function listPlacements(db: Db, facilityId: string, options: { openFrom?: string } = {}): Promise<PlacementRow[]> {
  let q = placementsQuery(db).where('facility_beds.facility_id', '=', facilityId);
  if (options.openFrom) {
    const day = options.openFrom;
    q = q.where((w) => w.or([w('placements.ends_on', 'is', null), w('placements.ends_on', '>', day)]));
  }
  return q.orderBy('placements.starts_on', 'desc').orderBy('placements.id').execute();
}

export async function findPlacement(db: Db, facilityId: string, placementId: string): Promise<PlacementRow | undefined> {
  return placementsQuery(db).where('facility_beds.facility_id', '=', facilityId).where('placements.id', '=', placementId).executeTakeFirst();
}

/** Placements overlapping [from, to) of a facility: dates only (occupancy). */
export async function placementPeriods(db: Db, facilityId: string, from: string, to: string): Promise<Array<{ starts_on: string; ends_on: string | null }>> {
  return db
    .selectFrom('placements')
    .innerJoin('facility_beds', 'facility_beds.id', 'placements.bed_id')
    .select(['placements.starts_on', 'placements.ends_on'])
    .where('facility_beds.facility_id', '=', facilityId)
    .where('placements.starts_on', '<', to)
    .where((w) => w.or([w('placements.ends_on', 'is', null), w('placements.ends_on', '>', from)]))
    .execute();
}

/** Open placements (current or future) of a bed, or of every bed of a facility. */
export async function openPlacementCount(db: Db, options: { bedId?: string; facilityId?: string; today: string }): Promise<number> {
  let q = db
    .selectFrom('placements')
    .innerJoin('facility_beds', 'facility_beds.id', 'placements.bed_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where((w) => w.or([w('placements.ends_on', 'is', null), w('placements.ends_on', '>', options.today)]));
  if (options.bedId) q = q.where('placements.bed_id', '=', options.bedId);
  if (options.facilityId) q = q.where('facility_beds.facility_id', '=', options.facilityId);
  return (await q.executeTakeFirstOrThrow()).n;
}

/** The person, if visible to organisation `orgId` (persons/scope.ts) and not merged into another. */
export async function findPersonVisibleTo(db: Db, personId: string, orgId: string): Promise<{ id: string; code: string } | undefined> {
  return db
    .selectFrom('persons')
    .select(['persons.id', 'persons.code'])
    .where('persons.id', '=', personId)
    .where('persons.merged_into_id', 'is', null)
    .where((eb) => personVisibleTo(eb, orgId))
    .executeTakeFirst();
}

export async function findCaseOf(db: Db, caseId: string): Promise<{ id: string; person_id: string; org_id: string } | undefined> {
  return db.selectFrom('cases').select(['id', 'person_id', 'org_id']).where('id', '=', caseId).executeTakeFirst();
}

/** The organisation's most recently opened case of the person that is not closed, if any. */
export async function latestOpenCase(db: Db, personId: string, orgId: string): Promise<string | null> {
  const r = await db
    .selectFrom('cases')
    .select('id')
    .where('person_id', '=', personId)
    .where('org_id', '=', orgId)
    .where('closed_at', 'is', null)
    .orderBy('opened_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function findVisibleCase(db: Db, caseId: string, actor: ScopeActor): Promise<{ id: string; person_id: string } | undefined> {
  return db.selectFrom('cases').select(['cases.id', 'cases.person_id']).where('cases.id', '=', caseId).where((eb) => caseVisibleTo(eb, actor)).executeTakeFirst();
}

export interface CasePlacementRow {
  id: string;
  facility_name: string;
  facility_type: string;
  province: string;
  org_name: string;
  bed_label: string;
  starts_on: string;
  ends_on: string | null;
  leaving_reason: string | null;
}

export async function casePlacements(db: Db, caseId: string): Promise<CasePlacementRow[]> {
  return db
    .selectFrom('placements')
    .innerJoin('facility_beds', 'facility_beds.id', 'placements.bed_id')
    .innerJoin('facilities', 'facilities.id', 'facility_beds.facility_id')
    .innerJoin('organisations', 'organisations.id', 'facilities.org_id')
    .select([
      'placements.id',
      'facilities.name as facility_name',
      'facilities.facility_type',
      'facilities.province',
      'organisations.name as org_name',
      'facility_beds.label as bed_label',
      'placements.starts_on',
      'placements.ends_on',
      'placements.leaving_reason',
    ])
    .where('placements.case_id', '=', caseId)
    .orderBy('placements.starts_on', 'desc')
    .execute();
}

export interface AvailabilityRow {
  facility_type: string;
  province: string;
  facilities: number;
  beds: number;
  free: number;
}

/**
 * Network-wide counts of active beds in active facilities by type and province, and of those free
 * from `today` on (no current or future placement). Counts only: no facility, no person.
 */
export async function availability(db: Db, options: { today: string; targetGroup?: string }): Promise<AvailabilityRow[]> {
  const group = options.targetGroup ? sql`and ${options.targetGroup} = any(f.target_groups)` : sql``;
  const r = await sql<AvailabilityRow>`
    select f.facility_type, f.province,
      count(distinct f.id)::int as facilities,
      count(b.id)::int as beds,
      (count(b.id) filter (where not exists (
        select 1 from placements p where p.bed_id = b.id and (p.ends_on is null or p.ends_on > ${options.today}::date)
      )))::int as free
    from facilities f
    join facility_beds b on b.facility_id = f.id and b.is_active
    where f.is_active ${group}
    group by f.facility_type, f.province
    order by f.facility_type, f.province`.execute(db);
  return r.rows;
}

export interface WaitlistRow {
  id: string;
  org_id: string;
  facility_id: string | null;
  facility_name: string | null;
  facility_type: string | null;
  person_id: string;
  person_code: string;
  identity_enc: string;
  case_id: string | null;
  case_code: string | null;
  priority: number;
  requested_on: string;
  needs: string[];
  note_enc: string | null;
  status: 'waiting' | 'placed' | 'withdrawn';
  placement_id: string | null;
  created_at: Date;
  updated_at: Date;
}

function waitlistQuery(db: Db) {
  return db
    .selectFrom('accommodation_waitlist as w')
    .innerJoin('persons', 'persons.id', 'w.person_id')
    .leftJoin('cases', 'cases.id', 'w.case_id')
    .leftJoin('facilities', 'facilities.id', 'w.facility_id')
    .select([
      'w.id',
      'w.org_id',
      'w.facility_id',
      'facilities.name as facility_name',
      'w.facility_type',
      'w.person_id',
      'persons.code as person_code',
      'persons.identity_enc',
      'w.case_id',
      'cases.code as case_code',
      'w.priority',
      'w.requested_on',
      'w.needs',
      'w.note_enc',
      'w.status',
      'w.placement_id',
      'w.created_at',
      'w.updated_at',
    ]);
}

export async function listWaitlist(db: Db, orgId: string, status?: string): Promise<WaitlistRow[]> {
  let q = waitlistQuery(db).where('w.org_id', '=', orgId);
  if (status) q = q.where('w.status', '=', status as WaitlistRow['status']);
  return q.orderBy(sql`w.status = 'waiting'`, 'desc').orderBy('w.priority').orderBy('w.requested_on').orderBy('w.id').execute();
}

export async function findWaitlistEntry(db: Db, orgId: string, id: string): Promise<WaitlistRow | undefined> {
  return waitlistQuery(db).where('w.org_id', '=', orgId).where('w.id', '=', id).executeTakeFirst();
}
