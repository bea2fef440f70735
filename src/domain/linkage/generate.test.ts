import { describe, expect, it } from 'vitest';
import { createRng, generateLabelledSet, generatePersons, typo } from './generate.ts';
import { linkageIdentitySchema } from './types.ts';

describe('createRng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    for (const x of sa) expect(x).toBeGreaterThanOrEqual(0);
    for (const x of sa) expect(x).toBeLessThan(1);
  });
});

describe('typo', () => {
  it('changes a word by one edit and keeps the first letter', () => {
    const rng = createRng(1);
    for (let i = 0; i < 50; i++) {
      const t = typo(rng, 'Shevchenko');
      expect(t[0]).toBe('S');
      expect(Math.abs(t.length - 10)).toBeLessThanOrEqual(1);
    }
  });
});

describe('generatePersons', () => {
  it('is deterministic and produces valid identities from many populations', () => {
    const a = [...generatePersons({ seed: 5, count: 300 })];
    const b = [...generatePersons({ seed: 5, count: 300 })];
    expect(b).toEqual(a);
    for (const p of a) expect(linkageIdentitySchema.safeParse(p.identity).success).toBe(true);
    expect(new Set(a.map((p) => p.population)).size).toBeGreaterThanOrEqual(10);
  });
});

describe('generateLabelledSet', () => {
  const set = generateLabelledSet({ seed: 9, count: 2000 });

  it('is deterministic', () => {
    expect(generateLabelledSet({ seed: 9, count: 2000 })).toEqual(set);
  });

  it('labels clusters and counts true pairs', () => {
    const sizes = new Map<number, number>();
    for (const r of set.records) sizes.set(r.clusterId, (sizes.get(r.clusterId) ?? 0) + 1);
    let pairs = 0;
    for (const n of sizes.values()) pairs += (n * (n - 1)) / 2;
    expect(pairs).toBe(set.truePairs);
    expect(set.truePairs).toBeGreaterThan(200);
    expect(new Set(set.records.map((r) => r.externalRef)).size).toBe(2000);
  });

  it('contains native scripts, swapped names, estimated ages and homonyms', () => {
    const json = JSON.stringify(set.records.map((r) => r.identity));
    expect(json).toMatch(/[\u0400-\u04ff]/); // Cyrillic
    expect(json).toMatch(/[\u0600-\u06ff]/); // Arabic
    expect(json).toMatch(/[\u1200-\u137f]/); // Ethiopic
    expect(json).toMatch(/[\u4e00-\u9fff]/); // Han
    expect(json).toContain('"kind":"range"');
    // homonyms: same name, different clusters
    const byName = new Map<string, Set<number>>();
    for (const r of set.records) {
      const n = JSON.stringify(r.identity.names[0]);
      byName.set(n, (byName.get(n) ?? new Set()).add(r.clusterId));
    }
    expect([...byName.values()].some((s) => s.size > 1)).toBe(true);
  });
});
