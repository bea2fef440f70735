/**
 * Password hashing with argon2id. Default cost: RFC 9106 second recommended profile (64 MiB, t=3,
 * p=4). The cost can be lowered through configuration for tests only (config refuses weak values
 * in production); verification always uses the parameters stored in the hash itself.
 *
 * Every hash and verification goes through one process-wide limiter: at most
 * PONTE_ARGON2_CONCURRENCY run at once, at most PONTE_ARGON2_QUEUE wait, and anything beyond is
 * refused at once with `503 unavailable` (Retry-After), so unauthenticated requests cannot pile
 * up argon2 work and starve the CPU.
 */
import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import { PonteError } from '../errors.ts';

const DEFAULT_MEMORY_KIB = 65536;
const DEFAULT_TIME_COST = 3;

let options: { type: typeof argon2.argon2id; memoryCost: number; timeCost: number; parallelism: number } = {
  type: argon2.argon2id,
  memoryCost: DEFAULT_MEMORY_KIB,
  timeCost: DEFAULT_TIME_COST,
  parallelism: 4,
};

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Seconds a refused caller is told to wait (Retry-After). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * Runs at most `concurrency` tasks at once; up to `queue` more wait in order; more than that are
 * refused with `503 unavailable` instead of waiting.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private concurrency: number,
    private queue: number,
  ) {}

  configure(limits: { concurrency: number; queue: number }): void {
    this.concurrency = Math.max(1, limits.concurrency);
    this.queue = Math.max(0, limits.queue);
    this.drain();
  }

  get stats(): { running: number; waiting: number; concurrency: number; queue: number } {
    return { running: this.running, waiting: this.waiting.length, concurrency: this.concurrency, queue: this.queue };
  }

  /** `force` waits even when the queue is full (the one-off dummy hash made at start-up). */
  async run<T>(task: () => Promise<T>, run: { force?: boolean } = {}): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue && !run.force) {
        throw new PonteError({ code: 'unavailable', retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS, detail: 'password hashing busy' });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    this.running--;
    this.drain();
  }

  /** Starts waiting tasks while there is room (the slot is counted before the task resumes). */
  private drain(): void {
    while (this.running < this.concurrency) {
      const next = this.waiting.shift();
      if (!next) return;
      this.running++;
      next();
    }
  }
}

const defaultConcurrency = availableParallelism();
export const passwordWork = new ConcurrencyLimiter(defaultConcurrency, 4 * defaultConcurrency);

/** From config PONTE_ARGON2_CONCURRENCY / PONTE_ARGON2_QUEUE (queue default: 4 × concurrency). */
export function setPasswordConcurrency(limits: { concurrency?: number | undefined; queue?: number | undefined }): void {
  const concurrency = limits.concurrency ?? defaultConcurrency;
  passwordWork.configure({ concurrency, queue: limits.queue ?? 4 * concurrency });
}

/** Sets the cost of new hashes (from config PONTE_ARGON2_MEMORY_KIB / PONTE_ARGON2_TIME_COST). */
export function setPasswordHashCost(cost: { memoryKiB: number; timeCost: number }): void {
  if (cost.memoryKiB === options.memoryCost && cost.timeCost === options.timeCost) return;
  options = { ...options, memoryCost: cost.memoryKiB, timeCost: cost.timeCost };
  dummy = undefined;
}

/** Throws `503 unavailable` when too much password work is already running and waiting. */
export async function hashPassword(password: string): Promise<string> {
  const current = options;
  return passwordWork.run(() => argon2.hash(password, current));
}

/** False for a wrong password or an unreadable hash; throws `503 unavailable` when busy. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return passwordWork.run(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  });
}

/** A hash of a random string, verified against when the account does not exist (same timing). */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  if (!dummy) {
    const current = options;
    const made = passwordWork.run(() => argon2.hash(`no-such-user-${Math.random()}`, current), { force: true });
    dummy = made;
    made.catch(() => {
      if (dummy === made) dummy = undefined;
    });
  }
  return dummy;
}
