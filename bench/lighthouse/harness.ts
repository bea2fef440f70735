/**
 * Lighthouse on the public site: a Ponte server on the embedded database with the demo network,
 * Debian's Chromium started with a DevTools port, and Lighthouse (performance and accessibility)
 * run on a list of public pages. Used by `npm run lighthouse` (bench/lighthouse/run.ts) and by the
 * browser test tests/browser/lighthouse.test.ts.
 *
 * The pages: the home page in Italian and in Arabic (right to left), the first project page the
 * home page links to, the help page, the feedback form, and the first event page linked from the
 * events list (/p/it/events) when that list exists; when it answers 404 the event page is reported
 * as not available, with no figure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { desktopConfig, type Config as LighthouseConfig, type Flags } from 'lighthouse';
import { loadConfig } from '../../src/server/platform/config.ts';
import { openAndMigrate, startServer } from '../../src/server/start.ts';
import { systemSeedDemo } from '../../src/server/features/demo/seed.ts';
import { systemSeedDemoEvents } from '../../src/server/features/demo/events.ts';
import { FieldCipher, blindIndex, loadMasterKey } from '../../src/server/platform/crypto.ts';

/** The acceptance targets (issue 8). */
export const targets = { performance: 0.95, accessibility: 1 } as const;

export type Preset = 'mobile' | 'desktop';

export interface PageTarget {
  label: string;
  /** Path on the server, e.g. /p/it/. */
  path: string;
}

export interface Unavailable {
  label: string;
  reason: string;
}

export interface PageScore {
  label: string;
  path: string;
  performance: number | null;
  accessibility: number | null;
  /** First contentful paint, largest contentful paint (ms), total blocking time (ms), cumulative layout shift. */
  metrics: { fcp: number | null; lcp: number | null; tbt: number | null; cls: number | null };
  /** Audits of the two categories that did not get full marks, for the reader of a failure. */
  failing: string[];
  /** Bytes of the document as transferred. */
  transferBytes: number | null;
  /**
   * Lighthouse's measure of the host CPU during the run (higher is faster; it falls when other work
   * shares the machine, and the simulated mobile CPU is slowed from there).
   */
  benchmarkIndex: number | null;
  /** Lighthouse runs behind the figures: 1, or 3 when the first was below the performance target (the median run is kept). */
  runs: number;
}

/** A Ponte server on an in-memory embedded database with the demo network seeded. */
export async function startDemoPonte(): Promise<{ url: string; stop(): Promise<void> }> {
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    PONTE_DATA_DIR: 'memory://',
    PONTE_LOG_LEVEL: 'silent',
    // A fixed key for a throw-away in-memory database that lives as long as this run.
    PONTE_MASTER_KEY: Buffer.alloc(32, 23).toString('base64'),
    PONTE_AUDIT_SEAL_INTERVAL_MS: '60000',
  });
  const database = await openAndMigrate({ config });
  // Demo accounts are not used here; their password hash is never checked.
  await systemSeedDemo({ db: database.db, passwordHash: 'not-used-by-lighthouse' });
  // The demo's training events, so that an event page is measured too.
  const masterKey = loadMasterKey({ config, warn: () => undefined });
  await systemSeedDemoEvents({
    db: database.db,
    cipher: new FieldCipher({ db: database.db, masterKey }),
    blindIndex: ({ purpose, value }) => blindIndex({ masterKey, purpose, value }),
    retentionDays: config.PONTE_EVENT_RETENTION_DAYS,
  });
  const server = await startServer({ config, database, logger: false });
  return {
    url: server.url.replace('[::1]', '127.0.0.1'),
    async stop() {
      await server.stop();
      await database.close();
    },
  };
}

function firstLink(html: string, prefix: string): string | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`href="(${escaped}[a-z0-9][a-z0-9-]*)"`).exec(html);
  return match?.[1] ?? null;
}

/** The pages to measure, found on the running server; the pages that cannot be measured, with the reason. */
export async function publicPages(baseUrl: string): Promise<{ pages: PageTarget[]; unavailable: Unavailable[] }> {
  const pages: PageTarget[] = [
    { label: 'home (it)', path: '/p/it/' },
    { label: 'home (ar, right to left)', path: '/p/ar/' },
  ];
  const unavailable: Unavailable[] = [];
  const home = await fetch(`${baseUrl}/p/it/`);
  const project = firstLink(await home.text(), '/p/it/projects/');
  if (project) pages.push({ label: 'project page (it)', path: project });
  else unavailable.push({ label: 'project page', reason: 'the home page links to no project page' });
  pages.push({ label: 'help (it)', path: '/p/it/help' }, { label: 'feedback form (it)', path: '/p/it/feedback?page=%2Fhelp' });

  const events = await fetch(`${baseUrl}/p/it/events`);
  const eventsHtml = await events.text();
  if (events.status === 404) {
    unavailable.push({ label: 'event page', reason: '/p/it/events answers 404 (no events list on this server)' });
  } else if (events.status !== 200) {
    unavailable.push({ label: 'event page', reason: `/p/it/events answers ${events.status}` });
  } else {
    pages.push({ label: 'events list (it)', path: '/p/it/events' });
    const event = firstLink(eventsHtml, '/p/it/events/');
    if (event) pages.push({ label: 'event page (it)', path: event });
    else unavailable.push({ label: 'event page', reason: 'the events list links to no event page' });
  }
  return { pages, unavailable };
}

export interface DevtoolsChromium {
  port: number;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a DevTools port Lighthouse connects to; a throw-away profile. */
export async function launchChromium(): Promise<DevtoolsChromium> {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const profile = mkdtempSync(join(tmpdir(), 'ponte-lighthouse-'));
  const child: ChildProcess = spawn(
    executable,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--disable-default-apps',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-quic',
      `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium (${executable}) did not open its DevTools port within 60 s:\n${seen}`)), 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`Chromium (${executable}) could not start: ${e.message}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (code ${code}) before opening its DevTools port:\n${seen}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  child.stderr?.resume();
  return {
    port,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function numeric(lhr: { audits: Record<string, { numericValue?: number }> }, id: string): number | null {
  return lhr.audits[id]?.numericValue ?? null;
}

/** Runs Lighthouse (performance and accessibility) on one page through the Chromium's DevTools port. */
export async function measurePage(options: { chromium: DevtoolsChromium; baseUrl: string; page: PageTarget; preset: Preset }): Promise<PageScore> {
  const flags: Flags = {
    port: options.chromium.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
  };
  const config: LighthouseConfig | undefined = options.preset === 'desktop' ? desktopConfig : undefined;
  const result = await lighthouse(`${options.baseUrl}${options.page.path}`, flags, config);
  if (!result) throw new Error(`Lighthouse returned no result for ${options.page.path}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new LighthouseRunError(`Lighthouse could not measure ${options.page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const failing: string[] = [];
  for (const id of ['performance', 'accessibility'] as const) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) failing.push(`${id}: ${ref.id} (${audit.score}) ${audit.displayValue ?? ''}`.trim());
    }
  }
  const documentRequest = (lhr.audits['network-requests']?.details as { items?: Array<{ url?: string; transferSize?: number }> } | undefined)?.items?.[0];
  return {
    label: options.page.label,
    path: options.page.path,
    performance: lhr.categories.performance?.score ?? null,
    accessibility: lhr.categories.accessibility?.score ?? null,
    metrics: {
      fcp: numeric(lhr, 'first-contentful-paint'),
      lcp: numeric(lhr, 'largest-contentful-paint'),
      tbt: numeric(lhr, 'total-blocking-time'),
      cls: numeric(lhr, 'cumulative-layout-shift'),
    },
    failing,
    transferBytes: documentRequest?.transferSize ?? null,
    benchmarkIndex: lhr.environment.benchmarkIndex ?? null,
    runs: 1,
  };
}

/**
 * Measures a page once; when its performance is below the target, twice more, and keeps the median
 * run. Lighthouse's simulated throttling scales the CPU time it observes, so a busy machine can
 * lower one run's score; the median of three is what Lighthouse's own guidance recommends.
 * Accessibility does not depend on timing.
 */
export async function measurePageSteady(options: { chromium: DevtoolsChromium; baseUrl: string; page: PageTarget; preset: Preset }): Promise<PageScore> {
  const first = await measureOnce(options);
  if ((first.performance ?? 0) >= targets.performance) return first;
  const all = [first, await measureOnce(options), await measureOnce(options)].sort((a, b) => (a.performance ?? 0) - (b.performance ?? 0));
  return { ...(all[1] ?? first), runs: all.length };
}

/**
 * One measurement; a run Lighthouse itself could not complete (a trace lost on a busy machine:
 * NO_NAVSTART, NO_FCP…, "please run Lighthouse again") is run again, up to twice.
 */
async function measureOnce(options: { chromium: DevtoolsChromium; baseUrl: string; page: PageTarget; preset: Preset }): Promise<PageScore> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measurePage(options);
    } catch (e) {
      if (!(e instanceof LighthouseRunError) || attempt >= 3) throw e;
    }
  }
}

/** Lighthouse answered with a runtime error instead of figures. */
export class LighthouseRunError extends Error {}

export function meetsTargets(score: PageScore): boolean {
  return (score.performance ?? 0) >= targets.performance && (score.accessibility ?? 0) >= targets.accessibility;
}

/** One line per page: the two scores and the main figures. */
export function formatScore(score: PageScore): string {
  const pct = (v: number | null) => (v === null ? 'n/a' : String(Math.round(v * 100)));
  const ms = (v: number | null) => (v === null ? 'n/a' : `${Math.round(v)} ms`);
  const mark = meetsTargets(score) ? 'ok  ' : 'FAIL';
  const bytes = score.transferBytes === null ? '' : `, document ${score.transferBytes} B`;
  const runs = `${score.benchmarkIndex === null ? '' : `, host CPU index ${Math.round(score.benchmarkIndex)}`}${score.runs > 1 ? `, median of ${score.runs} runs` : ''}`;
  return (
    `${mark} ${score.label.padEnd(26)} performance ${pct(score.performance).padStart(3)}  accessibility ${pct(score.accessibility).padStart(3)}` +
    `  (FCP ${ms(score.metrics.fcp)}, LCP ${ms(score.metrics.lcp)}, TBT ${ms(score.metrics.tbt)}, CLS ${score.metrics.cls === null ? 'n/a' : score.metrics.cls.toFixed(3)}${bytes}${runs})  ${score.path}`
  );
}

/** Starts everything, measures every page in turn, stops everything. */
export async function runLighthouse(options: {
  preset: Preset;
  log?: (line: string) => void;
  /** Measures only the pages this accepts (all by default). */
  only?: (page: PageTarget) => boolean;
}): Promise<{ scores: PageScore[]; unavailable: Unavailable[] }> {
  const log = options.log ?? (() => undefined);
  const ponte = await startDemoPonte();
  let chromium: DevtoolsChromium | null = null;
  try {
    const found = await publicPages(ponte.url);
    const pages = found.pages.filter(options.only ?? (() => true));
    const { unavailable } = found;
    chromium = await launchChromium();
    const scores: PageScore[] = [];
    for (const page of pages) {
      const score = await measurePageSteady({ chromium, baseUrl: ponte.url, page, preset: options.preset });
      log(formatScore(score));
      scores.push(score);
    }
    return { scores, unavailable };
  } finally {
    await chromium?.close();
    await ponte.stop();
  }
}
