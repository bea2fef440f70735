/**
 * Deterministic generator of fictional persons (seeded PRNG) and of a labelled duplicate set:
 * each true duplicate is a corrupted copy of another record (typos, transliteration variants and
 * native script, swapped given/family names, estimated ages, day/month swaps, missing fields),
 * and hard non-duplicates share a name with another person. Pure: no I/O.
 */
import { populations, type NameEntry, type Population } from './names.ts';
import type { BirthDate, LinkageIdentity } from './types.ts';

/** A seeded PRNG (sfc32 seeded by splitmix32): same seed, same sequence. */
export interface Rng {
  next(): number;
  int(maxExclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (max: number): number => Math.floor(next() * max);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

/** A name part with where it came from, so that duplicates can use another spelling. */
interface NamePart {
  entry: NameEntry;
  text: string;
}

/** Generator-side person: the identity plus the provenance needed to corrupt it. */
export interface GeneratedPerson {
  externalRef: string;
  /** ground truth: records with the same cluster id are the same person */
  clusterId: number;
  population: string;
  identity: LinkageIdentity;
}

interface Draft {
  population: Population;
  given: NamePart[];
  family: NamePart[];
  sex: 'female' | 'male';
  birth: { year: number; month: number; day: number };
}

const totalWeight = populations.reduce((sum, p) => sum + p.weight, 0);

function pickPopulation(rng: Rng): Population {
  let r = rng.next() * totalWeight;
  for (const p of populations) {
    r -= p.weight;
    if (r < 0) return p;
  }
  return populations[0] as Population;
}

function part(rng: Rng, entries: readonly NameEntry[]): NamePart {
  const entry = rng.pick(entries);
  // most records use the usual spelling
  const text = rng.chance(0.75) ? (entry.latin[0] ?? '') : rng.pick(entry.latin);
  return { entry, text };
}

function draftPerson(rng: Rng, population?: Population): Draft {
  const pop = population ?? pickPopulation(rng);
  const sex = rng.chance(0.65) ? 'female' : 'male';
  const givenList = sex === 'female' ? pop.female : pop.male;
  const given = [part(rng, givenList)];
  if (rng.chance(pop.secondGiven)) given.push(part(rng, givenList));
  const familyPart = (): NamePart => {
    if (pop.patronymic && rng.chance(0.5)) return part(rng, pop.male);
    if (rng.chance(pop.commonFamilyShare)) return part(rng, pop.family);
    const text = rng.pick(pop.tail.stems) + rng.pick(pop.tail.endings);
    return { entry: { latin: [text] }, text };
  };
  const family = [familyPart()];
  if (rng.chance(pop.secondFamily)) family.push(familyPart());
  // ages mostly 16–45
  const age = 16 + Math.floor(Math.abs(rng.next() + rng.next() - 1) * 30) + rng.int(6);
  const birth = { year: 2025 - age, month: 1 + rng.int(12), day: 1 + rng.int(28) };
  return { population: pop, given, family, sex, birth };
}

function documentNumber(rng: Rng): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  let s = letters[rng.int(letters.length)] ?? 'A';
  s += letters[rng.int(letters.length)] ?? 'B';
  for (let i = 0; i < 7; i++) s += String(rng.int(10));
  return s;
}

function phoneNumber(rng: Rng, pop: Population): string {
  if (rng.chance(0.6)) {
    let n = '+39 3';
    for (let i = 0; i < 9; i++) n += String(rng.int(10));
    return n;
  }
  let n = `+${pop.phonePrefix} `;
  for (let i = 0; i < 9; i++) n += String(rng.int(10));
  return n;
}

function identityOf(rng: Rng, d: Draft, profile: CorruptionProfile): LinkageIdentity {
  const roll = rng.next();
  const known = profile.firstRecord;
  let birthDate: BirthDate | undefined;
  if (roll < known.exact) birthDate = { kind: 'exact', ...d.birth };
  else if (roll < known.exact + known.yearOnly) birthDate = { kind: 'year', year: d.birth.year };
  else if (roll < known.exact + known.yearOnly + known.estimated) {
    const lo = d.birth.year - rng.int(4);
    birthDate = { kind: 'range', fromYear: lo, toYear: lo + 3 + rng.int(3) };
  }
  const identity: LinkageIdentity = {
    names: [{ given: d.given.map((p) => p.text).join(' '), family: d.family.map((p) => p.text).join(' ') }],
    sex: d.sex,
    citizenships: [d.population.citizenship],
  };
  if (birthDate) identity.birthDate = birthDate;
  if (rng.chance(0.45)) identity.documents = [{ number: documentNumber(rng), type: 'passport' }];
  if (rng.chance(0.35)) identity.phones = [phoneNumber(rng, d.population)];
  return identity;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** One random edit: insert, delete, substitute or transpose a letter. */
export function typo(rng: Rng, text: string): string {
  if (text.length < 3) return text;
  const i = 1 + rng.int(text.length - 2);
  const letter = ALPHABET[rng.int(ALPHABET.length)] ?? 'e';
  switch (rng.int(4)) {
    case 0:
      return text.slice(0, i) + letter + text.slice(i);
    case 1:
      return text.slice(0, i) + text.slice(i + 1);
    case 2:
      return text.slice(0, i) + letter + text.slice(i + 1);
    default:
      return text.slice(0, i - 1) + (text[i] ?? '') + (text[i - 1] ?? '') + text.slice(i + 1);
  }
}

function variant(rng: Rng, p: NamePart, allowNative: boolean): NamePart {
  const others = p.entry.latin.filter((l) => l !== p.text);
  if (allowNative && p.entry.native && rng.chance(0.3)) return { entry: p.entry, text: p.entry.native };
  if (others.length === 0) return p;
  return { entry: p.entry, text: rng.pick(others) };
}

/**
 * How a duplicate's birth date relates to the person's (shares, the rest: missing), and how often
 * the document and phone of the first record are recorded again.
 */
export interface CorruptionProfile {
  /** how the birth date of a first registration is known (the rest: unknown) */
  firstRecord: { exact: number; yearOnly: number; estimated: number };
  birth: { same: number; dayMonthSwap: number; yearOnly: number; estimated: number; dayTypo: number; yearTypo: number; asOriginal: number };
  keepDocument: number;
  keepPhone: number;
}

export const corruptionProfiles = {
  /** the benchmark profile: most second registrations carry a birth date, often with an error */
  standard: {
    firstRecord: { exact: 0.88, yearOnly: 0.05, estimated: 0.05 },
    birth: { same: 0.58, dayMonthSwap: 0.1, yearOnly: 0.06, estimated: 0.06, dayTypo: 0.05, yearTypo: 0.05, asOriginal: 0.06 },
    keepDocument: 0.35,
    keepPhone: 0.3,
  },
  /** harder: many second registrations have only an estimated age, a birth year or nothing */
  hard: {
    firstRecord: { exact: 0.78, yearOnly: 0.1, estimated: 0.08 },
    birth: { same: 0.45, dayMonthSwap: 0.1, yearOnly: 0.1, estimated: 0.12, dayTypo: 0.05, yearTypo: 0.04, asOriginal: 0.06 },
    keepDocument: 0.35,
    keepPhone: 0.3,
  },
  /**
   * only the corruptions the requirements name (typos, transliterations, swapped names, estimated
   * ages, day/month swaps): every record carries a birth date, exact or estimated
   */
  dated: {
    firstRecord: { exact: 0.9, yearOnly: 0, estimated: 0.1 },
    birth: { same: 0.58, dayMonthSwap: 0.1, yearOnly: 0, estimated: 0.12, dayTypo: 0.05, yearTypo: 0.05, asOriginal: 0.1 },
    keepDocument: 0.35,
    keepPhone: 0.3,
  },
} satisfies Record<string, CorruptionProfile>;

/** A corrupted copy of a drafted person, as a second registration by another worker would look. */
function corrupt(rng: Rng, d: Draft, original: LinkageIdentity, profile: CorruptionProfile): LinkageIdentity {
  let given = [...d.given];
  let family = [...d.family];
  const nativeAll = [...given, ...family].every((p) => p.entry.native !== undefined);
  if (nativeAll && rng.chance(0.2)) {
    given = given.map((p) => ({ entry: p.entry, text: p.entry.native ?? p.text }));
    family = family.map((p) => ({ entry: p.entry, text: p.entry.native ?? p.text }));
  } else {
    if (rng.chance(0.45)) {
      const parts = [given, family];
      const list = rng.pick(parts);
      const i = rng.int(list.length);
      const p = list[i];
      if (p) list[i] = variant(rng, p, false);
    }
    if (rng.chance(0.4)) {
      const list = rng.chance(0.5) ? given : family;
      const i = rng.int(list.length);
      const p = list[i];
      if (p) list[i] = { entry: p.entry, text: typo(rng, p.text) };
    }
    if (rng.chance(0.08)) {
      const list = rng.chance(0.5) ? given : family;
      const i = rng.int(list.length);
      const p = list[i];
      if (p) list[i] = { entry: p.entry, text: typo(rng, p.text) };
    }
  }
  if (given.length > 1 && rng.chance(0.3)) given = given.slice(0, 1);
  if (family.length > 1 && rng.chance(0.3)) family = family.slice(0, 1);
  const swap = rng.chance(0.15);
  const g = given.map((p) => p.text).join(' ');
  const f = family.map((p) => p.text).join(' ');
  const identity: LinkageIdentity = { names: [swap ? { given: f, family: g } : { given: g, family: f }] };

  const b = d.birth;
  const r = profile.birth;
  let roll = rng.next();
  const take = (p: number): boolean => {
    roll -= p;
    return roll < 0;
  };
  if (take(r.same)) identity.birthDate = { kind: 'exact', ...b };
  else if (take(r.dayMonthSwap)) identity.birthDate = b.day <= 12 && b.day !== b.month ? { kind: 'exact', year: b.year, month: b.day, day: b.month } : { kind: 'exact', ...b };
  else if (take(r.yearOnly)) identity.birthDate = { kind: 'year', year: b.year };
  else if (take(r.estimated)) {
    const lo = b.year - rng.int(4);
    identity.birthDate = { kind: 'range', fromYear: lo, toYear: lo + 3 + rng.int(3) };
  } else if (take(r.dayTypo)) identity.birthDate = { kind: 'exact', year: b.year, month: b.month, day: Math.max(1, Math.min(28, b.day + (rng.chance(0.5) ? 1 : -1) * (1 + rng.int(9)))) };
  else if (take(r.yearTypo)) identity.birthDate = { kind: 'exact', year: b.year + (rng.chance(0.5) ? 1 : -1), month: b.month, day: b.day };
  else if (take(r.asOriginal)) {
    if (original.birthDate) identity.birthDate = original.birthDate;
  }
  // else: birth date missing

  if (!rng.chance(0.08)) identity.sex = d.sex;
  if (!rng.chance(0.1)) identity.citizenships = [d.population.citizenship];
  if (original.documents && rng.chance(profile.keepDocument)) identity.documents = original.documents;
  if (original.phones && rng.chance(profile.keepPhone)) identity.phones = original.phones;
  return identity;
}

export interface GeneratePersonsOptions {
  seed: number;
  count: number;
  /** prefix of external refs (default `P`) */
  refPrefix?: string;
}

/** Fictional persons without duplicates (for load and latency tests); lazily generated. */
export function* generatePersons({ seed, count, refPrefix = 'P' }: GeneratePersonsOptions): Generator<GeneratedPerson> {
  const profile = corruptionProfiles.standard;
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const d = draftPerson(rng);
    yield { externalRef: `${refPrefix}${i}`, clusterId: i, population: d.population.code, identity: identityOf(rng, d, profile) };
  }
}

export interface LabelledSetOptions {
  seed: number;
  /** total number of records */
  count: number;
  /** share of records that are duplicates of an earlier record (default 0.15) */
  duplicateRate?: number;
  /** share of records that are a different person with the same name as an earlier one (default 0.05) */
  homonymRate?: number;
  /** how duplicates are corrupted (default `corruptionProfiles.standard`) */
  profile?: CorruptionProfile;
}

export interface LabelledSet {
  records: GeneratedPerson[];
  /** number of true duplicate pairs (pairs of records in the same cluster) */
  truePairs: number;
}

/** A labelled set: originals, corrupted duplicates (same cluster) and homonyms (new clusters), shuffled. */
export function generateLabelledSet({ seed, count, duplicateRate = 0.15, homonymRate = 0.05, profile = corruptionProfiles.standard }: LabelledSetOptions): LabelledSet {
  const rng = createRng(seed);
  const drafts: { draft: Draft; identity: LinkageIdentity; cluster: number }[] = [];
  const records: GeneratedPerson[] = [];
  const clusterSize = new Map<number, number>();
  let nextCluster = 0;
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    let draft: Draft;
    let identity: LinkageIdentity;
    let cluster: number;
    const base = drafts.length > 10 ? rng.pick(drafts) : undefined;
    if (base && roll < duplicateRate) {
      draft = base.draft;
      identity = corrupt(rng, base.draft, base.identity, profile);
      cluster = base.cluster;
    } else if (base && roll < duplicateRate + homonymRate) {
      const other = draftPerson(rng, base.draft.population);
      draft = { ...other, given: base.draft.given, family: base.draft.family, sex: base.draft.sex };
      // some homonyms are even born in the same year
      if (rng.chance(0.3)) draft.birth = { ...draft.birth, year: base.draft.birth.year };
      identity = identityOf(rng, draft, profile);
      cluster = nextCluster++;
      drafts.push({ draft, identity, cluster });
    } else {
      draft = draftPerson(rng);
      identity = identityOf(rng, draft, profile);
      cluster = nextCluster++;
      drafts.push({ draft, identity, cluster });
    }
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    records.push({ externalRef: `R${i}`, clusterId: cluster, population: draft.population.code, identity });
  }
  // shuffle (Fisher–Yates) so duplicates are not next to their originals, then renumber refs
  for (let i = records.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const a = records[i];
    const b = records[j];
    if (a && b) {
      records[i] = b;
      records[j] = a;
    }
  }
  records.forEach((r, i) => (r.externalRef = `R${String(i).padStart(6, '0')}`));
  let truePairs = 0;
  for (const n of clusterSize.values()) truePairs += (n * (n - 1)) / 2;
  return { records, truePairs };
}
