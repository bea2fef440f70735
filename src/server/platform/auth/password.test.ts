import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './password.ts';
import { PonteError } from '../errors.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('password work limiter', () => {
  it('runs at most `concurrency` tasks at once, queues up to `queue`, refuses the rest with 503 unavailable', async () => {
    const limiter = new ConcurrencyLimiter(2, 3);
    const gates = Array.from({ length: 5 }, deferred);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        active++;
        peak = Math.max(peak, active);
        await g.promise;
        active--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.stats).toMatchObject({ running: 2, waiting: 3 });

    const refused = await limiter.run(async () => 'never').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PonteError);
    expect(refused).toMatchObject({ code: 'unavailable', status: 503, retryAfterSeconds: 1 });

    gates[0]!.resolve();
    await runs[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limiter.stats).toMatchObject({ running: 0, waiting: 0 });
  });

  it('frees the slot when a task fails, and a forced task may wait beyond the queue', async () => {
    const limiter = new ConcurrencyLimiter(1, 0);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    await expect(limiter.run(async () => 1)).rejects.toMatchObject({ code: 'unavailable' });
    const forced = limiter.run(async () => 'forced', { force: true });
    gate.resolve();
    await first;
    expect(await forced).toBe('forced');
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'after')).toBe('after');
    expect(limiter.stats).toMatchObject({ running: 0, waiting: 0 });
  });

  it('raising the limit starts waiting tasks at once', async () => {
    const limiter = new ConcurrencyLimiter(1, 5);
    const gate = deferred();
    const started: number[] = [];
    const runs = [0, 1, 2].map((i) => limiter.run(async () => { started.push(i); await gate.promise; }));
    await Promise.resolve();
    expect(started).toEqual([0]);
    limiter.configure({ concurrency: 3, queue: 5 });
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2]);
    gate.resolve();
    await Promise.all(runs);
  });
});
