import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEvery, startSerialLoop } from './periodic.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('startEvery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once and then every interval, skipping ticks and pokes while a run is going', async () => {
    const gates: { promise: Promise<void>; resolve: () => void }[] = [];
    const task = vi.fn(() => {
      const d = deferred();
      gates.push(d);
      return d.promise;
    });
    const loop = startEvery({ intervalMs: 1000, task, onError: () => undefined });
    expect(task).toHaveBeenCalledTimes(1);
    loop.poke();
    await vi.advanceTimersByTimeAsync(2500);
    expect(task).toHaveBeenCalledTimes(1);
    gates[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    loop.poke();
    expect(task).toHaveBeenCalledTimes(2);
    gates[1]?.resolve();
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(3);
    const stopped = loop.stop();
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    gates[2]?.resolve();
    await stopped;
    await vi.advanceTimersByTimeAsync(5000);
    loop.poke();
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('hands a failed run to onError and keeps going', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const loop = startEvery({
      intervalMs: 1000,
      task: () => (++n === 1 ? Promise.reject(new Error('boom')) : Promise.resolve()),
      onError: (e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(2);
    expect(errors).toHaveLength(1);
    await loop.stop();
  });
});

describe('startSerialLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs one at a time, the next interval after the previous run ends, and runNow answers its own result', async () => {
    let active = 0;
    let maxActive = 0;
    let n = 0;
    const loop = startSerialLoop({
      intervalMs: 1000,
      task: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 300));
        active--;
        return ++n;
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    const a = loop.runNow();
    const b = loop.runNow();
    await vi.advanceTimersByTimeAsync(900);
    expect(await a).toBe(2);
    expect(await b).toBe(3);
    expect(maxActive).toBe(1);
    // the scheduled run ended at 300 ms: the next one starts at 1300 ms and ends at 1600 ms
    await vi.advanceTimersByTimeAsync(600);
    expect(n).toBe(3);
    await vi.advanceTimersByTimeAsync(200);
    expect(n).toBe(4);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(4);
  });

  it('rejects runNow with the task error, tells onError, and keeps the loop alive', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const loop = startSerialLoop({
      intervalMs: 1000,
      task: () => (++n === 2 ? Promise.reject(new Error('boom')) : Promise.resolve(n)),
      onError: (e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(0);
    await expect(loop.runNow()).rejects.toThrow('boom');
    expect(errors).toHaveLength(1);
    await expect(loop.runNow()).resolves.toBe(3);
    await loop.stop();
  });
});
