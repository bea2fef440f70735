/**
 * `ponte backup <file>` and `ponte restore <file>`.
 *
 * PostgreSQL: pg_dump / pg_restore in custom format (binaries from PONTE_PG_BIN_DIR); restore
 * refuses a database that already holds tables unless --force (then existing objects are
 * replaced). Embedded engine: a consistent tar.gz of the PGlite data directory (PGlite's
 * dumpDataDir), restored by unpacking into an empty PONTE_DATA_DIR; the server must be stopped.
 *
 * Both seal the waiting audit entries first, record backup.create / backup.restore as system
 * actions, and verify the audit chain after a restore. Backup files are created with mode 0600.
 * The master key is never in a backup.
 */
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../db/schema.ts';
import { openDatabase } from '../../db/client.ts';
import { loadConfig, type Config } from '../../server/platform/config.ts';
import { writeAudit, type AuditEntry } from '../../server/platform/audit.ts';
import { systemSealAudit } from '../../server/platform/audit-chain.ts';
import { verifyAuditChain, type AuditVerifyResult } from '../../server/platform/audit-verify.ts';

export const MASTER_KEY_NOTICE =
  'The master key (PONTE_MASTER_KEY / PONTE_MASTER_KEY_FILE) is NOT in this backup: without it the encrypted fields cannot be read. Keep it separately and safely.';

type Log = (line: string) => void;

export interface BackupResult {
  engine: 'pglite' | 'postgresql';
  file: string;
  bytes: number;
  sha256: string;
}

export interface RestoreResult extends BackupResult {
  audit: AuditVerifyResult;
}

const systemContext = (requestId: string) => ({ userId: null, orgId: null, ip: null, requestId });

export function registerBackup(program: Command): void {
  program
    .command('backup <file>')
    .description('Back up the database to a file (pg_dump custom format, or a tar.gz of the embedded database)')
    .option('--force', 'overwrite the file if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      const result = await createBackup({ config: loadConfig(), file, force: opts.force ?? false, log: (l) => console.log(l) });
      console.log(`Backup written: ${result.file} (${formatBytes(result.bytes)}, sha256 ${result.sha256}).`);
      console.log(MASTER_KEY_NOTICE);
    });

  program
    .command('restore <file>')
    .description('Restore a backup into an empty database (PostgreSQL) or an empty PONTE_DATA_DIR (embedded)')
    .option('--force', 'replace a database that is not empty (embedded: the current data is moved aside, not deleted)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const result = await restoreBackup({ config: loadConfig(), file, force: opts.force ?? false, log: (l) => console.log(l) });
      const a = result.audit;
      console.log(`Restored ${result.file} (${formatBytes(result.bytes)}, sha256 ${result.sha256}).`);
      console.log(a.ok ? `Audit chain verified: ${a.links} links intact, ${a.pending} waiting to be sealed.` : `WARNING: the restored audit chain is broken (${a.problemCount} problems); run \`ponte audit verify\`.`);
      console.log(MASTER_KEY_NOTICE.replace('in this backup', 'in a backup').concat(' Ponte needs the same master key that encrypted this data.'));
      if (!a.ok) process.exitCode = 1;
    });
}

export async function createBackup(options: { config: Config; file: string; force: boolean; log: Log }): Promise<BackupResult> {
  const file = resolve(options.file);
  if (!options.force && existsSync(file)) throw new Error(`${file} exists; choose another name or pass --force to overwrite it`);
  return options.config.DATABASE_URL
    ? backupPostgres({ ...options, url: options.config.DATABASE_URL, file })
    : backupPglite({ ...options, file });
}

export async function restoreBackup(options: { config: Config; file: string; force: boolean; log: Log }): Promise<RestoreResult> {
  const file = resolve(options.file);
  const head = Buffer.alloc(5);
  const fh = await open(file, 'r');
  try {
    await fh.read(head, 0, 5, 0);
  } finally {
    await fh.close();
  }
  const isPgDump = head.toString('latin1') === 'PGDMP';
  const isGzip = head[0] === 0x1f && head[1] === 0x8b;
  if (options.config.DATABASE_URL) {
    if (!isPgDump) throw new Error(`${file} is not a pg_dump custom-format archive${isGzip ? ' (it looks like an embedded-engine backup: restore it without DATABASE_URL)' : ''}`);
    return restorePostgres({ ...options, url: options.config.DATABASE_URL, file });
  }
  if (!isGzip) throw new Error(`${file} is not an embedded-engine backup (tar.gz)${isPgDump ? ' (it is a pg_dump archive: set DATABASE_URL to restore it into PostgreSQL)' : ''}`);
  return restorePglite({ ...options, file });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

async function backupPostgres(options: { config: Config; url: string; file: string; force: boolean; log: Log }): Promise<BackupResult> {
  const { config, url, file, log } = options;
  const bin = join(config.PONTE_PG_BIN_DIR, 'pg_dump');
  const toolMajor = await binaryMajor(bin);
  const serverMajor = await serverMajorVersion(url);
  log(`PostgreSQL server ${serverMajor}, ${bin} ${toolMajor}.`);
  if (serverMajor > toolMajor) {
    throw new Error(`pg_dump ${toolMajor} cannot dump a PostgreSQL ${serverMajor} server: install the PostgreSQL ${serverMajor} client tools and point PONTE_PG_BIN_DIR at them`);
  }
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await sealFirst({ db: database.db, log });
    log(`Dumping ${database.describe} to ${file}…`);
    const { args, env } = connectionArgs(url);
    // Written under a temporary name and renamed at the end: a failed dump never leaves a file
    // that looks like a backup, nor destroys the one it was to replace.
    const partial = `${file}.partial-${process.pid}`;
    const out = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      await runTool({
        bin,
        args: ['--format=custom', '--verbose', '--no-password', ...args],
        env,
        onStdout: (chunk) => {
          hash.update(chunk);
          bytes += chunk.length;
          out.write(chunk);
        },
        onStderr: (line) => {
          const m = /dumping contents of table "?([^"]+)"?/.exec(line);
          if (m?.[1]) log(`  table ${m[1]}`);
        },
      });
      await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
      renameSync(partial, file);
    } catch (e) {
      out.destroy();
      rmSync(partial, { force: true });
      await audit({ db: database.db, requestId: 'cli-backup', entry: { action: 'backup.create', outcome: 'failure', details: { engine: 'postgresql' } } });
      throw e;
    }
    const result: BackupResult = { engine: 'postgresql', file, bytes, sha256: hash.digest('hex') };
    await audit({ db: database.db, requestId: 'cli-backup', entry: { action: 'backup.create', outcome: 'success', details: { engine: 'postgresql', format: 'pg_dump-custom', bytes, sha256: result.sha256 } } });
    return result;
  } finally {
    await database.close();
  }
}

async function restorePostgres(options: { config: Config; url: string; file: string; force: boolean; log: Log }): Promise<RestoreResult> {
  const { config, url, file, log } = options;
  const bin = join(config.PONTE_PG_BIN_DIR, 'pg_restore');
  const toolMajor = await binaryMajor(bin);
  const serverMajor = await serverMajorVersion(url);
  log(`PostgreSQL server ${serverMajor}, ${bin} ${toolMajor}.`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
    );
    const existing = r.rows[0]?.n ?? 0;
    if (existing > 0 && !options.force) {
      throw new Error(`the target database is not empty (${existing} tables, views or sequences): restore into an empty database, or pass --force to replace its contents`);
    }
    if (existing > 0) log(`The target database is not empty (${existing} objects): --force given, they will be replaced.`);
    // The application role is per cluster: make sure it exists before the grants are restored.
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ponte_app') THEN CREATE ROLE ponte_app NOLOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  } finally {
    await client.end();
  }
  const { bytes, sha256 } = await fileDigest(file);
  log(`Restoring ${basename(file)} (${formatBytes(bytes)}) into ${safeUrl(url)}…`);
  const { args, env } = connectionArgs(url);
  await runTool({
    bin,
    args: ['--verbose', '--no-password', '--no-owner', '--exit-on-error', '--single-transaction', ...(options.force ? ['--clean', '--if-exists'] : []), ...args, file],
    env,
    onStderr: (line) => {
      const m = /processing data for table "?([^"]+)"?/.exec(line);
      if (m?.[1]) log(`  table ${m[1]}`);
    },
  });
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await audit({ db: database.db, requestId: 'cli-restore', entry: { action: 'backup.restore', outcome: 'success', details: { engine: 'postgresql', bytes, sha256 } } });
    log('Verifying the restored audit chain…');
    const result = await verifyAuditChain({ db: database.db });
    return { engine: 'postgresql', file, bytes, sha256, audit: result };
  } finally {
    await database.close();
  }
}

/** Connection options for the client tools: the password goes through the environment, never argv. */
/**
 * pg_dump/pg_restore arguments without secrets: the command line is visible to every local user
 * (ps), so passwords go through the environment, and a URL carrying a secret libpq has no
 * environment variable for is refused.
 */
export function connectionArgs(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  const inQuery = u.searchParams.get('password');
  if (inQuery !== null) {
    env.PGPASSWORD = inQuery;
    u.searchParams.delete('password');
  }
  if (u.searchParams.has('sslpassword')) {
    throw new Error('DATABASE_URL carries sslpassword, which would show on the pg_dump command line: use a libpq service file or an unencrypted key instead');
  }
  return { args: [`--dbname=${u.toString()}`], env };
}

function safeUrl(url: string): string {
  const u = new URL(url);
  u.password = '';
  return `${u.host}${u.pathname}`;
}

async function serverMajorVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>('SHOW server_version_num');
    return Math.floor(Number(r.rows[0]?.v ?? 0) / 10000);
  } finally {
    await client.end();
  }
}

async function binaryMajor(bin: string): Promise<number> {
  if (!existsSync(bin)) throw new Error(`${bin} not found: install the PostgreSQL client tools or set PONTE_PG_BIN_DIR`);
  let text = '';
  await runTool({ bin, args: ['--version'], env: process.env, onStdout: (c) => (text += c.toString('utf8')) });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(text);
  if (!m?.[1]) throw new Error(`cannot read the version of ${bin}: ${text.trim()}`);
  return Number(m[1]);
}

function runTool(options: {
  bin: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (line: string) => void;
}): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(options.bin, options.args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let partial = '';
    child.stdout.on('data', (c: Buffer) => options.onStdout?.(c));
    child.stderr.on('data', (c: Buffer) => {
      const lines = (partial + c.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        options.onStderr?.(line);
        if (!/^\S+: (?:dumping|processing|creating|executing|reading|identifying|finding|flagging|saving|last built-in|connecting|implied|launching|finished)/.test(line)) tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    });
    child.on('error', rej);
    child.on('close', (code) => {
      if (code === 0) res();
      else rej(new Error(`${basename(options.bin)} failed (exit ${code ?? 'signal'}):\n${[...tail, partial].filter(Boolean).join('\n')}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Embedded engine (PGlite)

interface OpenPglite {
  pglite: import('@electric-sql/pglite').PGlite;
  db: Kysely<DB>;
  close(): Promise<void>;
}

/** Opens the embedded database directly (the backup needs the PGlite instance itself). */
async function openPgliteDir(options: { dir: string; load?: Blob }): Promise<OpenPglite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const pglite = await PGlite.create(options.dir, {
    extensions: { pg_trgm, fuzzystrmatch, pgcrypto },
    ...(options.load ? { loadDataDir: options.load } : {}),
  });
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), idleTimeoutMillis: 0 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    pglite,
    db,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

function pgliteDir(config: Config): string {
  return resolve(config.PONTE_DATA_DIR, 'pglite');
}

async function backupPglite(options: { config: Config; file: string; force: boolean; log: Log }): Promise<BackupResult> {
  const { file, log } = options;
  const dir = pgliteDir(options.config);
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new Error(`no embedded database at ${dir} (check PONTE_DATA_DIR)`);
  if (existsSync(join(dir, 'postmaster.pid'))) {
    throw new Error(
      `the embedded database at ${dir} is in use (or was not closed cleanly): stop \`ponte serve\` first. If no server is running, \`ponte migrate\` opens and closes it cleanly.`,
    );
  }
  log(`Opening the embedded database at ${dir}…`);
  const open = await openPgliteDir({ dir });
  try {
    await sealFirst({ db: open.db, log });
    log('Writing a consistent copy of the data directory…');
    const partial = `${file}.partial-${process.pid}`;
    let data: Buffer;
    try {
      const blob = await open.pglite.dumpDataDir('gzip');
      data = Buffer.from(await blob.arrayBuffer());
      await writeFile(partial, data, { flag: 'wx', mode: 0o600 });
      renameSync(partial, file);
    } catch (e) {
      rmSync(partial, { force: true });
      await audit({ db: open.db, requestId: 'cli-backup', entry: { action: 'backup.create', outcome: 'failure', details: { engine: 'pglite' } } });
      throw e;
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    await audit({ db: open.db, requestId: 'cli-backup', entry: { action: 'backup.create', outcome: 'success', details: { engine: 'pglite', format: 'pglite-datadir-tgz', bytes: data.length, sha256 } } });
    return { engine: 'pglite', file, bytes: data.length, sha256 };
  } finally {
    await open.close();
  }
}

async function restorePglite(options: { config: Config; file: string; force: boolean; log: Log }): Promise<RestoreResult> {
  const { file, log } = options;
  const dir = pgliteDir(options.config);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!options.force) throw new Error(`${dir} is not empty: restore into an empty PONTE_DATA_DIR, or pass --force to move the current data aside`);
    if (existsSync(join(dir, 'postmaster.pid'))) throw new Error(`the embedded database at ${dir} is in use: stop \`ponte serve\` first`);
    const aside = `${dir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, aside);
    log(`Moved the current embedded database aside to ${aside} (delete it once the restore is checked).`);
  }
  const data = await readFile(file);
  const sha256 = createHash('sha256').update(data).digest('hex');
  log(`Unpacking ${basename(file)} (${formatBytes(data.length)}) into ${dir}…`);
  mkdirSync(dir, { recursive: true });
  const open = await openPgliteDir({ dir, load: new Blob([data]) });
  try {
    await audit({ db: open.db, requestId: 'cli-restore', entry: { action: 'backup.restore', outcome: 'success', details: { engine: 'pglite', bytes: data.length, sha256 } } });
    log('Verifying the restored audit chain…');
    const result = await verifyAuditChain({ db: open.db });
    return { engine: 'pglite', file, bytes: data.length, sha256, audit: result };
  } finally {
    await open.close();
  }
}

// ---------------------------------------------------------------------------------------------

/** Seals waiting audit entries so the backup's chain covers them (a failure is only a warning). */
async function sealFirst(options: { db: Kysely<DB>; log: Log }): Promise<void> {
  try {
    const r = await systemSealAudit({ db: options.db });
    options.log(`Sealed ${r.sealed} waiting audit entr${r.sealed === 1 ? 'y' : 'ies'}; chain head at position ${r.head?.position ?? 0}.`);
  } catch (e) {
    options.log(`Warning: could not seal the audit trail first (${e instanceof Error ? e.message : String(e)}).`);
  }
}

async function audit(options: { db: Kysely<DB>; requestId: string; entry: AuditEntry }): Promise<void> {
  await writeAudit({ db: options.db, context: systemContext(options.requestId), entry: options.entry });
}

async function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { bytes: statSync(file).size, sha256: hash.digest('hex') };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
