/**
 * Where the time of POST /api/persons/duplicates goes (bench/duplicates.ts --breakdown).
 *
 * - Every statement this process sends to PostgreSQL is timed (wall, and the CPU its server
 *   process spent on it, from /proc/<pid>/schedstat), and named by what it touches: the session
 *   lookup, the candidate search, the candidates' rows, the audit insert, BEGIN/COMMIT, … and the
 *   statements of the background work the server runs meanwhile (audit sealer, job runner,
 *   deadlines, reminders).
 * - Each request is cut into those parts; what is left of its wall time is JavaScript in this
 *   process (routing, validation, encoding, scoring, decryption, serialisation, the client) and
 *   waiting for a core.
 * - pg_stat_activity is sampled on a connection of its own: what else is active on the server
 *   meanwhile (this database's other backends, autovacuum, other databases).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

export interface TracedQuery {
  label: string;
  start: number;
  end: number;
  /** CPU of the PostgreSQL server process during the statement, ms (undefined off Linux) */
  pgCpu?: number;
}

function schedCpu(pid: number): number | undefined {
  try {
    const cpu = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isNaN(cpu) ? undefined : cpu / 1e6;
  } catch {
    return undefined;
  }
}

/** The part of the check (or the background work) a statement belongs to, from its text. */
export function labelOf(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (/^(begin|start transaction)/.test(s)) return 'BEGIN';
  if (s.startsWith('commit')) return 'COMMIT';
  if (s.startsWith('rollback')) return 'ROLLBACK';
  if (s.startsWith('set ')) return 'SET ROLE';
  if (s.includes('pg_stat_activity')) return 'sampler';
  if (s.includes('person_blocking_keys')) return 'findCandidates statement';
  if (s.startsWith('insert into "audit_log"')) return 'audit insert';
  if (s.includes('"sessions"')) return s.startsWith('update') ? 'session touch' : 'session lookup';
  if (s.includes('"memberships"') && s.includes('permission')) return 'role permissions';
  if (s.includes('encryption_keys')) return 'encryption key';
  if (s.includes('from "persons"') && s.includes('"cases"')) return 'candidate rows (scope split)';
  if (s.includes('from "organisations"')) return 'organisation names';
  if (s.includes('audit_chain') || s.includes('pg_advisory')) return 'background: audit sealer';
  if (/\bjobs\b/.test(s)) return 'background: job runner';
  if (s.includes('referrals')) return 'background: referral deadlines';
  if (s.includes('procedure')) return 'background: procedure warnings';
  if (s.includes('permits') || s.includes('case_minor')) return 'background: permit reminders';
  if (s.includes('feedback') || s.includes('event_registrations') || s.includes('mail_outbox')) return 'background: retention / mail';
  return `other: ${s.slice(0, 70)}`;
}

/** Times every statement sent through pg.Client (the pools of the app and of the benchmark) until stop(). */
export function traceQueries(): { queries: TracedQuery[]; stop(): void } {
  const queries: TracedQuery[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  // the statements of each connection's open transaction: a BEGIN/COMMIT around background work is background too
  const open = new WeakMap<object, TracedQuery[]>();
  const record = (client: object, q: TracedQuery): void => {
    queries.push(q);
    if (q.label === 'BEGIN') {
      open.set(client, [q]);
      return;
    }
    const tx = open.get(client);
    if (!tx) return;
    tx.push(q);
    if (q.label === 'COMMIT' || q.label === 'ROLLBACK') {
      if (tx.some((x) => x.label.startsWith('background'))) for (const x of tx) if (!x.label.startsWith('background')) x.label = `background: ${x.label}`;
      open.delete(client);
    }
  };
  proto.query = function traced(this: pg.Client & { processID?: number }, ...args: unknown[]): unknown {
    const first = args[0];
    const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String((first).text) : '';
    const pid = this.processID;
    const cpu0 = pid ? schedCpu(pid) : undefined;
    const start = performance.now();
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const done = (): void => {
        const cpu1 = pid ? schedCpu(pid) : undefined;
        record(this, { label: labelOf(text), start, end: performance.now(), ...(cpu0 !== undefined && cpu1 !== undefined ? { pgCpu: cpu1 - cpu0 } : {}) });
      };
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
  return {
    queries,
    stop() {
      proto.query = original;
    },
  };
}

export interface ActivitySample {
  /** active backends of the benchmark's database, other than the sampler and this process's statements */
  ours: string[];
  /** active backends of other databases */
  others: number;
  autovacuum: string[];
}

/** Samples pg_stat_activity every `intervalMs` until stop(). */
export async function sampleActivity(options: { url: string; database: string; intervalMs: number }): Promise<{ stop(): Promise<ActivitySample[]> }> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  const samples: ActivitySample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const r = await client.query<{ datname: string | null; backend_type: string; query: string; me: boolean }>(
        `select datname, backend_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 600) as query, pid = pg_backend_pid() as me
           from pg_stat_activity where state = 'active' or backend_type like 'autovacuum%'`,
      );
      const s: ActivitySample = { ours: [], others: 0, autovacuum: [] };
      for (const row of r.rows) {
        if (row.me) continue;
        if (row.backend_type.startsWith('autovacuum')) s.autovacuum.push(`${row.datname ?? ''}: ${row.query}`);
        else if (row.datname === options.database) s.ours.push(labelOf(row.query));
        else if (row.backend_type === 'client backend') s.others++;
      }
      samples.push(s);
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      return samples;
    },
  };
}

const pct = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const f = (x: number): string => x.toFixed(1);

export interface RequestWindow {
  start: number;
  end: number;
  /** CPU of this process (server and client) during the request, ms */
  cpu: number;
}

/** Prints the per-request breakdown, the background statements and the activity samples. */
export function printBreakdown(options: { requests: readonly RequestWindow[]; queries: readonly TracedQuery[]; samples: readonly ActivitySample[]; log: (line: string) => void }): void {
  const { requests, queries, samples, log } = options;
  const sorted = [...queries].sort((a, b) => a.start - b.start);
  const perLabel = new Map<string, { wall: number[]; cpu: number[]; count: number }>();
  const rest: number[] = [];
  const walls: number[] = [];
  const sqlWall: number[] = [];
  const sqlCpu: number[] = [];
  const jsCpu: number[] = [];
  const overlapBackground: number[] = [];
  let q0 = 0;
  for (const r of requests) {
    while (q0 < sorted.length && (sorted[q0]?.start ?? 0) < r.start) q0++;
    const mine = new Map<string, { wall: number; cpu: number; count: number }>();
    let inSql = 0;
    let pgCpu = 0;
    let background = 0;
    for (let k = q0; k < sorted.length; k++) {
      const q = sorted[k];
      if (!q || q.start >= r.end) break;
      if (q.label === 'sampler') continue;
      if (q.label.startsWith('background')) {
        background += Math.min(q.end, r.end) - q.start;
        continue;
      }
      const m = mine.get(q.label) ?? { wall: 0, cpu: 0, count: 0 };
      m.wall += q.end - q.start;
      m.cpu += q.pgCpu ?? 0;
      m.count++;
      mine.set(q.label, m);
      inSql += q.end - q.start;
      pgCpu += q.pgCpu ?? 0;
    }
    for (const [label, m] of mine) {
      const acc = perLabel.get(label) ?? { wall: [], cpu: [], count: 0 };
      acc.wall.push(m.wall);
      acc.cpu.push(m.cpu);
      acc.count += m.count;
      perLabel.set(label, acc);
    }
    const wall = r.end - r.start;
    walls.push(wall);
    sqlWall.push(inSql);
    sqlCpu.push(pgCpu);
    jsCpu.push(r.cpu);
    rest.push(wall - inSql);
    overlapBackground.push(background);
  }
  for (const a of [walls, sqlWall, sqlCpu, jsCpu, rest, overlapBackground]) a.sort((x, y) => x - y);
  const n = requests.length;
  log(`    breakdown of ${n} requests (statements named by what they touch; wall ms per request, p50 / p95 / max; server process CPU ms p50 / p95; statements per request):`);
  log(`      whole request            wall ${f(pct(walls, 50))} / ${f(pct(walls, 95))} / ${f(pct(walls, 100))}`);
  const labels = [...perLabel.entries()].sort((a, b) => b[1].wall.reduce((x, y) => x + y, 0) - a[1].wall.reduce((x, y) => x + y, 0));
  for (const [label, m] of labels) {
    const w = [...m.wall].sort((x, y) => x - y);
    const c = [...m.cpu].sort((x, y) => x - y);
    // requests without this statement count as 0
    while (w.length < n) w.unshift(0);
    while (c.length < n) c.unshift(0);
    log(`      ${label.padEnd(40)} wall ${f(pct(w, 50))} / ${f(pct(w, 95))} / ${f(pct(w, 100))}; PG CPU ${f(pct(c, 50))} / ${f(pct(c, 95))}; ${(m.count / n).toFixed(1)} per request`);
  }
  log(`      all statements                           wall ${f(pct(sqlWall, 50))} / ${f(pct(sqlWall, 95))} / ${f(pct(sqlWall, 100))}; PG CPU ${f(pct(sqlCpu, 50))} / ${f(pct(sqlCpu, 95))}`);
  log(`      outside statements (JS, client, waiting) wall ${f(pct(rest, 50))} / ${f(pct(rest, 95))} / ${f(pct(rest, 100))}; CPU of this process for the whole request ${f(pct(jsCpu, 50))} / ${f(pct(jsCpu, 95))}`);
  log(`      background statements overlapping a request: wall ${f(pct(overlapBackground, 50))} / ${f(pct(overlapBackground, 95))} / ${f(pct(overlapBackground, 100))}`);
  const span = requests.length > 0 ? (requests[requests.length - 1]?.end ?? 0) - (requests[0]?.start ?? 0) : 0;
  const bg = new Map<string, { count: number; wall: number; cpu: number }>();
  for (const q of queries) {
    if (!q.label.startsWith('background') && !q.label.startsWith('other')) continue;
    const b = bg.get(q.label) ?? { count: 0, wall: 0, cpu: 0 };
    b.count++;
    b.wall += q.end - q.start;
    b.cpu += q.pgCpu ?? 0;
    bg.set(q.label, b);
  }
  log(`    background and unnamed statements during the ${f(span / 1000)} s of requests:`);
  if (bg.size === 0) log('      none');
  for (const [label, b] of [...bg.entries()].sort((a, c) => c[1].wall - a[1].wall)) log(`      ${label}: ${b.count} statements, wall ${f(b.wall)} ms, PG CPU ${f(b.cpu)} ms`);
  const busy = samples.filter((s) => s.ours.length > 0).length;
  const ourLabels = new Map<string, number>();
  for (const s of samples) for (const l of s.ours) ourLabels.set(l, (ourLabels.get(l) ?? 0) + 1);
  const others = [...samples.map((s) => s.others)].sort((a, b) => a - b);
  const av = new Map<string, number>();
  for (const s of samples) for (const a of s.autovacuum) av.set(a, (av.get(a) ?? 0) + 1);
  log(`    pg_stat_activity, ${samples.length} samples: a backend of this database active in ${busy} (${[...ourLabels.entries()].sort((a, b) => b[1] - a[1]).map(([l, c]) => `${l} ${c}`).join(', ') || '-'}); active backends of other databases p50 ${pct(others, 50)}, max ${pct(others, 100)}; autovacuum in ${samples.filter((s) => s.autovacuum.length > 0).length} samples${av.size > 0 ? ` (${[...av.keys()].slice(0, 3).join('; ')})` : ''}`);
}
