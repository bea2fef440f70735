/**
 * Weight tuning on generated labelled sets (NOT the report seeds): collects the comparison vectors
 * of every candidate pair once, then rescores them under variants of the scoring config
 * (coordinate search on the match F1, candidate competition included) and prints the best config.
 * Usage: npx tsx bench/linkage/tune.ts [--seeds 20261123,777] [--profiles standard,hard] [--count 20000] [--rounds 2] [--cache file.json]
 * --curve 0:-6,0.5:1,… starts from another token curve (--rounds 0: just evaluate; --freeze-curve:
 * tune the other weights only; --set a.b=1,c=2 starts from other values).
 * The token curve is kept non-decreasing (a more similar token never weighs less).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createEncoder } from '../../src/domain/linkage/encode.ts';
import { corruptionProfiles, generateLabelledSet } from '../../src/domain/linkage/generate.ts';
import { createMemoryIndex } from '../../src/domain/linkage/memory-index.ts';
import { defaultScoringConfig, evidenceWeight, tokenWeight, type Evidence, type ScoringConfig } from '../../src/domain/linkage/compare.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const seeds = arg('seeds', '20261123,777').split(',').map(Number);
const count = Number(arg('count', '20000'));
const rounds = Number(arg('rounds', '2'));
const profiles = arg('profiles', 'standard,hard').split(',') as ('standard' | 'hard')[];

interface Set {
  pairs: { a: number; b: number; e: Evidence; same: boolean }[];
  /** per query record: indexes into pairs */
  byQuery: number[][];
  pairIndex: Map<string, number>;
  truePairs: number;
}

const cachePath = process.argv.includes('--cache') ? arg('cache', 'tune-cache.json') : undefined;
let sets: Set[] = [];
if (cachePath && existsSync(cachePath)) {
  const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as { pairs: Set['pairs']; byQuery: number[][]; truePairs: number }[];
  sets = cached.map((c) => ({ ...c, pairIndex: new Map(c.pairs.map((p, k) => [`${p.a}:${p.b}`, k])) }));
  console.log(`loaded ${sets.length} sets from ${cachePath}`);
}
for (const seed of sets.length > 0 ? [] : seeds) {
  for (const profile of profiles) {
    const { records, truePairs } = generateLabelledSet({ seed, count, profile: corruptionProfiles[profile] });
    const encoder = createEncoder({ key: createHash('sha256').update(`tune-${seed}`).digest() });
    const index = createMemoryIndex({ competition: false });
    const encoded = records.map((r) => encoder.encodePerson(r.identity));
    for (const e of encoded) index.add(e);
    const set: Set = { pairs: [], byQuery: encoded.map(() => []), pairIndex: new Map(), truePairs };
    for (let i = 0; i < encoded.length; i++) {
      for (const c of index.findCandidates({ person: encoded[i]!, excludeId: i, includeNone: true, withEvidence: true })) {
        if (!c.evidence || evidenceWeight(c.evidence) < defaultScoringConfig.weights.bias - 9) continue;
        const a = Math.min(i, c.id);
        const b = Math.max(i, c.id);
        const key = `${a}:${b}`;
        let k = set.pairIndex.get(key);
        if (k === undefined) {
          k = set.pairs.length;
          set.pairs.push({ a, b, e: c.evidence, same: records[a]!.clusterId === records[b]!.clusterId });
          set.pairIndex.set(key, k);
        }
        set.byQuery[i]!.push(k);
      }
    }
    sets.push(set);
    console.log(`seed ${seed} ${profile}: ${set.pairs.length} pairs kept, ${truePairs} true`);
  }
}

if (cachePath && !existsSync(cachePath)) writeFileSync(cachePath, JSON.stringify(sets.map((x) => ({ pairs: x.pairs, byQuery: x.byQuery, truePairs: x.truePairs }))));

function f1Of(set: Set, cfg: ScoringConfig): number {
  const n = set.pairs.length;
  const odds = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const e = set.pairs[k]!.e;
    let nameW = cfg.unmatchedToken * e.names.unmatched;
    e.names.tokenSims.forEach((s, i) => (nameW += tokenWeight(s, e.names.tokenPops[i] ?? Infinity, cfg)));
    const w = evidenceWeight({ ...e, names: { ...e.names, weight: nameW } }, cfg) - cfg.weights.bias;
    odds[k] = Math.exp(Math.min(30, w));
  }
  const possibleOdds = cfg.possibleThreshold / (1 - cfg.possibleThreshold);
  const final = new Float64Array(n).fill(Infinity);
  for (let q = 0; q < set.byQuery.length; q++) {
    const list = set.byQuery[q]!.filter((k) => odds[k]! >= possibleOdds).sort((x, y) => odds[y]! - odds[x]!).slice(0, 12);
    const other = (k: number): number => (set.pairs[k]!.a === q ? set.pairs[k]!.b : set.pairs[k]!.a);
    const parent = list.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const x = other(list[i]!);
        const y = other(list[j]!);
        const pk = set.pairIndex.get(`${Math.min(x, y)}:${Math.max(x, y)}`);
        if (pk !== undefined && odds[pk]! >= possibleOdds) parent[find(j)] = find(i);
      }
    const groupOdds = new Map<number, number>();
    list.forEach((k, i) => groupOdds.set(find(i), Math.max(groupOdds.get(find(i)) ?? 0, odds[k]!)));
    let total = 0;
    for (const o of groupOdds.values()) total += o;
    for (const k of set.byQuery[q]!) {
      const i = list.indexOf(k);
      const others = i >= 0 && groupOdds.size > 1 ? total - groupOdds.get(find(i))! : 0;
      const p = odds[k]! / (1 + odds[k]! + others);
      if (p < final[k]!) final[k] = p;
    }
  }
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    if (final[k]! < cfg.matchThreshold) continue;
    if (set.pairs[k]!.same) tp++;
    else fp++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / set.truePairs;
  return (2 * precision * recall) / Math.max(1e-9, precision + recall);
}

const monotonic = (cfg: ScoringConfig): boolean => cfg.tokenCurve.every((p, i) => i === 0 || p[1] >= (cfg.tokenCurve[i - 1]?.[1] ?? -Infinity));
const score = (cfg: ScoringConfig): number => (monotonic(cfg) ? sets.reduce((s, set) => s + f1Of(set, cfg), 0) / sets.length : 0);

// parameters as paths into a mutable copy of the config
const cfg = structuredClone<ScoringConfig>(defaultScoringConfig);
type Param = { name: string; get: () => number; set: (v: number) => void; step: number };
if (process.argv.includes('--curve')) cfg.tokenCurve = arg('curve', '').split(',').map((p) => p.split(':').map(Number) as [number, number]);
// --set tokenFrequency.weight=1,weights.bias=8.5: start from other values (dotted paths into the config)
if (process.argv.includes('--set')) {
  for (const item of arg('set', '').split(',')) {
    const [path, value] = item.split('=');
    const parts = (path ?? '').split('.');
    let target = cfg as unknown as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) target = target[p] as Record<string, unknown>;
    const last = parts[parts.length - 1] ?? '';
    if (typeof target[last] !== 'number') throw new Error(`--set: ${path ?? ''} is not a number in the config`);
    target[last] = Number(value);
  }
}
const curve = cfg.tokenCurve as [number, number][];
const params: Param[] = [
  ...(process.argv.includes('--freeze-curve') ? [] : curve.map((_, i) => ({ name: `curve[${i}]`, get: () => curve[i]![1], set: (v: number) => (curve[i]![1] = v), step: 0.5 })).reverse()),
  { name: 'unmatchedToken', get: () => cfg.unmatchedToken, set: (v) => (cfg.unmatchedToken = v), step: 0.25 },
  { name: 'frequency.weight', get: () => cfg.frequency.weight, set: (v) => (cfg.frequency.weight = v), step: 0.25 },
  { name: 'frequency.max', get: () => cfg.frequency.max, set: (v) => (cfg.frequency.max = v), step: 0.5 },
  ...(Object.keys(cfg.birthWeights) as (keyof ScoringConfig['birthWeights'])[]).map((k) => ({ name: k, get: () => cfg.birthWeights[k], set: (v: number) => (cfg.birthWeights[k] = v), step: 0.5 })),
  { name: 'rangeOverlapPenalty', get: () => cfg.rangeOverlapPenalty, set: (v) => (cfg.rangeOverlapPenalty = v), step: 0.25 },
  // documentDiffers and phoneDiffers are NOT tuned: the generator never gives a duplicate another
  // document or phone, so the search would make them as strong as a proof; in the field people
  // hold several documents and change phones often — they stay fixed, weak weights
  ...(['sexAgrees', 'sexDiffers', 'citizenshipAgrees', 'citizenshipDiffers', 'bias'] as const).map((k) => ({ name: k, get: () => cfg.weights[k], set: (v: number) => (cfg.weights[k] = v), step: k === 'bias' ? 0.25 : 0.25 })),
];
let best = score(cfg);
console.log(`start F1 ${best.toFixed(4)}`);
for (let r = 0; r < rounds; r++) {
  for (const p of params) {
    for (const dir of [1, -1]) {
      for (;;) {
        const old = p.get();
        p.set(old + dir * p.step);
        const s = score(cfg);
        if (s > best + 1e-5) {
          best = s;
          console.log(`  ${p.name} ${old} → ${p.get()}: F1 ${best.toFixed(4)}`);
        } else {
          p.set(old);
          break;
        }
      }
    }
  }
}
console.log(JSON.stringify({ tokenCurve: cfg.tokenCurve, unmatchedToken: cfg.unmatchedToken, frequency: cfg.frequency, birthWeights: cfg.birthWeights, rangeOverlapPenalty: cfg.rangeOverlapPenalty, weights: cfg.weights }, null, 1));
