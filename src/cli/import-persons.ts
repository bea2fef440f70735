/**
 * `ponte import persons FILE.csv --org ORG_CODE`: registers persons from a CSV file with HTCDS
 * column names (prs_…) plus `external_ref` and `alias`, for the organisation ORG_CODE. System work
 * (outside any user's scope): audited as the system for that organisation.
 *
 * Two passes over the file. The first checks every row with the API's rules (the person schema,
 * birth dates against today, external references not already present) and reports the rejected
 * ones. The second writes: by default only when no row was rejected, all in ONE transaction (the
 * file is imported whole or not at all); with `skipRejected`, the valid rows in batches, each
 * batch its own transaction (a row is never half-written).
 */
import { createReadStream, statSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { ZodError } from 'zod';
import type { DB } from '../db/schema.ts';
import { personInputSchema, type PersonInput, type PersonNameInput } from '../domain/persons/schema.ts';
import { localizeIssue } from '../server/platform/validation-messages.ts';
import { writeAudit, type AuditContext } from '../server/platform/audit.ts';
import type { Locale } from '../server/platform/i18n.ts';
import { birthIssues, externalRefIndex, italianDate, storeNewPersons, type PersonServices } from '../server/features/persons/service.ts';
import { takenExternalRefs } from '../server/features/persons/queries.ts';
import { CsvReader, isBlankRecord } from './import-csv.ts';

export const importColumns = [
  'prs_FirstName',
  'prs_MiddleName',
  'prs_SecondName',
  'prs_Birthdate',
  'prs_Gender',
  'prs_Citizenship',
  'prs_PrimaryLanguage',
  'prs_SecondaryLanguage',
  'prs_IdentityNumber',
  'prs_MobilePhone',
  'prs_HomePhone',
  'prs_NumberOfChildren',
  'external_ref',
  'alias',
] as const;
export type ImportColumn = (typeof importColumns)[number];

export interface Rejection {
  /** spreadsheet row number: the header is row 1 */
  row: number;
  column: ImportColumn | '';
  reason: string;
}

export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** How the commands end on an ImportFileError: its message and exit code 2, no stack trace. */
export function importFileFailure(e: unknown): void {
  if (!(e instanceof ImportFileError)) throw e;
  console.error(`ponte import: ${e.message}`);
  process.exitCode = 2;
}

const messages = {
  unknownColumns: { it: 'colonne sconosciute', en: 'unknown columns' },
  duplicateColumns: { it: 'colonne ripetute', en: 'repeated columns' },
  noNameColumn: { it: 'serve almeno una colonna di nome (prs_FirstName, prs_SecondName o alias)', en: 'at least one name column is needed (prs_FirstName, prs_SecondName or alias)' },
  fieldCount: { it: 'numero di campi diverso dall’intestazione', en: 'number of fields differs from the header' },
  noName: { it: 'manca il nome: serve prs_FirstName, prs_SecondName o alias', en: 'no name: prs_FirstName, prs_SecondName or alias is needed' },
  birthFormat: { it: 'data di nascita non valida: AAAA-MM-GG, o AAAA per un anno stimato', en: 'invalid birth date: YYYY-MM-DD, or YYYY for an estimated year' },
  children: { it: 'numero di figli non valido (un intero da 0 a 20)', en: 'invalid number of children (a whole number from 0 to 20)' },
  duplicateRef: { it: 'external_ref ripetuto nel file (riga {row})', en: 'external_ref repeated in the file (row {row})' },
  presentRef: { it: 'external_ref già presente per questa organizzazione', en: 'external_ref already present for this organisation' },
} as const;

const split = (value: string): string[] =>
  value
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** One CSV row → the API's person input, and where each list item came from (for error columns). */
export function rowToInput(get: (c: ImportColumn) => string): { input: Record<string, unknown>; phoneColumns: ImportColumn[]; languageColumns: ImportColumn[]; errors: Array<{ column: ImportColumn | ''; message: Record<Locale, string> }> } {
  const errors: Array<{ column: ImportColumn | ''; message: Record<Locale, string> }> = [];
  const names: PersonNameInput[] = [];
  const given = [get('prs_FirstName'), get('prs_MiddleName')].filter((v) => v !== '').join(' ');
  const family = get('prs_SecondName');
  if (given !== '' || family !== '') names.push({ kind: 'primary', ...(given !== '' ? { given } : {}), ...(family !== '' ? { family } : {}) });
  for (const alias of split(get('alias'))) names.push({ kind: 'alias', full: alias });
  if (names.length === 0) errors.push({ column: 'prs_FirstName', message: messages.noName });
  const input: Record<string, unknown> = { names };

  const birth = get('prs_Birthdate');
  if (/^\d{4}-\d{2}-\d{2}$/.test(birth)) input.birth = { birthDate: birth };
  else if (/^\d{4}$/.test(birth)) input.birth = { estimatedYear: Number(birth) };
  else if (birth !== '') errors.push({ column: 'prs_Birthdate', message: messages.birthFormat });

  const gender = get('prs_Gender');
  if (gender !== '') input.sex = gender;
  const citizenships = split(get('prs_Citizenship'));
  if (citizenships.length > 0) input.citizenships = citizenships;

  const languageColumns: ImportColumn[] = [];
  const languages: string[] = [];
  for (const column of ['prs_PrimaryLanguage', 'prs_SecondaryLanguage'] as const) {
    for (const l of split(get(column))) {
      languages.push(l);
      languageColumns.push(column);
    }
  }
  if (languages.length > 0) input.languages = languages;

  const documentNumber = get('prs_IdentityNumber');
  if (documentNumber !== '') input.documents = [{ type: 'other', number: documentNumber }];

  const phoneColumns: ImportColumn[] = [];
  const phones: string[] = [];
  for (const column of ['prs_MobilePhone', 'prs_HomePhone'] as const) {
    for (const p of split(get(column))) {
      phones.push(p);
      phoneColumns.push(column);
    }
  }
  if (phones.length > 0) input.phones = phones;

  const children = get('prs_NumberOfChildren');
  if (children !== '') {
    const n = /^\d{1,2}$/.test(children) ? Number(children) : NaN;
    // The file says how many, not where they are: recorded as not with the person.
    if (Number.isInteger(n) && n >= 0 && n <= 20) input.children = Array.from({ length: n }, () => ({ withPerson: false }));
    else errors.push({ column: 'prs_NumberOfChildren', message: messages.children });
  }
  const ref = get('external_ref');
  if (ref !== '') input.externalRef = ref;
  return { input, phoneColumns, languageColumns, errors };
}

/** The CSV column a schema issue path points at. */
function columnOf(path: readonly PropertyKey[], phoneColumns: readonly ImportColumn[], languageColumns: readonly ImportColumn[]): ImportColumn | '' {
  const [field, index, part] = path;
  const i = typeof index === 'number' ? index : 0;
  switch (field) {
    case 'names':
      if (i > 0) return 'alias';
      return part === 'family' ? 'prs_SecondName' : 'prs_FirstName';
    case 'birth':
      return 'prs_Birthdate';
    case 'sex':
      return 'prs_Gender';
    case 'citizenships':
      return 'prs_Citizenship';
    case 'languages':
      return typeof index === 'number' ? (languageColumns[i] ?? 'prs_PrimaryLanguage') : 'prs_PrimaryLanguage';
    case 'documents':
      return 'prs_IdentityNumber';
    case 'phones':
      return typeof index === 'number' ? (phoneColumns[i] ?? 'prs_MobilePhone') : 'prs_MobilePhone';
    case 'children':
      return 'prs_NumberOfChildren';
    case 'externalRef':
      return 'external_ref';
    default:
      return '';
  }
}

function zodRejections(error: ZodError, row: number, locale: Locale, phoneColumns: readonly ImportColumn[], languageColumns: readonly ImportColumn[]): Rejection[] {
  return error.issues.map((issue) => {
    const { path, code, message, ...params } = issue;
    return { row, column: columnOf(path, phoneColumns, languageColumns), reason: localizeIssue({ code, message, params: params, locale }) };
  });
}

export interface ValidatedRow {
  row: number;
  input: PersonInput;
  refIndex: string | null;
}

export interface ImportProgress {
  phase: 'check' | 'import';
  rows: number;
  /** 0..1 */
  fraction: number;
}

/** Reads the file's records (blank lines skipped) with their row numbers, and the byte progress. */
async function* records(file: string | { text: string }): AsyncGenerator<{ row: number; values: string[]; bytesRead: number }> {
  const reader = new CsvReader();
  // A text in memory (a decrypted export, never written in clear to disk) is read like a file.
  const stream = typeof file === 'string' ? createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }) : [file.text];
  let row = 0;
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    bytes += Buffer.byteLength(chunk, 'utf8');
    for (const values of reader.push(chunk)) {
      row++;
      if (!isBlankRecord(values)) yield { row, values, bytesRead: bytes };
    }
  }
  for (const values of reader.end()) {
    row++;
    if (!isBlankRecord(values)) yield { row, values, bytesRead: bytes };
  }
}

/** Checks the header: known columns only, none twice, at least one name column. */
export function checkHeader(header: readonly string[], locale: Locale): Map<ImportColumn, number> {
  const known = new Set<string>(importColumns);
  const names = header.map((h) => h.trim());
  const unknown = names.filter((h) => !known.has(h));
  if (unknown.length > 0) throw new ImportFileError(`${messages.unknownColumns[locale]}: ${unknown.map((u) => JSON.stringify(u)).join(', ')} (${importColumns.join(', ')})`);
  const repeated = names.filter((h, i) => names.indexOf(h) !== i);
  if (repeated.length > 0) throw new ImportFileError(`${messages.duplicateColumns[locale]}: ${[...new Set(repeated)].join(', ')}`);
  const map = new Map<ImportColumn, number>(names.map((h, i) => [h as ImportColumn, i]));
  if (!map.has('prs_FirstName') && !map.has('prs_SecondName') && !map.has('alias')) throw new ImportFileError(messages.noNameColumn[locale]);
  return map;
}

export interface ImportSummary {
  rows: number;
  valid: number;
  rejected: Rejection[];
  rejectedRows: number;
  imported: number;
  dryRun: boolean;
  seconds: number;
  rowsPerSecond: number;
}

/**
 * Runs an import (system work). `onProgress` is called often; `onRejected` for each rejection as
 * it is found. Throws ImportFileError for a file that cannot be imported at all (unknown columns,
 * CSV syntax), before anything is written.
 */
export async function systemImportPersons(options: {
  db: Kysely<DB>;
  services: PersonServices;
  /** A CSV file, or its text in memory. */
  file: string | { text: string };
  orgId: string;
  dryRun?: boolean;
  skipRejected?: boolean;
  batchSize?: number;
  locale?: Locale;
  now?: () => Date;
  onProgress?: (p: ImportProgress) => void;
  onRejected?: (r: Rejection) => void;
}): Promise<ImportSummary> {
  const { db, services, file, orgId } = options;
  const locale = options.locale ?? 'it';
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 500;
  const size = Math.max(1, typeof file === 'string' ? statSync(file).size : Buffer.byteLength(file.text, 'utf8'));
  const started = performance.now();
  const today = italianDate(now());
  const context: AuditContext = { userId: null, orgId, ip: null, requestId: 'cli:import-persons' };
  const rejected: Rejection[] = [];
  const rejectedRows = new Set<number>();
  const reject = (r: Rejection): void => {
    rejected.push(r);
    rejectedRows.add(r.row);
    options.onRejected?.(r);
  };

  // ---- pass 1: check every row -------------------------------------------------------------
  let header: Map<ImportColumn, number> | undefined;
  let width = 0;
  let rows = 0;
  const refRows = new Map<string, number>();
  let pendingRefs: Array<{ row: number; index: string }> = [];
  const flushRefs = async (): Promise<void> => {
    if (pendingRefs.length === 0) return;
    const taken = await takenExternalRefs(db, pendingRefs.map((p) => p.index));
    for (const p of pendingRefs) if (taken.has(p.index)) reject({ row: p.row, column: 'external_ref', reason: messages.presentRef[locale] });
    pendingRefs = [];
  };
  const validate = (row: number, values: readonly string[]): ValidatedRow | undefined => {
    if (!header) throw new Error('no header');
    const h = header;
    if (values.length !== width) {
      reject({ row, column: '', reason: `${messages.fieldCount[locale]} (${values.length} ≠ ${width})` });
      return undefined;
    }
    const get = (c: ImportColumn): string => {
      const i = h.get(c);
      return i === undefined ? '' : (values[i] ?? '').trim();
    };
    const mapped = rowToInput(get);
    const found: Rejection[] = mapped.errors.map((e) => ({ row, column: e.column, reason: e.message[locale] }));
    const parsed = personInputSchema.safeParse(mapped.input);
    if (!parsed.success) {
      // a missing name is already reported in the file's terms
      found.push(...zodRejections(parsed.error, row, locale, mapped.phoneColumns, mapped.languageColumns).filter((r) => !(mapped.errors.length > 0 && r.column === 'prs_FirstName' && (mapped.input.names as unknown[]).length === 0)));
    }
    if (parsed.success && parsed.data.birth) {
      for (const issue of birthIssues({ birth: parsed.data.birth, today, locale, prefix: 'birth' })) found.push({ row, column: 'prs_Birthdate', reason: issue.message });
    }
    for (const r of found) reject(r);
    if (found.length > 0 || !parsed.success) return undefined;
    const ref = parsed.data.externalRef;
    return { row, input: parsed.data, refIndex: ref !== undefined ? externalRefIndex(services, orgId, ref) : null };
  };

  try {
    for await (const { row, values, bytesRead } of records(file)) {
      if (!header) {
        header = checkHeader(values, locale);
        width = values.length;
        continue;
      }
      rows++;
      const v = validate(row, values);
      if (v?.refIndex) {
        const first = refRows.get(v.refIndex);
        if (first !== undefined) reject({ row, column: 'external_ref', reason: messages.duplicateRef[locale].replace('{row}', String(first)) });
        else {
          refRows.set(v.refIndex, row);
          pendingRefs.push({ row, index: v.refIndex });
          if (pendingRefs.length >= 1000) await flushRefs();
        }
      }
      if (rows % 200 === 0) options.onProgress?.({ phase: 'check', rows, fraction: bytesRead / size });
    }
    await flushRefs();
  } catch (e) {
    if (e instanceof Error && e.name === 'CsvSyntaxError') throw new ImportFileError(`CSV: ${e.message} (${locale === 'it' ? 'riga' : 'row'} ${(e as Error & { record: number }).record})`);
    throw e;
  }
  if (!header) throw new ImportFileError(locale === 'it' ? 'il file è vuoto' : 'the file is empty');
  options.onProgress?.({ phase: 'check', rows, fraction: 1 });
  const valid = rows - rejectedRows.size;
  const summary = (imported: number): ImportSummary => {
    const seconds = (performance.now() - started) / 1000;
    return { rows, valid, rejected, rejectedRows: rejectedRows.size, imported, dryRun: !!options.dryRun, seconds, rowsPerSecond: seconds > 0 ? rows / seconds : rows };
  };
  if (options.dryRun) return summary(0);
  if (rejectedRows.size > 0 && !options.skipRejected) {
    await writeAudit({ db, context, entry: { action: 'person.import', outcome: 'failure', recordType: 'person', details: { rows, imported: 0, rejected: rejectedRows.size, mode: 'all_or_nothing' } } });
    return summary(0);
  }

  // ---- pass 2: write -----------------------------------------------------------------------
  let imported = 0;
  const writeBatch = async (tx: Kysely<DB>, batch: ValidatedRow[]): Promise<void> => {
    const refs = batch.map((b) => b.refIndex).filter((x): x is string => x !== null);
    // checked again inside the transaction: another import may have added them since pass 1
    const taken = await takenExternalRefs(tx, refs);
    if (taken.size > 0) throw new ImportFileError(messages.presentRef[locale]);
    const created = await storeNewPersons({ db: tx, services, orgId, createdBy: null, now: now(), inputs: batch.map((b) => b.input), index: 'batch' });
    // One multi-row insert of the person.create entries (the rows writeAudit would write one by one).
    await tx
      .insertInto('audit_log')
      .values(
        created.map((c, i) => ({
          actor_user_id: null,
          actor_org_id: orgId,
          action: 'person.create',
          outcome: 'success',
          record_type: 'person',
          record_id: c.id,
          fields: Object.keys(batch[i]?.input ?? {}).sort(),
          ip: null,
          request_id: context.requestId,
          details: JSON.stringify({ source: 'import', row: batch[i]?.row ?? null }),
        })),
      )
      .execute();
    imported += created.length;
  };
  const batches = async function* (): AsyncGenerator<ValidatedRow[]> {
    let batch: ValidatedRow[] = [];
    let seenHeader = false;
    for await (const { row, values } of records(file)) {
      if (!seenHeader) {
        seenHeader = true;
        continue;
      }
      if (rejectedRows.has(row)) continue;
      const v = validateAgain(row, values);
      if (!v) continue;
      batch.push(v);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  };
  // The rows of pass 2 are the rows pass 1 accepted; mapping them again is cheap and keeps memory flat.
  const validateAgain = (row: number, values: readonly string[]): ValidatedRow | undefined => {
    const before = rejected.length;
    const v = validate(row, values);
    if (rejected.length !== before) throw new Error(`row ${row} changed between the two passes`);
    return v;
  };
  const report = (): void => options.onProgress?.({ phase: 'import', rows: imported, fraction: imported / valid });

  if (!options.skipRejected) {
    await db.transaction().execute(async (trx) => {
      for await (const batch of batches()) {
        await writeBatch(trx, batch);
        report();
      }
      await writeAudit({ db: trx, context, entry: { action: 'person.import', outcome: 'success', recordType: 'person', details: { rows, imported, rejected: rejectedRows.size, mode: 'all_or_nothing' } } });
    });
  } else {
    for await (const batch of batches()) {
      await db.transaction().execute((trx) => writeBatch(trx, batch));
      report();
    }
    await writeAudit({ db, context, entry: { action: 'person.import', outcome: imported === valid ? 'success' : 'failure', recordType: 'person', details: { rows, imported, rejected: rejectedRows.size, mode: 'skip_rejected' } } });
  }
  return summary(imported);
}
