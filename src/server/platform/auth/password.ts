/**
 * Password hashing with argon2id. Default cost: RFC 9106 second recommended profile (64 MiB, t=3,
 * p=4). The cost can be lowered through configuration for tests only (config refuses weak values
 * in production); verification always uses the parameters stored in the hash itself.
 */
import argon2 from 'argon2';

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

/** Sets the cost of new hashes (from config PONTE_ARGON2_MEMORY_KIB / PONTE_ARGON2_TIME_COST). */
export function setPasswordHashCost(cost: { memoryKiB: number; timeCost: number }): void {
  if (cost.memoryKiB === options.memoryCost && cost.timeCost === options.timeCost) return;
  options = { ...options, memoryCost: cost.memoryKiB, timeCost: cost.timeCost };
  dummy = undefined;
}

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random string, verified against when the account does not exist (same timing). */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummy;
}
