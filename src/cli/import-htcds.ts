/**
 * `ponte import htcds FILE --org ORG_CODE`: imports an encrypted HTCDS export of another Ponte
 * installation (src/domain/exports). The file is decrypted in memory only. Every row is checked:
 * the columns must be export columns, the case columns must hold HTCDS (or Ponte) values, rows of
 * the same person (one per case) must agree on the person; the persons are then imported by
 * `systemImportPersons` (the same rules, duplicate detection indexes and audit as
 * `ponte import persons`), all or nothing. The source person code becomes the external reference.
 * Cases are checked, not created: a case is opened by the receiving body in Ponte.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ContainerError, openContainer } from '../domain/exports/container.ts';
import { caseColumnIssues, htcdsExportColumns, htcdsJsonRows, htcdsPersonColumns } from '../domain/exports/htcds.ts';
import { writeAudit } from '../server/platform/audit.ts';
import type { Locale } from '../server/platform/i18n.ts';
import type { PersonServices } from '../server/features/persons/service.ts';
import { CsvReader, csvLine, isBlankRecord } from './import-csv.ts';
import { ImportFileError, importColumns, systemImportPersons, type ImportProgress } from './import-persons.ts';

export interface HtcdsRejection {
  /** Row of the export file (the header is row 1; in JSON, record n is row n + 1). */
  row: number;
  column: string;
  reason: string;
}

export interface HtcdsImportSummary {
  rows: number;
  persons: number;
  rejectedRows: number;
  imported: number;
  dryRun: boolean;
}

function decrypt(bytes: Uint8Array, password: string, locale: Locale): string {
  try {
    return openContainer({ bytes, password }).toString('utf8');
  } catch (e) {
    if (e instanceof ContainerError) {
      const messages = {
        format: { it: 'non è un file di esportazione di Ponte', en: 'not a Ponte export file' },
        version: { it: 'versione del file non supportata', en: 'unsupported file version' },
        password: { it: 'password errata, o il file è stato alterato', en: 'wrong password, or the file was altered' },
      };
      throw new ImportFileError(messages[e.kind][locale]);
    }
    throw e;
  }
}

/** The header and records of the decrypted text: a JSON export, or CSV. */
export function exportRecords(text: string, locale: Locale): { header: string[]; rows: string[][] } {
  if (text.trimStart().startsWith('{')) {
    try {
      return htcdsJsonRows(text);
    } catch {
      throw new ImportFileError(locale === 'it' ? 'il JSON non è un’esportazione HTCDS di Ponte' : 'the JSON is not a Ponte HTCDS export');
    }
  }
  const reader = new CsvReader();
  let all: string[][];
  try {
    all = [...reader.push(text), ...reader.end()].filter((r) => !isBlankRecord(r));
  } catch (e) {
    throw new ImportFileError(`CSV: ${e instanceof Error ? e.message : String(e)}`);
  }
  const [header, ...rows] = all;
  if (!header) throw new ImportFileError(locale === 'it' ? 'il file è vuoto' : 'the file is empty');
  return { header: header.map((h) => h.trim()), rows };
}

export async function systemImportHtcds(options: {
  db: Kysely<DB>;
  services: PersonServices;
  bytes: Uint8Array;
  password: string;
  orgId: string;
  dryRun?: boolean;
  locale?: Locale;
  now?: () => Date;
  onProgress?: (p: ImportProgress) => void;
  onRejected?: (r: HtcdsRejection) => void;
}): Promise<HtcdsImportSummary> {
  const locale = options.locale ?? 'it';
  const { header, rows } = exportRecords(decrypt(options.bytes, options.password, locale), locale);
  const known = new Set<string>(htcdsExportColumns);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) throw new ImportFileError(`${locale === 'it' ? 'colonne sconosciute' : 'unknown columns'}: ${unknown.join(', ')}`);
  if (new Set(header).size !== header.length) throw new ImportFileError(locale === 'it' ? 'colonne ripetute' : 'repeated columns');

  const rejectedRows = new Set<number>();
  const reject = (r: HtcdsRejection): void => {
    rejectedRows.add(r.row);
    options.onRejected?.(r);
  };
  // One person row per external reference (the export has one row per case).
  const personRows: string[][] = [];
  const origin: number[] = [];
  const firstByRef = new Map<string, { row: number; key: string }>();
  for (const [i, values] of rows.entries()) {
    const row = i + 2;
    if (values.length !== header.length) {
      reject({ row, column: '', reason: locale === 'it' ? `numero di campi diverso dall’intestazione (${values.length} ≠ ${header.length})` : `number of fields differs from the header (${values.length} ≠ ${header.length})` });
      continue;
    }
    const get = (c: string): string => {
      const j = header.indexOf(c);
      return j < 0 ? '' : (values[j] ?? '').trim();
    };
    for (const issue of caseColumnIssues(get)) reject({ row, column: issue.column, reason: issue.message[locale] });
    const person = importColumns.map((c) => get(c));
    const ref = get('external_ref');
    const key = htcdsPersonColumns.map((c) => get(c)).join('\u0000');
    const first = ref !== '' ? firstByRef.get(ref) : undefined;
    if (first) {
      if (first.key !== key) reject({ row, column: 'external_ref', reason: locale === 'it' ? `stesso external_ref della riga ${first.row} con dati della persona diversi` : `same external_ref as row ${first.row} with different person data` });
      continue;
    }
    if (ref !== '') firstByRef.set(ref, { row, key });
    personRows.push(person);
    origin.push(row);
  }
  const text = csvLine([...importColumns]) + personRows.map((r) => csvLine(r)).join('');
  const caseRejected = rejectedRows.size > 0;
  const summary = await systemImportPersons({
    db: options.db,
    services: options.services,
    file: { text },
    orgId: options.orgId,
    // Any rejected case column stops the import: the persons are still checked, to report everything.
    dryRun: !!options.dryRun || caseRejected,
    locale,
    ...(options.now ? { now: options.now } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    onRejected: (r) => reject({ ...r, row: origin[r.row - 2] ?? r.row }),
  });
  const imported = summary.imported;
  await writeAudit({
    db: options.db,
    context: { userId: null, orgId: options.orgId, ip: null, requestId: 'cli:import-htcds' },
    entry: {
      action: 'import.htcds', outcome: rejectedRows.size > 0 ? 'failure' : 'success', recordType: 'person',
      details: { rows: rows.length, persons: personRows.length, rejected: rejectedRows.size, imported, dryRun: !!options.dryRun },
    },
  });
  return { rows: rows.length, persons: personRows.length, rejectedRows: rejectedRows.size, imported, dryRun: !!options.dryRun };
}
