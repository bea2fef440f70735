/**
 * HTCDS-shaped record export (issue 6): one record per case (a person without a case: one record
 * with the case fields empty), with HTCDS v2.0 field names where the standard has the field and
 * `pnt_` names for Ponte's own fields. The person columns are exactly those `ponte import persons`
 * reads, so another installation imports the file with the same rules. Mapping and fields not
 * covered: README.md here. Pure.
 */
import { z } from 'zod';
import { birthRange, type BirthInfo } from '../cases/age.ts';
import { casePhases, closureReasons } from '../cases/phases.ts';
import { isHtcdsValue, type HtcdsField } from '../htcds/index.ts';
import type { StoredIdentity } from '../persons/schema.ts';
import { isCountryCode } from '../reference/countries.ts';

/** Passwords shorter than this are refused for encrypted export files. */
export const minExportPasswordLength = 12;

export const htcdsPersonColumns = [
  'external_ref',
  'prs_FirstName',
  'prs_MiddleName',
  'prs_SecondName',
  'alias',
  'prs_Birthdate',
  'prs_Gender',
  'prs_Citizenship',
  'prs_PrimaryLanguage',
  'prs_SecondaryLanguage',
  'prs_IdentityNumber',
  'prs_MobilePhone',
  'prs_HomePhone',
  'prs_NumberOfChildren',
] as const;

export const htcdsCaseColumns = [
  'pnt_CaseCode',
  'cas_Status',
  'pnt_CasePhase',
  'pnt_CaseOpenedOn',
  'pnt_CaseClosedOn',
  'pnt_ClosureReason',
  'pnt_MinorStatus',
  'vic_TraffickingStatus',
  'vic_TraffickingStatusDecisionMakingOrg',
  'pnt_TraffickingStatusDecidedOn',
  'vic_TypeOfExploitation',
  'vic_TypeOfSexExploitation',
  'vic_ForcedLabourIndustry',
  'vic_MethodsOfControl',
  'vic_MethodOfRecruitment',
  'vic_RelationshipToTrafficker',
  'pnt_ExploitationCountries',
] as const;

export const htcdsExportColumns = [...htcdsPersonColumns, ...htcdsCaseColumns] as const;
export type HtcdsExportColumn = (typeof htcdsExportColumns)[number];
export type HtcdsRow = Record<HtcdsExportColumn, string>;

/** Columns holding several values: `;`-separated in CSV, arrays in JSON. */
export const multiValueColumns: ReadonlySet<HtcdsExportColumn> = new Set([
  'alias', 'prs_Citizenship', 'prs_MobilePhone', 'vic_TypeOfExploitation', 'vic_TypeOfSexExploitation', 'vic_ForcedLabourIndustry',
  'vic_MethodsOfControl', 'vic_MethodOfRecruitment', 'vic_RelationshipToTrafficker', 'pnt_ExploitationCountries',
]);

/** Case columns checked against an HTCDS value list. */
const picklistColumns: ReadonlyArray<readonly [HtcdsExportColumn, HtcdsField]> = [
  ['cas_Status', 'cas_Status'],
  ['vic_TraffickingStatus', 'vic_TraffickingStatus'],
  ['vic_TraffickingStatusDecisionMakingOrg', 'vic_TraffickingStatusDecisionMakingOrg'],
  ['vic_TypeOfExploitation', 'vic_TypeOfExploitation'],
  ['vic_TypeOfSexExploitation', 'vic_TypeOfSexExploitation'],
  ['vic_ForcedLabourIndustry', 'vic_ForcedLabourIndustry'],
  ['vic_MethodsOfControl', 'vic_MethodsOfControl'],
  ['vic_MethodOfRecruitment', 'vic_MethodOfRecruitment'],
  ['vic_RelationshipToTrafficker', 'vic_RelationshipToTrafficker'],
];

export interface ExportCase {
  code: string;
  status: string;
  phase: string;
  openedOn: string;
  closedOn: string | null;
  closureReason: string | null;
  minorStatus: string | null;
  traffickingStatus: string | null;
  traffickingStatusDecidedBy: string | null;
  traffickingStatusDecidedOn: string | null;
  exploitationTypes: readonly string[];
  sexExploitationTypes: readonly string[];
  labourSectors: readonly string[];
  meansOfControl: readonly string[];
  recruitmentMethods: readonly string[];
  recruiterRelations: readonly string[];
  exploitationCountries: readonly string[];
}

export interface ExportPerson {
  code: string;
  identity: StoredIdentity;
  sex: string | null;
  citizenships: readonly string[];
  languages: readonly string[];
}

const join = (values: readonly string[]): string => values.join(';');

/** The birth as the import reads it: the date when exact, else the (middle) estimated year. */
export function birthColumn(birth: BirthInfo | undefined): string {
  if (!birth) return '';
  if ('birthDate' in birth) return birth.birthDate;
  if ('estimatedYear' in birth) return String(birth.estimatedYear).padStart(4, '0');
  const { from, to } = birthRange({ birth });
  return String(Math.round((Number(from.slice(0, 4)) + Number(to.slice(0, 4))) / 2)).padStart(4, '0');
}

/** One export row: the person's identity and, when given, one of their cases. */
export function htcdsRow(person: ExportPerson, kase: ExportCase | null): HtcdsRow {
  const primary = person.identity.names.find((n) => n.kind === 'primary' && (n.given !== undefined || n.family !== undefined));
  const others = person.identity.names.filter((n) => n !== primary).map((n) => n.full ?? [n.given, n.family].filter(Boolean).join(' '));
  const phones = person.identity.phones;
  return {
    external_ref: person.code,
    prs_FirstName: primary?.given ?? '',
    prs_MiddleName: '',
    prs_SecondName: primary?.family ?? '',
    alias: join(others.map((a) => a.replaceAll(';', ','))),
    prs_Birthdate: birthColumn(person.identity.birth),
    prs_Gender: person.sex ?? '',
    prs_Citizenship: join(person.citizenships),
    prs_PrimaryLanguage: person.languages[0] ?? '',
    prs_SecondaryLanguage: join(person.languages.slice(1)),
    prs_IdentityNumber: person.identity.documents[0]?.number ?? '',
    prs_MobilePhone: join(phones),
    prs_HomePhone: '',
    prs_NumberOfChildren: person.identity.children.length > 0 ? String(person.identity.children.length) : '',
    pnt_CaseCode: kase?.code ?? '',
    cas_Status: kase?.status ?? '',
    pnt_CasePhase: kase?.phase ?? '',
    pnt_CaseOpenedOn: kase?.openedOn ?? '',
    pnt_CaseClosedOn: kase?.closedOn ?? '',
    pnt_ClosureReason: kase?.closureReason ?? '',
    pnt_MinorStatus: kase?.minorStatus ?? '',
    vic_TraffickingStatus: kase?.traffickingStatus ?? '',
    vic_TraffickingStatusDecisionMakingOrg: kase?.traffickingStatusDecidedBy ?? '',
    pnt_TraffickingStatusDecidedOn: kase?.traffickingStatusDecidedOn ?? '',
    vic_TypeOfExploitation: join(kase?.exploitationTypes ?? []),
    vic_TypeOfSexExploitation: join(kase?.sexExploitationTypes ?? []),
    vic_ForcedLabourIndustry: join(kase?.labourSectors ?? []),
    vic_MethodsOfControl: join(kase?.meansOfControl ?? []),
    vic_MethodOfRecruitment: join(kase?.recruitmentMethods ?? []),
    vic_RelationshipToTrafficker: join(kase?.recruiterRelations ?? []),
    pnt_ExploitationCountries: join(kase?.exploitationCountries ?? []),
  };
}

// --- serialisation -----------------------------------------------------------------------------

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function htcdsCsv(rows: readonly HtcdsRow[]): string {
  return csvRecord(htcdsExportColumns) + rows.map((r) => csvRecord(htcdsExportColumns.map((c) => r[c]))).join('');
}

export const htcdsJsonFormat = 'ponte-htcds-export';

/** JSON: multi-valued fields as arrays, empty fields left out. */
export function htcdsJson(rows: readonly HtcdsRow[], exportedAt: string): string {
  const records = rows.map((r) => {
    const out: Record<string, string | string[]> = {};
    for (const c of htcdsExportColumns) {
      if (r[c] === '') continue;
      out[c] = multiValueColumns.has(c) ? r[c].split(';') : r[c];
    }
    return out;
  });
  return JSON.stringify({ format: htcdsJsonFormat, version: 1, standard: 'HTCDS 2.0', exportedAt, fields: htcdsExportColumns, records }, null, 1);
}

const jsonFile = z.object({
  format: z.literal(htcdsJsonFormat),
  version: z.literal(1),
  records: z.array(z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
});

/**
 * The records of a JSON export as rows of strings (arrays joined with `;`), with the header
 * (every field seen, in file order). Throws on a file that is not an export.
 */
export function htcdsJsonRows(text: string): { header: string[]; rows: string[][] } {
  const parsed = jsonFile.parse(JSON.parse(text));
  const header: string[] = [];
  for (const r of parsed.records) for (const k of Object.keys(r)) if (!header.includes(k)) header.push(k);
  const rows = parsed.records.map((r) => header.map((h) => {
    const v = r[h];
    return v === undefined ? '' : Array.isArray(v) ? v.join(';') : v;
  }));
  return { header, rows };
}

// --- validation of the case columns (import) ---------------------------------------------------

export interface ColumnIssue {
  column: string;
  message: { it: string; en: string };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => isoDate.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** Checks the case columns of one row against the HTCDS value lists and Ponte's own lists. */
export function caseColumnIssues(get: (column: string) => string): ColumnIssue[] {
  const issues: ColumnIssue[] = [];
  for (const [column, field] of picklistColumns) {
    for (const v of get(column).split(';').map((x) => x.trim()).filter((x) => x !== '')) {
      if (!isHtcdsValue({ field, value: v })) issues.push({ column, message: { it: `valore non previsto da HTCDS: ${v}`, en: `not an HTCDS value: ${v}` } });
    }
  }
  const phase = get('pnt_CasePhase');
  if (phase !== '' && !(casePhases as readonly string[]).includes(phase)) issues.push({ column: 'pnt_CasePhase', message: { it: `fase sconosciuta: ${phase}`, en: `unknown phase: ${phase}` } });
  const reason = get('pnt_ClosureReason');
  if (reason !== '' && !(closureReasons as readonly string[]).includes(reason)) issues.push({ column: 'pnt_ClosureReason', message: { it: `motivo di chiusura sconosciuto: ${reason}`, en: `unknown closure reason: ${reason}` } });
  const minor = get('pnt_MinorStatus');
  if (minor !== '' && !['minor', 'adult', 'possibly_minor'].includes(minor)) issues.push({ column: 'pnt_MinorStatus', message: { it: `valore non previsto: ${minor}`, en: `unexpected value: ${minor}` } });
  for (const column of ['pnt_CaseOpenedOn', 'pnt_CaseClosedOn', 'pnt_TraffickingStatusDecidedOn']) {
    const v = get(column);
    if (v !== '' && !validDate(v)) issues.push({ column, message: { it: 'data non valida (AAAA-MM-GG)', en: 'invalid date (YYYY-MM-DD)' } });
  }
  for (const v of get('pnt_ExploitationCountries').split(';').map((x) => x.trim()).filter((x) => x !== '')) {
    if (!isCountryCode(v.toUpperCase())) issues.push({ column: 'pnt_ExploitationCountries', message: { it: `paese sconosciuto: ${v}`, en: `unknown country: ${v}` } });
  }
  const hasCaseData = htcdsCaseColumns.some((c) => c !== 'pnt_CaseCode' && get(c) !== '');
  if (hasCaseData && get('pnt_CaseCode') === '') issues.push({ column: 'pnt_CaseCode', message: { it: 'dati del caso senza codice del caso', en: 'case data without a case code' } });
  return issues;
}
