/**
 * Acceptance test of issue 3: a dump of the database contains no person's name, document number
 * or phone number in clear. Persons with distinctive fictional names in several scripts are
 * registered (and searched, changed and read) through the API; then
 * - PostgreSQL: the text of `pg_dump` is searched;
 * - PGlite: every file of a file-backed data directory is searched as bytes (UTF-8, and UTF-16LE
 *   for Latin text).
 * Zero hits. A control proves the scanner works: an organisation name stored in clear, and the
 * persons' HTCDS sex value, are found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp } from '../helpers/app.ts';
import { loginAs } from '../helpers/login.ts';
import { scanForSecrets, scannedSize } from '../helpers/secrets.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemSeedBuiltinRoles } from '../../src/server/platform/bootstrap.ts';
import { buildApp, type PonteApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import { ManualClock } from '../../src/server/platform/clock.ts';

const control = 'Cooperativa Controllo Vxqzmarker';

/** Fictional persons: names no real list would produce, in Latin, Cyrillic, Arabic, Chinese and Ge'ez script. */
interface FictionalPerson {
  names: Array<{ kind: string; given?: string; family?: string; full?: string }>;
  birth?: object;
  documents?: Array<{ type: string; number: string }>;
  phones?: string[];
  notes?: string;
  externalRef?: string;
}

const people: FictionalPerson[] = [
  {
    names: [{ kind: 'primary', given: 'Zenobia', family: 'Quarmbyfield' }, { kind: 'nickname', full: 'Zeezee Sparrowhawk' }],
    birth: { birthDate: '1997-04-18' },
    documents: [{ type: 'passport', number: 'QX7781234' }],
    phones: ['+39 351 987 6543'],
    notes: 'Nota riservata Glimmerwort',
    externalRef: 'EXT-ZETA-4471',
  },
  {
    names: [{ kind: 'primary', given: 'Ксенофонтия', family: 'Жмуркинская' }],
    birth: { estimatedYear: 2003 },
    documents: [{ type: 'identity_card', number: 'ZK-55-99-31' }],
    phones: ['+380 67 404 1188'],
  },
  {
    names: [{ kind: 'primary', full: 'زبيدة القرطبوسية' }],
    documents: [{ type: 'residence_permit', number: 'I0P9WQ2218' }],
    phones: ['+212 661 778 902'],
  },
  { names: [{ kind: 'primary', given: '雪霏', family: '龙' }, { kind: 'alias', full: '龙雪霏霞' }], phones: ['+86 139 2017 4455'] },
  { names: [{ kind: 'primary', given: 'ሰላማዊትዘ', family: 'ገብረሚካኤልዘ' }], documents: [{ type: 'passport', number: 'ER0072219X' }] },
];

/** Every value that must never appear in clear. */
const secrets = [
  ...people.flatMap((p) => p.names.flatMap((n) => [n.given, n.family, n.full].filter((x): x is string => x !== undefined))),
  ...people.flatMap((p) => p.names.filter((n) => n.given && n.family).map((n) => `${n.given} ${n.family}`)),
  ...people.flatMap((p) => (p.documents ?? []).map((d) => d.number)),
  ...people.flatMap((p) => p.phones ?? []),
  'Glimmerwort',
  'EXT-ZETA-4471',
];

async function registerPeople(options: { app: PonteApp; database: Database; clock: ManualClock }): Promise<void> {
  const { app } = options;
  const worker = await loginAs({ t: options, roleKey: 'case_worker', orgCode: 'dump-org' });
  await options.database.db.updateTable('organisations').set({ name: control }).where('id', '=', worker.orgId).execute();
  for (const p of people) {
    const r = await app.inject({ method: 'POST', url: '/api/persons', headers: worker.headers, payload: { ...p, sex: 'TransgenderFeminine', citizenships: ['NG'] } });
    expect(r.statusCode, r.body).toBe(201);
    const { id } = r.json<{ id: string }>();
    expect((await app.inject({ method: 'GET', url: `/api/persons/${id}`, headers: worker.headers })).statusCode).toBe(200);
    const patch = await app.inject({ method: 'PATCH', url: `/api/persons/${id}`, headers: worker.headers, payload: { version: 1, languages: ['en'] } });
    expect(patch.statusCode, patch.body).toBe(200);
  }
  // searches by name, document and phone: the query text must not be kept anywhere either
  for (const q of ['Zenobia Quarmbyfield', 'QX7781234', '+39 351 987 6543', 'Ксенофонтия']) {
    const r = await app.inject({ method: 'GET', url: `/api/persons?q=${encodeURIComponent(q)}`, headers: worker.headers });
    expect(r.json<{ items: unknown[] }>().items.length, q).toBeGreaterThan(0);
  }
}

function pgDumpPath(): string {
  const dir = process.env.PONTE_PG_BIN_DIR ?? '/usr/bin';
  const p = join(dir, 'pg_dump');
  if (!existsSync(p)) throw new Error(`pg_dump not found in ${dir} (set PONTE_PG_BIN_DIR)`);
  return p;
}

function pgDump(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(pgDumpPath(), ['--format=plain', '--no-owner', url], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pg_dump failed: ${stderr.toString('utf8')}`));
      else resolve(stdout);
    });
  });
}

describe.each(await engineCases())('database dump on $engine', ({ engine, skip }) => {
  const work = mkdtempSync(join(tmpdir(), 'ponte-dump-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  if (engine === 'postgresql') {
    let dump: Buffer;
    let close: () => Promise<void>;
    beforeAll(async () => {
      if (skip) return;
      const t = await openTestApp({ engine });
      close = () => t.close();
      await registerPeople(t);
      dump = await pgDump(t.url!);
    });
    afterAll(async () => {
      if (!skip) await close();
    });

    it.skipIf(skip)('pg_dump holds no name, document number or phone in clear', () => {
      expect(dump.length).toBeGreaterThan(10_000);
      expect(scanForSecrets({ secrets, buffers: [{ name: 'pg_dump', data: dump }] })).toEqual([]);
    });

    it.skipIf(skip)('control: the scanner finds what is stored in clear', () => {
      const hits = scanForSecrets({ secrets: [control, 'TransgenderFeminine'], buffers: [{ name: 'pg_dump', data: dump }] });
      expect(hits.filter((h) => h.secret === control && h.encoding === 'utf8').length).toBeGreaterThan(0);
      expect(hits.filter((h) => h.secret === 'TransgenderFeminine').length).toBeGreaterThanOrEqual(people.length);
    });
  } else {
    const dataDir = join(work, 'data');
    beforeAll(async () => {
      if (skip) return;
      const database = await openDatabase({ dataDir });
      try {
        await migrate({ database });
        await systemSeedBuiltinRoles({ db: database.db });
        const clock = new ManualClock(new Date());
        const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', PONTE_LOG_LEVEL: 'silent', PONTE_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'), PONTE_DATA_DIR: work }), database, clock, logger: false });
        await app.ready();
        try {
          await registerPeople({ app, database, clock });
        } finally {
          await app.close();
        }
      } finally {
        await database.close();
      }
    });

    it.skipIf(skip)('the data directory holds no name, document number or phone in clear (UTF-8 and UTF-16LE)', () => {
      const size = scannedSize([dataDir]);
      expect(size.files).toBeGreaterThan(100);
      expect(size.bytes).toBeGreaterThan(1_000_000);
      expect(scanForSecrets({ secrets, dirs: [dataDir] })).toEqual([]);
    });

    it.skipIf(skip)('control: the scanner finds what is stored in clear', () => {
      const hits = scanForSecrets({ secrets: [control, 'TransgenderFeminine'], dirs: [dataDir] });
      expect(hits.some((h) => h.secret === control)).toBe(true);
      expect(hits.some((h) => h.secret === 'TransgenderFeminine')).toBe(true);
      // and the scanner reads UTF-16LE too
      const utf16 = scanForSecrets({ secrets: ['Zenobia'], buffers: [{ name: 'sample', data: Buffer.from('xx Zenobia yy', 'utf16le') }] });
      expect(utf16.map((h) => h.encoding)).toEqual(['utf16le']);
    });
  }
});
