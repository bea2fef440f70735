import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  hasItalianLabels,
  htcdsAttribution,
  htcdsFields,
  htcdsItalianLabels,
  htcdsLabel,
  htcdsOptions,
  htcdsValues,
  htcdsValueSchema,
  isHtcdsValue,
} from './index.ts';
import { extractPicklists, parseCsv, renderValuesModule } from './picklists.ts';

const read = (name: string) => readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8');

describe('generated values.ts', () => {
  it('is in sync with field-standards-2.0.csv (run `npx tsx src/domain/htcds/generate.ts`)', () => {
    const expected = renderValuesModule(extractPicklists({ rows: parseCsv({ text: read('./field-standards-2.0.csv') }) }));
    expect(read('./values.ts')).toBe(expected);
  });

  it('holds every picklist of the CSV with its values, trimmed', () => {
    const { picklists, external } = extractPicklists({ rows: parseCsv({ text: read('./field-standards-2.0.csv') }) });
    expect(picklists.length).toBe(21);
    expect(Object.keys(htcdsValues)).toEqual(picklists.map((p) => p.field));
    expect(external.map((e) => e.field)).toContain('prs_Citizenship');
    expect(htcdsValues.vic_MethodsOfControl.map((v) => v.value)).toContain('DebtBondage');
    expect(htcdsValues.vic_ForcedLabourIndustry).toHaveLength(21);
    expect(htcdsValues.vic_ForcedLabourIndustry[0].value).toBe('A_AgricultureForestryAndFishing');
    expect(htcdsValues.cas_Status.map((v) => v.value)).toEqual(['Active', 'FollowUp', 'Closed', 'ClosedReferred']);
    for (const field of htcdsFields) {
      for (const v of htcdsValues[field]) {
        expect(v.value).toBe(v.value.trim());
        expect(v.label).toBe(v.label.trim());
      }
    }
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside fields, CRLF', () => {
    expect(parseCsv({ text: 'a,"b,c","d ""e""\nf"\r\ng,,\n' })).toEqual([
      ['a', 'b,c', 'd "e"\nf'],
      ['g', '', ''],
    ]);
  });
  it('rejects an unterminated quote', () => {
    expect(() => parseCsv({ text: 'a,"b' })).toThrow();
  });
});

describe('helpers', () => {
  it('isHtcdsValue', () => {
    expect(isHtcdsValue({ field: 'prs_Gender', value: 'Feminine' })).toBe(true);
    expect(isHtcdsValue({ field: 'prs_Gender', value: 'feminine' })).toBe(false);
    expect(isHtcdsValue({ field: 'prs_Nope', value: 'Feminine' })).toBe(false);
    expect(isHtcdsValue({ field: 'toString', value: 'x' })).toBe(false);
  });

  it('htcdsLabel in Italian, English, and the English fallback', () => {
    expect(htcdsLabel({ field: 'vic_TypeOfExploitation', value: 'ForcedBegging', locale: 'it' })).toBe('Accattonaggio forzato');
    expect(htcdsLabel({ field: 'vic_TypeOfExploitation', value: 'ForcedBegging', locale: 'en' })).toBe('Forced begging');
    expect(htcdsLabel({ field: 'prs_MaritalStatus', value: 'Married', locale: 'it' })).toBe('Married');
    expect(htcdsLabel({ field: 'prs_Gender', value: 'Nope', locale: 'it' })).toBeUndefined();
  });

  it('Italian labels cover every value of the lists shown to users, and nothing else', () => {
    const shown = [
      'prs_Gender', 'vic_TypeOfExploitation', 'vic_MethodsOfControl', 'vic_MethodOfRecruitment',
      'vic_RelationshipToTrafficker', 'vic_ForcedLabourIndustry', 'vic_TraffickingStatus', 'cas_Status',
      'cas_ReasonForIncomingReferral', 'cas_ReasonForOutgoingReferral', 'spl_Type',
    ] as const;
    for (const field of shown) expect(hasItalianLabels({ field })).toBe(true);
    for (const [field, labels] of Object.entries(htcdsItalianLabels)) {
      const values = (htcdsValues as Record<string, readonly { value: string }[]>)[field]!.map((v) => v.value);
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      for (const label of Object.values(labels)) expect(label.trim()).not.toBe('');
    }
  });

  it('htcdsOptions and htcdsValueSchema', () => {
    expect(htcdsOptions({ field: 'cas_Status', locale: 'it' })[3]).toEqual({ value: 'ClosedReferred', label: 'Chiuso con invio ad altro ente' });
    const schema = htcdsValueSchema({ field: 'vic_TraffickingStatus' });
    expect(schema.parse('ActualVictimOfTrafficking')).toBe('ActualVictimOfTrafficking');
    expect(schema.safeParse('Victim').success).toBe(false);
  });

  it('carries the CC BY 4.0 attribution', () => {
    expect(htcdsAttribution.licence).toBe('CC BY 4.0');
    expect(htcdsAttribution.text).toContain('IOM');
  });
});
