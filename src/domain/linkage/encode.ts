/**
 * Keyed encodings of a person's identity (HMAC-SHA256 under sub-keys of a 32-byte linkage key):
 * - blind indexes of exact normalised values (documents, phones, whole names);
 * - one Bloom filter per name token over padded bigrams, the bigrams of its phonetic key and the
 *   phonetic key itself (positions by double hashing of one HMAC per element);
 * - 32-bit keyed tags (phonetic key per token, birth date variants, possible birth years);
 * - blocking keys (8-byte HMACs) of phonetic keys, phonetic pairs, phonetic key × birth-year
 *   bucket, documents and phones.
 * Nothing is an unkeyed hash of a name. Uses node:crypto (HMAC) and no other I/O.
 */
import { createHmac } from 'node:crypto';
import { nameTokens } from './transliterate.ts';
import { phoneticKey } from './phonetic.ts';
import type { BirthDate, EncodedBirth, EncodedPerson, LinkageIdentity, PersonName } from './types.ts';

export interface EncoderOptions {
  /** the secret linkage key, 32 bytes */
  key: Uint8Array;
  /** Bloom filter size in bits per name token (multiple of 32); default 1024 */
  bits?: number;
  /** hash functions per element: bigrams, phonetic-key bigrams, the whole phonetic key */
  hashes?: { bigram: number; phoneticBigram: number; phonetic: number };
  /** ± years around a birth year still called near (default 2) */
  nearYears?: number;
  /** width of the birth-year blocking buckets in years (default 5) */
  yearBucket?: number;
  /** keep up to this many element → hash results in memory to speed up bulk encoding (default 200 000; 0 = off) */
  cacheSize?: number;
}

export interface Encoder {
  encodePerson(identity: LinkageIdentity): EncodedPerson;
  /** blind index of a normalised document number (for exact search) */
  documentIndex(number: string): string;
  /** blind index of a normalised phone number (for exact search) */
  phoneIndex(phone: string): string;
  /** blind index of a whole name, token order ignored (for exact search) */
  nameIndex(name: PersonName): string;
  readonly bits: number;
}

const PARTICLES_JOIN = new Set(['ul', 'abd', 'abdel', 'abdul', 'abu', 'bin', 'ben', 'bint', 'ould', 'ibn']);
const PARTICLES_DROP = new Set(['al', 'el', 'de', 'da', 'do', 'dos', 'das', 'di', 'del', 'della', 'van', 'von', 'der', 'y', 'e']);

/** Name → tokens: transliterated, particles joined to the next token (abd allah → abdallah) or dropped (de, dos…). */
export function normaliseNameTokens(name: PersonName): string[] {
  const raw = [name.given, name.family, name.full].filter((p): p is string => !!p).flatMap((p) => nameTokens(p));
  const out: string[] = [];
  let pending = '';
  for (const t of raw) {
    if (PARTICLES_JOIN.has(t)) {
      pending += t;
      continue;
    }
    if (PARTICLES_DROP.has(t) && raw.length > 1) continue;
    out.push(pending + t);
    pending = '';
  }
  if (pending) out.push(pending);
  return out.slice(0, 8);
}

/** Document number → uppercase Latin letters and digits only. */
export function normaliseDocument(number: string): string {
  return nameTokens(number).join('').toUpperCase();
}

/** Phone → digits with country code (E.164 without +); Italian national numbers get 39. */
export function normalisePhone(phone: string): string {
  const trimmed = phone.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (/^3\d{8,9}$/.test(digits) || /^0\d{5,10}$/.test(digits)) digits = `39${digits}`;
  return digits;
}

function deriveKey(master: Uint8Array, purpose: string): Buffer {
  return createHmac('sha256', master).update(`ponte/linkage/v1/${purpose}`).digest();
}

function birthYears(b: BirthDate): [number, number] {
  switch (b.kind) {
    case 'exact':
    case 'year':
      return [b.year, b.year];
    case 'range':
      return [Math.min(b.fromYear, b.toYear), Math.max(b.fromYear, b.toYear)];
  }
}

function paddedBigrams(s: string): string[] {
  const p = `_${s}_`;
  const out: string[] = [];
  for (let i = 0; i < p.length - 1; i++) out.push(p.slice(i, i + 2));
  return out;
}

export function createEncoder(options: EncoderOptions): Encoder {
  if (options.key.length !== 32) throw new Error('linkage key must be 32 bytes');
  const bits = options.bits ?? 1024;
  if (bits % 32 !== 0 || bits < 64) throw new Error('bits must be a multiple of 32, at least 64');
  const words = bits / 32;
  const hashes = options.hashes ?? { bigram: 10, phoneticBigram: 4, phonetic: 12 };
  const nearYears = options.nearYears ?? 2;
  const yearBucket = options.yearBucket ?? 5;
  const cacheSize = options.cacheSize ?? 200_000;
  const kBloom = deriveKey(options.key, 'bloom');
  const kBlock = deriveKey(options.key, 'block');
  const kExact = deriveKey(options.key, 'exact');
  const kTag = deriveKey(options.key, 'tag');

  const bloomCache = new Map<string, Uint32Array>();
  const tagCache = new Map<string, number>();
  const blockCache = new Map<string, string>();
  const remember = <V>(cache: Map<string, V>, k: string, v: V): V => {
    if (cacheSize > 0) {
      if (cache.size >= cacheSize) cache.clear();
      cache.set(k, v);
    }
    return v;
  };

  const positions = (element: string, k: number): Uint32Array => {
    const cacheKey = `${k}\u0000${element}`;
    const hit = bloomCache.get(cacheKey);
    if (hit) return hit;
    const d = createHmac('sha256', kBloom).update(element).digest();
    const h1 = d.readUInt32LE(0);
    const h2 = d.readUInt32LE(4) | 1;
    const out = new Uint32Array(k);
    for (let i = 0; i < k; i++) out[i] = (h1 + Math.imul(i, h2)) >>> 0;
    for (let i = 0; i < k; i++) out[i] = (out[i] ?? 0) % bits;
    return remember(bloomCache, cacheKey, out);
  };
  const tag = (label: string): number => {
    const hit = tagCache.get(label);
    if (hit !== undefined) return hit;
    return remember(tagCache, label, createHmac('sha256', kTag).update(label).digest().readUInt32LE(0));
  };
  const blockKey = (label: string): string => {
    const hit = blockCache.get(label);
    if (hit !== undefined) return hit;
    return remember(blockCache, label, createHmac('sha256', kBlock).update(label).digest().subarray(0, 8).toString('base64url'));
  };
  const exact = (label: string): string => createHmac('sha256', kExact).update(label).digest().subarray(0, 16).toString('base64url');

  const fillToken = (target: Uint32Array, offset: number, token: string, phon: string): void => {
    const set = (p: number): void => {
      const w = offset + (p >>> 5);
      target[w] = (target[w] ?? 0) | (1 << (p & 31));
    };
    for (const g of paddedBigrams(token)) for (const p of positions(`b:${g}`, hashes.bigram)) set(p);
    for (const g of paddedBigrams(phon)) for (const p of positions(`s:${g}`, hashes.phoneticBigram)) set(p);
    for (const p of positions(`p:${phon}`, hashes.phonetic)) set(p);
  };

  const encodeBirth = (b: BirthDate): { encoded: EncodedBirth; lo: number; hi: number } => {
    const [lo, hi] = birthYears(b);
    const years: number[] = [];
    for (let y = lo; y <= hi && years.length < 40; y++) years.push(tag(`y:${y}`));
    const near: number[] = [];
    for (let y = lo - nearYears; y <= hi + nearYears && near.length < 50; y++) near.push(tag(`y:${y}`));
    const encoded: EncodedBirth = { years: Uint32Array.from(years), yearsNear: Uint32Array.from(near) };
    if (b.kind === 'exact') {
      encoded.date = tag(`d:${b.year}-${b.month}-${b.day}`);
      if (b.day <= 12 && b.day !== b.month) encoded.swapped = tag(`d:${b.year}-${b.day}-${b.month}`);
      encoded.yearMonth = tag(`ym:${b.year}-${b.month}`);
      encoded.monthDay = tag(`md:${b.month}-${b.day}`);
    }
    return { encoded, lo, hi };
  };

  const nameIndexOfTokens = (tokens: string[]): string => exact(`n:${[...tokens].sort().join(' ')}`);

  const encodePerson = (identity: LinkageIdentity): EncodedPerson => {
    const perName = identity.names.map(normaliseNameTokens).filter((t) => t.length > 0).slice(0, 6);
    const tokenList: { token: string; phon: string; name: number }[] = [];
    perName.forEach((tokens, name) => {
      for (const token of tokens) if (tokenList.length < 24) tokenList.push({ token, phon: phoneticKey(token), name });
    });
    const filters = new Uint32Array(tokenList.length * words);
    const filterPop = new Uint16Array(tokenList.length);
    const phonetic = new Uint32Array(tokenList.length);
    const nameOf = new Uint8Array(tokenList.length);
    tokenList.forEach((t, i) => {
      fillToken(filters, i * words, t.token, t.phon);
      let pop = 0;
      for (let w = i * words; w < (i + 1) * words; w++) pop += popcount32(filters[w] ?? 0);
      filterPop[i] = pop;
      phonetic[i] = tag(`p:${t.phon}`);
      nameOf[i] = t.name;
    });

    const keys = new Set<string>();
    const nameKeys = new Set<string>();
    const birth = identity.birthDate ? encodeBirth(identity.birthDate) : undefined;
    const buckets: number[] = [];
    const dates: string[] = [];
    const bd = identity.birthDate;
    if (bd?.kind === 'exact') {
      dates.push(`${bd.year}-${bd.month}-${bd.day}`);
      if (bd.day <= 12 && bd.day !== bd.month) dates.push(`${bd.year}-${bd.day}-${bd.month}`);
    }
    if (birth) {
      for (let b = Math.floor((birth.lo - nearYears) / yearBucket); b <= Math.floor((birth.hi + nearYears) / yearBucket); b++) buckets.push(b);
    }
    const phonSet = new Set(tokenList.filter((t) => t.token.length >= 2).map((t) => t.phon));
    for (const phon of phonSet) {
      keys.add(blockKey(`p:${phon}`));
      for (const b of buckets) keys.add(blockKey(`py:${phon}:${b}`));
      // selective keys that survive an error in another name token: token × full birth date
      // (and the day/month-swapped date, so that a swap on either side still shares a key)
      for (const d of dates) keys.add(blockKey(`pd:${phon}:${d}`));
    }
    for (const tokens of perName) {
      const phons = [...new Set(tokens.filter((t) => t.length >= 2).map(phoneticKey))].sort();
      for (let i = 0; i < phons.length; i++) {
        for (let j = i + 1; j < phons.length; j++) {
          const k = blockKey(`pp:${phons[i] ?? ''}|${phons[j] ?? ''}`);
          keys.add(k);
          nameKeys.add(k);
        }
      }
      if (phons.length === 1) nameKeys.add(blockKey(`p:${phons[0] ?? ''}`));
    }
    // the full birth date alone (and its day/month swap): catches duplicates with an error in
    // every name token (no phonetic key in common); the encoding's date tag already shows which
    // persons share a birth date, so this key reveals nothing more
    for (const d of dates) keys.add(blockKey(`d:${d}`));
    const documents = [...new Set((identity.documents ?? []).map((d) => normaliseDocument(d.number)).filter((d) => d.length >= 4))].map((d) => exact(`doc:${d}`));
    const phones = [...new Set((identity.phones ?? []).map(normalisePhone).filter((p) => p.length >= 6))].map((p) => exact(`tel:${p}`));
    for (const d of documents) keys.add(blockKey(`doc:${d}`));
    for (const p of phones) keys.add(blockKey(`tel:${p}`));

    const encoded: EncodedPerson = {
      bits,
      filters,
      filterPop,
      phonetic,
      nameOf,
      names: [...new Set(perName.map(nameIndexOfTokens))],
      citizenships: [...new Set((identity.citizenships ?? []).map((c) => c.toUpperCase()))],
      documents,
      phones,
      blockingKeys: [...keys],
      nameKeys: [...nameKeys],
    };
    if (birth) encoded.birth = birth.encoded;
    if (identity.sex) encoded.sex = identity.sex.toLowerCase();
    return encoded;
  };

  return {
    bits,
    encodePerson,
    documentIndex: (number) => exact(`doc:${normaliseDocument(number)}`),
    phoneIndex: (phone) => exact(`tel:${normalisePhone(phone)}`),
    nameIndex: (name) => nameIndexOfTokens(normaliseNameTokens(name)),
  };
}

/** Number of set bits in a 32-bit integer. */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
