/**
 * Linkage beyond the pair, measured: decisions taken on the graph of candidate pairs instead of
 * each pair alone. Builds the same pairs as quality.ts (every record checked against the index,
 * the lower score of both directions), then rescores them under each rule and prints precision,
 * recall and F1 of `match` for each, against the same-run baseline.
 *
 * Rules (each makes sense on a real registry, none reads anything but scores and encodings):
 * - transitive: a `possible` pair whose two records are both `match` with a third record, and
 *   that third record's two links do not conflict, becomes `match` (one person seen three times);
 * - conflict: a record `match`ed to two records that are clearly different persons from each
 *   other (their own score below `possible`) cannot be both; each of its two links drops to
 *   `possible` unless it is much stronger (odds ratio ≥ `--dominance`, default 20) than the other;
 * - components: the `match` graph split into connected components; a component holding two
 *   records clearly different from each other keeps only links at least `--strong` (0.95).
 *
 * Usage: npx tsx bench/linkage/collective.ts [--seed 4242] [--count 20000] [--profile standard|hard]
 */
import { createHash } from 'node:crypto';
import { createEncoder } from '../../src/domain/linkage/encode.ts';
import { corruptionProfiles, generateLabelledSet } from '../../src/domain/linkage/generate.ts';
import { createMemoryIndex } from '../../src/domain/linkage/memory-index.ts';
import { comparePersons, defaultScoringConfig } from '../../src/domain/linkage/compare.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const seed = Number(arg('seed', '4242'));
const count = Number(arg('count', '20000'));
const profileName = arg('profile', 'standard') === 'hard' ? 'hard' : 'standard';
const dominance = Number(arg('dominance', '20'));
const strong = Number(arg('strong', '0.95'));
const { matchThreshold: MATCH, possibleThreshold: POSSIBLE } = defaultScoringConfig;

const t0 = performance.now();
const { records, truePairs } = generateLabelledSet({ seed, count, profile: corruptionProfiles[profileName] });
const encoder = createEncoder({ key: createHash('sha256').update(`quality-bench-${seed}`).digest() });
const index = createMemoryIndex();
const encoded = records.map((r) => encoder.encodePerson(r.identity));
for (const e of encoded) index.add(e);
const score = new Map<string, number>();
const keyOf = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);
for (let i = 0; i < encoded.length; i++) {
  for (const c of index.findCandidates({ person: encoded[i]!, excludeId: i, includeNone: true })) {
    const k = keyOf(i, c.id);
    const old = score.get(k);
    if (old === undefined || c.score < old) score.set(k, c.score);
  }
}
console.log(`seed ${seed}, profile ${profileName}: ${records.length} records, ${truePairs} true pairs, ${score.size} candidate pairs (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

/** the pairwise score of two records: from the index when they were candidates, else compared now (no competition) */
const pairScore = (a: number, b: number): number => score.get(keyOf(a, b)) ?? comparePersons(encoded[a]!, encoded[b]!).score;
const odds = (s: number): number => Math.min(s, 0.99995) / (1 - Math.min(s, 0.99995));

function evaluate(label: string, matches: Set<string>): number {
  let tp = 0;
  let fp = 0;
  for (const k of matches) {
    const [a, b] = k.split(':').map(Number) as [number, number];
    if (records[a]!.clusterId === records[b]!.clusterId) tp++;
    else fp++;
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, truePairs);
  const f1 = (2 * p * r) / Math.max(1e-9, p + r);
  console.log(`${label.padEnd(26)} precision ${p.toFixed(4)} recall ${r.toFixed(4)} F1 ${f1.toFixed(4)}  (tp ${tp}, fp ${fp})`);
  return f1;
}

const baseline = new Set([...score].filter(([, s]) => s >= MATCH).map(([k]) => k));
const neighbours = (matches: Set<string>): Map<number, number[]> => {
  const out = new Map<number, number[]>();
  for (const k of matches) {
    const [a, b] = k.split(':').map(Number) as [number, number];
    out.set(a, [...(out.get(a) ?? []), b]);
    out.set(b, [...(out.get(b) ?? []), a]);
  }
  return out;
};

function transitive(matches: Set<string>): Set<string> {
  const out = new Set(matches);
  const adj = neighbours(matches);
  for (const [k, s] of score) {
    if (s >= MATCH || s < POSSIBLE) continue;
    const [a, b] = k.split(':').map(Number) as [number, number];
    const nb = new Set(adj.get(b) ?? []);
    if ((adj.get(a) ?? []).some((c) => nb.has(c))) out.add(k);
  }
  return out;
}

function conflict(matches: Set<string>): Set<string> {
  const out = new Set(matches);
  const adj = neighbours(matches);
  for (const [a, list] of adj) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const b = list[x]!;
        const c = list[y]!;
        if (pairScore(b, c) >= POSSIBLE) continue;
        const ob = odds(pairScore(a, b));
        const oc = odds(pairScore(a, c));
        if (ob < oc * dominance) out.delete(keyOf(a, b));
        if (oc < ob * dominance) out.delete(keyOf(a, c));
      }
    }
  }
  return out;
}

function components(matches: Set<string>): Set<string> {
  const parent = new Map<number, number>();
  const find = (i: number): number => {
    let r = i;
    while ((parent.get(r) ?? r) !== r) r = parent.get(r)!;
    parent.set(i, r);
    return r;
  };
  for (const k of matches) {
    const [a, b] = k.split(':').map(Number) as [number, number];
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  }
  const members = new Map<number, number[]>();
  for (const i of parent.keys()) members.set(find(i), [...(members.get(find(i)) ?? []), i]);
  const out = new Set(matches);
  for (const list of members.values()) {
    if (list.length < 3 || list.length > 40) continue;
    let conflicted = false;
    for (let x = 0; x < list.length && !conflicted; x++) for (let y = x + 1; y < list.length && !conflicted; y++) if (pairScore(list[x]!, list[y]!) < POSSIBLE) conflicted = true;
    if (!conflicted) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const k = keyOf(list[x]!, list[y]!);
        if (out.has(k) && (score.get(k) ?? 0) < strong) out.delete(k);
      }
    }
  }
  return out;
}

const base = evaluate('baseline (pairwise)', baseline);
const variants: [string, Set<string>][] = [
  ['transitive', transitive(baseline)],
  ['conflict', conflict(baseline)],
  ['components', components(baseline)],
  ['conflict + transitive', transitive(conflict(baseline))],
  ['components + transitive', transitive(components(baseline))],
];
for (const [label, set] of variants) {
  const f1 = evaluate(label, set);
  console.log(`${''.padEnd(26)} ΔF1 ${(f1 - base >= 0 ? '+' : '')}${(f1 - base).toFixed(4)}`);
}
