/**
 * Configuration: every setting comes from an environment variable, validated once at start-up.
 * The README table "Configuration" lists the same variables; keep both in step.
 */
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const minutes = z.coerce.number().int().positive().max(7 * 24 * 60);

export const configSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  PONTE_DATA_DIR: z.string().min(1).default('./data'),
  PONTE_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (44 characters)')
    .optional(),
  PONTE_MASTER_KEY_FILE: z.string().min(1).optional(),
  PONTE_DEMO: bool.default(false),
  PONTE_DEMO_PASSWORD: z.string().min(12).optional(),
  PONTE_SESSION_IDLE_MINUTES: minutes.default(15),
  PONTE_SESSION_ABSOLUTE_MINUTES: minutes.default(12 * 60),
  PONTE_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  PONTE_LOGIN_LOCK_MINUTES: minutes.default(15),
  PONTE_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10000).default(50),
  /** argon2id memory in KiB (RFC 9106 profile: 64 MiB). Lower only for tests; production refuses < 19456. */
  PONTE_ARGON2_MEMORY_KIB: z.coerce.number().int().min(256).max(4 * 1024 * 1024).default(65536),
  /** argon2id passes (RFC 9106 profile: 3). */
  PONTE_ARGON2_TIME_COST: z.coerce.number().int().min(1).max(20).default(3),
  /** Password hashes/verifications run at once (default: the number of CPU cores). */
  PONTE_ARGON2_CONCURRENCY: z.coerce.number().int().min(1).max(1024).optional(),
  /** Password hashes/verifications allowed to wait for a slot; beyond that 503 (default: 4 × concurrency). */
  PONTE_ARGON2_QUEUE: z.coerce.number().int().min(0).max(100_000).optional(),
  /**
   * Which proxies to believe about the client address (X-Forwarded-For): `0` none, a number of
   * hops, or a comma-separated list of proxy addresses or CIDR ranges. Never "all".
   */
  PONTE_TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v, ctx): false | number | string[] => {
      const t = v.trim();
      if (t === '0' || t === 'false' || t === 'no') return false;
      if (/^[1-9]\d?$/.test(t)) return Number(t);
      const items = t.split(',').map((x) => x.trim()).filter(Boolean);
      const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)(\/\d{1,3})?$/;
      if (items.length > 0 && items.every((x) => address.test(x))) return items;
      ctx.addIssue({ code: 'custom', message: 'use 0, a number of proxy hops, or a comma-separated list of proxy addresses/CIDR ranges' });
      return z.NEVER;
    }),
  PONTE_TLS: bool.default(false),
  PONTE_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** Largest document (file bytes) accepted on a case; the upload's body limit is derived from it (base64). */
  PONTE_DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  PONTE_AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
  PONTE_AUDIT_SEAL_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  /** How often procedure steps due soon or overdue are looked for (and their bodies notified). */
  PONTE_PROCEDURE_WARN_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** Days before a residence permit's expiry when its renewal is due (reminder task). */
  PONTE_PERMIT_RENEWAL_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  /** Smallest count published to those who may not read the records (observatory); smaller cells are suppressed. */
  PONTE_SMALL_CELL_K: z.coerce.number().int().min(2).max(1000).default(11),
  /** How often the permit and minors' reminders run (minutes; 0 disables them). */
  PONTE_PERMIT_REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(360),
  /** Days a visitor's feedback on the public pages is kept before it is deleted. */
  PONTE_FEEDBACK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Most feedback accepted from the whole public in one hour (beyond it: 429, try later). */
  PONTE_FEEDBACK_MAX_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(200),
  PONTE_PG_BIN_DIR: z.string().min(1).default('/usr/bin'),
  PONTE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the quick-exit button of the public pages leaves for: a neutral site (http or https). */
  PONTE_PUBLIC_EXIT_URL: z
    .string()
    .regex(/^https?:\/\/[^\s"'<>`\\]+$/, 'must be an http:// or https:// URL without spaces or quotes')
    .default('https://www.google.com/search?q=meteo'),
  /** SMTP server for e-mail notifications, e.g. smtp://mail.example.org:587; unset: no e-mail is sent. */
  PONTE_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://').optional(),
  /** Sender address of the e-mail notifications. */
  PONTE_MAIL_FROM: z.string().min(3).max(200).default('Ponte <ponte@localhost>'),
  /** The address users open Ponte at, for the links in e-mails. */
  PONTE_PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s"'<>`\\]+$/, 'must be an http:// or https:// URL').default('http://127.0.0.1:3000'),
  /** How often the mail outbox is sent. */
  PONTE_MAIL_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** Days after an event's end when its registrations (registrants' personal data) are deleted. */
  PONTE_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Most event registrations accepted from the whole public in one hour (beyond it: 429, try later). */
  PONTE_EVENT_MAX_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(300),
  /** How often the background job runner (reports) looks for queued jobs. */
  PONTE_JOB_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
  /** Hours a finished report stays downloadable. */
  PONTE_JOB_RESULT_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const problems = productionProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/** Settings that are fine for development and tests but not for real data. */
function productionProblems(config: Config): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!config.PONTE_MASTER_KEY && !config.PONTE_MASTER_KEY_FILE) {
    problems.push('PONTE_MASTER_KEY or PONTE_MASTER_KEY_FILE: required in production (the key that protects encrypted fields)');
  }
  if (config.PONTE_MASTER_KEY && config.PONTE_MASTER_KEY_FILE) {
    problems.push('PONTE_MASTER_KEY and PONTE_MASTER_KEY_FILE: set only one of them');
  }
  if (config.PONTE_ARGON2_MEMORY_KIB < 19456) {
    problems.push('PONTE_ARGON2_MEMORY_KIB: at least 19456 (19 MiB) in production');
  }
  if (config.PONTE_ARGON2_TIME_COST < 2) problems.push('PONTE_ARGON2_TIME_COST: at least 2 in production');
  return problems;
}
