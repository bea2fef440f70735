/**
 * Any script → Latin ASCII lowercase, for name matching (not for display).
 * Cyrillic, Greek, Arabic (with Persian/Urdu letters), Ethiopic (Ge'ez: Amharic, Tigrinya) and
 * the most common Han characters of Chinese names are mapped; Latin diacritics are stripped.
 * Anything else that is a letter becomes a stable token (`x` + code point in hex), never lost.
 * Pure: no I/O.
 */
import { pinyinOf } from './pinyin.ts';

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian, Belarusian
  є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ў: 'u',
  // Serbian, Macedonian
  ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz', ѓ: 'gj', ќ: 'kj', ѕ: 'dz',
};

const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps',
  ω: 'o',
};

/** Latin letters that NFKD does not decompose, and Turkish/Romanian/Albanian/Nordic specifics. */
const LATIN_SPECIAL: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ħ: 'h', ŋ: 'ng',
  ə: 'e', ɛ: 'e', ɔ: 'o', ƒ: 'f', ĸ: 'k', ŀ: 'l', ŧ: 't', ʼ: '', "'": '', '’': '', '`': '',
};

const ARABIC_CONSONANT: Record<string, string> = {
  ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd', ذ: 'dh', ر: 'r', ز: 'z', س: 's',
  ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', غ: 'gh', ف: 'f', ق: 'q', ك: 'k', ل: 'l', م: 'm',
  ن: 'n', ه: 'h',
  // Persian, Urdu
  پ: 'p', چ: 'ch', ژ: 'zh', گ: 'g', ک: 'k', ٹ: 't', ڈ: 'd', ڑ: 'r', ں: 'n', ہ: 'h', ھ: 'h',
};
/** Letters that are vowels (or vowel carriers) in unvocalised Arabic script. */
const ARABIC_VOWEL: Record<string, string> = {
  ا: 'a', أ: 'a', إ: 'i', آ: 'a', ٱ: 'a', ى: 'a', ة: 'a', ع: 'a', ئ: 'i', ؤ: 'u', ے: 'e',
};
const ARABIC_HARAKAT: Record<string, string> = {
  '\u064E': 'a', '\u064F': 'u', '\u0650': 'i', '\u064B': 'an', '\u064C': 'un', '\u064D': 'in',
  '\u0652': '', '\u0670': 'a',
};
const SHADDA = '\u0651';

type ArabicUnit = { kind: 'c' | 'v'; text: string };

function isArabic(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);
}

/**
 * One Arabic-script word: consonantal skeleton; و/ي are vowels (u/i) after a consonant and
 * consonants (w/y) at the start or between vowels; when the word carries no short-vowel marks,
 * an `a` is guessed between two consecutive consonants (محمد → mahamad ≈ muhammad).
 */
function arabicWord(word: string): string {
  let chars = Array.from(word.normalize('NFKC'));
  // the article ال is written joined to the name: split it off (as Latin spellings often drop it)
  let article = '';
  if (chars.length > 4 && (chars[0] === 'ا' || chars[0] === 'أ') && chars[1] === 'ل') {
    article = 'al ';
    chars = chars.slice(2);
  }
  const units: ArabicUnit[] = [];
  let vocalised = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const prev = units[units.length - 1];
    if (ch === SHADDA) {
      // doubles the last consonant (canonical order may put the vowel mark before the shadda)
      const last = units.findLastIndex((u) => u.kind === 'c');
      const consonant = units[last];
      if (consonant) units.splice(last + 1, 0, { kind: 'c', text: consonant.text });
      continue;
    }
    const haraka = ARABIC_HARAKAT[ch];
    if (haraka !== undefined) {
      vocalised = true;
      if (haraka) units.push({ kind: 'v', text: haraka });
      continue;
    }
    const consonant = ARABIC_CONSONANT[ch];
    if (consonant) {
      units.push({ kind: 'c', text: consonant });
      continue;
    }
    const vowel = ARABIC_VOWEL[ch];
    if (vowel !== undefined) {
      units.push({ kind: 'v', text: vowel });
      continue;
    }
    if (ch === 'و' || ch === 'ي' || ch === 'ی') {
      const next = chars[i + 1];
      const nextIsVowel = next !== undefined && (ARABIC_VOWEL[next] !== undefined || ARABIC_HARAKAT[next] !== undefined);
      const semivowel = ch === 'و' ? 'w' : 'y';
      const vowelText = ch === 'و' ? 'u' : 'i';
      if (!prev || prev.kind === 'v' || nextIsVowel) units.push({ kind: 'c', text: semivowel });
      else units.push({ kind: 'v', text: vowelText });
      continue;
    }
    // tatweel, hamza alone and unknown marks are dropped
  }
  // عبد (abd, "servant of") stays a particle: abd allah → abdallah after joining
  if (chars.join('') === 'عبد') return 'abd';
  let out = '';
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (!u) continue;
    out += u.text;
    const next = units[i + 1];
    if (!vocalised && u.kind === 'c' && next?.kind === 'c' && next.text !== u.text) out += 'a';
  }
  return article + out;
}

// Ethiopic syllabary: rows of 8 (7 vowel orders + a labialised form), U+1200–U+135F.
const ETHIOPIC_ROWS: readonly string[] = [
  'h', 'l', 'h', 'm', 's', 'r', 's', 'sh', 'q', 'qw', 'qh', 'qhw', 'b', 'v', 't', 'ch',
  'h', 'hw', 'n', 'ny', '', 'k', 'kw', 'kh', 'khw', 'w', '', 'z', 'zh', 'y', 'd', 'dd',
  'j', 'g', 'gw', 'gg', 't', 'ch', 'p', 'ts', 'ts', 'f', 'p',
];
const ETHIOPIC_ORDERS: readonly string[] = ['e', 'u', 'i', 'a', 'e', '', 'o', 'wa'];

function ethiopic(cp: number, wordStart: boolean): string {
  const offset = cp - 0x1200;
  const row = Math.floor(offset / 8);
  const order = offset % 8;
  const consonant = ETHIOPIC_ROWS[row];
  if (consonant === undefined) return '';
  const labialised = consonant.length > 1 && consonant.endsWith('w') && consonant !== 'w';
  if (labialised) {
    // rows like ቈ: order 0 = we, 2 = wi, 3 = wa, 4 = we, 5 = w
    const base = consonant.slice(0, -1);
    const v = ['we', '', 'wi', 'wa', 'we', 'w', '', ''][order] ?? '';
    return base + v;
  }
  let vowel = ETHIOPIC_ORDERS[order] ?? '';
  if (consonant === '') {
    // glottal carriers አ/ዐ: first order is a, sixth order is i
    if (order === 0) vowel = 'a';
    if (order === 5) vowel = 'i';
  } else if (order === 5 && wordStart) {
    vowel = 'i';
  }
  return consonant + vowel;
}

function isHan(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff);
}

function latinOrOther(ch: string): string {
  const lower = ch.toLowerCase();
  const special = LATIN_SPECIAL[lower] ?? CYRILLIC[lower] ?? GREEK[lower];
  if (special !== undefined) return special;
  const decomposed = lower.normalize('NFKD');
  let out = '';
  for (const d of decomposed) {
    const code = d.codePointAt(0) ?? 0;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) out += d;
    else if (code >= 0x0300 && code <= 0x036f) continue; // combining mark
    else {
      const mapped = LATIN_SPECIAL[d] ?? CYRILLIC[d] ?? GREEK[d];
      if (mapped !== undefined) out += mapped;
      else if (/\p{L}/u.test(d)) out += `x${code.toString(16)}`;
      else out += ' ';
    }
  }
  return out;
}

/**
 * Transliterate a name (or any text) to lowercase Latin ASCII letters, digits and single spaces.
 * Word boundaries are kept; punctuation and hyphens become spaces.
 */
export function transliterate(text: string): string {
  const input = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[οό][υύ]/g, 'ou')
    .replace(/[αά][υύ]/g, 'av')
    .replace(/[εέ][υύ]/g, 'ev');
  let out = '';
  let arabicRun = '';
  let wordStart = true;
  const flushArabic = (): void => {
    if (arabicRun) {
      out += arabicWord(arabicRun);
      arabicRun = '';
    }
  };
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isArabic(cp) && !(cp >= 0x0660 && cp <= 0x0669) && cp !== 0x060c) {
      arabicRun += ch;
      wordStart = false;
      continue;
    }
    flushArabic();
    if (cp >= 0x0660 && cp <= 0x0669) {
      out += String(cp - 0x0660);
    } else if (cp >= 0x1200 && cp <= 0x135a) {
      out += ethiopic(cp, wordStart);
      wordStart = false;
      continue;
    } else if (isHan(cp)) {
      out += pinyinOf(ch) ?? `x${cp.toString(16)}`;
    } else {
      const mapped = latinOrOther(ch);
      out += mapped;
      wordStart = mapped === ' ' || mapped === '';
      if (mapped === '' && /\p{L}/u.test(ch)) wordStart = false;
      continue;
    }
    wordStart = false;
  }
  flushArabic();
  return out.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Transliterate and split into name tokens (letters/digits only, no empty tokens). */
export function nameTokens(text: string): string[] {
  const t = transliterate(text);
  return t ? t.split(' ') : [];
}
