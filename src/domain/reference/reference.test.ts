import { describe, expect, it } from 'vitest';
import { countryCodeSchema, countryList, countryName, isCountryCode } from './countries.ts';
import { canonicalLanguage, languageAliases, languageCodeSchema, languageList, languageName } from './languages.ts';

const dupes = (values: readonly string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

describe('countries', () => {
  it('are the 249 ISO 3166-1 alpha-2 codes plus XK, unique, with Italian and English names', () => {
    expect(countryList).toHaveLength(250);
    expect(dupes(countryList.map((c) => c.code))).toEqual([]);
    for (const c of countryList) {
      expect(c.code).toMatch(/^[A-Z]{2}$/);
      expect(c.name.it.length).toBeGreaterThan(1);
      expect(c.name.en.length).toBeGreaterThan(1);
    }
    for (const code of ['IT', 'NG', 'ER', 'UA', 'MA', 'CN', 'PS', 'SS', 'XK']) expect(isCountryCode(code), code).toBe(true);
    // withdrawn, reserved, grouping and test codes are not countries
    for (const code of ['EU', 'EZ', 'UN', 'UK', 'SU', 'YU', 'CS', 'AN', 'ZZ', 'XA', 'QO', 'AC', 'TA']) expect(isCountryCode(code), code).toBe(false);
    expect(countryName({ code: 'CI', locale: 'it' })).toBe('Costa d’Avorio');
    expect(countryName({ code: 'CD', locale: 'en' })).toBe('Congo (Democratic Republic)');
  });

  it('schema upper-cases and refuses unknown codes', () => {
    expect(countryCodeSchema.parse('ng')).toBe('NG');
    expect(countryCodeSchema.safeParse('EU').success).toBe(false);
    expect(countryCodeSchema.safeParse('NGA').success).toBe(false);
  });
});

describe('languages', () => {
  it('hold ISO 639-1 without withdrawn codes, and the three-letter codes needed', () => {
    expect(dupes(languageList.map((l) => l.code))).toEqual([]);
    const two = languageList.filter((l) => l.code.length === 2);
    expect(two.length).toBe(183);
    for (const code of ['iw', 'in', 'ji', 'jw', 'mo', 'sh']) expect(canonicalLanguage(code), code).toBeUndefined();
    for (const code of ['edo', 'pcm', 'tig', 'ti', 'am', 'ur', 'pa', 'bn', 'wo', 'ff', 'tw', 'mnk', 'wuu', 'ary']) expect(canonicalLanguage(code), code).toBe(code);
    expect(languageName({ code: 'tw', locale: 'en' })).toBe('Twi');
    expect(languageName({ code: 'edo', locale: 'it' })).toBe('edo (bini)');
  });

  it('store a three-letter code of a language with a two-letter one as the two-letter code', () => {
    expect(canonicalLanguage('tir')).toBe('ti');
    expect(canonicalLanguage('amh')).toBe('am');
    expect(canonicalLanguage('TWI')).toBe('tw');
    expect(canonicalLanguage('tgl')).toBe('tl');
    expect(languageCodeSchema.parse('eng')).toBe('en');
    expect(languageCodeSchema.safeParse('tlh').success).toBe(false);
    for (const [alias, target] of Object.entries(languageAliases)) expect(canonicalLanguage(target), alias).toBe(target);
  });
});
