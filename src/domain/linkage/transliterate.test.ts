import { describe, expect, it } from 'vitest';
import { nameTokens, transliterate } from './transliterate.ts';
import { pinyinTableSize } from './pinyin.ts';
import { populations } from './names.ts';

describe('transliterate', () => {
  it('maps Cyrillic (Russian, Ukrainian, Serbian, Bulgarian)', () => {
    expect(transliterate('Елена')).toBe('elena');
    expect(transliterate('Олена')).toBe('olena');
    expect(transliterate('Олександр Шевченко')).toBe('oleksandr shevchenko');
    expect(transliterate('Юлія Ковальчук')).toBe('yuliya kovalchuk');
    expect(transliterate('Михаил')).toBe('mikhail');
    expect(transliterate('Ђорђевић')).toBe('djordjevic');
    expect(transliterate('Щерев')).toBe('shcherev');
    expect(transliterate('Їжак Ґудзь')).toBe('yizhak gudz');
  });

  it('maps Arabic to a consonantal skeleton with guessed vowels', () => {
    expect(transliterate('محمد')).toBe('mahamad');
    expect(transliterate('أحمد')).toBe('ahamad');
    expect(transliterate('فاطمة')).toBe('fatama');
    expect(transliterate('علي')).toBe('ali');
    expect(transliterate('عبد الله')).toBe('abd allah');
    expect(transliterate('الوزاني')).toBe('al wazani');
    // vocalised text keeps its vowels, shadda doubles the consonant
    expect(transliterate('مُحَمَّد')).toBe('muhammad');
    // Persian/Urdu letters
    expect(transliterate('چوہدری')).toMatch(/^ch/);
  });

  it('maps Greek', () => {
    expect(transliterate('Ελένη')).toBe('eleni');
    expect(transliterate('Αλέξανδρος Παπαδόπουλος')).toBe('alexandros papadopoulos');
  });

  it('maps the Ethiopic syllabary (Amharic, Tigrinya) by consonant and vowel order', () => {
    expect(transliterate('ተስፋዬ')).toBe('tesfaye');
    expect(transliterate('ሳምራዊት')).toBe('samrawit');
    expect(transliterate('ክብሮም')).toBe('kibrom');
    expect(transliterate('አበበ')).toBe('abebe');
    expect(transliterate('ሰላም')).toBe('selam');
  });

  it('maps common Chinese name characters to pinyin and keeps unknown Han characters as stable tokens', () => {
    expect(transliterate('王伟')).toBe('wangwei');
    expect(transliterate('张 秀英')).toBe('zhang xiuying');
    expect(transliterate('李娜')).toBe('lina');
    expect(transliterate('龘')).toBe('x9f98');
    expect(pinyinTableSize).toBeGreaterThan(300);
  });

  it('strips Latin diacritics and handles Turkish, Romanian, Albanian, Nordic and German letters', () => {
    expect(transliterate('Ayşe Çelik')).toBe('ayse celik');
    expect(transliterate('İbrahim Yıldız')).toBe('ibrahim yildiz');
    expect(transliterate('Șerban Țărănescu')).toBe('serban taranescu');
    expect(transliterate('Ştefan Ţurcanu')).toBe('stefan turcanu');
    expect(transliterate('Gjergj Çela Hoxhë')).toBe('gjergj cela hoxhe');
    expect(transliterate('Łukasz Żółć')).toBe('lukasz zolc');
    expect(transliterate('Straße Øberg')).toBe('strasse oberg');
    expect(transliterate('João Muñoz')).toBe('joao munoz');
  });

  it('splits on punctuation and hyphens, drops apostrophes', () => {
    expect(nameTokens("  Jean-Pierre  O'Neil ")).toEqual(['jean', 'pierre', 'oneil']);
    expect(nameTokens('')).toEqual([]);
  });

  it('knows every native-script name of the generator', () => {
    for (const p of populations) {
      for (const e of [...p.female, ...p.male, ...p.family]) {
        if (!e.native) continue;
        expect(transliterate(e.native), e.native).toMatch(/^[a-z ]+$/);
      }
    }
  });
});
