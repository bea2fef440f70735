/**
 * Duplicate-check latency against N encoded persons held in memory (blocking key → ids, Bloom
 * filters in typed arrays): encode the query, retrieve candidates, score and rank.
 * Usage: npx tsx bench/linkage/latency.ts [--n 100000] [--queries 1000] [--seed 1]
 * (1M persons: node needs a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=8192)
 */
import { randomBytes } from 'node:crypto';
import { createEncoder } from '../../src/domain/linkage/encode.ts';
import { createRng, generatePersons, typo, type Rng } from '../../src/domain/linkage/generate.ts';
import { createMemoryIndex, type QueryStats } from '../../src/domain/linkage/memory-index.ts';
import type { LinkageIdentity } from '../../src/domain/linkage/types.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const n = Number(arg('n', '100000'));
const queryCount = Number(arg('queries', '1000'));
const seed = Number(arg('seed', '1'));
const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;

const encoder = createEncoder({ key: randomBytes(32) });
const index = createMemoryIndex();
const rng = createRng(seed ^ 0x5eed);
// half of the queries are re-registrations of indexed persons, half are new persons
const wanted = new Set<number>();
while (wanted.size < Math.min(n, Math.floor(queryCount / 2))) wanted.add(rng.int(n));
const queries: LinkageIdentity[] = [];
const expected: (number | undefined)[] = [];

/** A second registration of the same person: a typo in one name part, often a birth date error. */
function perturb(identity: LinkageIdentity, r: Rng): LinkageIdentity {
  const name = identity.names[0] ?? {};
  const out: LinkageIdentity = { ...identity, names: [r.chance(0.5) ? { ...name, given: typo(r, name.given ?? '') } : { ...name, family: typo(r, name.family ?? '') }] };
  const b = identity.birthDate;
  if (b?.kind === 'exact') {
    const roll = r.next();
    if (roll < 0.2 && b.day <= 12) out.birthDate = { kind: 'exact', year: b.year, month: b.day, day: b.month };
    else if (roll < 0.4) out.birthDate = { kind: 'year', year: b.year };
  }
  if (r.chance(0.5)) delete out.documents;
  if (r.chance(0.5)) delete out.phones;
  return out;
}

const t0 = performance.now();
let i = 0;
for (const p of generatePersons({ seed, count: n })) {
  index.add(encoder.encodePerson(p.identity));
  if (wanted.has(i)) {
    queries.push(perturb(p.identity, rng));
    expected.push(i);
  }
  i++;
  if (i % 200000 === 0) console.log(`  ${i} encoded, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
for (const p of generatePersons({ seed: seed + 1000, count: queryCount - queries.length, refPrefix: 'Q' })) {
  queries.push(p.identity);
  expected.push(undefined);
}
const t1 = performance.now();
(globalThis as { gc?: () => void }).gc?.();
const mem = process.memoryUsage();
console.log(`${n} persons generated, encoded and indexed in ${((t1 - t0) / 1000).toFixed(1)} s; ${index.keyCount} distinct blocking keys`);
console.log(`memory: rss ${mib(mem.rss)}, heap used ${mib(mem.heapUsed)}, typed arrays ${mib(mem.arrayBuffers)}`);

// warm-up
for (const q of queries.slice(0, 50)) index.findCandidates({ person: encoder.encodePerson(q), limit: 20 });

const times: number[] = [];
const cpuTimes: number[] = [];
const scored: number[] = [];
let returned = 0;
let first = 0;
let inTop = 0;
let firstIsMatch = 0;
let reRegistrations = 0;
for (const [qi, q] of queries.entries()) {
  const s = performance.now();
  const cpu0 = process.cpuUsage();
  const person = encoder.encodePerson(q);
  const stats: QueryStats = { skippedBlocks: 0, candidates: 0, scored: 0 };
  const ranked = index.findCandidates({ person, limit: 20, stats });
  times.push(performance.now() - s);
  const cpu = process.cpuUsage(cpu0);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  scored.push(stats.scored);
  returned += ranked.length;
  const want = expected[qi];
  if (want !== undefined) {
    reRegistrations++;
    if (ranked[0]?.id === want) first++;
    if (ranked[0]?.id === want && ranked[0].decision === 'match') firstIsMatch++;
    if (ranked.some((c) => c.id === want)) inTop++;
  }
}
scored.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
console.log(`${queries.length} duplicate checks (encode + candidates + score + rank, top 20):`);
console.log(`  p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${pct(100).toFixed(2)} ms`);
const cpuPct = (p: number): number => cpuTimes[Math.min(cpuTimes.length - 1, Math.floor((p / 100) * cpuTimes.length))] ?? 0;
console.log(`  CPU time per check: p50 ${cpuPct(50).toFixed(2)} ms, p95 ${cpuPct(95).toFixed(2)} ms (wall-clock above includes waiting for a core on a shared machine)`);
console.log(`  candidates scored per check: median ${scored[Math.floor(scored.length / 2)]}, p95 ${scored[Math.floor(scored.length * 0.95)]}; ${(returned / queries.length).toFixed(1)} returned (match or possible)`);
console.log(`  ${reRegistrations} re-registrations (typo, some day/month swaps or year only): right person first ${first} (${first} of which ${firstIsMatch} as match), in the list ${inTop}`);
console.log(`  load average during the run: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
