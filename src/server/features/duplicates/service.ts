/**
 * Rules of duplicate checks and merges.
 *
 * A duplicate check compares a person about to be registered (or edited) with the whole registry
 * on keyed encodings. What the caller's organisation may see comes back with its score and
 * reasons; a resembling person held only by other organisations comes back as "ask them" (the
 * organisation and how strong the resemblance is), with no person id, score or reason.
 *
 * A merge folds a duplicate record into the kept one: requested by someone holding persons.write,
 * decided by someone else holding cases.approve in the same organisation. Approval moves the
 * duplicate's cases, adds its names (as aliases), documents and phones to the kept identity and
 * records what moved (encrypted) so that a revert restores exactly that. Both records' versions
 * are checked at each step: a person changed in between answers 409.
 */
import { randomUUID } from 'node:crypto';
import type { Services } from '../../app.ts';
import type { Actor, DataAccess } from '../../platform/access.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import { fieldAad } from '../../platform/crypto.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { conflictError, fieldError, notFound } from '../../platform/errors.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { StoredIdentity, PersonNameInput, IdentityDocument } from '../../../domain/persons/schema.ts';
import { findCandidates, indexPerson, linkageBirth, linkageIdentity } from '../persons/linkage-store.ts';
import { earlierDecisions, fromStoredEncoding, pairKey, withEarlierDecision, type EncodedPerson } from '../../../domain/linkage/index.ts';
import { personColumns } from '../persons/encrypted.ts';
import { personDisplayName, readStoredIdentity, sealStoredIdentity } from '../persons/identity.ts';
import { refreshCaseAgeBands } from '../cases/age-band.ts';
import * as q from './queries.ts';
import type { DuplicateCheckBody, DuplicateCheckResponse, MergeCreateBody, MergeDto, MergeListQuery } from './schemas.ts';

type CryptoServices = Pick<Services, 'cipher' | 'linkage'>;

/** At most this many visible candidates, and this many other organisations, are answered. */
export const DUPLICATE_CAP = 20;

/**
 * The interactive check scores at most 150 candidates (the pairs export keeps the store's 400):
 * at 1M persons this took p95 from 68 to 44 ms for 7 fewer re-registrations of 500 ranked first
 * (433 → 426; bench/duplicates.ts, README "Benchmark").
 */
export const DUPLICATE_CHECK_LIMITS = { maxCandidates: 150 } as const;

/** A record out of the caller's scope: answered 404 like a missing one, the attempt audited. */
class Hidden extends Error {}

async function orHidden<T>(access: DataAccess, entry: Omit<AuditEntry, 'outcome'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof Hidden) {
      await access.auditDenied(entry);
      throw notFound(e.message);
    }
    throw e;
  }
}

function orgOf(actor: Actor): string {
  if (!actor.orgId) throw new Hidden('no acting organisation');
  return actor.orgId;
}

// ---------------------------------------------------------------------------------------------
// duplicate check

function birthYearsOf(identity: StoredIdentity): { from: number; to: number } | null {
  const b = linkageBirth(identity.birth);
  if (!b) return null;
  if (b.kind === 'range') return { from: b.fromYear, to: b.toYear };
  return { from: b.year, to: b.year };
}

function decryptIdentity(services: CryptoServices, tx: Transaction<DB>, personId: string, value: string): Promise<StoredIdentity> {
  return readStoredIdentity({ cipher: services.cipher, db: tx, personId, identityEnc: value });
}

function encryptIdentity(services: CryptoServices, tx: Transaction<DB>, personId: string, identity: StoredIdentity): Promise<string> {
  return sealStoredIdentity({ cipher: services.cipher, db: tx, personId, identity });
}

/**
 * The candidates of `encoded` in the registry as `actor`'s organisation may see them (the shared
 * part of both checks): visible persons with score and reasons, the others as the organisations
 * holding them. `self` is the registered person being checked, if any: left out, and a pair a
 * person kept apart (a merge rejected or reverted) is never a match again.
 */
async function candidatesOf(options: {
  tx: Transaction<DB>;
  services: CryptoServices;
  actor: Actor;
  encoded: EncodedPerson;
  self: string | null;
}): Promise<DuplicateCheckResponse & { scored: number; details: boolean }> {
  const { tx, services, actor, encoded, self } = options;
  const withDetails = actor.permissions.has('persons.write');
  const orgId = orgOf(actor);
  const found = await findCandidates({ db: tx, person: encoded, excludeIds: self ? [self] : [], queryIndexed: self !== null, limits: DUPLICATE_CHECK_LIMITS });
  // the best few: enough to fill both lists in the usual case, without reading the long tail
  let top = found.slice(0, DUPLICATE_CAP * 3);
  if (self) {
    const decided = earlierDecisions(await q.undoneMerges(tx, self, top.map((c) => c.personId)));
    if (decided.size > 0) top = top.map((c) => withEarlierDecision(c, decided.get(pairKey(self, c.personId))));
  }
  const rows = new Map((await q.candidateRows(tx, top.map((c) => c.personId), orgId)).map((r) => [r.id, r]));
  const candidates: DuplicateCheckResponse['candidates'] = [];
  const elsewhere = new Map<string, 'match' | 'possible'>();
  const names = new Map<string, string>();
  for (const c of top) {
    const row = rows.get(c.personId);
    if (!row || c.decision === 'none') continue;
    if (row.visible) {
      if (candidates.length >= DUPLICATE_CAP) continue;
      const identity = withDetails ? await decryptIdentity(services, tx, row.id, row.identity_enc) : undefined;
      candidates.push({
        score: Math.round(c.score * 1000) / 1000,
        decision: c.decision,
        reasons: c.reasons.map((r) => (r.value === undefined ? { code: r.code } : { code: r.code, value: r.value })),
        person: {
          id: row.id,
          code: row.code,
          displayName: identity ? personDisplayName(identity) : null,
          birthYears: identity ? birthYearsOf(identity) : null,
          sex: row.sex,
          citizenships: row.citizenships,
        },
      });
    } else {
      // held elsewhere: the owner and every organisation with a case, strongest resemblance each
      for (const org of new Set([row.owner_org_id, ...row.case_org_ids])) {
        if (org === orgId) continue;
        if (elsewhere.get(org) !== 'match') elsewhere.set(org, c.decision);
        const name = row.holder_names[org];
        if (name !== undefined) names.set(org, name);
      }
    }
  }
  const holders = [...elsewhere.entries()].sort((a, b) => (a[1] === b[1] ? 0 : a[1] === 'match' ? -1 : 1)).slice(0, DUPLICATE_CAP);
  return {
    candidates,
    elsewhere: holders.map(([org, strength]) => ({ heldBy: { organisationId: org, organisationName: names.get(org) ?? '' }, strength })),
    scored: found.length,
    details: withDetails,
  };
}

export async function checkDuplicates(options: { access: DataAccess; services: CryptoServices; input: DuplicateCheckBody }): Promise<DuplicateCheckResponse> {
  const { access, services, input } = options;
  const entry = { action: 'person.duplicates_check', recordType: 'person' } as const;
  const actor = await access.require({ permission: 'persons.read', entry });
  const encoded = services.linkage.encodePerson(
    linkageIdentity({
      identity: { names: input.names, ...(input.birth ? { birth: input.birth } : {}), documents: input.documents ?? [], phones: input.phones ?? [] },
      sex: input.sex ?? null,
      citizenships: input.citizenships ?? [],
    }),
  );
  return orHidden(access, entry, () =>
    access.transaction(async (tx) => {
      const { scored, details, ...answer } = await candidatesOf({ tx: tx.db, services, actor, encoded, self: input.excludePersonId ?? null });
      const fields = Object.entries(input)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k)
        .sort();
      await tx.audit({ ...entry, outcome: 'success', fields, details: { candidates: answer.candidates.length, elsewhere: answer.elsewhere.length, scored, details } });
      return answer;
    }),
  );
}

/**
 * The possible duplicates of a registered person, from its stored keyed encoding (nothing is
 * decrypted to compare): the person page's list, and where a merge starts.
 */
export async function personDuplicates(options: { access: DataAccess; services: CryptoServices; id: string }): Promise<DuplicateCheckResponse> {
  const { access, services, id } = options;
  const entry = { action: 'person.duplicates_check', recordType: 'person', recordId: id } as const;
  const actor = await access.require({ permission: 'persons.read', entry });
  return orHidden(access, entry, () =>
    access.transaction(async (tx) => {
      const state = (await q.personStates(tx.db, [id], orgOf(actor))).get(id);
      if (!state?.visible) throw new Hidden('person not visible');
      if (state.merged_into_id) throw mergeConflicts.alreadyMerged();
      const stored = await tx.db.selectFrom('person_linkage').select('encoding').where('person_id', '=', id).executeTakeFirst();
      if (!stored) throw new Error(`person ${id} has no linkage encoding`);
      const { scored, details, ...answer } = await candidatesOf({ tx: tx.db, services, actor, encoded: fromStoredEncoding(stored.encoding), self: id });
      await tx.audit({ ...entry, outcome: 'success', fields: [], details: { candidates: answer.candidates.length, elsewhere: answer.elsewhere.length, scored, details } });
      return answer;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// merges

/** What an approval added to the kept record and moved to it (encrypted in person_merges.moved_enc). */
interface Moved {
  cases: string[];
  names: PersonNameInput[];
  documents: IdentityDocument[];
  phones: string[];
}

const norm = (s: string | undefined): string => (s ?? '').normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
const nameKey = (n: PersonNameInput): string => `${norm(n.given)}|${norm(n.family)}|${norm(n.full)}`;
const documentKey = (d: IdentityDocument): string => `${d.type}|${d.number.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '')}`;
const phoneKey = (p: string): string => p.replace(/\D/g, '');

/** The merged record's names, documents and phones that the kept record lacks. */
function additions(kept: StoredIdentity, merged: StoredIdentity): Omit<Moved, 'cases'> {
  const names = new Set(kept.names.map(nameKey));
  const docs = new Set(kept.documents.map(documentKey));
  const phones = new Set(kept.phones.map(phoneKey));
  const out: Omit<Moved, 'cases'> = { names: [], documents: [], phones: [] };
  for (const n of merged.names) {
    const k = nameKey(n);
    if (names.has(k)) continue;
    names.add(k);
    out.names.push({ ...n, kind: n.kind === 'nickname' ? 'nickname' : 'alias' });
  }
  for (const d of merged.documents) {
    const k = documentKey(d);
    if (docs.has(k)) continue;
    docs.add(k);
    out.documents.push(d);
  }
  for (const p of merged.phones) {
    const k = phoneKey(p);
    if (phones.has(k)) continue;
    phones.add(k);
    out.phones.push(p);
  }
  return out;
}

/** `list` without one occurrence of each of `added` (compared as JSON). */
function withoutAdded<T>(list: readonly T[], added: readonly T[]): T[] {
  const out = [...list];
  for (const a of added) {
    const key = JSON.stringify(a);
    const i = out.findIndex((x) => JSON.stringify(x) === key);
    if (i >= 0) out.splice(i, 1);
  }
  return out;
}

const mergeConflicts = {
  same: { it: 'la persona da unire deve essere diversa da quella da mantenere', en: 'the person to merge must differ from the person kept' },
  alreadyMerged: () =>
    conflictError({ it: 'Una delle due schede è già stata unita a un’altra.', en: 'One of the two records has already been merged into another.', detail: 'person already merged' }),
  busy: () =>
    conflictError({
      it: 'Una delle due schede è già coinvolta in un’unione in attesa o approvata.',
      en: 'One of the two records is already part of a pending or approved merge.',
      detail: 'merge in progress',
    }),
  notPending: () => conflictError({ it: 'Questa richiesta di unione è già stata decisa.', en: 'This merge request has already been decided.', detail: 'merge not requested' }),
  notApproved: () => conflictError({ it: 'Si può annullare solo un’unione approvata.', en: 'Only an approved merge can be reverted.', detail: 'merge not approved' }),
  sameUser: () =>
    conflictError({
      it: 'L’unione deve essere approvata da una persona diversa da chi l’ha richiesta.',
      en: 'A merge must be approved by someone other than the person who requested it.',
      detail: 'approver is requester',
    }),
  changed: () =>
    conflictError({
      it: 'Una delle due schede è stata modificata dopo la richiesta: verifica i dati e chiedi di nuovo l’unione.',
      en: 'One of the two records changed after the request: check the data and request the merge again.',
      detail: 'person version changed',
    }),
  changedAfter: () =>
    conflictError({
      it: 'Una delle due schede è stata modificata dopo l’unione: non può essere ripristinata automaticamente.',
      en: 'One of the two records changed after the merge: it cannot be restored automatically.',
      detail: 'person version changed after merge',
    }),
};

async function toDto(services: CryptoServices, tx: Transaction<DB>, row: q.MergeRow): Promise<MergeDto> {
  const reason = row.reason_enc
    ? await services.cipher.decrypt({ value: row.reason_enc, aad: fieldAad({ ...personColumns.mergeReason, rowId: row.id }), db: tx })
    : null;
  let moved: MergeDto['moved'] = null;
  if (row.moved_enc) {
    const m = await readMoved(services, tx, row);
    moved = { cases: m.cases.length, names: m.names.length, documents: m.documents.length, phones: m.phones.length };
  }
  const user = (id: string | null, name: string | null): MergeDto['requestedBy'] => (id ? { id, displayName: name ?? '' } : null);
  return {
    id: row.id,
    status: row.status,
    keptPerson: { id: row.kept_person_id, code: row.kept_code },
    mergedPerson: { id: row.merged_person_id, code: row.merged_code },
    reason,
    requestedBy: user(row.requested_by, row.requested_by_name),
    requestedAt: new Date(row.requested_at).toISOString(),
    decidedBy: user(row.decided_by, row.decided_by_name),
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    revertedBy: user(row.reverted_by, row.reverted_by_name),
    revertedAt: row.reverted_at ? new Date(row.reverted_at).toISOString() : null,
    moved,
  };
}

async function readMoved(services: CryptoServices, tx: Transaction<DB>, row: q.MergeRow): Promise<Moved> {
  if (!row.moved_enc) throw new Error(`merge ${row.id} has no record of what moved`);
  const text = await services.cipher.decrypt({ value: row.moved_enc, aad: fieldAad({ ...personColumns.mergeMoved, rowId: row.id }), db: tx });
  return JSON.parse(text) as Moved;
}

/** One audit entry per person of the merge. */
async function auditBoth(
  tx: { audit(entry: AuditEntry): Promise<void> },
  action: AuditEntry['action'],
  row: { id: string; kept: string; merged: string },
  fields: { kept: string[]; merged: string[] },
  details: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  await tx.audit({ action, outcome: 'success', recordType: 'person', recordId: row.kept, fields: fields.kept, details: { mergeId: row.id, side: 'kept', ...details } });
  await tx.audit({ action, outcome: 'success', recordType: 'person', recordId: row.merged, fields: fields.merged, details: { mergeId: row.id, side: 'merged', ...details } });
}

export async function requestMerge(options: { access: DataAccess; services: CryptoServices; input: MergeCreateBody }): Promise<MergeDto> {
  const { access, services, input } = options;
  const entry = { action: 'person.merge_request', recordType: 'person', recordId: input.mergedPersonId } as const;
  const actor = await access.require({ permission: 'persons.write', entry });
  if (input.keptPersonId === input.mergedPersonId) throw fieldError({ locale: access.meta.locale, path: 'mergedPersonId', message: mergeConflicts.same });
  try {
    return await orHidden(access, entry, () =>
      access.transaction(async (tx) => {
        const orgId = orgOf(actor);
        const states = await q.personStates(tx.db, [input.keptPersonId, input.mergedPersonId], orgId, true);
        const kept = states.get(input.keptPersonId);
        const merged = states.get(input.mergedPersonId);
        if (!kept?.visible || !merged?.visible) throw new Hidden('person not visible');
        if (kept.merged_into_id || merged.merged_into_id) throw mergeConflicts.alreadyMerged();
        if (await q.blockingMerge(tx.db, kept.id, merged.id)) throw mergeConflicts.busy();
        const id = randomUUID();
        const reasonEnc = await services.cipher.encrypt({ plaintext: input.reason, aad: fieldAad({ ...personColumns.mergeReason, rowId: id }), db: tx.db });
        await q.insertMerge(tx.db, { id, orgId, keptId: kept.id, mergedId: merged.id, reasonEnc, requestedBy: actor.userId, now: tx.now, keptVersion: kept.version, mergedVersion: merged.version });
        const approvers = (await q.usersHolding(tx.db, orgId, 'cases.approve')).filter((u) => u !== actor.userId);
        await q.notify(tx.db, { userIds: approvers, kind: 'person.merge_requested', recordType: 'person_merge', recordId: id, now: tx.now });
        await auditBoth(tx, 'person.merge_request', { id, kept: kept.id, merged: merged.id }, { kept: ['reason'], merged: ['reason'] }, { notified: approvers.length });
        const row = await q.findMerge(tx.db, id, orgId);
        if (!row) throw new Error('merge vanished');
        return toDto(services, tx.db, row);
      }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw mergeConflicts.busy();
    throw e;
  }
}

export async function listMerges(options: { access: DataAccess; services: CryptoServices; query: MergeListQuery }): Promise<{ items: MergeDto[] }> {
  const { access, services, query } = options;
  const entry = { action: 'person.list', recordType: 'person_merge' } as const;
  const actor = access.requireActor();
  if (!access.can('persons.read') && !access.can('cases.approve')) {
    await access.auditDenied({ ...entry, details: { missing: 'persons.read' } });
    throw notFound('missing persons.read or cases.approve');
  }
  return orHidden(access, entry, () =>
    access.transaction(async (tx) => {
      const rows = await q.listMerges(tx.db, orgOf(actor), query.status);
      const items: MergeDto[] = [];
      for (const row of rows) items.push(await toDto(services, tx.db, row));
      await tx.audit({ ...entry, outcome: 'success', fields: ['reason'], details: { count: items.length, ...(query.status ? { status: query.status } : {}) } });
      return { items };
    }),
  );
}

/** Loads a merge of the caller's organisation and both persons, locked; hides what the caller may not see. */
async function lockMerge(tx: { db: Transaction<DB> }, id: string, orgId: string): Promise<{ row: q.MergeRow; kept: q.PersonState; merged: q.PersonState }> {
  const row = await q.findMerge(tx.db, id, orgId, true);
  if (!row) throw new Hidden('merge not found');
  const states = await q.personStates(tx.db, [row.kept_person_id, row.merged_person_id], orgId, true);
  const kept = states.get(row.kept_person_id);
  const merged = states.get(row.merged_person_id);
  if (!kept || !merged) throw new Error(`merge ${id}: person missing`);
  return { row, kept, merged };
}

export async function approveMerge(options: { access: DataAccess; services: CryptoServices; id: string }): Promise<MergeDto> {
  const { access, services, id } = options;
  const entry = { action: 'person.merge_approve', recordType: 'person_merge', recordId: id } as const;
  const actor = await access.require({ permission: 'cases.approve', entry });
  return orHidden(access, entry, () =>
    access.transaction(async (tx) => {
      const orgId = orgOf(actor);
      const { row, kept, merged } = await lockMerge(tx, id, orgId);
      if (!kept.visible) throw new Hidden('kept person not visible');
      if (row.status !== 'requested') throw mergeConflicts.notPending();
      if (row.requested_by === actor.userId) throw mergeConflicts.sameUser();
      if (kept.merged_into_id || merged.merged_into_id) throw mergeConflicts.alreadyMerged();
      if (kept.version !== row.kept_version || merged.version !== row.merged_version) throw mergeConflicts.changed();

      const keptIdentity = await decryptIdentity(services, tx.db, kept.id, kept.identity_enc);
      const mergedIdentity = await decryptIdentity(services, tx.db, merged.id, merged.identity_enc);
      const added = additions(keptIdentity, mergedIdentity);
      const next: StoredIdentity = {
        ...keptIdentity,
        names: [...keptIdentity.names, ...added.names],
        documents: [...keptIdentity.documents, ...added.documents],
        phones: [...keptIdentity.phones, ...added.phones],
      };
      const keptVersion = await q.updatePersonForMerge(tx.db, kept.id, { identityEnc: await encryptIdentity(services, tx.db, kept.id, next), now: tx.now });
      const cases = await q.moveAllCases(tx.db, merged.id, kept.id, tx.now);
      // The moved cases now belong to the kept person: their age band follows the kept birth.
      await refreshCaseAgeBands({ db: tx.db, personId: kept.id, birth: next.birth });
      const mergedVersion = await q.updatePersonForMerge(tx.db, merged.id, { mergedIntoId: kept.id, now: tx.now });
      await indexPerson({ db: tx.db, encoder: services.linkage, personId: kept.id, identity: linkageIdentity({ identity: next, sex: kept.sex, citizenships: kept.citizenships }) });
      const moved: Moved = { cases, ...added };
      const movedEnc = await services.cipher.encrypt({ plaintext: JSON.stringify(moved), aad: fieldAad({ ...personColumns.mergeMoved, rowId: id }), db: tx.db });
      await q.setMergeStatus(tx.db, id, { status: 'approved', decidedBy: actor.userId, decidedAt: tx.now, movedEnc, keptVersion, mergedVersion });
      await q.notify(tx.db, { userIds: [row.requested_by], kind: 'person.merge_approved', recordType: 'person_merge', recordId: id, now: tx.now });
      const keptFields = [added.names.length > 0 ? 'names' : '', added.documents.length > 0 ? 'documents' : '', added.phones.length > 0 ? 'phones' : ''].filter(Boolean);
      await auditBoth(tx, 'person.merge_approve', { id, kept: kept.id, merged: merged.id }, { kept: keptFields, merged: ['merged_into_id'] }, { cases: cases.length });
      const updated = await q.findMerge(tx.db, id, orgId);
      if (!updated) throw new Error('merge vanished');
      return toDto(services, tx.db, updated);
    }),
  );
}

export async function rejectMerge(options: { access: DataAccess; services: CryptoServices; id: string }): Promise<MergeDto> {
  const { access, services, id } = options;
  const entry = { action: 'person.merge_reject', recordType: 'person_merge', recordId: id } as const;
  const actor = await access.require({ permission: 'cases.approve', entry });
  return orHidden(access, entry, () =>
    access.transaction(async (tx) => {
      const orgId = orgOf(actor);
      const { row, kept, merged } = await lockMerge(tx, id, orgId);
      if (row.status !== 'requested') throw mergeConflicts.notPending();
      await q.setMergeStatus(tx.db, id, { status: 'rejected', decidedBy: actor.userId, decidedAt: tx.now });
      await q.notify(tx.db, { userIds: [row.requested_by], kind: 'person.merge_rejected', recordType: 'person_merge', recordId: id, now: tx.now });
      await auditBoth(tx, 'person.merge_reject', { id, kept: kept.id, merged: merged.id }, { kept: [], merged: [] });
      const updated = await q.findMerge(tx.db, id, orgId);
      if (!updated) throw new Error('merge vanished');
      return toDto(services, tx.db, updated);
    }),
  );
}

export async function revertMerge(options: { access: DataAccess; services: CryptoServices; id: string }): Promise<MergeDto> {
  const { access, services, id } = options;
  const entry = { action: 'person.merge_revert', recordType: 'person_merge', recordId: id } as const;
  const actor = await access.require({ permission: 'cases.approve', entry });
  return orHidden(access, entry, () =>
    access.transaction(async (tx) => {
      const orgId = orgOf(actor);
      const { row, kept, merged } = await lockMerge(tx, id, orgId);
      if (!kept.visible) throw new Hidden('kept person not visible');
      if (row.status !== 'approved') throw mergeConflicts.notApproved();
      if (merged.merged_into_id !== kept.id || kept.version !== row.kept_version || merged.version !== row.merged_version) throw mergeConflicts.changedAfter();
      const moved = await readMoved(services, tx.db, row);
      const keptIdentity = await decryptIdentity(services, tx.db, kept.id, kept.identity_enc);
      const restored: StoredIdentity = {
        ...keptIdentity,
        names: withoutAdded(keptIdentity.names, moved.names),
        documents: withoutAdded(keptIdentity.documents, moved.documents),
        phones: withoutAdded(keptIdentity.phones, moved.phones),
      };
      await q.updatePersonForMerge(tx.db, kept.id, { identityEnc: await encryptIdentity(services, tx.db, kept.id, restored), now: tx.now });
      const back = await q.moveCasesBack(tx.db, moved.cases, kept.id, merged.id, tx.now);
      await q.updatePersonForMerge(tx.db, merged.id, { mergedIntoId: null, now: tx.now });
      const mergedIdentity = await decryptIdentity(services, tx.db, merged.id, merged.identity_enc);
      await refreshCaseAgeBands({ db: tx.db, personId: kept.id, birth: restored.birth });
      await refreshCaseAgeBands({ db: tx.db, personId: merged.id, birth: mergedIdentity.birth });
      await indexPerson({ db: tx.db, encoder: services.linkage, personId: kept.id, identity: linkageIdentity({ identity: restored, sex: kept.sex, citizenships: kept.citizenships }) });
      await indexPerson({ db: tx.db, encoder: services.linkage, personId: merged.id, identity: linkageIdentity({ identity: mergedIdentity, sex: merged.sex, citizenships: merged.citizenships }) });
      await q.setMergeStatus(tx.db, id, { status: 'reverted', revertedBy: actor.userId, revertedAt: tx.now });
      await q.notify(tx.db, { userIds: [row.requested_by], kind: 'person.merge_reverted', recordType: 'person_merge', recordId: id, now: tx.now });
      const keptFields = [moved.names.length > 0 ? 'names' : '', moved.documents.length > 0 ? 'documents' : '', moved.phones.length > 0 ? 'phones' : ''].filter(Boolean);
      await auditBoth(tx, 'person.merge_revert', { id, kept: kept.id, merged: merged.id }, { kept: keptFields, merged: ['merged_into_id'] }, { cases: back });
      const updated = await q.findMerge(tx.db, id, orgId);
      if (!updated) throw new Error('merge vanished');
      return toDto(services, tx.db, updated);
    }),
  );
}
