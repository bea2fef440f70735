/**
 * Rules of the exports (issue 6):
 * - HTCDS record export (exports.personal, with persons.read and cases.read): the persons and
 *   cases the caller may read record by record, with names and identity, as CSV or JSON inside an
 *   encrypted container (src/domain/exports/container.ts) sealed with the caller's password; the
 *   clear text exists only in memory. Audited as a personal-data read: one `export.htcds` entry per
 *   person (with the identity fields read) and one for the export (format, rows), in the same
 *   transaction as the reads.
 * - CTDC-shaped anonymised export (stats.aggregate): one row per victim over the network, no names,
 *   no codes, years only, age bands, k-anonymity (k = PONTE_SMALL_CELL_K) enforced before writing.
 *   The birth date is decrypted in memory only to compute the age band; audited as `export.ctdc`
 *   with the fields used, the rows written and suppressed.
 * The same functions serve the CLI (`ponte export`), as system work for an organisation or the
 * whole installation.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import { PonteError, notFound } from '../../platform/errors.ts';
import type { FieldCipher } from '../../platform/crypto.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import { romeDate } from '../../../domain/calendar/index.ts';
import { ageOnDay } from '../../../domain/cases/age-band.ts';
import { sealContainer } from '../../../domain/exports/container.ts';
import { ctdcColumns, kAnonymise, type CtdcRow, type CtdcSource } from '../../../domain/exports/ctdc.ts';
import { csvRecord, htcdsCsv, htcdsJson, htcdsRow, type HtcdsRow } from '../../../domain/exports/htcds.ts';
import type { StoredIdentity } from '../../../domain/persons/schema.ts';
import type { Permission } from '../../../domain/permissions.ts';
import { readStoredIdentity } from '../persons/identity.ts';
import * as q from './queries.ts';

type Db = Kysely<DB> | Transaction<DB>;
type Audit = (entry: AuditEntry) => Promise<void>;

export interface Progress {
  done: number;
  total: number;
}

/** The identity fields an HTCDS export reads (audited per person). */
export const htcdsIdentityFields = ['names', 'birth', 'documents', 'phones', 'children', 'sex', 'citizenships', 'languages'];

/**
 * Reads the persons and cases of the scope and maps them to HTCDS rows (one per case; one for a
 * person without a case), auditing each person read. Runs inside the caller's transaction.
 */
export async function collectHtcds(options: {
  db: Db;
  cipher: FieldCipher;
  scope: q.ExportScope;
  /** Also persons the body registered that have no case in the scope. */
  withoutCase: boolean;
  audit: Audit;
  onProgress?: (p: Progress) => void;
}): Promise<{ rows: HtcdsRow[]; persons: number; cases: number }> {
  const { db, cipher, scope } = options;
  const cases = await q.casesInScope(db, scope);
  const persons = await q.exportPersons(db, scope, [...new Set(cases.map((c) => c.person_id))], options.withoutCase);
  const byPerson = new Map<string, q.CaseRow[]>();
  for (const c of cases) byPerson.set(c.person_id, [...(byPerson.get(c.person_id) ?? []), c]);
  const rows: HtcdsRow[] = [];
  for (const [i, p] of persons.entries()) {
    const identity: StoredIdentity = await readStoredIdentity({ cipher, personId: p.id, identityEnc: p.identity_enc, db });
    const person = { code: p.code, identity, sex: p.sex, citizenships: p.citizenships, languages: p.languages };
    const own = byPerson.get(p.id) ?? [];
    if (own.length === 0) rows.push(htcdsRow(person, null));
    for (const c of own) {
      rows.push(
        htcdsRow(person, {
          code: c.code,
          status: c.status,
          phase: c.phase,
          openedOn: romeDate(c.opened_at),
          closedOn: c.closed_at ? romeDate(c.closed_at) : null,
          closureReason: c.closure_reason,
          minorStatus: c.minor_status,
          traffickingStatus: c.trafficking_status,
          traffickingStatusDecidedBy: c.trafficking_status_decided_by,
          traffickingStatusDecidedOn: c.trafficking_status_decided_on,
          exploitationTypes: c.exploitation_types,
          sexExploitationTypes: c.sex_exploitation_types,
          labourSectors: c.labour_sectors,
          meansOfControl: c.means_of_control,
          recruitmentMethods: c.recruitment_methods,
          recruiterRelations: c.recruiter_relations,
          exploitationCountries: c.exploitation_countries,
        }),
      );
    }
    await options.audit({ action: 'export.htcds', outcome: 'success', recordType: 'person', recordId: p.id, fields: htcdsIdentityFields, details: { cases: own.length } });
    if (i % 50 === 0 || i === persons.length - 1) options.onProgress?.({ done: i + 1, total: persons.length });
  }
  return { rows, persons: persons.length, cases: cases.length };
}

export function htcdsText(rows: readonly HtcdsRow[], format: 'csv' | 'json', now: Date): string {
  return format === 'csv' ? htcdsCsv(rows) : htcdsJson(rows, now.toISOString());
}

/**
 * Age at registration from a stored birth (exact, estimated year, or estimated range: its middle),
 * by the rule of src/domain/cases/age-band.ts, the same that gives the band kept on the case.
 */
export function ageAtRegistration(birth: StoredIdentity['birth'], openedOn: string): number | null {
  return ageOnDay({ birth, on: openedOn });
}

/** Reads the victims of the years, decrypting only the birth to compute the age, and enforces k-anonymity. */
export async function collectCtdc(options: {
  db: Db;
  cipher: FieldCipher;
  k: number;
  fromYear: number;
  toYear: number;
  orgId?: string;
  onProgress?: (p: Progress) => void;
}): Promise<{ rows: CtdcRow[]; victims: number; suppressed: number; level: number; k: number }> {
  const { db, cipher } = options;
  const victims = await q.victims(db, { fromYear: options.fromYear, toYear: options.toYear, ...(options.orgId ? { orgId: options.orgId } : {}) });
  const sources: CtdcSource[] = [];
  for (const [i, v] of victims.entries()) {
    const identity = await readStoredIdentity({ cipher, personId: v.person_id, identityEnc: v.identity_enc, db });
    sources.push({
      year: Number(v.opened_on.slice(0, 4)),
      gender: v.sex,
      age: ageAtRegistration(identity.birth, v.opened_on),
      minorStatus: v.minor_status,
      citizenship: v.citizenships[0] ?? null,
      exploitationTypes: v.exploitation_types,
      meansOfControl: v.means_of_control,
      recruiterRelations: v.recruiter_relations,
    });
    if (i % 50 === 0 || i === victims.length - 1) options.onProgress?.({ done: i + 1, total: victims.length });
  }
  const out = kAnonymise(sources, { k: options.k });
  return { rows: out.rows, victims: victims.length, suppressed: out.suppressed, level: out.level, k: out.k };
}

export function ctdcCsv(rows: readonly CtdcRow[]): string {
  return csvRecord(ctdcColumns) + rows.map((r) => csvRecord(ctdcColumns.map((c) => r[c]))).join('');
}

// --- web ---------------------------------------------------------------------------------------

export interface ExportDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

/** HTCDS export for the web: the caller's scope, sealed with their password. */
export async function exportHtcds(deps: ExportDeps & { format: 'csv' | 'json'; password: string }): Promise<{ bytes: Buffer; rows: number; date: string }> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: 'export.htcds' as const, recordType: 'export' };
  const missing = (['exports.personal', 'persons.read', 'cases.read'] as Permission[]).find((p) => !actor.permissions.has(p)) ?? (actor.orgId ? undefined : 'organisation');
  if (missing || !actor.orgId) {
    await access.auditDenied({ ...entry, details: { missing: missing ?? 'organisation' } });
    throw notFound(`missing ${missing ?? 'organisation'}`);
  }
  const orgId = actor.orgId;
  const { text, rows, date } = await access.transaction(async (tx: ScopedTx) => {
    const scope: q.ExportScope = { kind: 'actor', actor: { orgId, userId: actor.userId, permissions: actor.permissions } };
    const seesAll = actor.permissions.has('cases.write') || actor.permissions.has('cases.approve');
    const collected = await collectHtcds({ db: tx.db, cipher: deps.cipher, scope, withoutCase: seesAll, audit: (e) => tx.audit(e) });
    await tx.audit({ ...entry, outcome: 'success', details: { format: deps.format, rows: collected.rows.length, persons: collected.persons, cases: collected.cases, encrypted: true } });
    return { text: htcdsText(collected.rows, deps.format, tx.now), rows: collected.rows.length, date: romeDate(tx.now) };
  });
  return { bytes: sealContainer({ plaintext: Buffer.from(text, 'utf8'), password: deps.password }), rows, date };
}

/** CTDC export for the web (stats.aggregate; its existence is not secret: 403). */
export async function exportCtdc(deps: ExportDeps & { k: number; fromYear: number; toYear: number }): Promise<{ csv: string; data: CtdcRow[]; rows: number; victims: number; suppressed: number; level: number; k: number }> {
  const { access } = deps;
  await access.require({ permission: 'stats.aggregate', entry: { action: 'export.ctdc', recordType: 'export' }, hide: false });
  if (deps.fromYear > deps.toYear) {
    const locale = access.meta.locale;
    throw new PonteError({ code: 'validation', issues: [{ path: 'querystring.from', message: locale === 'it' ? 'L’anno iniziale segue quello finale.' : 'The first year is after the last.' }] });
  }
  return access.transaction(async (tx) => {
    const out = await collectCtdc({ db: tx.db, cipher: deps.cipher, k: deps.k, fromYear: deps.fromYear, toYear: deps.toYear });
    await tx.audit({
      action: 'export.ctdc', outcome: 'success', recordType: 'export', fields: ['birth', 'sex', 'citizenships'],
      details: { fromYear: deps.fromYear, toYear: deps.toYear, victims: out.victims, rows: out.rows.length, suppressed: out.suppressed, level: out.level, k: out.k },
    });
    return { csv: ctdcCsv(out.rows), data: out.rows, rows: out.rows.length, victims: out.victims, suppressed: out.suppressed, level: out.level, k: out.k };
  });
}
