/**
 * Fictional import files: rows with HTCDS columns, names from several scripts (invented
 * combinations), unique document numbers, phones and external references. Deterministic by seed.
 */
import { writeFileSync } from 'node:fs';
import { csvLine } from '../../src/cli/import-csv.ts';
import { importColumns } from '../../src/cli/import-persons.ts';

const given = ['Amina', 'Blessing', 'Joy', 'Osas', 'Selam', 'Mariam', 'Fatou', 'Olena', 'Елена', 'Ирина', 'فاطمة', 'Ioana', 'Mihaela', 'Precious', 'Esohe', 'Awa'];
const family = ['Okoro', 'Igbinedion', 'Tesfay', 'Diallo', 'Коваленко', 'Шевчук', 'بنعلي', 'Popescu', 'Osagie', 'Kone', 'Ndiaye', 'Haile', 'Ionescu', 'Eze'];
const countries = ['NG', 'ER', 'UA', 'MA', 'RO', 'SN', 'CI', 'GN', 'ML', 'CN'];
const languages = ['edo', 'pcm', 'ti', 'uk', 'ar', 'ro', 'wo', 'fr', 'en', 'zh'];
const genders = ['Feminine', 'Masculine', 'TransgenderFeminine', 'NonSpecifiedUnknown'];

export function fixtureRows(options: { count: number; seed?: number; refPrefix?: string }): Array<Record<string, string>> {
  let s = options.seed ?? 1;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const rows: Array<Record<string, string>> = [];
  for (let i = 0; i < options.count; i++) {
    const year = 1975 + rnd(33);
    rows.push({
      prs_FirstName: given[rnd(given.length)] as string,
      prs_MiddleName: rnd(5) === 0 ? 'Grace' : '',
      prs_SecondName: family[rnd(family.length)] as string,
      prs_Birthdate: rnd(3) === 0 ? String(year) : `${year}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`,
      prs_Gender: genders[rnd(genders.length)] as string,
      prs_Citizenship: countries[rnd(countries.length)] as string,
      prs_PrimaryLanguage: languages[rnd(languages.length)] as string,
      prs_SecondaryLanguage: rnd(2) === 0 ? 'it' : '',
      prs_IdentityNumber: `ZX${String(i).padStart(7, '0')}`,
      prs_MobilePhone: `+39 333 ${String(1000000 + i).slice(0, 7)}`,
      prs_HomePhone: '',
      prs_NumberOfChildren: String(rnd(3)),
      external_ref: `${options.refPrefix ?? 'REF'}-${i}`,
      alias: rnd(4) === 0 ? 'Mama Joy; Baby' : '',
    });
  }
  return rows;
}

export function writeImportFile(options: { path: string; rows: ReadonlyArray<Record<string, string>>; columns?: readonly string[]; bom?: boolean }): void {
  const columns = options.columns ?? importColumns;
  const text = (options.bom ? '\ufeff' : '') + csvLine(columns) + options.rows.map((r) => csvLine(columns.map((c) => r[c] ?? ''))).join('');
  writeFileSync(options.path, text);
}
