/**
 * Rules of the persons feature: registering, reading, changing, listing and searching persons.
 *
 * Storage (see README.md in this folder): names, birth, documents, phones and children are one
 * encrypted JSON (`identity_enc`), notes and the external reference are encrypted on their own,
 * each bound to its row and column; the coarse fields used for statistics and lists (sex,
 * citizenships, languages, vulnerabilities) stay in clear. Search goes through the keyed linkage
 * index, never through decrypted names. Every read and write is audited in its transaction, with
 * field names only.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import { PonteError, conflictError, notFound, type FieldIssue } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { blockingKeyBytes, toStoredEncoding, type Encoder } from '../../../domain/linkage/index.ts';
import { birthDateErrors, isMinor, validateBirthInfo, type BirthInfo } from '../../../domain/cases/age.ts';
import { newPersonCode, personCodePattern, type PersonInput, type PersonNameInput, type StoredIdentity } from '../../../domain/persons/index.ts';
import { findCandidates, indexPerson, linkageIdentity } from './linkage-store.ts';
import { personColumns } from './encrypted.ts';
import { readStoredIdentity, sealStoredIdentity } from './identity.ts';
import { refreshCaseAgeBands } from '../cases/age-band.ts';
import type { ScopeActor } from './scope.ts';
import * as q from './queries.ts';
import type { PersonDto, PersonListItem, PersonQuery, PersonUpdate } from './schemas.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What the persons feature needs of the app's services. */
export interface PersonServices {
  cipher: FieldCipher;
  linkage: Encoder;
  blindIndex: (options: { purpose: string; value: string }) => string;
}

/** The calendar date in Italy at `now` (birth dates and ages are Italian calendar dates). */
export function italianDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Birth information checked against today: the problems found, with paths under `prefix`. */
export function birthIssues(options: { birth: BirthInfo; today: string; locale: Locale; prefix: string }): FieldIssue[] {
  const result = validateBirthInfo({ birth: options.birth, today: options.today });
  if (result.ok) return [];
  return result.errors.map((e) => ({ path: `${options.prefix}.${e.field}`, message: birthDateErrors[e.code][options.locale] }));
}

function checkBirth(birth: BirthInfo | null | undefined, today: string, locale: Locale): void {
  if (!birth) return;
  const issues = birthIssues({ birth, today, locale, prefix: 'body.birth' });
  if (issues.length > 0) throw new PonteError({ code: 'validation', issues });
}

export function externalRefIndex(services: PersonServices, orgId: string, ref: string): string {
  return services.blindIndex({ purpose: 'external-ref', value: `${orgId}:${ref}` });
}

const duplicateExternalRef = (): PonteError =>
  conflictError({
    it: 'Una persona con questo riferimento esterno è già registrata dalla tua organizzazione.',
    en: 'A person with this external reference is already registered by your organisation.',
    detail: 'duplicate external reference',
  });

const staleVersion = (): PonteError =>
  conflictError({
    it: 'La scheda è stata modificata da qualcun altro nel frattempo: ricaricala e riprova.',
    en: 'The record was changed by someone else meanwhile: reload it and try again.',
    detail: 'stale person version',
  });

/** `count` person codes not in use yet (a clash among 32⁸ codes is rare, but checked). */
export async function freshPersonCodes(db: Executor, count: number): Promise<string[]> {
  const codes = new Set<string>();
  for (let attempt = 0; codes.size < count; attempt++) {
    if (attempt > 20) throw new Error('could not find free person codes');
    const wanted = count - codes.size;
    const candidates = new Set<string>();
    while (candidates.size < wanted) {
      const c = newPersonCode();
      if (!codes.has(c)) candidates.add(c);
    }
    const taken = new Set((await db.selectFrom('persons').select('code').where('code', 'in', [...candidates]).execute()).map((r) => r.code));
    for (const c of candidates) if (!taken.has(c)) codes.add(c);
  }
  return [...codes];
}

function storedIdentity(input: Pick<PersonInput, 'names' | 'birth' | 'documents' | 'phones' | 'children'>): StoredIdentity {
  return {
    names: input.names,
    ...(input.birth ? { birth: input.birth } : {}),
    documents: input.documents ?? [],
    phones: input.phones ?? [],
    children: input.children ?? [],
  };
}

async function encryptField(options: { services: PersonServices; db: Executor; column: { table: string; column: string }; rowId: string; plaintext: string }): Promise<string> {
  const { services, db, column, rowId, plaintext } = options;
  return services.cipher.encrypt({ plaintext, aad: fieldAad({ table: column.table, column: column.column, rowId }), db });
}

async function decryptField(options: { services: PersonServices; db: Executor; column: { table: string; column: string }; rowId: string; value: string }): Promise<string> {
  const { services, db, column, rowId, value } = options;
  return services.cipher.decrypt({ value, aad: fieldAad({ table: column.table, column: column.column, rowId }), db });
}

/**
 * Encrypts and writes new persons and indexes them for linkage, in the caller's transaction. Used
 * by the API (one person) and by the import (a batch). The caller has validated the input and
 * checked external references; codes are chosen here.
 */
export async function storeNewPersons(options: {
  db: Executor;
  services: PersonServices;
  orgId: string;
  createdBy: string | null;
  now: Date;
  inputs: readonly PersonInput[];
  /** 'batch' writes the linkage rows of all the new persons in multi-row inserts (imports) */
  index?: 'each' | 'batch';
}): Promise<Array<{ id: string; code: string }>> {
  const { db, services, orgId, inputs } = options;
  const codes = await freshPersonCodes(db, inputs.length);
  const rows: q.PersonValues[] = [];
  const identities: StoredIdentity[] = [];
  for (const [i, input] of inputs.entries()) {
    const id = randomUUID();
    const identity = storedIdentity(input);
    identities.push(identity);
    rows.push({
      id,
      code: codes[i] as string,
      ownerOrgId: orgId,
      identityEnc: await sealStoredIdentity({ cipher: services.cipher, db, personId: id, identity }),
      notesEnc: input.notes !== undefined ? await encryptField({ services, db, column: personColumns.notes, rowId: id, plaintext: input.notes }) : null,
      externalRefEnc: input.externalRef !== undefined ? await encryptField({ services, db, column: personColumns.externalRef, rowId: id, plaintext: input.externalRef }) : null,
      externalRefIndex: input.externalRef !== undefined ? externalRefIndex(services, orgId, input.externalRef) : null,
      sex: input.sex ?? null,
      citizenships: input.citizenships ?? [],
      languages: input.languages ?? [],
      vulnerabilities: input.vulnerabilities ?? [],
      createdBy: options.createdBy,
      now: options.now,
    });
  }
  await q.insertPersons(db, rows);
  if (options.index === 'batch') {
    await q.insertNewLinkage(
      db,
      rows.map((row, i) => {
        const encoded = services.linkage.encodePerson(linkageIdentity({ identity: identities[i] as StoredIdentity, sex: row.sex, citizenships: row.citizenships }));
        return { personId: row.id, encoding: toStoredEncoding(encoded), keys: [...new Set(encoded.blockingKeys)].map((k) => blockingKeyBytes(k)) };
      }),
    );
    return rows.map((r) => ({ id: r.id, code: r.code }));
  }
  for (const [i, row] of rows.entries()) {
    await indexPerson({
      db,
      encoder: services.linkage,
      personId: row.id,
      identity: linkageIdentity({ identity: identities[i] as StoredIdentity, sex: row.sex, citizenships: row.citizenships }),
    });
  }
  return rows.map((r) => ({ id: r.id, code: r.code }));
}

function scopeActor(tx: ScopedTx): ScopeActor & { orgId: string } {
  const orgId = tx.actor.orgId;
  if (!orgId) throw notFound('no organisation');
  return { orgId, userId: tx.actor.userId, permissions: tx.actor.permissions };
}

/** Field names of a person's detail, for the audit of a read. */
const detailFields = ['names', 'birth', 'sex', 'citizenships', 'languages', 'documents', 'phones', 'vulnerabilities', 'children', 'notes', 'externalRef', 'cases'] as const;

function decryptIdentity(services: PersonServices, db: Executor, row: Pick<q.PersonRow, 'id' | 'identity_enc'>): Promise<StoredIdentity> {
  return readStoredIdentity({ cipher: services.cipher, db, personId: row.id, identityEnc: row.identity_enc });
}

async function detailOf(options: { db: Executor; services: PersonServices; row: q.PersonRow; actor: ScopeActor; today: string }): Promise<PersonDto> {
  const { db, services, row } = options;
  const identity = await decryptIdentity(services, db, row);
  const notes = row.notes_enc ? await decryptField({ services, db, column: personColumns.notes, rowId: row.id, value: row.notes_enc }) : null;
  const externalRef = row.external_ref_enc ? await decryptField({ services, db, column: personColumns.externalRef, rowId: row.id, value: row.external_ref_enc }) : null;
  const organisation = await q.organisationOf(db, row.owner_org_id);
  const mergedInto = row.merged_into_id ? ((await q.personCode(db, row.merged_into_id)) ?? null) : null;
  const cases = await q.visibleCasesOf(db, { personId: row.id, actor: options.actor });
  return {
    id: row.id,
    code: row.code,
    organisation,
    names: identity.names,
    birth: identity.birth ?? null,
    minor: identity.birth ? isMinor({ birth: identity.birth, on: options.today }) : null,
    sex: row.sex,
    citizenships: row.citizenships,
    languages: row.languages,
    documents: identity.documents,
    phones: identity.phones,
    vulnerabilities: row.vulnerabilities,
    children: identity.children,
    notes,
    externalRef,
    mergedInto,
    cases,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

function presentFields(input: object): string[] {
  return Object.entries(input)
    .filter(([k, v]) => v !== undefined && k !== 'version')
    .map(([k]) => k)
    .sort();
}

async function translateConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateExternalRef();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
export async function createPerson(options: { access: DataAccess; services: PersonServices; input: PersonInput }): Promise<PersonDto> {
  const { access, services, input } = options;
  await access.require({ permission: 'persons.write', entry: { action: 'person.create', recordType: 'person' } });
  const today = italianDate(access.clock.now());
  checkBirth(input.birth, today, access.meta.locale);
  return translateConflicts(() =>
    access.transaction(async (tx) => {
      const actor = scopeActor(tx);
      if (input.externalRef !== undefined && (await q.takenExternalRefs(tx.db, [externalRefIndex(services, actor.orgId, input.externalRef)])).size > 0) {
        throw duplicateExternalRef();
      }
      const [created] = await storeNewPersons({ db: tx.db, services, orgId: actor.orgId, createdBy: actor.userId, now: tx.now, inputs: [input] });
      if (!created) throw new Error('person not stored');
      await tx.audit({ action: 'person.create', outcome: 'success', recordType: 'person', recordId: created.id, fields: presentFields(input), details: { source: 'api' } });
      const row = await q.findVisiblePerson(tx.db, { id: created.id, orgId: actor.orgId });
      if (!row) throw new Error('person vanished');
      return detailOf({ db: tx.db, services, row, actor, today });
    }),
  );
}

export async function getPerson(options: { access: DataAccess; services: PersonServices; id: string }): Promise<PersonDto> {
  const { access, services, id } = options;
  const entry = { action: 'person.read', recordType: 'person', recordId: id } as const;
  await access.require({ permission: 'persons.read', entry });
  const today = italianDate(access.clock.now());
  const detail = await access.transaction(async (tx) => {
    const actor = scopeActor(tx);
    const row = await q.findVisiblePerson(tx.db, { id, orgId: actor.orgId });
    if (!row) return undefined;
    await tx.audit({ ...entry, outcome: 'success', fields: [...detailFields] });
    return detailOf({ db: tx.db, services, row, actor, today });
  });
  if (!detail) {
    await access.auditDenied(entry);
    throw notFound('person not visible');
  }
  return detail;
}

export async function updatePerson(options: { access: DataAccess; services: PersonServices; id: string; input: PersonUpdate }): Promise<PersonDto> {
  const { access, services, id, input } = options;
  const entry = { action: 'person.update', recordType: 'person', recordId: id } as const;
  await access.require({ permission: 'persons.write', entry });
  const today = italianDate(access.clock.now());
  checkBirth(input.birth, today, access.meta.locale);
  const result = await translateConflicts(() =>
    access.transaction(async (tx) => {
      const actor = scopeActor(tx);
      const row = await q.findVisiblePerson(tx.db, { id, orgId: actor.orgId, forUpdate: true });
      if (!row) return undefined;
      if (row.version !== input.version) throw staleVersion();
      const before = await detailOf({ db: tx.db, services, row, actor, today });
      const identity: StoredIdentity = {
        names: input.names ?? before.names.map((n) => n as PersonNameInput),
        ...(input.birth === null ? {} : input.birth !== undefined ? { birth: input.birth } : before.birth ? { birth: before.birth } : {}),
        documents: input.documents ?? before.documents.map((d) => d as StoredIdentity['documents'][number]),
        phones: input.phones ?? before.phones,
        children: input.children ?? before.children.map((c) => c as StoredIdentity['children'][number]),
      };
      const after = {
        names: identity.names,
        birth: identity.birth ?? null,
        sex: input.sex === undefined ? before.sex : input.sex,
        citizenships: input.citizenships ?? before.citizenships,
        languages: input.languages ?? before.languages,
        documents: identity.documents,
        phones: identity.phones,
        vulnerabilities: input.vulnerabilities ?? before.vulnerabilities,
        children: identity.children,
        notes: input.notes === undefined ? before.notes : input.notes,
        externalRef: input.externalRef === undefined ? before.externalRef : input.externalRef,
      };
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k])).sort();
      if (changed.includes('externalRef') && after.externalRef !== null) {
        if ((await q.takenExternalRefs(tx.db, [externalRefIndex(services, row.owner_org_id, after.externalRef)])).size > 0) throw duplicateExternalRef();
      }
      const ok = await q.updatePerson(tx.db, {
        id,
        version: input.version,
        now: tx.now,
        set: {
          identityEnc: await sealStoredIdentity({ cipher: services.cipher, db: tx.db, personId: id, identity }),
          notesEnc: after.notes !== null ? await encryptField({ services, db: tx.db, column: personColumns.notes, rowId: id, plaintext: after.notes }) : null,
          externalRefEnc: after.externalRef !== null ? await encryptField({ services, db: tx.db, column: personColumns.externalRef, rowId: id, plaintext: after.externalRef }) : null,
          externalRefIndex: after.externalRef !== null ? externalRefIndex(services, row.owner_org_id, after.externalRef) : null,
          sex: after.sex,
          citizenships: after.citizenships,
          languages: after.languages,
          vulnerabilities: after.vulnerabilities,
        },
      });
      if (!ok) throw staleVersion();
      await indexPerson({ db: tx.db, encoder: services.linkage, personId: id, identity: linkageIdentity({ identity, sex: after.sex, citizenships: after.citizenships }) });
      // The age band kept on the person's cases follows the birth (migration 0033).
      const { changed: ageBands } = await refreshCaseAgeBands({ db: tx.db, personId: id, birth: identity.birth });
      await tx.audit({ ...entry, outcome: 'success', fields: changed, ...(ageBands > 0 ? { details: { casesAgeBand: ageBands } } : {}) });
      const updated = await q.findVisiblePerson(tx.db, { id, orgId: actor.orgId });
      if (!updated) throw new Error('person vanished');
      return detailOf({ db: tx.db, services, row: updated, actor, today });
    }),
  );
  if (!result) {
    await access.auditDenied(entry);
    throw notFound('person not visible');
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
/** Name shown in lists: the primary name (else the first), as written. */
export function displayNameOf(names: readonly PersonNameInput[]): string | null {
  const n = names.find((x) => x.kind === 'primary') ?? names[0];
  if (!n) return null;
  return n.full ?? [n.given, n.family].filter((x) => x !== undefined).join(' ');
}

function birthYearOf(birth: BirthInfo | undefined): PersonListItem['birthYear'] {
  if (!birth) return null;
  if ('birthDate' in birth) return { year: Number(birth.birthDate.slice(0, 4)) };
  if ('estimatedYear' in birth) return { year: birth.estimatedYear };
  const a = Number(birth.estimatedFrom.slice(0, 4));
  const b = Number(birth.estimatedTo.slice(0, 4));
  return a === b ? { year: a } : { fromYear: Math.min(a, b), toYear: Math.max(a, b) };
}

/** Minimum name similarity (0..1, keyed Dice over bigrams and phonetic keys) for a search hit. */
export const searchNameThreshold = 0.55;

async function listItems(options: { db: Executor; services: PersonServices; rows: readonly q.PersonListRow[]; withNames: boolean; scores?: ReadonlyMap<string, number> }): Promise<PersonListItem[]> {
  const out: PersonListItem[] = [];
  for (const r of options.rows) {
    const identity = options.withNames ? await decryptIdentity(options.services, options.db, r) : undefined;
    const score = options.scores?.get(r.id);
    out.push({
      id: r.id,
      code: r.code,
      displayName: identity ? displayNameOf(identity.names) : null,
      birthYear: identity ? birthYearOf(identity.birth) : null,
      sex: r.sex,
      citizenships: r.citizenships,
      openCases: r.openCases,
      ...(score !== undefined ? { score } : {}),
    });
  }
  return out;
}

/** Persons matching `text`: a person code, else fuzzy names, exact documents and phones. */
async function searchScores(db: Executor, services: PersonServices, text: string, orgId: string): Promise<{ code?: string; scores: Map<string, number> }> {
  const scores = new Map<string, number>();
  const upper = text.toUpperCase();
  if (personCodePattern.test(upper)) return { code: upper, scores };
  const byName = services.linkage.encodePerson(linkageIdentity({ identity: { names: [{ kind: 'primary', full: text }], documents: [], phones: [] } }));
  for (const c of await findCandidates({ db, person: byName, includeNone: true, visibleTo: orgId })) {
    const similarity = c.reasons.find((r) => r.code === 'name_similarity')?.value ?? 0;
    if (similarity >= searchNameThreshold) scores.set(c.personId, Math.round(similarity * 1000) / 1000);
  }
  const byValue = services.linkage.encodePerson(linkageIdentity({ identity: { names: [], documents: [{ type: 'other', number: text }], phones: [text] } }));
  for (const c of await findCandidates({ db, person: byValue, includeNone: true, visibleTo: orgId })) {
    if (c.reasons.some((r) => r.code === 'document_match' || r.code === 'phone_match')) scores.set(c.personId, 1);
  }
  return { scores };
}

export async function listPersons(options: { access: DataAccess; services: PersonServices; query: PersonQuery }): Promise<{ items: PersonListItem[]; total: number; limit: number; offset: number }> {
  const { access, services, query } = options;
  const text = query.q?.trim() ?? '';
  const action = text === '' ? 'person.list' : 'person.search';
  await access.require({ permission: 'persons.read', entry: { action, recordType: 'person' } });
  const withNames = access.can('persons.write');
  const { limit, offset } = query;
  return access.transaction(async (tx) => {
    const actor = scopeActor(tx);
    if (text === '') {
      const { rows, total } = await q.listVisiblePersons(tx.db, { actor, limit, offset });
      await tx.audit({ action, outcome: 'success', recordType: 'person', fields: withNames ? ['code', 'displayName', 'birthYear'] : ['code'], details: { results: rows.length, offset } });
      return { items: await listItems({ db: tx.db, services, rows, withNames }), total, limit, offset };
    }
    const found = await searchScores(tx.db, services, text, actor.orgId);
    const rows = found.code !== undefined
      ? await q.visiblePersonsAmong(tx.db, { actor, code: found.code })
      : await q.visiblePersonsAmong(tx.db, { actor, ids: [...found.scores.keys()] });
    const scores = found.code !== undefined ? new Map(rows.map((r) => [r.id, 1])) : found.scores;
    const ranked = [...rows].sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || b.created_at.getTime() - a.created_at.getTime() || a.id.localeCompare(b.id));
    const page = ranked.slice(offset, offset + limit);
    // The query text itself is never audited (it may be a name): only its length and kind.
    await tx.audit({
      action,
      outcome: 'success',
      recordType: 'person',
      fields: withNames ? ['code', 'displayName', 'birthYear'] : ['code'],
      details: { queryLength: text.length, byCode: found.code !== undefined, results: ranked.length, offset },
    });
    return { items: await listItems({ db: tx.db, services, rows: page, withNames, scores }), total: ranked.length, limit, offset };
  });
}
