/**
 * Background jobs: a small queue in the `jobs` table, worked by the server process one job at a
 * time. Features register a handler per kind (`registerJobKind`); a handler gets the job and a
 * `progress` callback, and returns the file it produced. A job that fails keeps a message for the
 * user (a PonteError's localized message, else a generic one: no internals), the detail goes to
 * the log.
 *
 * Restarts: at start the runner marks jobs left `running` by a previous process as failed (their
 * work is lost), and queued jobs are simply picked up. Several server processes may share the
 * queue: a job is claimed with FOR UPDATE SKIP LOCKED (on PGlite there is one process anyway).
 * Results expire (`expiresAfterMs`); the runner clears expired results as it polls.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { JobsTable } from '../../db/schema-monitoring.ts';
import { PonteError } from './errors.ts';
import { startEvery } from './periodic.ts';

export type Job = Selectable<JobsTable>;

export interface JobResult {
  bytes: Uint8Array;
  name: string;
  type: string;
}

export interface JobContext {
  db: Kysely<DB>;
  job: Job;
  now: Date;
  /** Reports progress (0–100); written to the row at most every few percent. */
  progress(percent: number): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<JobResult>;

const handlers = new Map<string, JobHandler>();

export function registerJobKind(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export const jobMessages = {
  interrupted: { it: 'Interrotto da un riavvio del server: richiedilo di nuovo.', en: 'Interrupted by a server restart: request it again.' },
  failed: { it: 'Non è stato possibile completarlo.', en: 'It could not be completed.' },
  unknownKind: { it: 'Tipo di lavoro sconosciuto.', en: 'Unknown kind of job.' },
} as const;

export const defaultJobExpiryMs = 7 * 24 * 3_600_000;

/** Marks jobs left running by a previous process as failed. */
export async function systemFailInterruptedJobs(options: { db: Kysely<DB>; now: Date }): Promise<number> {
  const rows = await options.db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'failed',
      finished_at: options.now,
      error: eb.case().when('locale', '=', 'en').then(jobMessages.interrupted.en).else(jobMessages.interrupted.it).end(),
    }))
    .where('status', '=', 'running')
    .returning('id')
    .execute();
  return rows.length;
}

/** Deletes results past their expiry (the row stays, for the list). */
export async function systemExpireJobResults(options: { db: Kysely<DB>; now: Date }): Promise<number> {
  const r = await options.db.updateTable('jobs').set({ result: null }).where('result', 'is not', null).where('expires_at', '<=', options.now).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Claims the oldest queued job, or undefined. */
async function claim(db: Kysely<DB>, now: Date): Promise<Job | undefined> {
  return db.transaction().execute(async (trx) => {
    const next = await sql<{ id: string }>`select id from jobs where status = 'queued' order by created_at, id limit 1 for update skip locked`.execute(trx);
    const id = next.rows[0]?.id;
    if (!id) return undefined;
    return trx.updateTable('jobs').set({ status: 'running', started_at: now, progress: 0 }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  });
}

/**
 * Works queued jobs until none is left; returns how many it ran. `now` is read for each job.
 * Exported for the tests and for a runner tick.
 */
export async function systemRunQueuedJobs(options: {
  db: Kysely<DB>;
  clock: { now(): Date };
  expiresAfterMs?: number;
  onError?(err: unknown, job: Job): void;
  /** Stop after this many jobs (tests). */
  limit?: number;
  shouldStop?(): boolean;
}): Promise<number> {
  const { db } = options;
  let ran = 0;
  while (!options.shouldStop?.() && (options.limit === undefined || ran < options.limit)) {
    const job = await claim(db, options.clock.now());
    if (!job) break;
    ran++;
    let last = 0;
    const ctx: JobContext = {
      db,
      job,
      now: options.clock.now(),
      async progress(percent) {
        const p = Math.max(0, Math.min(99, Math.round(percent)));
        if (p < last + 5) return;
        last = p;
        await db.updateTable('jobs').set({ progress: p }).where('id', '=', job.id).where('status', '=', 'running').execute();
      },
    };
    try {
      const handler = handlers.get(job.kind);
      if (!handler) throw new PonteError({ code: 'bad_request', detail: `no handler for ${job.kind}`, message: jobMessages.unknownKind });
      const result = await handler(ctx);
      const finished = options.clock.now();
      await db
        .updateTable('jobs')
        .set({
          status: 'done',
          progress: 100,
          result: result.bytes,
          result_name: result.name,
          result_type: result.type,
          result_size: result.bytes.byteLength,
          finished_at: finished,
          expires_at: new Date(finished.getTime() + (options.expiresAfterMs ?? defaultJobExpiryMs)),
        })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      options.onError?.(err, job);
      const locale = job.locale === 'en' ? 'en' : 'it';
      const message = err instanceof PonteError ? err.messageFor(locale) : jobMessages.failed[locale];
      await db.updateTable('jobs').set({ status: 'failed', error: message, finished_at: options.clock.now() }).where('id', '=', job.id).execute();
    }
  }
  return ran;
}

/** The runner of the server process: fails interrupted jobs, then polls the queue every `intervalMs`. */
export function startJobRunner(options: {
  db: Kysely<DB>;
  clock: { now(): Date };
  intervalMs: number;
  expiresAfterMs?: number;
  onError(err: unknown, job?: Job): void;
}): { stop(): Promise<void>; poke(): void } {
  let stopped = false;
  const ready = systemFailInterruptedJobs({ db: options.db, now: options.clock.now() }).catch((err: unknown) => options.onError(err));
  const loop = startEvery({
    intervalMs: options.intervalMs,
    onError: (err) => options.onError(err),
    task: () =>
      ready
        .then(() => systemExpireJobResults({ db: options.db, now: options.clock.now() }))
        .then(() =>
          systemRunQueuedJobs({
            db: options.db,
            clock: options.clock,
            ...(options.expiresAfterMs ? { expiresAfterMs: options.expiresAfterMs } : {}),
            onError: (err, job) => options.onError(err, job),
            shouldStop: () => stopped,
          }),
        ),
  });
  return {
    poke: () => loop.poke(),
    async stop() {
      stopped = true;
      await loop.stop();
      await ready;
    },
  };
}

let active: { poke(): void } | undefined;

/** The runner of this process, set by the server at start (none in tests that do not start it). */
export function setActiveJobRunner(runner: { poke(): void } | undefined): void {
  active = runner;
}

/** Asks the runner to look at the queue now (after a job is queued) instead of at its next poll. */
export function pokeJobRunner(): void {
  active?.poke();
}
