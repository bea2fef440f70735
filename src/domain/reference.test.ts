import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { provinces, regions, isProvinceCode, findProvince, provinceKinds } from './provinces.ts';
import { organisationTypes, htcdsOrgTypes, isOrganisationType } from './organisations.ts';
import { serviceTypes, isServiceCode } from './services.ts';
import { email, line, money, moneyToCents, centsToMoney, text } from './fields.ts';

function dupes(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

describe('ISTAT provinces', () => {
  it('has the 107 current territorial units with unique codes, plates and names', () => {
    expect(provinces).toHaveLength(107);
    expect(dupes(provinces.map((p) => p.code))).toEqual([]);
    expect(dupes(provinces.map((p) => p.abbreviation))).toEqual([]);
    expect(dupes(provinces.map((p) => p.name))).toEqual([]);
  });

  it('has well-formed fields', () => {
    for (const p of provinces) {
      expect(p.code).toMatch(/^\d{3}$/);
      expect(p.abbreviation).toMatch(/^[A-Z]{2}$/);
      expect(p.regionCode).toMatch(/^\d{2}$/);
      expect(p.name.trim()).toBe(p.name);
      expect(provinceKinds).toContain(p.kind);
    }
  });

  it('covers all 20 regions, each with one name', () => {
    expect(regions.map((r) => r.code)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, '0')));
    for (const r of regions) {
      expect(new Set(provinces.filter((p) => p.regionCode === r.code).map((p) => p.regionName)).size).toBe(1);
    }
  });

  it('has the expected number of units per region and the 14 metropolitan cities', () => {
    const count = (code: string): number => provinces.filter((p) => p.regionCode === code).length;
    expect([count('01'), count('03'), count('09'), count('12'), count('19'), count('20')]).toEqual([8, 12, 10, 5, 9, 5]);
    expect(provinces.filter((p) => p.kind === 'metropolitan_city')).toHaveLength(14);
    expect(findProvince('058')).toMatchObject({ abbreviation: 'RM', name: 'Roma', regionName: 'Lazio' });
    expect(findProvince('001')).toMatchObject({ abbreviation: 'TO', regionCode: '01' });
    expect(findProvince('111')).toMatchObject({ abbreviation: 'SU', regionName: 'Sardegna' });
    expect(isProvinceCode('999')).toBe(false);
  });

  it('ships as JSON data that matches the module', () => {
    const file = JSON.parse(readFileSync(new URL('./data/provinces.json', import.meta.url), 'utf8')) as unknown[];
    expect(file).toHaveLength(107);
  });
});

describe('organisation types', () => {
  it('includes every HTCDS org_Type value exactly once as a standard type', () => {
    const standard = organisationTypes.filter((t) => t.standard).map((t) => t.htcds);
    expect([...standard].sort()).toEqual([...htcdsOrgTypes].sort());
  });

  it('has unique snake_case keys and both labels', () => {
    const keys = organisationTypes.map((t) => t.key);
    expect(dupes(keys)).toEqual([]);
    for (const t of organisationTypes) {
      expect(t.key).toMatch(/^[a-z][a-z_]+$/);
      expect(t.name.it.length).toBeGreaterThan(1);
      expect(t.name.en.length).toBeGreaterThan(1);
    }
    for (const k of ['reception_centre', 'court', 'juvenile_court', 'prosecutor', 'police_immigration_office', 'prefecture',
      'labour_inspectorate', 'asylum_commission', 'hotline', 'region', 'municipality', 'health_authority']) {
      expect(isOrganisationType(k)).toBe(true);
    }
  });
});

describe('services', () => {
  it('has unique snake_case codes and both labels', () => {
    const codes = serviceTypes.map((s) => s.code);
    expect(dupes(codes)).toEqual([]);
    for (const s of serviceTypes) {
      expect(s.code).toMatch(/^[a-z][a-z_]+$/);
      expect(s.name.it).not.toBe('');
      expect(s.name.en).not.toBe('');
    }
    for (const c of ['outreach', 'drop_in', 'desk', 'hotline', 'first_assistance', 'shelter', 'residential', 'semi_autonomy', 'health',
      'legal', 'psychological', 'cultural_mediation', 'language_course', 'vocational_training', 'internship', 'job_placement',
      'housing', 'economic_support', 'voluntary_return']) {
      expect(isServiceCode(c)).toBe(true);
    }
  });
});

describe('field validators', () => {
  it('money keeps exact decimals and refuses more than two', () => {
    expect(money.parse('1700256.47')).toBe('1700256.47');
    expect(money.parse(1700256.47)).toBe('1700256.47');
    expect(money.parse(100)).toBe('100.00');
    expect(money.parse('0.1')).toBe('0.10');
    for (const bad of ['1.234', '-1', '1e3', 'abc', '', '01.00', 1.005, -3, Number.NaN, '1000000000000.00']) {
      expect(money.safeParse(bad).success).toBe(false);
    }
    const sum = ['0.10', '0.20'].map(moneyToCents).reduce((a, b) => a + b, 0n);
    expect(centsToMoney(sum)).toBe('0.30');
  });

  it('text refuses NUL, control characters and lone surrogates', () => {
    expect(line(50).parse('  Cooperativa Àncora  ')).toBe('Cooperativa Àncora');
    expect(line(50).parse('A\u0300ncora')).toBe('\u00c0ncora');
    expect(line(50).safeParse('a\u0000b').success).toBe(false);
    expect(line(50).safeParse('a\nb').success).toBe(false);
    expect(line(50).safeParse('a\ud800b').success).toBe(false);
    expect(line(50).safeParse('emoji 😀 ok').success).toBe(true);
    expect(text(50).parse('two\nlines')).toBe('two\nlines');
    expect(text(50).safeParse('bell\u0007').success).toBe(false);
  });

  it('email is trimmed and lowercased', () => {
    expect(email.parse(' Anna.Rossi@Example.ORG ')).toBe('anna.rossi@example.org');
    expect(email.safeParse('not-an-email').success).toBe(false);
  });
});
