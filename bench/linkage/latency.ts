/**
 * Duplicate-check latency against N encoded persons held in memory (blocking key → ids, Bloom
 * filters in typed arrays): encode the query, retrieve candidates, score and rank.
 * Usage: npx tsx bench/linkage/latency.ts [--n 100000] [--queries 1000] [--seed 1]
 * (1M persons: node needs a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=8192)
 */
import { randomBytes } from 'node:crypto';
import { createEncoder } from '../../src/domain/linkage/encode.ts';
import { createRng, generatePersons } from '../../src/domain/linkage/generate.ts';
import { createMemoryIndex } from '../../src/domain/linkage/memory-index.ts';
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

const t0 = performance.now();
let i = 0;
for (const p of generatePersons({ seed, count: n })) {
  index.add(encoder.encodePerson(p.identity));
  if (wanted.has(i)) queries.push(p.identity);
  i++;
  if (i % 200000 === 0) console.log(`  ${i} encoded, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
for (const p of generatePersons({ seed: seed + 1000, count: queryCount - queries.length, refPrefix: 'Q' })) queries.push(p.identity);
const t1 = performance.now();
(globalThis as { gc?: () => void }).gc?.();
const mem = process.memoryUsage();
console.log(`${n} persons generated, encoded and indexed in ${((t1 - t0) / 1000).toFixed(1)} s; ${index.keyCount} distinct blocking keys`);
console.log(`memory: rss ${mib(mem.rss)}, heap used ${mib(mem.heapUsed)}, typed arrays ${mib(mem.arrayBuffers)}`);

// warm-up
for (const q of queries.slice(0, 50)) index.findCandidates({ person: encoder.encodePerson(q), limit: 20 });

const times: number[] = [];
let matches = 0;
let returned = 0;
for (const q of queries) {
  const s = performance.now();
  const person = encoder.encodePerson(q);
  const ranked = index.findCandidates({ person, limit: 20 });
  times.push(performance.now() - s);
  returned += ranked.length;
  if (ranked[0]?.decision === 'match') matches++;
}
times.sort((a, b) => a - b);
const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
console.log(`${queries.length} duplicate checks (encode + candidates + score + rank, top 20):`);
console.log(`  p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${pct(100).toFixed(2)} ms`);
console.log(`  ${(returned / queries.length).toFixed(1)} candidates returned per check; top candidate is a match for ${matches} checks`);
