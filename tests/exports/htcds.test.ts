import { describe, expect, it } from 'vitest';
import { caseColumnIssues, htcdsCsv, htcdsExportColumns, htcdsJson, htcdsJsonRows, htcdsRow, type ExportCase, type ExportPerson } from '../../src/domain/exports/htcds.ts';
import { htcdsFieldInfo } from '../../src/domain/htcds/index.ts';
import { importColumns } from '../../src/cli/import-persons.ts';

const person: ExportPerson = {
  code: 'P-TEST-0001',
  identity: {
    names: [{ kind: 'primary', given: 'Amina', family: 'Prova' }, { kind: 'alias', full: 'Mina; la piccola' }],
    birth: { estimatedFrom: '1999-06-01', estimatedTo: '2001-05-31' },
    documents: [{ type: 'passport', number: 'X123' }],
    phones: ['+39 333 000 0000'],
    children: [{ withPerson: false }, { withPerson: true }],
  },
  sex: 'Feminine',
  citizenships: ['NG', 'GH'],
  languages: ['en', 'yo'],
};
const kase: ExportCase = {
  code: 'C-2024-000001', status: 'Active', phase: 'protection_residential', openedOn: '2024-03-02', closedOn: null, closureReason: null,
  minorStatus: 'adult', traffickingStatus: 'PossibleVictimOfTrafficking', traffickingStatusDecidedBy: 'NGO', traffickingStatusDecidedOn: '2024-03-10',
  exploitationTypes: ['SexualExploitation', 'ForcedBegging'], sexExploitationTypes: [], labourSectors: [], meansOfControl: ['DebtBondage'],
  recruitmentMethods: [], recruiterRelations: ['Acquainted'], exploitationCountries: ['IT'],
};

describe('HTCDS export mapping', () => {
  it('uses HTCDS names for every standard column and the import’s columns for the person', () => {
    for (const c of htcdsExportColumns) {
      if (c.startsWith('pnt_') || c === 'external_ref' || c === 'alias') continue;
      expect(Object.hasOwn(htcdsFieldInfo, c) || /^prs_(FirstName|MiddleName|SecondName|Birthdate|IdentityNumber|MobilePhone|HomePhone|NumberOfChildren|Citizenship|PrimaryLanguage|SecondaryLanguage)$/.test(c), c).toBe(true);
    }
    for (const c of importColumns) expect(htcdsExportColumns).toContain(c);
  });

  it('maps a person and a case to one row', () => {
    const row = htcdsRow(person, kase);
    expect(row).toMatchObject({
      external_ref: 'P-TEST-0001', prs_FirstName: 'Amina', prs_SecondName: 'Prova', alias: 'Mina, la piccola', prs_Birthdate: '2000',
      prs_Gender: 'Feminine', prs_Citizenship: 'NG;GH', prs_PrimaryLanguage: 'en', prs_SecondaryLanguage: 'yo', prs_IdentityNumber: 'X123',
      prs_NumberOfChildren: '2', cas_Status: 'Active', vic_TypeOfExploitation: 'SexualExploitation;ForcedBegging', vic_RelationshipToTrafficker: 'Acquainted',
    });
    expect(caseColumnIssues((c) => (row as Record<string, string>)[c] ?? '')).toEqual([]);
    const person2 = htcdsRow(person, null);
    expect(person2.pnt_CaseCode).toBe('');
    expect(caseColumnIssues((c) => (person2 as Record<string, string>)[c] ?? '')).toEqual([]);
  });

  it('writes CSV with quoting and JSON that reads back to the same rows', () => {
    const rows = [htcdsRow(person, kase), htcdsRow({ ...person, code: 'P-TEST-0002', identity: { ...person.identity, names: [{ kind: 'primary', given: 'Ana "Nana"', family: 'Doe, Jr' }] } }, null)];
    const csv = htcdsCsv(rows);
    expect(csv.split('\r\n')[0]).toBe(htcdsExportColumns.join(','));
    expect(csv).toContain('"Ana ""Nana"""');
    expect(csv).toContain('"Doe, Jr"');
    const json = htcdsJsonRows(htcdsJson(rows, '2024-05-01T00:00:00.000Z'));
    for (const [i, r] of rows.entries()) {
      for (const c of htcdsExportColumns) {
        const j = json.header.indexOf(c);
        expect(j >= 0 ? json.rows[i]?.[j] : '', c).toBe(r[c]);
      }
    }
  });

  it('rejects values outside the lists', () => {
    const get = (values: Record<string, string>) => (c: string) => values[c] ?? '';
    const issues = caseColumnIssues(get({ pnt_CaseCode: 'C-1', cas_Status: 'Open', vic_MethodsOfControl: 'DebtBondage;Magic', pnt_CaseOpenedOn: '2024-02-30', pnt_CasePhase: 'limbo', pnt_ExploitationCountries: 'ZZ' }));
    expect(issues.map((i) => i.column).sort()).toEqual(['cas_Status', 'pnt_CaseOpenedOn', 'pnt_CasePhase', 'pnt_ExploitationCountries', 'vic_MethodsOfControl']);
    expect(caseColumnIssues(get({ cas_Status: 'Active' }))[0]?.column).toBe('pnt_CaseCode');
  });
});
