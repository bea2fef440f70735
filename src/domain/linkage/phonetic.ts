/**
 * A name-oriented phonetic key for cross-language variants of the same name, computed on the
 * transliterated (Latin ASCII lowercase) token. The key is a consonant skeleton:
 * - a leading vowel group (incl. y/j before a vowel) becomes one `A`: olena, elena, yelena,
 *   jelena → `Aln`; aleksandr, oleksandr, alexander → `Alksndr`;
 * - other vowels are dropped, doubled letters collapse: mohamed, muhammad, mohammed → `mhmd`;
 * - equivalences: y/i/j, w/v, ph/f, kh/h, th/t, dh/d, gh/g, ou/oo/u, c/k/q/ck, z/s, sh/sch/zh/s,
 *   ch/tch/tsh/cz (one class), x/ks, ts/tz/s; a trailing h and an h after a consonant are dropped.
 * Different names can share a key (mohamed/mahmud): the key is for blocking and as one signal
 * among others, never as proof.
 */

const DIGRAPHS: readonly (readonly [RegExp, string])[] = [
  [/tsch/g, 'C'],
  [/sch|sh|zh|sz/g, 's'],
  [/tsh|tch|cz|ch|ç/g, 'C'],
  [/ph/g, 'f'],
  [/kh/g, 'h'],
  [/gh/g, 'g'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/ck/g, 'k'],
  [/ts|tz|dz/g, 's'],
  [/x/g, 'ks'],
  [/ou(?=[aeio])/g, 'w'],
  [/ou|oo/g, 'u'],
  [/ee/g, 'i'],
  [/q/g, 'k'],
  [/c/g, 'k'],
  [/z/g, 's'],
  [/w/g, 'v'],
  [/j/g, 'y'],
];

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** The phonetic key of one transliterated name token (letters a–z; other characters ignored). */
export function phoneticKey(token: string): string {
  let s = token.toLowerCase().replace(/[^a-z]/g, '');
  if (!s) return '';
  for (const [pattern, replacement] of DIGRAPHS) s = s.replace(pattern, replacement);
  // collapse doubled letters
  let dedup = '';
  for (const ch of s) if (dedup[dedup.length - 1] !== ch) dedup += ch;
  s = dedup;
  let out = '';
  let i = 0;
  // leading vowel group (y counts as a vowel, so yelena/jelena/elena/olena agree)
  if (VOWELS.has(s[0] ?? '')) {
    out = 'A';
    while (i < s.length && VOWELS.has(s[i] ?? '')) i++;
  }
  for (; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (VOWELS.has(ch)) continue;
    if (ch === 'h') {
      const prev = s[i - 1];
      const isLast = i === s.length - 1;
      const afterConsonant = prev !== undefined && !VOWELS.has(prev);
      if (isLast || afterConsonant) continue;
    }
    if (out[out.length - 1] !== ch) out += ch;
  }
  return out === '' ? 'A' : out;
}
