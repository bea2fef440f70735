/**
 * Rules of accommodation: facilities and beds, placements, waiting lists, occupancy and the
 * network-wide availability board.
 *
 * Who sees what:
 * - A facility is managed (edited, beds, placements, waiting list) by the users of its owner
 *   organisation holding accommodation.manage.
 * - It is seen (facility page, occupancy) by those, and by holders of accommodation.address in the
 *   owner organisation or in the lead body of a project the owner is a partner of (the coordinator).
 * - Its confidential address (encrypted) is shown only to holders of accommodation.address in the
 *   owner organisation or in such a lead body. Who is placed (person code, case number) only to the
 *   managers; names only to those also holding persons.write.
 * - The availability board (referrals.send, cases.read, accommodation.*) shows counts by facility
 *   type and province: no facility, no address, no person; free beds exact, occupied beds
 *   protected against small cells (src/domain/protection/boards.ts).
 * - A person placed or put on the waiting list must be visible to the owner organisation
 *   (persons/scope.ts); a case named must be the owner organisation's case of that person.
 *
 * Out of reach answers 404 like a missing record, audited as denied. A bed cannot be double-booked:
 * the database refuses overlapping placements (exclusion constraint), answered 409.
 */
import { randomUUID } from 'node:crypto';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { PonteError, conflictError, fieldError, notFound } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import type { Permission } from '../../../domain/permissions.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { monthRange, occupancyByMonth, type OccupancyMonth } from '../../../domain/accommodation.ts';
import { protectAvailability, type ProtectedAvailability } from '../../../domain/protection/boards.ts';
import { personDisplayName, readStoredIdentity } from '../persons/identity.ts';
import type { ScopeActor } from '../persons/scope.ts';
import { accommodationColumns } from './encrypted.ts';
import * as q from './queries.ts';
import type { BedUpdate, FacilityCreate, FacilityUpdate, PlacementCreate, PlacementEnd, WaitlistCreate, WaitlistUpdate } from './schemas.ts';
import type { z } from 'zod';
import type { bedCreate } from './schemas.ts';

export interface AccommodationDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

type Column = { table: string; column: string };

/** Thrown inside a transaction when the record is out of the caller's reach; becomes an audited 404. */
class OutOfReach extends Error {}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

function changedFields(input: object): string[] {
  return Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
}

async function seal(deps: AccommodationDeps, tx: ScopedTx, column: Column, rowId: string, plaintext: string | null | undefined): Promise<string | null> {
  if (!plaintext) return null;
  return deps.cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

async function open(deps: AccommodationDeps, tx: ScopedTx, column: Column, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return deps.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db: tx.db });
}

// --- database errors -------------------------------------------------------------------------

type SqlError = { code?: string; constraint?: string; message?: string };

function sqlError(e: unknown): SqlError {
  if (typeof e !== 'object' || e === null) return {};
  return e;
}

function isExclusionViolation(e: unknown, constraint: string): boolean {
  const err = sqlError(e);
  return err.code === '23P01' && (err.constraint === constraint || (err.message ?? '').includes(constraint));
}

export const accommodationConflicts = {
  bedTaken: () =>
    conflictError({
      it: 'Il posto letto è già occupato o prenotato in quel periodo.',
      en: 'The bed is already taken or booked for that period.',
      detail: 'placements_no_double_booking',
    }),
  personPlaced: () =>
    conflictError({
      it: 'La persona ha già un inserimento in quel periodo: chiudi prima quello in corso.',
      en: 'The person already has a placement in that period: end the current one first.',
      detail: 'placements_one_bed_per_person',
    }),
  openPlacements: () =>
    conflictError({
      it: 'Ci sono inserimenti in corso o futuri: chiudili prima di disattivare.',
      en: 'There are current or future placements: end them before deactivating.',
      detail: 'open placements',
    }),
  duplicateName: () =>
    conflictError({ it: 'Esiste già una struttura con questo nome.', en: 'A facility with this name already exists.', detail: 'facility name' }),
  duplicateBed: () =>
    conflictError({ it: 'Esiste già un posto letto con questa etichetta.', en: 'A bed with this label already exists.', detail: 'bed label' }),
  alreadyWaiting: () =>
    conflictError({ it: 'La persona è già in lista d’attesa.', en: 'The person is already on the waiting list.', detail: 'waitlist' }),
  notWaiting: () =>
    conflictError({ it: 'La richiesta non è più in attesa.', en: 'The request is no longer waiting.', detail: 'waitlist status' }),
  alreadyEnded: () =>
    conflictError({ it: 'L’inserimento è già concluso.', en: 'The placement has already ended.', detail: 'placement ended' }),
};

function mapWriteError(e: unknown): unknown {
  if (isExclusionViolation(e, 'placements_no_double_booking')) return accommodationConflicts.bedTaken();
  if (isExclusionViolation(e, 'placements_one_bed_per_person')) return accommodationConflicts.personPlaced();
  return e;
}

// --- who may do what -------------------------------------------------------------------------

type Need = 'view' | 'manage';

interface FacilityReach {
  facility: q.FacilityRow;
  manage: boolean;
  address: boolean;
}

function has(tx: ScopedTx, p: Permission): boolean {
  return tx.actor.permissions.has(p);
}

/** What the caller may do with a facility (none: out of reach). */
async function reachOf(tx: ScopedTx, facility: q.FacilityRow): Promise<Omit<FacilityReach, 'facility'>> {
  const orgId = tx.actor.orgId;
  if (!orgId) return { manage: false, address: false };
  const owner = facility.org_id === orgId;
  const manage = owner && has(tx, 'accommodation.manage');
  let address = false;
  if (has(tx, 'accommodation.address')) {
    address = owner || (await q.coordinatedOrgIds(tx.db, orgId)).includes(facility.org_id);
  }
  return { manage, address };
}

/**
 * The one door to a facility: permission, then the facility's reach for the caller; `work` runs in
 * the same transaction. Refusals (and record ids under the facility that are not its own) are
 * audited as denied and answer 404.
 */
async function onFacility<T>(
  deps: AccommodationDeps,
  options: { facilityId: string; need: Need; action: AuditAction; forUpdate?: boolean },
  work: (tx: ScopedTx, reach: FacilityReach) => Promise<T>,
): Promise<T> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: 'facility', recordId: options.facilityId };
  const allowed = options.need === 'manage' ? actor.permissions.has('accommodation.manage') : actor.permissions.has('accommodation.manage') || actor.permissions.has('accommodation.address');
  if (!allowed || !actor.orgId) {
    await access.auditDenied({ ...entry, details: { missing: options.need === 'manage' ? 'accommodation.manage' : 'accommodation.address' } });
    throw notFound('missing accommodation permission');
  }
  try {
    return await access.transaction(async (tx) => {
      const facility = await q.findFacility(tx.db, options.facilityId, { forUpdate: options.forUpdate ?? false });
      if (!facility) throw new OutOfReach('facility not found');
      const reach = await reachOf(tx, facility);
      if (options.need === 'manage' ? !reach.manage : !(reach.manage || reach.address)) throw new OutOfReach('facility out of reach');
      return work(tx, { facility, ...reach });
    });
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    if (e instanceof PonteError && e.code === 'not_found') await access.auditDenied({ ...entry, details: { reason: e.detail ?? 'not_found' } });
    throw mapWriteError(e);
  }
}

/** For list endpoints: one permission of a set, else an audited 404. */
async function requireAny(deps: AccommodationDeps, options: { permissions: Permission[]; action: AuditAction; status?: 403 | 404 }): Promise<string> {
  const actor = deps.access.requireActor();
  if (actor.orgId && options.permissions.some((p) => actor.permissions.has(p))) return actor.orgId;
  await deps.access.auditDenied({ action: options.action, details: { missing: options.permissions.join('|') } });
  throw new PonteError({ code: options.status === 403 ? 'forbidden' : 'not_found', detail: `missing ${options.permissions.join(' or ')}` });
}

// =============================================================================================
// Facilities

export interface BedDto {
  id: string;
  label: string;
  kind: string;
  active: boolean;
  occupied: boolean;
  /** Present for managers of the facility only. */
  placement: { id: string; personId: string; personCode: string; personName: string | null; caseId: string | null; caseCode: string | null; startsOn: string } | null;
}

export interface FacilityDto {
  id: string;
  organisationId: string;
  organisationName: string;
  type: string;
  name: string;
  province: string;
  municipality: string | null;
  targetGroups: string[];
  active: boolean;
  /** Only for the owner organisation and the lead body's coordinator (accommodation.address); else absent. */
  address?: string | null;
  canManage: boolean;
  beds: BedDto[];
  createdAt: string;
  updatedAt: string;
}

async function personName(deps: AccommodationDeps, tx: ScopedTx, row: { person_id: string; identity_enc: string }): Promise<string | null> {
  if (!has(tx, 'persons.write')) return null;
  return personDisplayName(await readStoredIdentity({ cipher: deps.cipher, personId: row.person_id, identityEnc: row.identity_enc, db: tx.db }));
}

async function facilityDto(deps: AccommodationDeps, tx: ScopedTx, reach: FacilityReach): Promise<FacilityDto> {
  const f = reach.facility;
  const today = italianToday(tx.now);
  const beds = await q.listBeds(tx.db, f.id);
  const current = (await q.listPlacements(tx.db, f.id, { openFrom: today })).filter((p) => p.starts_on <= today);
  const byBed = new Map(current.map((p) => [p.bed_id, p]));
  const bedDtos: BedDto[] = [];
  for (const b of beds) {
    const p = byBed.get(b.id);
    bedDtos.push({
      id: b.id,
      label: b.label,
      kind: b.kind,
      active: b.is_active,
      occupied: !!p,
      placement:
        p && reach.manage
          ? { id: p.id, personId: p.person_id, personCode: p.person_code, personName: await personName(deps, tx, p), caseId: p.case_id, caseCode: p.case_code, startsOn: p.starts_on }
          : null,
    });
  }
  return {
    id: f.id,
    organisationId: f.org_id,
    organisationName: f.org_name,
    type: f.facility_type,
    name: f.name,
    province: f.province,
    municipality: f.municipality,
    targetGroups: f.target_groups,
    active: f.is_active,
    ...(reach.address ? { address: await open(deps, tx, accommodationColumns.facilityAddress, f.id, f.address_enc) } : {}),
    canManage: reach.manage,
    beds: bedDtos,
    createdAt: iso(f.created_at),
    updatedAt: iso(f.updated_at),
  };
}

function facilityReadFields(reach: FacilityReach, dto: FacilityDto): string[] {
  const fields = ['name', 'type', 'province', 'beds'];
  if (reach.address) fields.push('address');
  if (reach.manage && dto.beds.some((b) => b.placement)) fields.push('placements');
  if (dto.beds.some((b) => b.placement?.personName)) fields.push('person.names');
  return fields;
}

export interface FacilitySummaryDto {
  id: string;
  organisationId: string;
  organisationName: string;
  type: string;
  name: string;
  province: string;
  municipality: string | null;
  targetGroups: string[];
  active: boolean;
  beds: number;
  occupied: number;
  canManage: boolean;
}

export async function listFacilities(deps: AccommodationDeps): Promise<{ items: FacilitySummaryDto[] }> {
  await requireAny(deps, { permissions: ['accommodation.manage', 'accommodation.address'], action: 'facility.list' });
  return deps.access.transaction(async (tx) => {
    const orgId = tx.actor.orgId as string;
    const orgIds = new Set<string>();
    if (has(tx, 'accommodation.manage') || has(tx, 'accommodation.address')) orgIds.add(orgId);
    if (has(tx, 'accommodation.address')) for (const id of await q.coordinatedOrgIds(tx.db, orgId)) orgIds.add(id);
    const rows = await q.listFacilities(tx.db, [...orgIds], italianToday(tx.now));
    await tx.audit({ action: 'facility.list', outcome: 'success', recordType: 'facility', fields: ['name', 'type', 'province', 'beds'], details: { count: rows.length } });
    return {
      items: rows.map((r) => ({
        id: r.id,
        organisationId: r.org_id,
        organisationName: r.org_name,
        type: r.facility_type,
        name: r.name,
        province: r.province,
        municipality: r.municipality,
        targetGroups: r.target_groups,
        active: r.is_active,
        beds: r.beds,
        occupied: r.occupied,
        canManage: r.org_id === orgId && has(tx, 'accommodation.manage'),
      })),
    };
  });
}

export async function getFacility(deps: AccommodationDeps & { facilityId: string }): Promise<FacilityDto> {
  return onFacility(deps, { facilityId: deps.facilityId, need: 'view', action: 'facility.read' }, async (tx, reach) => {
    const dto = await facilityDto(deps, tx, reach);
    await tx.audit({ action: 'facility.read', outcome: 'success', recordType: 'facility', recordId: reach.facility.id, fields: facilityReadFields(reach, dto) });
    return dto;
  });
}

async function insertBed(tx: ScopedTx, facilityId: string, bed: z.infer<typeof bedCreate>): Promise<string> {
  const r = await tx.db
    .insertInto('facility_beds')
    .values({ facility_id: facilityId, label: bed.label, kind: bed.kind, created_at: tx.now, updated_at: tx.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function createFacility(deps: AccommodationDeps & { input: FacilityCreate }): Promise<FacilityDto> {
  const { input } = deps;
  const orgId = await requireAny(deps, { permissions: ['accommodation.manage'], action: 'facility.create' });
  try {
    return await deps.access.transaction(async (tx) => {
      const id = randomUUID();
      await tx.db
        .insertInto('facilities')
        .values({
          id,
          org_id: orgId,
          facility_type: input.type,
          name: input.name,
          address_enc: await seal(deps, tx, accommodationColumns.facilityAddress, id, input.address),
          province: input.province,
          municipality: input.municipality ?? null,
          target_groups: input.targetGroups,
          created_by: tx.actor.userId,
          created_at: tx.now,
          updated_at: tx.now,
        })
        .execute();
      for (const bed of input.beds) await insertBed(tx, id, bed);
      await tx.audit({ action: 'facility.create', outcome: 'success', recordType: 'facility', recordId: id, fields: changedFields(input), details: { beds: input.beds.length } });
      const facility = (await q.findFacility(tx.db, id)) as q.FacilityRow;
      return facilityDto(deps, tx, { facility, ...(await reachOf(tx, facility)) });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw accommodationConflicts.duplicateName();
    throw e;
  }
}

export async function updateFacility(deps: AccommodationDeps & { facilityId: string; input: FacilityUpdate }): Promise<FacilityDto> {
  const { input } = deps;
  try {
    return await onFacility(deps, { facilityId: deps.facilityId, need: 'manage', action: 'facility.update', forUpdate: true }, async (tx, reach) => {
      const f = reach.facility;
      const province = input.province ?? f.province;
      const municipality = input.municipality !== undefined ? input.municipality : f.municipality;
      if (municipality && !municipality.startsWith(province)) {
        throw fieldError({ locale: deps.access.meta.locale, path: 'municipality', message: issueMessages.municipalityInProvince });
      }
      if (input.active === false && f.is_active && (await q.openPlacementCount(tx.db, { facilityId: f.id, today: italianToday(tx.now) })) > 0) {
        throw accommodationConflicts.openPlacements();
      }
      await tx.db
        .updateTable('facilities')
        .set({
          ...(input.type !== undefined ? { facility_type: input.type } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.address !== undefined ? { address_enc: await seal(deps, tx, accommodationColumns.facilityAddress, f.id, input.address) } : {}),
          ...(input.province !== undefined ? { province: input.province } : {}),
          ...(input.municipality !== undefined ? { municipality: input.municipality } : {}),
          ...(input.targetGroups !== undefined ? { target_groups: input.targetGroups } : {}),
          ...(input.active !== undefined ? { is_active: input.active } : {}),
          updated_at: tx.now,
          version: (eb) => eb('version', '+', 1),
        })
        .where('id', '=', f.id)
        .execute();
      await tx.audit({ action: 'facility.update', outcome: 'success', recordType: 'facility', recordId: f.id, fields: changedFields(input) });
      const facility = (await q.findFacility(tx.db, f.id)) as q.FacilityRow;
      return facilityDto(deps, tx, { ...reach, facility });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw accommodationConflicts.duplicateName();
    throw e;
  }
}

export async function addBed(deps: AccommodationDeps & { facilityId: string; input: z.infer<typeof bedCreate> }): Promise<BedDto> {
  try {
    return await onFacility(deps, { facilityId: deps.facilityId, need: 'manage', action: 'facility.update' }, async (tx, reach) => {
      const id = await insertBed(tx, reach.facility.id, deps.input);
      await tx.audit({ action: 'facility.update', outcome: 'success', recordType: 'facility_bed', recordId: id, fields: changedFields(deps.input), details: { facilityId: reach.facility.id, op: 'bed_create' } });
      return { id, label: deps.input.label, kind: deps.input.kind, active: true, occupied: false, placement: null };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw accommodationConflicts.duplicateBed();
    throw e;
  }
}

export async function updateBed(deps: AccommodationDeps & { facilityId: string; bedId: string; input: BedUpdate }): Promise<BedDto> {
  const { input } = deps;
  try {
    return await onFacility(deps, { facilityId: deps.facilityId, need: 'manage', action: 'facility.update', forUpdate: true }, async (tx, reach) => {
      const bed = await q.findBed(tx.db, reach.facility.id, deps.bedId);
      if (!bed) throw notFound('bed');
      const today = italianToday(tx.now);
      if (input.active === false && bed.is_active && (await q.openPlacementCount(tx.db, { bedId: bed.id, today })) > 0) throw accommodationConflicts.openPlacements();
      await tx.db
        .updateTable('facility_beds')
        .set({
          ...(input.label !== undefined ? { label: input.label } : {}),
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.active !== undefined ? { is_active: input.active } : {}),
          updated_at: tx.now,
        })
        .where('id', '=', bed.id)
        .execute();
      await tx.audit({ action: 'facility.update', outcome: 'success', recordType: 'facility_bed', recordId: bed.id, fields: changedFields(input), details: { facilityId: reach.facility.id, op: 'bed_update' } });
      const dto = (await facilityDto(deps, tx, reach)).beds.find((b) => b.id === bed.id);
      if (!dto) throw notFound('bed');
      return dto;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw accommodationConflicts.duplicateBed();
    throw e;
  }
}

// =============================================================================================
// Placements

export interface PlacementDto {
  id: string;
  bedId: string;
  bedLabel: string;
  personId: string;
  personCode: string;
  personName: string | null;
  caseId: string | null;
  caseCode: string | null;
  startsOn: string;
  endsOn: string | null;
  leavingReason: string | null;
  note: string | null;
  current: boolean;
  createdAt: string;
}

async function placementDto(deps: AccommodationDeps, tx: ScopedTx, p: q.PlacementRow): Promise<PlacementDto> {
  const today = italianToday(tx.now);
  return {
    id: p.id,
    bedId: p.bed_id,
    bedLabel: p.bed_label,
    personId: p.person_id,
    personCode: p.person_code,
    personName: await personName(deps, tx, p),
    caseId: p.case_id,
    caseCode: p.case_code,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    leavingReason: p.leaving_reason,
    note: await open(deps, tx, accommodationColumns.placementNote, p.id, p.note_enc),
    current: p.starts_on <= today && (p.ends_on === null || p.ends_on > today),
    createdAt: iso(p.created_at),
  };
}

function placementFields(tx: ScopedTx): string[] {
  return ['person.code', 'case.code', 'dates', 'leaving_reason', 'note', ...(has(tx, 'persons.write') ? ['person.names'] : [])];
}

export async function listPlacements(deps: AccommodationDeps & { facilityId: string; current?: boolean }): Promise<{ items: PlacementDto[] }> {
  return onFacility(deps, { facilityId: deps.facilityId, need: 'manage', action: 'placement.list' }, async (tx, reach) => {
    const today = italianToday(tx.now);
    let rows = await q.listPlacements(tx.db, reach.facility.id);
    if (deps.current !== undefined) rows = rows.filter((p) => (p.starts_on <= today && (p.ends_on === null || p.ends_on > today)) === deps.current);
    const items: PlacementDto[] = [];
    for (const r of rows) items.push(await placementDto(deps, tx, r));
    await tx.audit({ action: 'placement.list', outcome: 'success', recordType: 'facility', recordId: reach.facility.id, fields: placementFields(tx), details: { count: items.length } });
    return { items };
  });
}

export async function createPlacement(deps: AccommodationDeps & { facilityId: string; input: PlacementCreate }): Promise<PlacementDto> {
  const { input } = deps;
  const locale = deps.access.meta.locale;
  return onFacility(deps, { facilityId: deps.facilityId, need: 'manage', action: 'placement.create' }, async (tx, reach) => {
    const f = reach.facility;
    const bed = await q.findBed(tx.db, f.id, input.bedId);
    if (!bed || !bed.is_active || !f.is_active) throw fieldError({ locale, path: 'bedId', message: { it: 'posto letto inesistente o non in uso', en: 'no such bed in use in this facility' } });
    // The person must be visible to the facility's owner organisation: else it does not exist for the caller.
    const person = await q.findPersonVisibleTo(tx.db, input.personId, f.org_id);
    if (!person) throw new OutOfReach('person not visible to the facility owner');
    if (input.caseId) {
      const c = await q.findCaseOf(tx.db, input.caseId);
      if (!c || c.person_id !== person.id || c.org_id !== f.org_id) throw fieldError({ locale, path: 'caseId', message: { it: 'non è un caso di questa persona presso l’ente della struttura', en: 'not a case of this person at the facility’s organisation' } });
    }
    let waitlist: q.WaitlistRow | undefined;
    if (input.waitlistId) {
      waitlist = await q.findWaitlistEntry(tx.db, f.org_id, input.waitlistId);
      if (!waitlist || waitlist.person_id !== person.id) throw fieldError({ locale, path: 'waitlistId', message: { it: 'richiesta in lista d’attesa non trovata per questa persona', en: 'no waiting-list request of this person' } });
      if (waitlist.status !== 'waiting') throw accommodationConflicts.notWaiting();
    }
    // No case named: the owner organisation's open case of the person (the waiting-list request's, or the latest), if any.
    const caseId = input.caseId !== undefined ? input.caseId : (waitlist?.case_id ?? (await q.latestOpenCase(tx.db, person.id, f.org_id)));
    const id = randomUUID();
    await tx.db
      .insertInto('placements')
      .values({
        id,
        bed_id: bed.id,
        person_id: person.id,
        case_id: caseId,
        starts_on: input.startsOn,
        ends_on: null,
        leaving_reason: null,
        note_enc: await seal(deps, tx, accommodationColumns.placementNote, id, input.note),
        placed_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    if (waitlist) {
      await tx.db.updateTable('accommodation_waitlist').set({ status: 'placed', placement_id: id, updated_at: tx.now }).where('id', '=', waitlist.id).execute();
      await tx.audit({ action: 'waitlist.write', outcome: 'success', recordType: 'accommodation_waitlist', recordId: waitlist.id, fields: ['status'], details: { op: 'placed', placementId: id } });
    }
    await tx.audit({
      action: 'placement.create', outcome: 'success', recordType: 'placement', recordId: id, fields: changedFields(input),
      details: { facilityId: f.id, personId: person.id, caseId },
    });
    const row = await q.findPlacement(tx.db, f.id, id);
    if (!row) throw notFound('placement');
    return placementDto(deps, tx, row);
  });
}

export async function endPlacement(deps: AccommodationDeps & { facilityId: string; placementId: string; input: PlacementEnd }): Promise<PlacementDto> {
  const { input } = deps;
  return onFacility(deps, { facilityId: deps.facilityId, need: 'manage', action: 'placement.update' }, async (tx, reach) => {
    const p = await q.findPlacement(tx.db, reach.facility.id, deps.placementId);
    if (!p) throw notFound('placement');
    if (p.ends_on !== null) throw accommodationConflicts.alreadyEnded();
    if (input.endsOn <= p.starts_on) throw fieldError({ locale: deps.access.meta.locale, path: 'endsOn', message: issueMessages.endsNotAfterStart });
    const updated = await tx.db
      .updateTable('placements')
      .set({
        ends_on: input.endsOn,
        leaving_reason: input.reason,
        ...(input.note !== undefined ? { note_enc: await seal(deps, tx, accommodationColumns.placementNote, p.id, input.note) } : {}),
        ended_by: tx.actor.userId,
        updated_at: tx.now,
      })
      .where('id', '=', p.id)
      .where('ends_on', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw accommodationConflicts.alreadyEnded();
    await tx.audit({ action: 'placement.update', outcome: 'success', recordType: 'placement', recordId: p.id, fields: changedFields(input), details: { facilityId: reach.facility.id, op: 'end', reason: input.reason } });
    const row = await q.findPlacement(tx.db, reach.facility.id, p.id);
    if (!row) throw notFound('placement');
    return placementDto(deps, tx, row);
  });
}

// =============================================================================================
// Occupancy

export async function occupancy(deps: AccommodationDeps & { facilityId: string; from?: string | undefined; to?: string | undefined }): Promise<{ facilityId: string; beds: number; months: OccupancyMonth[] }> {
  return onFacility(deps, { facilityId: deps.facilityId, need: 'view', action: 'facility.read' }, async (tx, reach) => {
    const today = italianToday(tx.now);
    const thisMonth = today.slice(0, 7);
    const to = deps.to ?? thisMonth;
    let from = deps.from;
    if (!from) {
      const [y, m] = to.split('-').map(Number) as [number, number];
      const start = new Date(Date.UTC(y, m - 12, 1));
      from = start.toISOString().slice(0, 7);
    }
    const months = monthRange({ from, to, max: 36 });
    const last = months[months.length - 1] ?? to;
    const [ly, lm] = last.split('-').map(Number) as [number, number];
    const end = new Date(Date.UTC(ly, lm, 1)).toISOString().slice(0, 10);
    const beds = (await q.listBeds(tx.db, reach.facility.id)).filter((b) => b.is_active).length;
    const periods = await q.placementPeriods(tx.db, reach.facility.id, `${from}-01`, end);
    await tx.audit({ action: 'facility.read', outcome: 'success', recordType: 'facility', recordId: reach.facility.id, fields: ['occupancy'], details: { from, to } });
    return {
      facilityId: reach.facility.id,
      beds,
      months: occupancyByMonth({ months, activeBeds: beds, placements: periods.map((p) => ({ startsOn: p.starts_on, endsOn: p.ends_on })), today }),
    };
  });
}

// =============================================================================================
// Availability board

export interface AvailabilityDto extends ProtectedAvailability {
  date: string;
  /** The small-cell threshold applied to occupied beds (src/domain/protection/boards.ts). */
  k: number;
}

/**
 * Free beds exactly, occupied beds (and so the bed count, free + occupied) protected against small
 * cells for every caller: the decision and its reasons are in src/domain/protection/boards.ts.
 */
export async function availabilityBoard(deps: AccommodationDeps & { targetGroup?: string | undefined; smallCellK: number }): Promise<AvailabilityDto> {
  await requireAny(deps, {
    permissions: ['referrals.send', 'cases.read', 'accommodation.manage', 'accommodation.address'],
    action: 'availability.read',
    status: 403,
  });
  return deps.access.transaction(async (tx) => {
    const today = italianToday(tx.now);
    const rows = await q.availability(tx.db, { today, ...(deps.targetGroup ? { targetGroup: deps.targetGroup } : {}) });
    await tx.audit({ action: 'availability.read', outcome: 'success', recordType: 'availability', fields: ['counts'], details: { targetGroup: deps.targetGroup ?? null, k: deps.smallCellK } });
    const items = rows.map((r) => ({ facilityType: r.facility_type, province: r.province, facilities: r.facilities, beds: r.beds, free: r.free }));
    return { date: today, k: deps.smallCellK, ...protectAvailability(items, deps.smallCellK) };
  });
}

// =============================================================================================
// Waiting list

export interface WaitlistDto {
  id: string;
  facilityId: string | null;
  facilityName: string | null;
  facilityType: string | null;
  personId: string;
  personCode: string;
  personName: string | null;
  caseId: string | null;
  caseCode: string | null;
  priority: number;
  requestedOn: string;
  needs: string[];
  note: string | null;
  status: 'waiting' | 'placed' | 'withdrawn';
  placementId: string | null;
  createdAt: string;
  updatedAt: string;
}

async function waitlistDto(deps: AccommodationDeps, tx: ScopedTx, w: q.WaitlistRow): Promise<WaitlistDto> {
  return {
    id: w.id,
    facilityId: w.facility_id,
    facilityName: w.facility_name,
    facilityType: w.facility_type,
    personId: w.person_id,
    personCode: w.person_code,
    personName: await personName(deps, tx, w),
    caseId: w.case_id,
    caseCode: w.case_code,
    priority: w.priority,
    requestedOn: w.requested_on,
    needs: w.needs,
    note: await open(deps, tx, accommodationColumns.waitlistNote, w.id, w.note_enc),
    status: w.status,
    placementId: w.placement_id,
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
  };
}

export async function listWaitlist(deps: AccommodationDeps & { status?: string | undefined }): Promise<{ items: WaitlistDto[] }> {
  await requireAny(deps, { permissions: ['accommodation.manage'], action: 'waitlist.read' });
  return deps.access.transaction(async (tx) => {
    const rows = await q.listWaitlist(tx.db, tx.actor.orgId as string, deps.status || undefined);
    const items: WaitlistDto[] = [];
    for (const r of rows) items.push(await waitlistDto(deps, tx, r));
    await tx.audit({ action: 'waitlist.read', outcome: 'success', recordType: 'accommodation_waitlist', fields: ['person.code', 'case.code', 'priority', 'needs', 'note', ...(has(tx, 'persons.write') ? ['person.names'] : [])], details: { count: items.length } });
    return { items };
  });
}

/** Waiting-list writes: accommodation.manage; entries of the caller's organisation only. */
async function onWaitlist<T>(deps: AccommodationDeps, options: { recordId?: string }, work: (tx: ScopedTx, orgId: string) => Promise<T>): Promise<T> {
  const orgId = await requireAny(deps, { permissions: ['accommodation.manage'], action: 'waitlist.write' });
  const entry = { action: 'waitlist.write' as const, recordType: 'accommodation_waitlist', ...(options.recordId ? { recordId: options.recordId } : {}) };
  try {
    return await deps.access.transaction((tx) => work(tx, orgId));
  } catch (e) {
    if (e instanceof OutOfReach || (e instanceof PonteError && e.code === 'not_found')) {
      await deps.access.auditDenied({ ...entry, details: { reason: e instanceof PonteError ? (e.detail ?? 'not_found') : e.message } });
      throw e instanceof OutOfReach ? notFound(e.message) : e;
    }
    if (isUniqueViolation(e)) throw accommodationConflicts.alreadyWaiting();
    throw e;
  }
}

export async function createWaitlistEntry(deps: AccommodationDeps & { input: WaitlistCreate }): Promise<WaitlistDto> {
  const { input } = deps;
  const locale = deps.access.meta.locale;
  return onWaitlist(deps, {}, async (tx, orgId) => {
    const person = await q.findPersonVisibleTo(tx.db, input.personId, orgId);
    if (!person) throw new OutOfReach('person not visible');
    if (input.caseId) {
      const c = await q.findCaseOf(tx.db, input.caseId);
      if (!c || c.person_id !== person.id || c.org_id !== orgId) throw fieldError({ locale, path: 'caseId', message: { it: 'non è un caso di questa persona presso il tuo ente', en: 'not a case of this person at your organisation' } });
    }
    let facilityType: string | null = input.facilityType ?? null;
    if (input.facilityId) {
      const f = await q.findFacility(tx.db, input.facilityId);
      if (!f || f.org_id !== orgId) throw fieldError({ locale, path: 'facilityId', message: { it: 'non è una struttura del tuo ente', en: 'not a facility of your organisation' } });
      facilityType ??= f.facility_type;
    }
    const id = randomUUID();
    await tx.db
      .insertInto('accommodation_waitlist')
      .values({
        id,
        org_id: orgId,
        facility_id: input.facilityId ?? null,
        facility_type: facilityType,
        person_id: person.id,
        case_id: input.caseId ?? null,
        priority: input.priority,
        requested_on: input.requestedOn,
        needs: input.needs,
        note_enc: await seal(deps, tx, accommodationColumns.waitlistNote, id, input.note),
        created_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    await tx.audit({ action: 'waitlist.write', outcome: 'success', recordType: 'accommodation_waitlist', recordId: id, fields: changedFields(input), details: { op: 'create', personId: person.id } });
    const row = await q.findWaitlistEntry(tx.db, orgId, id);
    if (!row) throw notFound('waitlist');
    return waitlistDto(deps, tx, row);
  });
}

export async function updateWaitlistEntry(deps: AccommodationDeps & { id: string; input: WaitlistUpdate }): Promise<WaitlistDto> {
  const { input } = deps;
  return onWaitlist(deps, { recordId: deps.id }, async (tx, orgId) => {
    const row = await q.findWaitlistEntry(tx.db, orgId, deps.id);
    if (!row) throw notFound('waitlist entry');
    if (row.status !== 'waiting' && input.status !== undefined) throw accommodationConflicts.notWaiting();
    await tx.db
      .updateTable('accommodation_waitlist')
      .set({
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        ...(input.needs !== undefined ? { needs: input.needs } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.note !== undefined ? { note_enc: await seal(deps, tx, accommodationColumns.waitlistNote, row.id, input.note) } : {}),
        updated_at: tx.now,
      })
      .where('id', '=', row.id)
      .execute();
    await tx.audit({ action: 'waitlist.write', outcome: 'success', recordType: 'accommodation_waitlist', recordId: row.id, fields: changedFields(input), details: { op: 'update' } });
    const updated = await q.findWaitlistEntry(tx.db, orgId, row.id);
    if (!updated) throw notFound('waitlist entry');
    return waitlistDto(deps, tx, updated);
  });
}

// =============================================================================================
// From the case page

export interface CasePlacementDto {
  id: string;
  facilityName: string;
  facilityType: string;
  province: string;
  organisationName: string;
  bedLabel: string;
  startsOn: string;
  endsOn: string | null;
  leavingReason: string | null;
}

export async function listCasePlacements(deps: AccommodationDeps & { caseId: string }): Promise<{ items: CasePlacementDto[] }> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: 'placement.list' as const, recordType: 'case', recordId: deps.caseId };
  if (!actor.permissions.has('cases.read') || !actor.orgId) {
    await access.auditDenied({ ...entry, details: { missing: 'cases.read' } });
    throw notFound('missing cases.read');
  }
  const scope: ScopeActor = { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions };
  try {
    return await access.transaction(async (tx) => {
      const c = await q.findVisibleCase(tx.db, deps.caseId, scope);
      if (!c) throw new OutOfReach('case not visible');
      const rows = await q.casePlacements(tx.db, c.id);
      await tx.audit({ action: 'placement.list', outcome: 'success', recordType: 'case', recordId: c.id, fields: ['facility.name', 'dates', 'leaving_reason'], details: { count: rows.length } });
      return {
        items: rows.map((r) => ({
          id: r.id,
          facilityName: r.facility_name,
          facilityType: r.facility_type,
          province: r.province,
          organisationName: r.org_name,
          bedLabel: r.bed_label,
          startsOn: r.starts_on,
          endsOn: r.ends_on,
          leavingReason: r.leaving_reason,
        })),
      };
    });
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    throw e;
  }
}
